// `npm run harness`: the Grafana host harness for people and for the browser tests.
// Starts a real Prometheus with synthetic GenAI series (unless PROMETHEUS_URL is set), Tempo live
// (TEMPO_URL) or replayed from fixtures/tempo/recordings.json, and the harness server; prints
// `HARNESS_URL=<url>` once ready and stops everything on SIGINT/SIGTERM.
//
// Options: --port <n> (default: a free one), --with-fixtures (also serve harness/fixtures plugins).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CONTRACT_TRACEQL_METRICS, metricsRange } from '../../tests/helpers/contractScenarios';
import { startPrometheus, type RunningPrometheus } from '../../tests/helpers/prometheusServer';
import { syntheticOpenMetrics } from '../../tests/helpers/syntheticMetrics';
import { REPO_ROOT } from './buildHostBundle';
import { readRecordings, startHarnessServer } from './harnessServer';
import { TempoReplay } from './tempoReplay';
import { syntheticTempo } from '../../tests/helpers/syntheticTempo';

const EXTRA_RECORDINGS = ['demo-traces.recordings.json', 'version-comparison.recordings.json'];

const SYNTHETIC_HOURS = 3;

// A signal can arrive while Prometheus is still starting (it takes seconds): remember it and stop
// what has started once that step is done, so no Prometheus outlives the harness.
let stopRequested = false;
let prom: RunningPrometheus | undefined;
let stopNow: (() => Promise<void>) | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stopRequested = true;
    void stopNow?.();
  });
}

async function main() {
  const args = process.argv.slice(2);
  const portArg = args.indexOf('--port');
  const port = portArg >= 0 ? Number(args[portArg + 1]) : 0;
  const dist = path.join(REPO_ROOT, 'dist');
  if (!existsSync(path.join(dist, 'plugin.json'))) {
    throw new Error('dist/plugin.json not found: run `npm run build` first (the harness loads the built plugins).');
  }
  const log = (s: string) => console.log(`[harness] ${s}`);

  let prometheusUrl = process.env.PROMETHEUS_URL;
  if (!prometheusUrl) {
    const end = Math.floor(Date.now() / 1000) - 30;
    const duration = SYNTHETIC_HOURS * 3600;
    const t0 = Date.now();
    prom = await startPrometheus(syntheticOpenMetrics({ endSec: end, durationSec: duration, promoteVersion: true }), {
      ruleFiles: [path.join(REPO_ROOT, 'stack/prometheus/rules/genai-cost.rules.yaml')],
      backfillRules: { start: end - duration, end, evalIntervalSec: 60 },
    });
    if (stopRequested) {
      await prom.stop();
      process.exit(0);
    }
    prometheusUrl = prom.url;
    log(
      `Prometheus (synthetic GenAI series, last ${SYNTHETIC_HOURS} h) at ${prom.url}, ready in ${Date.now() - t0} ms`
    );
  } else {
    log(`Prometheus at ${prometheusUrl}`);
  }

  const tempoUrl = process.env.TEMPO_URL;
  const tempo = tempoUrl
    ? { url: tempoUrl }
    : {
        // The contract recordings first (their trace ids feed the scenarios), then the others:
        // the demo app's traces and the TraceQL-metrics version comparison.
        replay: new TempoReplay(
          await readRecordings(path.join(REPO_ROOT, 'fixtures/tempo/recordings.json')),
          ...(await Promise.all(EXTRA_RECORDINGS.map((f) => readRecordings(path.join(REPO_ROOT, 'fixtures/tempo', f)))))
        ),
      };
  log(
    tempoUrl
      ? `Tempo live at ${tempoUrl}`
      : `Tempo: replaying fixtures/tempo/recordings.json and ${EXTRA_RECORDINGS.join(', ')}`
  );

  // Loki: live (LOKI_URL) or replayed from the real Loki's recorded answers.
  const lokiUrl = process.env.LOKI_URL;
  const loki = lokiUrl
    ? { url: lokiUrl }
    : { replay: new TempoReplay(await readRecordings(path.join(REPO_ROOT, 'fixtures/loki/recordings.json'))) };
  log(lokiUrl ? `Loki live at ${lokiUrl}` : 'Loki: replaying fixtures/loki/recordings.json');

  const synthetic = syntheticTempo({ count: 10_000, endMs: Date.now(), spacingMs: 1_000 });
  log('Synthetic Tempo (uid tempo-synthetic): 10,000 agent traces, one a second back from now');

  const range = metricsRange();
  const server = await startHarnessServer({
    pluginRoots: [dist, ...(args.includes('--with-fixtures') ? [path.join(REPO_ROOT, 'harness/fixtures')] : [])],
    prometheusUrl,
    tempo,
    loki,
    syntheticTempo: synthetic,
    traceqlMetrics: CONTRACT_TRACEQL_METRICS,
    traceqlMetricsStepMs: range.stepSec * 1000,
    port,
    log,
  });
  log(`plugins: ${server.plugins.map((p) => `${p.id} (${p.type})`).join(', ')}`);
  console.log(`HARNESS_URL=${server.url}`);

  let stopping = false;
  stopNow = async () => {
    if (stopping) {
      return;
    }
    stopping = true;
    await server.close();
    await prom?.stop();
    process.exit(0);
  };
  if (stopRequested) {
    await stopNow();
  }
}

main().catch(async (e) => {
  console.error(`[harness] ${e instanceof Error ? e.message : e}`);
  await prom?.stop();
  process.exit(1);
});
