// Records the Loki contract tests' exchanges from a real Loki.
//   1. start Loki (see fixtures/loki/README.md), 2. npx tsx scripts/record-loki-fixtures.ts
// Env: LOKI_URL (default http://127.0.0.1:3100). Start from an empty Loki: the fixtures keep their trace ids.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LokiClient } from '../src/data/loki/lokiClient';
import { traceLogQuery } from '../src/data/loki/traceLogQuery';
import { runLokiScenarios } from '../tests/helpers/lokiScenarios';
import { allRecords, ingestLogs, loadLogFixtures, shiftLogsToNow, waitUntilQueryable } from '../tests/helpers/otlpLogs';
import { recordingTransport, type RecordingFile } from '../tests/helpers/recordedTransport';

async function main() {
  const lokiUrl = (process.env.LOKI_URL ?? 'http://127.0.0.1:3100').replace(/\/+$/, '');
  const info = (await (await fetch(`${lokiUrl}/loki/api/v1/status/buildinfo`)).json()) as {
    version: string;
    revision: string;
  };
  const fixtures = loadLogFixtures();
  const now = Date.now();
  for (const f of fixtures) {
    await ingestLogs(`${lokiUrl}/otlp/v1/logs`, shiftLogsToNow(f.payload, now));
    for (const id of f.traceIds) {
      const n = allRecords(f.payload).filter((r) => String(r.traceId).toLowerCase() === id).length;
      await waitUntilQueryable(lokiUrl, traceLogQuery({ traceId: id, services: f.services }), n);
    }
  }
  const rec = recordingTransport(lokiUrl, 'Loki');
  await runLokiScenarios(new LokiClient(rec), fixtures, { startMs: now - 600_000, endMs: now });
  const file: RecordingFile = {
    lokiVersion: `${info.version} (${info.revision})`,
    recordedAt: new Date().toISOString(),
    note: 'Recorded by scripts/record-loki-fixtures.ts from a real Loki fed fixtures/otlp/*.logs.json over OTLP/HTTP',
    exchanges: rec.exchanges,
  };
  const out = path.resolve(__dirname, '../fixtures/loki/recordings.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(file, null, 1) + '\n');
  console.log(`wrote ${rec.exchanges.length} exchanges from Loki ${file.lokiVersion} to ${out}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
