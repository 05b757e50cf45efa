// Records the demo app's telemetry under the 2026 GenAI names (DEMO_SEMCONV=2026) into
// fixtures/otlp/demo-2026.{metrics,traces}.json and demo-2026.simulator.jsonl.
//   npx tsx scripts/record-demo-2026.ts        (needs demo/node_modules: cd demo && npm install)
// One-shot run, 2 conversations per version, seed fixture-demo-2026, time scale 0.02, OTLP/HTTP
// JSON into an in-process receiver; metrics are exported once, at shutdown (final cumulative).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runDemoOneShot } from '../tests/demo/demoProcess';

async function main() {
  const { run, sim, received } = await runDemoOneShot({
    conversations: 2,
    seed: 'fixture-demo-2026',
    // The recorded fixture holds the chats on its spans (the demo's behaviour before Loki).
    env: { DEMO_SEMCONV: '2026', DEMO_LOG_EVENTS_ON_SPANS: 'true' },
    otlpEnv: (url) => ({
      OTEL_EXPORTER_OTLP_ENDPOINT: url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_METRIC_EXPORT_INTERVAL: '600000',
    }),
    timeoutMs: 120_000,
  });
  const dir = path.resolve(__dirname, '../fixtures/otlp');
  // The simulator's random port becomes 8080 (as in the other fixtures), so re-recording only
  // changes ids, timestamps and measured durations.
  const port = /simulator http:\/\/127\.0\.0\.1:(\d+)\//.exec(run.stdout)?.[1];
  if (!port) {
    throw new Error(`no simulator port in the demo's output:\n${run.stdout}`);
  }
  const stable = (x: unknown) =>
    JSON.stringify(x)
      .replace(new RegExp(`"intValue":"?${port}"?`, 'g'), '"intValue":"8080"')
      .replaceAll(`127.0.0.1:${port}`, '127.0.0.1:8080');
  const metrics = { resourceMetrics: received.metrics.flatMap((r) => r.resourceMetrics ?? []) };
  const traces = { resourceSpans: received.traces.flatMap((r) => r.resourceSpans ?? []) };
  writeFileSync(path.join(dir, 'demo-2026.metrics.json'), stable(metrics) + '\n');
  writeFileSync(path.join(dir, 'demo-2026.traces.json'), stable(traces) + '\n');
  writeFileSync(path.join(dir, 'demo-2026.simulator.jsonl'), sim.map((e) => JSON.stringify(e)).join('\n') + '\n');
  console.log(
    `recorded ${Object.values(run.runsPerVersion).reduce((a, b) => a + b, 0)} agent runs: ` +
      `${metrics.resourceMetrics.length} metric resources, ${traces.resourceSpans.length} span batches, ${sim.length} simulator answers`
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
