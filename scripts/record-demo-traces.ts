// Records the Trace points query on the demo agent app's traces from a real Tempo (see
// fixtures/tempo/README.md): ingests fixtures/otlp/demo-2026.traces.json (traces the demo app in
// demo/ exported), waits until Tempo can search them, runs the data source's Trace points query
// filtered to the demo service through a recording transport and writes
// fixtures/tempo/demo-traces.recordings.json, which the harness replays beside recordings.json;
// also the harness's TraceQL-metrics version comparison on those traces.
// Env: TEMPO_URL (default http://127.0.0.1:3200), TEMPO_OTLP_URL (default http://127.0.0.1:4318/v1/traces).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { traceSearchFrames, tracePointsFrames } from '../src/data/queries/traceQueries';
import { TempoClient } from '../src/data/tempo/tempoClient';
import { contractContext } from '../tests/helpers/contractScenarios';
import { ingest, shiftToNow, waitUntilSearchable, withFreshTraceIds } from '../tests/helpers/otlpIngest';
import { recordingTransport } from '../tests/helpers/recordedTransport';
import { fetchTempoVersionData } from '../src/data/queries/versionComparisonTraceQL';
import { scenarioPrices } from '../tests/helpers/scenarioPrices';
import { recordingTempo } from './recordingTempo';

export const DEMO_SERVICE = 'genai-demo-agent';

async function main() {
  const { tempoUrl, otlpUrl, tempoVersion } = await recordingTempo();
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
  // TraceQL metrics count a span a little after search finds it: wait until two answers agree.
  let last = '';
  for (let i = 0; i < 60; i++) {
    const t = Math.floor(Date.now() / 1000);
    const q = `{ resource.service.name = "${DEMO_SERVICE}" } | count_over_time() by (resource.service.version)`;
    const r = await fetch(`${tempoUrl}/api/metrics/query?q=${encodeURIComponent(q)}&start=${t - 3600}&end=${t}`);
    const body = await r.text();
    if (r.ok && body === last && body.includes('"value"')) {
      break;
    }
    last = body;
    await new Promise((res) => setTimeout(res, 5_000));
  }
  // The harness's Version comparison (last hour, 10 windows of 360 s, no filter) asks Tempo's
  // TraceQL metrics for what its synthetic Prometheus lacks: answered from the demo traces.
  const now = Math.floor(Date.now() / 1000);
  const vc = await fetchTempoVersionData(
    {
      tempo: new TempoClient(rec),
      range: { start: now - 3600, end: now },
      windows: { count: 10, seconds: 360 },
      prices: await scenarioPrices(),
    },
    {}
  );
  console.log(`version comparison from TraceQL metrics: versions ${vc.versions.join(', ')}`);
  const out = path.resolve(__dirname, '../fixtures/tempo/demo-traces.recordings.json');
  const file = {
    tempoVersion,
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
