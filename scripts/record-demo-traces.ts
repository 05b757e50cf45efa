// Records the Trace points query on the demo agent app's traces from a real Tempo (see
// fixtures/tempo/README.md): ingests fixtures/otlp/demo-2026.traces.json (traces the demo app in
// demo/ exported), waits until Tempo can search them, runs the data source's Trace points query
// filtered to the demo service through a recording transport and writes
// fixtures/tempo/demo-traces.recordings.json, which the harness replays beside recordings.json.
// Env: TEMPO_URL (default http://127.0.0.1:3200), TEMPO_OTLP_URL (default http://127.0.0.1:4318/v1/traces).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { traceSearchFrames, tracePointsFrames } from '../src/data/queries/traceQueries';
import { TempoClient } from '../src/data/tempo/tempoClient';
import { contractContext } from '../src/testing/contractScenarios';
import { ingest, shiftToNow, waitUntilSearchable, withFreshTraceIds } from '../src/testing/otlpIngest';
import { recordingTransport } from '../src/testing/recordedTransport';

export const DEMO_SERVICE = 'genai-demo-agent';

async function main() {
  const tempoUrl = process.env.TEMPO_URL ?? 'http://127.0.0.1:3200';
  const otlpUrl = process.env.TEMPO_OTLP_URL ?? 'http://127.0.0.1:4318/v1/traces';
  const info = (await (await fetch(`${tempoUrl}/api/status/buildinfo`)).json()) as {
    version: string;
    revision: string;
  };
  const source = path.resolve(__dirname, '../fixtures/otlp/demo-2026.traces.json');
  const { payload, idMap } = withFreshTraceIds(JSON.parse(readFileSync(source, 'utf8')));
  await ingest(otlpUrl, shiftToNow(payload));
  await waitUntilSearchable(tempoUrl, [...idMap.values()]);
  const rec = recordingTransport(tempoUrl);
  const ctx = contractContext(new TempoClient(rec));
  // Replays key on the query without start/end, so the windows of Trace points share one key:
  // the search over the whole range is recorded first and answers each window (the sample
  // de-duplicates by trace id), as with recordings.json.
  await traceSearchFrames(ctx, { services: [DEMO_SERVICE] }, 'A');
  const frames = await tracePointsFrames(ctx, { services: [DEMO_SERVICE] }, 'A');
  const out = path.resolve(__dirname, '../fixtures/tempo/demo-traces.recordings.json');
  const file = {
    tempoVersion: `${info.version} (${info.revision})`,
    recordedAt: new Date().toISOString(),
    note: `Recorded by scripts/record-demo-traces.ts from a real Tempo fed fixtures/otlp/demo-2026.traces.json (Trace points, service ${DEMO_SERVICE})`,
    exchanges: rec.exchanges,
  };
  writeFileSync(out, JSON.stringify(file, null, 1) + '\n');
  console.log(
    `wrote ${rec.exchanges.length} exchanges (${frames[0].length} trace points) from Tempo ${file.tempoVersion} to ${out}`
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
