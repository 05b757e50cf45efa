// Records the TraceQL-metrics version comparison from a real Tempo (see fixtures/tempo/README.md):
// ingests tests/helpers/versionTraces, waits until Tempo counts every call, runs the comparison
// through a recording transport and writes fixtures/tempo/version-comparison.recordings.json.
// Env: TEMPO_URL (default http://127.0.0.1:3200), TEMPO_OTLP_URL (default http://127.0.0.1:4318/v1/traces).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { comparisonWindows } from '../src/data/queries/versionComparison';
import { fetchTempoVersionData } from '../src/data/queries/versionComparisonTraceQL';
import { recordingTransport } from '../tests/helpers/recordedTransport';
import { TempoClient } from '../src/data/tempo/tempoClient';
import { ingestScenario, SCENARIO, SCENARIO_FILTERS } from '../tests/helpers/versionTraceScenario';
import { scenarioPrices } from '../tests/helpers/scenarioPrices';
import { recordingTempo } from './recordingTempo';

async function main() {
  const { tempoUrl, otlpUrl, tempoVersion } = await recordingTempo();
  const range = await ingestScenario(otlpUrl, tempoUrl);
  const rec = recordingTransport(tempoUrl);
  await fetchTempoVersionData(
    {
      tempo: new TempoClient(rec),
      range,
      windows: comparisonWindows(range, SCENARIO.scrapeIntervalSec),
      prices: await scenarioPrices(),
    },
    SCENARIO_FILTERS
  );
  const out = path.resolve(__dirname, '../fixtures/tempo/version-comparison.recordings.json');
  const file = {
    tempoVersion,
    recordedAt: new Date().toISOString(),
    note: 'Recorded by scripts/record-version-traces.ts from a real Tempo fed tests/helpers/versionTraces.ts',
    range,
    exchanges: rec.exchanges,
  };
  writeFileSync(out, JSON.stringify(file, null, 1) + '\n');
  console.log(`wrote ${rec.exchanges.length} exchanges from Tempo ${file.tempoVersion} to ${out}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
