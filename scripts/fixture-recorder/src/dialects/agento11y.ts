/**
 * Dialect `agento11y`: Grafana's Agent Observability Python SDK. The SDK is Python, so this
 * process only runs the shared OpenAI simulator and hands the scenario to
 * `agento11y/record.py` (run by `$AGENTO11Y_PYTHON`, default `python3`, with the packages of
 * `agento11y/requirements.txt` installed). The Python side exports for real over OTLP/HTTP to its
 * own loopback receiver; here the captured requests become the fixtures.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator, writeReceivedMetrics, writeReceivedTraces } from '../common.js';
import * as scenario from '../scenario.js';

const dialect = process.argv[2];
const here = path.dirname(fileURLToPath(import.meta.url));
const script = path.resolve(here, '../../agento11y/record.py');
const outFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'agento11y-')), 'capture.json');

const sim = await startSimulator();

const names = [
  'AGENT_NAME',
  'AGENT_SPAN_NAME',
  'TOOL_NAME',
  'TOOL_DESCRIPTION',
  'TOOL_PARAMETERS',
  'SYSTEM_PROMPT',
  'USER_QUESTION',
  'FOLLOW_UP',
  'TITLE_PROMPT',
  'RATE_LIMITED_PROMPT',
  'SEARCH_RESULT',
] as const;
const shared = Object.fromEntries(names.map((n) => [n, scenario[n]]));

// Asynchronous: a blocking spawn would stall the simulator running in this process.
const code = await new Promise<number | null>((resolve) => {
  const child = spawn(process.env.AGENTO11Y_PYTHON || 'python3', [script], {
    stdio: 'inherit',
    env: {
      ...process.env,
      FIXTURE_SIM_BASE_URL: sim.baseURL,
      FIXTURE_SCENARIO_JSON: JSON.stringify(shared),
      FIXTURE_OUT: outFile,
    },
  });
  child.on('exit', resolve);
});
await sim.stop();
if (code !== 0) {
  throw new Error(`${dialect}: record.py exited with ${code}`);
}

const captured = JSON.parse(fs.readFileSync(outFile, 'utf8'));
console.log(`  versions: ${JSON.stringify(captured.versions)}`);
// What the SDK sent to its own ingest API (not part of any fixture; summarised in the README).
for (const req of captured.ingest) {
  const items: any[] = req.body.generations ?? req.body.workflow_steps ?? [];
  console.log(`  ingest stub got POST ${req.path} (${req.contentType}, ${req.userAgent}): ${items.length} item(s)`);
  for (const g of items) {
    const hostile = JSON.stringify(g).includes(scenario.HOSTILE) ? ', has the hostile prompt' : '';
    console.log(`    ${g.mode} ${g.model?.name}: fields ${Object.keys(g).sort().join(' ')}${hostile}`);
  }
}
if (process.env.FIXTURE_AGENTO11Y_INGEST_OUT) {
  fs.writeFileSync(process.env.FIXTURE_AGENTO11Y_INGEST_OUT, JSON.stringify(captured.ingest, null, 2));
}
writeReceivedTraces(dialect, captured.traces);
// Cumulative temporality: the last export holds every series with its final value.
writeReceivedMetrics(dialect, captured.metrics.slice(-1));
fs.rmSync(path.dirname(outFile), { recursive: true, force: true });
