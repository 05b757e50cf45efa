/**
 * The cost recording rules on the demo's recorded 2026 usage counters (fixtures/otlp/demo-2026.*):
 * what Prometheus records per version and model equals what the data source charges for the same
 * calls — cache reads and writes at their own rates, fallbacks (gpt-4o-mini asked, gpt-4o
 * answered) at the answering model's price — and the model no table knows stays unpriced.
 *
 * @jest-environment node
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as gp from '@pydantic/genai-prices';
import { genaiPricesLookup } from '../../src/data/cost/priceLookup';
import { fetchTransport } from '../../src/data/http/transport';
import { PrometheusClient } from '../../src/data/prometheus/prometheusClient';
import { otlpMetricsToOpenMetrics } from '../helpers/otlpToOpenMetrics';
import { startPrometheus, type RunningPrometheus } from '../helpers/prometheusServer';
import { latestPoints, type MetricPoint } from './otlpMetricPoints';

const ROOT = path.resolve(__dirname, '../..');
const FIXTURE = path.join(ROOT, 'fixtures/otlp/demo-2026.metrics.json');
const RULES = path.join(ROOT, 'stack/prometheus/rules/genai-cost.rules.yaml');
const STEP_SEC = 15;
const END = Math.floor(Date.now() / 1000) - 30;

jest.setTimeout(240_000);

const COUNTERS = {
  input: 'gen_ai.client.inference.usage.input_tokens',
  output: 'gen_ai.client.inference.usage.output_tokens',
  cacheRead: 'gen_ai.client.inference.usage.cache_read.input_tokens',
  cacheCreation: 'gen_ai.client.inference.usage.cache_write.input_tokens',
} as const;

describe('cost rules on the demo’s recorded 2026 counters (real Prometheus)', () => {
  const payload = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  const points: MetricPoint[] = latestPoints([payload]);
  const lookup = genaiPricesLookup(gp.calcPrice);
  let prom: RunningPrometheus;
  let client: PrometheusClient;

  beforeAll(async () => {
    const text = otlpMetricsToOpenMetrics(payload, {
      endSec: END,
      durationSec: 1200,
      stepSec: STEP_SEC,
      promote: ['service.version'],
    });
    prom = await startPrometheus(text, {
      ruleFiles: [RULES],
      backfillRules: { start: END - 1200, end: END, evalIntervalSec: STEP_SEC },
    });
    client = new PrometheusClient(fetchTransport(prom.url, { backend: 'Prometheus' }));
  });
  afterAll(() => prom?.stop());

  /** Usage per (version, request model, response model): one replayed run's totals. */
  function usageByCall(): Map<
    string,
    { version: string; request: string; response: string; u: Record<string, number> }
  > {
    const out = new Map<string, { version: string; request: string; response: string; u: Record<string, number> }>();
    for (const p of points) {
      const kind = (Object.keys(COUNTERS) as Array<keyof typeof COUNTERS>).find((k) => COUNTERS[k] === p.name);
      if (!kind) {
        continue;
      }
      const request = String(p.attributes['gen_ai.request.model']);
      const response = String(p.attributes['gen_ai.response.model'] ?? request);
      const key = JSON.stringify([p.version, request, response]);
      const entry = out.get(key) ?? { version: p.version, request, response, u: {} };
      entry.u[kind] = (entry.u[kind] ?? 0) + p.value;
      out.set(key, entry);
    }
    return out;
  }

  it('records per version and answering model what the data source charges for those calls', async () => {
    const expected = new Map<string, number>();
    let fallbacks = 0;
    let unpricedTokens = 0;
    for (const { version, request, response, u } of usageByCall().values()) {
      const usage = {
        input: u.input ?? 0,
        output: u.output ?? 0,
        cacheRead: u.cacheRead ?? 0,
        cacheCreation: u.cacheCreation ?? 0,
      };
      // The data source prices a span by the model that answered (pricedModel); the run is one
      // replay step long, so the recorded rate is its cost / STEP_SEC.
      const q = lookup(usage, response, 'openai', END * 1000);
      if (!q) {
        unpricedTokens += usage.input + usage.output;
        continue;
      }
      fallbacks += request !== response ? 1 : 0;
      const key = `${version}/${response}`;
      expected.set(key, (expected.get(key) ?? 0) + q.totalUsd / STEP_SEC);
    }
    expect(fallbacks).toBeGreaterThan(0); // the recording holds fallback calls
    expect(unpricedTokens).toBeGreaterThan(0); // and the unknown acme-titler-1

    const r = await client.query(
      'sum by (service_version, gen_ai_response_model) (rate(genai:cost_usd:total[2m]))',
      END
    );
    const got = new Map(
      r.result.map((s) => [`${s.metric.service_version}/${s.metric.gen_ai_response_model}`, Number(s.value![1])])
    );
    expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [k, v] of expected) {
      expect(Math.abs(got.get(k)! - v)).toBeLessThanOrEqual(1e-6 * v);
    }

    const unpriced = await client.query('sum(rate(genai:tokens_unpriced:total[2m]))', END);
    expect(Number(unpriced.result[0].value![1])).toBeCloseTo(unpricedTokens / STEP_SEC, 6);

    // What caching saved: reads at the cache rate instead of the input rate, writes at their premium.
    let saved = 0;
    for (const { response, u } of usageByCall().values()) {
      const full = lookup(
        { input: u.input ?? 0, output: 0, cacheRead: 0, cacheCreation: 0 },
        response,
        'openai',
        END * 1000
      );
      const cached = lookup(
        { input: u.input ?? 0, output: 0, cacheRead: u.cacheRead ?? 0, cacheCreation: u.cacheCreation ?? 0 },
        response,
        'openai',
        END * 1000
      );
      saved += full && cached ? (full.totalUsd - cached.totalUsd) / STEP_SEC : 0;
    }
    expect(saved).toBeGreaterThan(0);
    const s = await client.query('sum(rate(genai:cache_savings_usd:total[2m]))', END);
    expect(Math.abs(Number(s.result[0].value![1]) - saved)).toBeLessThanOrEqual(1e-6 * saved);
  });
});
