/** @jest-environment node */
/*
 * stack/prometheus/prometheus.yml in real Prometheus binaries: Debian promtool 2.42 (always there;
 * it does not know Prometheus 3's `otlp` block, so it checks the rest), and Prometheus 3 when
 * built locally (PROMETHEUS3_BIN / PROMTOOL3_BIN): full config check, and the compose service's
 * flags and config run for real, fed OTLP metrics the way the demo agent sends them.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as gp from '@pydantic/genai-prices';
import { readPriceTable } from '../../src/data/cost/modelPricing';
import { TOKEN_BUCKETS } from '../helpers/syntheticMetrics';
import { loadCompose, REPO_ROOT, service } from './composeFile';
import { runHealthcheck } from './healthcheckCommand';
import { otlpHistogramRequest, pushOtlpMetrics } from './otlpMetricsPayload';
import { missing, PROMETHEUS3, PROMTOOL2, PROMTOOL3 } from './stackBinaries';
import { hostPrometheusConfig, startStackPrometheus, type RunningServer } from './stackServers';

// These tests start real programs; leave room for a busy machine.
jest.setTimeout(30_000);

const run = promisify(execFile);
const RULE_FILES = readdirSync(path.join(REPO_ROOT, 'stack/prometheus/rules')).filter((f) => /\.rules\.ya?ml$/.test(f));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'genai-promcheck-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function checkConfig(promtool: string, text: string) {
  const file = path.join(dir, `prometheus-${Math.random().toString(36).slice(2)}.yml`);
  await writeFile(file, text);
  return run(promtool, ['check', 'config', file]).then(
    (r) => ({ ok: true, out: r.stdout + r.stderr }),
    (e) => ({ ok: false, out: String(e.stdout) + String(e.stderr) })
  );
}

describe('stack/prometheus/prometheus.yml with promtool 2.42 (without the Prometheus 3 otlp block)', () => {
  it('is valid and its rule_files glob loads every rules file (checked too)', async () => {
    const result = await checkConfig(PROMTOOL2, hostPrometheusConfig({ withoutOtlp: true }));
    expect(result.out).toMatch(/SUCCESS: .* is valid prometheus config file syntax/);
    for (const f of RULE_FILES) {
      expect(result.out).toMatch(new RegExp(`Checking .*${f.replace(/\./g, '\\.')}\\s+SUCCESS: \\d+ rules found`));
    }
    expect(result.ok).toBe(true);
  });

  it('really is needed without the otlp block: 2.42 rejects it', async () => {
    const result = await checkConfig(PROMTOOL2, hostPrometheusConfig());
    expect(result).toEqual({ ok: false, out: expect.stringContaining('field otlp not found') });
  });
});

const prom3Skip = !PROMTOOL3 ? missing('promtool 3', 'PROMTOOL3_BIN') : '';
(prom3Skip ? describe.skip : describe)(
  `stack/prometheus/prometheus.yml with promtool 3${prom3Skip ? ` (skipped: ${prom3Skip})` : ''}`,
  () => {
    it('is valid as a whole, rules included', async () => {
      const result = await checkConfig(PROMTOOL3!, hostPrometheusConfig());
      expect(result.out).toMatch(/SUCCESS: .* is valid prometheus config file syntax/);
      expect(result.out.match(/SUCCESS: \d+ rules found/g)).toHaveLength(RULE_FILES.length);
      expect(result.ok).toBe(true);
    });

    it('rejects a misspelt otlp option (the otlp block is really checked)', async () => {
      const typo = hostPrometheusConfig().replace('promote_resource_attributes:', 'promote_resource_attribute:');
      const result = await checkConfig(PROMTOOL3!, typo);
      expect(result).toEqual({ ok: false, out: expect.stringContaining('promote_resource_attribute') });
    });
  }
);

const prom3RunSkip = !PROMETHEUS3
  ? missing('Prometheus 3', 'PROMETHEUS3_BIN')
  : !PROMTOOL3
    ? missing('promtool 3 (the health check runs it)', 'PROMTOOL3_BIN')
    : '';
(prom3RunSkip ? describe.skip : describe)(
  `Prometheus 3 with the compose flags and config${prom3RunSkip ? ` (skipped: ${prom3RunSkip})` : ''}`,
  () => {
    let prom: RunningServer;
    beforeAll(async () => {
      // Rules evaluate every 1 s instead of 15 s so the recorded cost appears quickly.
      prom = await startStackPrometheus(PROMETHEUS3!, { evaluationInterval: '1s' });
    }, 60_000);
    afterAll(async () => {
      await prom?.stop();
    });

    async function query(promql: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
      const body = await (await fetch(`${prom.url}/api/v1/query?query=${encodeURIComponent(promql)}`)).json();
      expect(body.status).toBe('success');
      return body.data.result;
    }

    it('passes the compose health check (promtool check ready), which fails when Prometheus is down', async () => {
      const check = service(loadCompose(), 'prometheus').healthcheck!;
      const program = PROMTOOL3!;
      const up = await runHealthcheck(check, { program, baseUrl: prom.url });
      expect(up).toEqual({ exitCode: 0, output: expect.stringContaining('Prometheus Server is Ready') });
      const down = await runHealthcheck(check, { program, baseUrl: 'http://127.0.0.1:1' });
      expect(down.exitCode).not.toBe(0);
    });

    it('loads the recording and alerting rules from the mounted rules folder', async () => {
      const body = await (await fetch(`${prom.url}/api/v1/rules`)).json();
      const files = body.data.groups.map((g: { file: string }) => path.basename(g.file));
      expect([...new Set(files)].sort()).toEqual([...RULE_FILES].sort());
    });

    it('accepts remote write (Tempo’s span-metrics) and OTLP (the agent’s metrics)', async () => {
      // An empty body is a bad request, not "endpoint disabled" (404) as without the flags.
      const rw = await fetch(`${prom.url}/api/v1/write`, { method: 'POST', body: '' });
      expect(rw.status).toBe(400);
      const otlp = await fetch(`${prom.url}/api/v1/otlp/v1/metrics`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(otlp.status).toBe(200);
    });

    it('turns the agent’s OTLP metrics into service_version series that the cost rule prices', async () => {
      const genai = {
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.operation.name': 'chat',
      };
      const tokens = { v1: { input: [120, 80], output: [40, 10] }, v2: { input: [1000], output: [500] } };
      for (const [version, t] of Object.entries(tokens)) {
        const resource = {
          'service.name': 'genai-demo-agent',
          'service.version': version,
          'service.instance.id': `agent-${version}`,
          'deployment.environment.name': 'demo',
        };
        const histogram = {
          name: 'gen_ai.client.token.usage',
          unit: '{token}',
          bounds: TOKEN_BUCKETS,
          points: [
            { attrs: { ...genai, 'gen_ai.token.type': 'input' }, values: t.input },
            { attrs: { ...genai, 'gen_ai.token.type': 'output' }, values: t.output },
          ],
        };
        await pushOtlpMetrics(
          `${prom.url}/api/v1/otlp/v1/metrics`,
          otlpHistogramRequest(resource, [histogram], Date.now() - 60_000)
        );
      }

      const sums = await query('gen_ai_client_token_usage_sum{service_version="v1"}');
      expect(Object.fromEntries(sums.map((s) => [s.metric.gen_ai_token_type, Number(s.value[1])]))).toEqual({
        input: 200,
        output: 50,
      });
      expect(sums[0].metric).toMatchObject({
        job: 'genai-demo-agent',
        instance: 'agent-v1',
        deployment_environment_name: 'demo',
        gen_ai_request_model: 'gpt-4o-mini',
      });
      const buckets = await query(
        'gen_ai_client_token_usage_bucket{service_version="v2", gen_ai_token_type="output", le="1024"}'
      );
      expect(Number(buckets[0].value[1])).toBe(1);
      // keep_identifying_resource_attributes: target_info keeps service.name for joins.
      const info = await query('target_info{job="genai-demo-agent", instance="agent-v2"}');
      expect(info[0].metric.service_name).toBe('genai-demo-agent');

      const rates = readPriceTable(gp).constant.find((p) => p.model === 'gpt-4o-mini')!.entries[0].rates;
      const price = { inputPerToken: rates.input, outputPerToken: rates.output };
      let cost: Record<string, number> = {};
      for (const deadline = Date.now() + 10_000; Object.keys(cost).length < 2 && Date.now() < deadline;) {
        await new Promise((r) => setTimeout(r, 250));
        const series = await query('genai:cost_usd:total{service_version=~"v1|v2"}');
        cost = Object.fromEntries(series.map((s) => [s.metric.service_version, Number(s.value[1])]));
      }
      expect(cost.v1).toBeCloseTo(200 * price.inputPerToken + 50 * price.outputPerToken, 12);
      expect(cost.v2).toBeCloseTo(1000 * price.inputPerToken + 500 * price.outputPerToken, 12);
    }, 20_000);
  }
);
