// Records the contract tests' Tempo exchanges from a real Tempo.
//   1. start Tempo (see fixtures/tempo/README.md), 2. npm run fixtures:record
// Env: TEMPO_URL (default http://127.0.0.1:3200), TEMPO_OTLP_URL (default http://127.0.0.1:4318/v1/traces).
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { TempoClient } from '../src/data/tempo/tempoClient';
import { CONTRACT_TRACEQL_METRICS, runContractScenarios } from '../tests/helpers/contractScenarios';
import {
  ingest,
  loadOtlpFixtures,
  shiftToNow,
  waitUntilMetricsReady,
  waitUntilSearchable,
} from '../tests/helpers/otlpIngest';
import { recordingTransport, type RecordingFile } from '../tests/helpers/recordedTransport';
import { recordingTempo } from './recordingTempo';

async function main() {
  const { tempoUrl, otlpUrl, tempoVersion } = await recordingTempo();
  const fixtures = loadOtlpFixtures();
  const traceIds = fixtures.flatMap((f) => f.traceIds);
  for (const f of fixtures) {
    await ingest(otlpUrl, shiftToNow(f.payload));
  }
  console.log(`sent ${fixtures.length} fixtures (${traceIds.length} traces); waiting until Tempo can search them…`);
  await waitUntilSearchable(tempoUrl, traceIds);
  await waitUntilMetricsReady(tempoUrl, CONTRACT_TRACEQL_METRICS);
  const rec = recordingTransport(tempoUrl);
  await runContractScenarios(new TempoClient(rec), traceIds);
  // The health check's search and build info are recorded too.
  const { checkHealth } = await import('../src/data/health/checkHealth');
  await checkHealth(new TempoClient(rec), undefined);
  const file: RecordingFile = {
    tempoVersion,
    recordedAt: new Date().toISOString(),
    note: 'Recorded by scripts/record-tempo-fixtures.ts from a real Tempo fed fixtures/otlp/*.otlp.json',
    exchanges: rec.exchanges,
  };
  const out = path.resolve(__dirname, '../fixtures/tempo/recordings.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(file, null, 1) + '\n');
  console.log(`wrote ${rec.exchanges.length} exchanges from Tempo ${file.tempoVersion} to ${out}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
