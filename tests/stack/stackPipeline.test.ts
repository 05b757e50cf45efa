/** @jest-environment node */
/*
 * The demo stack end to end with real programs: Prometheus 3 and Tempo started with
 * docker-compose.yaml's flags, environment and config files (stackServers.ts); OTLP traces sent to
 * Tempo, whose metrics-generator remote-writes GenAI span-metrics into that Prometheus; then the
 * demo agent (demo/, one-shot mode) with the compose agent environment, service host names moved
 * to loopback. Opt-in (STACK_E2E=1): it waits for Tempo's 15 s metrics collection (~1 min in all)
 * and needs Prometheus 3 and Tempo binaries, which CI does not build.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../helpers/prometheusServer';
import { ingest, shiftToNow } from '../helpers/otlpIngest';
import { otlpTrace } from '../helpers/otlpBuilders';
import { loadCompose, REPO_ROOT, service } from './composeFile';
import { missing, PROMETHEUS3, TEMPO } from './stackBinaries';
import { startStackPrometheus, startStackTempo, type RunningServer, type RunningTempo } from './stackServers';

const skipReason =
  process.env.STACK_E2E !== '1'
    ? 'set STACK_E2E=1 to run'
    : !PROMETHEUS3
      ? missing('Prometheus 3', 'PROMETHEUS3_BIN')
      : !TEMPO
        ? missing('Tempo', 'TEMPO_BIN')
        : '';
const run = skipReason ? it.skip : it;
const suffix = skipReason ? ` (skipped: ${skipReason})` : '';

interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

async function query(prom: RunningServer, promql: string): Promise<Sample[]> {
  const res = await fetch(`${prom.url}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = await res.json();
  if (body.status !== 'success') {
    throw new Error(`query ${promql}: ${JSON.stringify(body)}`);
  }
  return body.data.result;
}

/** Polls until the query returns series; resolves with them and the seconds waited. */
async function waitFor(prom: RunningServer, promql: string, timeoutMs: number) {
  const started = Date.now();
  for (;;) {
    const result = await query(prom, promql);
    if (result.length) {
      return { result, seconds: (Date.now() - started) / 1000 };
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`no series for ${promql} after ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

// Not the demo agent's service name, so the demo run below is counted apart.
const SYNTHETIC = { 'service.name': 'stack-e2e-synthetic' };
const GENAI = {
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': 'gpt-4o-mini',
  'gen_ai.operation.name': 'chat',
};

describe('demo stack pipeline (Prometheus 3 + Tempo, compose flags and configs)', () => {
  let prom: RunningServer;
  let tempo: RunningTempo;

  beforeAll(async () => {
    if (skipReason) {
      return;
    }
    prom = await startStackPrometheus(PROMETHEUS3!, { evaluationInterval: '1s' });
    tempo = await startStackTempo(TEMPO!, { remoteWriteUrl: `${prom.url}/api/v1/write` });
    console.info(`ready: prometheus ${prom.readySeconds}s, tempo ${tempo.readySeconds}s`);
  }, 120_000);

  afterAll(async () => {
    await tempo?.stop();
    await prom?.stop();
  }, 30_000);

  run(
    `Tempo span-metrics carry the GenAI dimensions and reach Prometheus by remote write${suffix}`,
    async () => {
      const traceId = 'e2e0'.repeat(8);
      const resource = { ...SYNTHETIC, 'service.version': 'v3' };
      const spans = [
        {
          id: '1',
          name: 'invoke_agent support',
          durationMs: 900,
          attrs: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'support' },
        },
        {
          id: '2',
          parent: '1',
          name: 'chat gpt-4o-mini',
          durationMs: 300,
          attrs: { ...GENAI, 'gen_ai.agent.name': 'support' },
        },
        {
          id: '3',
          parent: '1',
          name: 'chat gpt-4o-mini',
          durationMs: 400,
          attrs: { ...GENAI, 'gen_ai.agent.name': 'support' },
        },
      ];
      await ingest(tempo.otlpTracesUrl, shiftToNow(otlpTrace(spans, resource, traceId).trace));

      const selector =
        'traces_spanmetrics_calls_total{service="stack-e2e-synthetic", service_version="v3", gen_ai_request_model="gpt-4o-mini",' +
        ' gen_ai_provider_name="openai", gen_ai_operation_name="chat", gen_ai_agent_name="support"} > 0';
      const calls = await waitFor(prom, selector, 75_000);
      expect(calls.result).toHaveLength(1);
      expect(Number(calls.result[0].value[1])).toBe(2);
      expect(calls.result[0].metric.source).toBe('tempo');
      const latency = await query(
        prom,
        'traces_spanmetrics_latency_count{service="stack-e2e-synthetic", gen_ai_operation_name="chat"}'
      );
      expect(latency.map((s) => Number(s.value[1]))).toEqual([2]);
      console.info(`span-metrics in Prometheus ${calls.seconds}s after the spans were sent`);

      const trace = await fetch(`${tempo.url}/api/v2/traces/${traceId}`);
      expect(trace.status).toBe(200);
    },
    90_000
  );
  const demoDir = path.join(REPO_ROOT, 'demo');
  const demoSkip = existsSync(path.join(demoDir, 'node_modules'))
    ? ''
    : 'demo/node_modules missing (cd demo && npm install)';
  (demoSkip ? it.skip : run)(
    `the demo agent, run with the compose environment, fills tokens, cost and span-metrics for v1, v2, v3${suffix || (demoSkip ? ` (skipped: ${demoSkip})` : '')}`,
    async () => {
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(service(loadCompose(), 'agent').environment ?? {})) {
        env[k] = v
          .replace('http://tempo:4318/v1/traces', tempo.otlpTracesUrl)
          .replace('http://prometheus:9090', prom.url)
          .replace('${DEMO_INCIDENT:-none}', 'none');
      }
      expect(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT).toBe(tempo.otlpTracesUrl);
      const demo = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: demoDir,
        env: {
          ...process.env,
          ...env,
          DEMO_PORT: String(await freePort()),
          DEMO_HOST: '127.0.0.1',
          DEMO_ONE_SHOT: '4',
          DEMO_TIME_SCALE: '0.05',
          DEMO_SEED: 'stack-e2e',
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      demo.stderr?.on('data', (d) => (stderr = (stderr + String(d)).slice(-2000)));
      const code = await new Promise((r) => demo.on('exit', r));
      expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });

      const versions = (r: Sample[]) => r.map((s) => s.metric.service_version).sort();
      const tokens = await query(
        prom,
        'sum by (service_version) (gen_ai_client_token_usage_sum{job="genai-demo-agent", gen_ai_token_type="output"}) > 0'
      );
      expect(versions(tokens)).toEqual(['v1', 'v2', 'v3']);
      const cost = await waitFor(
        prom,
        'count(sum by (service_version) (genai:cost_usd:total{job="genai-demo-agent"}) > 0) == 3',
        20_000
      );
      expect(Number(cost.result[0].value[1])).toBe(3);
      // GenAI span-metrics per version: chat spans (provider only as gen_ai.system in
      // @opentelemetry/instrumentation-openai 0.22) and agent spans with their agent name.
      const chat = await waitFor(
        prom,
        'count(sum by (service_version) (traces_spanmetrics_calls_total{service="genai-demo-agent", gen_ai_operation_name="chat", gen_ai_system="openai", gen_ai_request_model!=""})) == 3',
        75_000
      );
      expect(Number(chat.result[0].value[1])).toBe(3);
      const agents = await query(
        prom,
        'sum by (service_version) (traces_spanmetrics_calls_total{service="genai-demo-agent", gen_ai_operation_name="invoke_agent", gen_ai_agent_name!=""})'
      );
      expect(versions(agents)).toEqual(['v1', 'v2', 'v3']);
      console.info(`demo: span-metrics of all three versions in Prometheus ${chat.seconds}s after the agent finished`);
    },
    150_000
  );
});
