/**
 * Every query the metric picker can build, run against a real Prometheus (Debian package)
 * backfilled with steady synthetic semconv series; values checked against arithmetic on the
 * synthetic definitions. Runs twice: version promoted to a label, and version only on target_info.
 *
 * @jest-environment node
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { calcPrice } from '@pydantic/genai-prices';
import { fetchTransport } from '../http/transport';
import { decodeKeyValues } from '../otlp/anyValue';
import { PrometheusClient } from '../prometheus/prometheusClient';
import {
  detectMetricInventory,
  FAMILIES,
  PROVIDED_BY,
  UNDERSCORE_LABELS,
  type MetricInventory,
} from './metricInventory';
import { buildMetricQuery, MissingSignalError, type MetricQueryOptions } from './metricQueryBuilder';
import {
  DEFAULT_MAX_SERIES,
  metricSignalFrames,
  promqlFrames,
  type MetricQueryContext,
} from '../queries/metricQueries';
import { lastValues, metricContext as sharedMetricContext } from '../../../tests/helpers/metricQueryContext';
import { otlpMetricsToOpenMetrics } from '../../../tests/helpers/otlpToOpenMetrics';
import { freePort, startPrometheus, type RunningPrometheus } from '../../../tests/helpers/prometheusServer';
import {
  AGENT_TOOL,
  DURATION_BUCKETS,
  NO_TOKEN_DETAIL,
  plansFor,
  SERIES,
  singleBucketQuantile,
  STEP_SEC,
  syntheticOpenMetrics,
  syntheticOpenMetrics2026,
  syntheticSpanMetrics,
  TOKEN_DETAIL,
  TTFT_BUCKETS,
  type SeriesPlan,
} from '../../../tests/helpers/syntheticMetrics';

const RULES = path.resolve(__dirname, '../../../stack/prometheus/rules/genai-cost.rules.yaml');

/** A query context on a real Prometheus, with the inventory detected once. */
const metricContext = (url: string, start: number, maxSeries: number) =>
  sharedMetricContext(url, { start, end: END }, { maxSeries, scrapeIntervalSec: STEP_SEC });
const END = Math.floor(Date.now() / 1000) - 30;

jest.setTimeout(60_000);

const last = lastValues;

const price = (model: string, provider: string) => {
  const p = calcPrice({ input_tokens: 1e6, output_tokens: 1e6 }, model, {
    providerId: provider === 'openai' ? 'openai' : provider,
  })!.model_price as Record<string, number>;
  return { input: p.input_mtok / 1e6, output: p.output_mtok / 1e6 };
};

describe.each([
  ['version promoted to a label', true],
  ['version joined from target_info', false],
])('metric picker against real Prometheus (%s)', (_title, promoteVersion) => {
  let prom: RunningPrometheus;
  let inventory: MetricInventory;
  let ctx: MetricQueryContext;

  beforeAll(async () => {
    prom = await startPrometheus(syntheticOpenMetrics({ endSec: END, durationSec: 1800, promoteVersion }), {
      ruleFiles: [RULES],
      backfillRules: { start: END - 1800, end: END, evalIntervalSec: STEP_SEC },
    });
    ({ inventory, ctx } = await metricContext(prom.url, END - 600, DEFAULT_MAX_SERIES));
  });
  afterAll(() => prom?.stop());

  const run = (o: MetricQueryOptions) => metricSignalFrames(ctx, o, 'A').then(last);

  it('detects the series shapes', () => {
    expect(inventory).toMatchObject({
      naming: 'underscore',
      duration: { base: 'gen_ai_client_operation_duration_seconds', kind: 'classic' },
      tokens: { base: 'gen_ai_client_token_usage', kind: 'classic' },
      ttft: { server: { base: 'gen_ai_server_time_to_first_token_seconds', kind: 'classic' } },
      quality: { base: 'gen_ai_evaluation_score', kind: 'classic' },
      version: promoteVersion ? 'promoted' : 'target_info',
    });
    expect(inventory.inferenceDuration).toBeUndefined();
    expect(inventory.usageCounters).toBeUndefined();
  });

  it('request rate by model', async () => {
    const r = await run({ signal: 'requestRate', groupBy: ['model'] });
    for (const model of new Set(SERIES.map((s) => s.model))) {
      expect(r[model]).toBeCloseTo(SERIES.filter((s) => s.model === model).length / STEP_SEC, 9);
    }
  });

  it('groups by every dimension', async () => {
    const field: Record<string, keyof (typeof SERIES)[number]> = {
      model: 'model',
      provider: 'provider',
      operation: 'operation',
      service: 'job',
      version: 'version',
      agent: 'agent',
    };
    for (const [dim, key] of Object.entries(field)) {
      const r = await run({ signal: 'requestRate', groupBy: [dim as 'model'] });
      const expected: Record<string, number> = {};
      for (const s of SERIES) {
        expected[String(s[key])] = (expected[String(s[key])] ?? 0) + 1 / STEP_SEC;
      }
      expect(Object.keys(r).sort()).toEqual(Object.keys(expected).sort());
      for (const [k, v] of Object.entries(expected)) {
        expect(r[k]).toBeCloseTo(v, 9);
      }
    }
  });

  it('error rate by version, with filters', async () => {
    const r = await run({ signal: 'errorRate', groupBy: ['version'], filters: { model: ['gpt-4o', 'gpt-4o-mini'] } });
    // v1: one gpt-4o series, no errors; v2: gpt-4o (failing) + gpt-4o-mini → 1/2.
    expect(r).toEqual({ v1: 0, v2: 0.5 });
  });

  it('latency quantiles and time to first token by model', async () => {
    for (const q of [0.5, 0.9, 0.99]) {
      const r = await run({ signal: 'latency', groupBy: ['model'], quantile: q });
      expect(r['claude-sonnet-4-20250514']).toBeCloseTo(singleBucketQuantile(q, 3, DURATION_BUCKETS), 9);
      expect(r['gpt-4o-mini']).toBeCloseTo(singleBucketQuantile(q, 0.6, DURATION_BUCKETS), 9);
    }
    const t = await run({ signal: 'ttft', groupBy: ['model'], quantile: 0.9 });
    expect(t['gpt-4o']).toBeCloseTo(singleBucketQuantile(0.9, 0.3, TTFT_BUCKETS), 9);
    expect(Object.keys(t)).not.toContain('text-embedding-3-small');
  });

  it('tokens per request and per second by type', async () => {
    const perReq = await run({ signal: 'tokensPerRequest', groupBy: ['model'] });
    expect(perReq['gpt-4o-mini · input']).toBeCloseTo(800, 9);
    expect(perReq['gpt-4o-mini · output']).toBeCloseTo(100, 9);
    const perSec = await run({ signal: 'tokensPerSecond', groupBy: ['agent'] });
    const research = SERIES.filter((s) => s.agent === 'research');
    expect(perSec['research · input']).toBeCloseTo(research.reduce((a, s) => a + s.inputTokens, 0) / STEP_SEC, 9);
  });

  it('cost per hour and per request from the recording rules, by model and by version', async () => {
    const perHour = await run({ signal: 'costPerHour', groupBy: ['model'] });
    const p = price('gpt-4o-mini', 'openai');
    expect(perHour['gpt-4o-mini']).toBeCloseTo(((800 * p.input + 100 * p.output) / STEP_SEC) * 3600, 9);
    expect(Object.keys(perHour)).not.toContain('acme-unknown-model-1'); // unknown price: no cost series
    const perReq = await run({ signal: 'costPerRequest', groupBy: ['model'] });
    const c = price('claude-sonnet-4-20250514', 'anthropic');
    expect(perReq['claude-sonnet-4-20250514']).toBeCloseTo(2000 * c.input + 500 * c.output, 12);
    const byVersion = await run({ signal: 'costPerHour', groupBy: ['version'] });
    const v3 = ((2000 * c.input + 500 * c.output) / STEP_SEC) * 3600;
    expect(byVersion.v3).toBeCloseTo(v3, 9);
  });

  it('cumulative cost over the range', async () => {
    const r = await run({ signal: 'costCumulative', groupBy: ['model'], filters: { model: ['gpt-4o-mini'] } });
    const p = price('gpt-4o-mini', 'openai');
    // increase() over the 600 s range of a steady counter: 600/15 calls' worth.
    expect(r['gpt-4o-mini']).toBeCloseTo((600 / STEP_SEC) * (800 * p.input + 100 * p.output), 9);
  });

  it('quality score mean and distribution', async () => {
    const mean = await run({ signal: 'qualityMean', groupBy: ['version'] });
    expect(mean['v1 · relevance']).toBeCloseTo(0.8, 9);
    expect(mean['v2 · relevance']).toBeCloseTo(0.6, 9);
    const dist = await run({ signal: 'qualityDistribution', groupBy: ['version'] });
    // Prometheus 3 writes bucket bounds as floats (`le="1.0"`), 2.x as given (`le="1"`).
    const bucket = (le: number) =>
      dist[Object.keys(dist).find((k) => k.startsWith('v3 · relevance · ') && Number(k.split(' · ')[2]) === le)!];
    expect(bucket(1)).toBeCloseTo(600 / STEP_SEC, 9);
    expect(bucket(0.8)).toBe(0);
  });

  it('names a series that lacks a grouped label', async () => {
    const frames = await promqlFrames(
      ctx,
      'sum by (gen_ai_request_model) (rate(gen_ai_client_operation_duration_seconds_count[$__rate_interval]))',
      'G',
      {
        legendLabels: ['gen_ai_request_model', 'gen_ai_agent_name'],
      }
    );
    expect(frames.map((f) => f.name)).toContain('gpt-4o · (no gen_ai_agent_name)');
  });

  it('passes raw PromQL through, macros expanded', async () => {
    const frames = await promqlFrames(
      ctx,
      'sum(rate(gen_ai_client_operation_duration_seconds_count[$__rate_interval]))',
      'B'
    );
    expect(frames[0].meta?.executedQueryString).toBe('sum(rate(gen_ai_client_operation_duration_seconds_count[75s]))');
    expect(last(frames).value).toBeCloseTo(SERIES.length / STEP_SEC, 9);
  });

  it('explains PromQL errors, empty results and too many series', async () => {
    await expect(promqlFrames(ctx, 'sum(rate(', 'C')).rejects.toThrow(/^Prometheus answered HTTP 400: .*parse error/);
    const empty = await promqlFrames(ctx, 'gen_ai_client_token_usage_sum{gen_ai_request_model="nope"}', 'D');
    expect(empty[0].meta?.notices?.[0].text).toBe('Prometheus returned no series for this query in the time range.');
    await expect(promqlFrames({ ...ctx, maxSeries: 5 }, 'gen_ai_client_token_usage_bucket', 'E')).rejects.toThrow(
      /^The query returned \d+ series, more than the 5 a panel shows: add filters or group by fewer dimensions\.$/
    );
  });
});

// The three Prometheus contents of issue 11 §3: only the old names, only the 2026 names, and both
// for different services, with one app (review-app) recording every call under both names.
// claude records the agento11y SDK's TTFT, acme only the server's; the others the client's.
const ttftSource = (model: string): SeriesPlan['ttft'] =>
  model === 'claude-sonnet-4-20250514' ? 'sdk' : model === 'acme-unknown-model-1' ? 'server' : 'client';
const withTtft = (plans: SeriesPlan[]) => plans.map((p) => ({ ...p, ttft: ttftSource(p.spec.model) }));
const MIXED: SeriesPlan[] = withTtft(
  SERIES.map((spec): SeriesPlan => {
    switch (spec.model) {
      case 'gpt-4o-mini':
        return { spec: { ...spec, job: 'review-app' }, generation: 'both', ttft: 'client' };
      case 'claude-sonnet-4-20250514':
      case 'acme-unknown-model-1':
        return { spec: { ...spec, job: 'planner-app' }, generation: 'new', ttft: 'client' };
      case 'text-embedding-3-small':
        return { spec, generation: 'new', ttft: 'client' };
      default:
        return { spec, generation: 'old', ttft: 'client' };
    }
  })
);
// The mixed case's 2026 inference duration uses every other bound of the old one.
const COARSE_BUCKETS = DURATION_BUCKETS.filter((_, i) => i % 2 === 1);

/** What each query must return, by plain arithmetic on the plans ("both" is one set of calls). */
function expectations(plans: SeriesPlan[]) {
  const models = [...new Set(plans.map((p) => p.spec.model))];
  const of = (m: string) => plans.filter((p) => p.spec.model === m);
  const isNew = (p: SeriesPlan) => p.generation !== 'old';
  const detail = (p: SeriesPlan) => (isNew(p) ? (TOKEN_DETAIL[p.spec.model] ?? NO_TOKEN_DETAIL) : NO_TOKEN_DETAIL);
  const tokensPerRequest: Record<string, number> = {};
  for (const m of models) {
    const ps = of(m);
    const kinds: Array<[string, (p: SeriesPlan) => number, (p: SeriesPlan) => boolean]> = [
      ['input', (p) => p.spec.inputTokens, () => true],
      ['output', (p) => p.spec.outputTokens, (p) => !isNew(p) || p.spec.outputTokens > 0],
      ['cache_read', (p) => detail(p).cacheReadTokens, isNew],
      ['cache_write', (p) => detail(p).cacheWriteTokens, isNew],
      ['reasoning', (p) => detail(p).reasoningTokens, (p) => isNew(p) && p.spec.outputTokens > 0],
    ];
    for (const [kind, tokens, counted] of kinds) {
      // A 2026 counter exists only where it counted something; the old histogram has input/output.
      const reported = ps.some((p) =>
        isNew(p) ? tokens(p) > 0 || kind === 'input' : kind === 'input' || kind === 'output'
      );
      const calls = ps.filter(counted).length;
      if (reported && calls) {
        tokensPerRequest[`${m} · ${kind}`] = ps.filter(counted).reduce((a, p) => a + tokens(p), 0) / calls;
      }
    }
  }
  return { models, of, detail, tokensPerRequest };
}

describe.each([
  ['only the old names', plansFor('old'), undefined],
  ['only the 2026 names', plansFor('new'), undefined],
  ['old and 2026 names for different services, one app sending both', MIXED, COARSE_BUCKETS],
] as Array<[string, SeriesPlan[], number[] | undefined]>)(
  'metric picker on a Prometheus with %s',
  (title, rawPlans, coarse) => {
    const plans = withTtft(rawPlans);
    const ex = expectations(plans);
    let prom: RunningPrometheus;
    let inventory: MetricInventory;
    let ctx: MetricQueryContext;
    const run = (o: MetricQueryOptions) => metricSignalFrames(ctx, o, 'A').then(last);
    const hasOld = plans.some((p) => p.generation !== 'new');
    const hasNew = plans.some((p) => p.generation !== 'old');

    beforeAll(async () => {
      const text = syntheticOpenMetrics2026({
        endSec: END,
        durationSec: 900,
        promoteVersion: true,
        plans,
        inferenceDurationBuckets: coarse,
        agentAndToolSeries: true,
      });
      prom = await startPrometheus(text, {
        ruleFiles: [RULES],
        backfillRules: { start: END - 900, end: END, evalIntervalSec: STEP_SEC },
      });
      ({ inventory, ctx } = await metricContext(prom.url, END - 600, DEFAULT_MAX_SERIES));
    }, 180_000); // promtool backfills the cost rules first: slow on a loaded machine
    afterAll(() => prom?.stop());

    it('detects every family present', () => {
      expect(Boolean(inventory.tokens)).toBe(hasOld);
      expect(Boolean(inventory.inferenceDuration)).toBe(hasNew);
      expect(Boolean(inventory.usageCounters?.input)).toBe(hasNew);
      // Embeddings stay on operation.duration under the 2026 names too.
      expect(inventory.duration).toEqual({ base: 'gen_ai_client_operation_duration_seconds', kind: 'classic' });
      expect(inventory.ttft).toEqual({
        ...(hasNew
          ? { inference: { base: 'gen_ai_client_inference_time_to_first_chunk_seconds', kind: 'classic' } }
          : {}),
        ...(hasOld
          ? { operation: { base: 'gen_ai_client_operation_time_to_first_chunk_seconds', kind: 'classic' } }
          : {}),
        sdk: { base: 'gen_ai_client_time_to_first_token_seconds', kind: 'classic' },
        server: { base: 'gen_ai_server_time_to_first_token_seconds', kind: 'classic' },
      });
      expect(inventory.commonLe?.latency !== undefined).toBe(coarse !== undefined);
    });

    it('request rate and error rate by model, each call once', async () => {
      const rate = await run({ signal: 'requestRate', groupBy: ['model'] });
      expect(Object.keys(rate).sort()).toEqual([...ex.models].sort());
      for (const m of ex.models) {
        expect(rate[m]).toBeCloseTo(ex.of(m).length / STEP_SEC, 9);
      }
      const errors = await run({ signal: 'errorRate', groupBy: ['model'] });
      for (const m of ex.models) {
        expect(errors[m]).toBeCloseTo(ex.of(m).filter((p) => p.spec.errorType).length / ex.of(m).length, 9);
      }
      const byService = await run({ signal: 'requestRate', groupBy: ['service'] });
      for (const job of new Set(plans.map((p) => p.spec.job))) {
        expect(byService[job]).toBeCloseTo(plans.filter((p) => p.spec.job === job).length / STEP_SEC, 9);
      }
    });

    it('p90 latency by model over both generations', async () => {
      const r = await run({ signal: 'latency', groupBy: ['model'], quantile: 0.9 });
      for (const m of ex.models) {
        // Different bucket bounds: both families are read at the bounds they share.
        expect(r[m]).toBeCloseTo(
          singleBucketQuantile(0.9, ex.of(m)[0].spec.durationSec, coarse ?? DURATION_BUCKETS),
          9
        );
      }
    });

    it('p90 time to first token: client measure per service and model, else the server one', async () => {
      const r = await run({ signal: 'ttft', groupBy: ['model'], quantile: 0.9 });
      const chat = ex.models.filter((m) => ex.of(m)[0].spec.operation === 'chat');
      expect(Object.keys(r).sort()).toEqual([...chat].sort());
      for (const m of chat) {
        expect(r[m]).toBeCloseTo(singleBucketQuantile(0.9, ex.of(m)[0].spec.ttftSec, TTFT_BUCKETS), 9);
      }
    });

    it('tokens per request by type, cache and reasoning from the 2026 counters', async () => {
      const r = await run({ signal: 'tokensPerRequest', groupBy: ['model'] });
      expect(Object.keys(r).sort()).toEqual(Object.keys(ex.tokensPerRequest).sort());
      for (const [k, v] of Object.entries(ex.tokensPerRequest)) {
        expect(r[k]).toBeCloseTo(v, 9);
      }
      const perSec = await run({ signal: 'tokensPerSecond', groupBy: ['model'] });
      const mini = ex.of('gpt-4o-mini');
      expect(perSec['gpt-4o-mini · input']).toBeCloseTo((mini.length * 800) / STEP_SEC, 9);
    });

    it('cost per request from the recording rules, cache tokens at their rates', async () => {
      const { genaiPricesLookup } = await import('../cost/priceLookup');
      const lookup = genaiPricesLookup(calcPrice);
      const r = await run({ signal: 'costPerRequest', groupBy: ['model'] });
      for (const m of ex.models) {
        const quotes = ex.of(m).map((p) => {
          const d = ex.detail(p);
          return lookup(
            {
              input: p.spec.inputTokens,
              output: p.spec.outputTokens,
              cacheRead: d.cacheReadTokens,
              cacheCreation: d.cacheWriteTokens,
            },
            m,
            p.spec.provider
          );
        });
        if (quotes.some((q) => !q)) {
          expect(Object.keys(r)).not.toContain(m); // unknown price: no cost
          continue;
        }
        const perCall = quotes.reduce((a, q) => a + q!.totalUsd, 0) / quotes.length;
        expect(Math.abs(r[m] - perCall) / perCall).toBeLessThan(1e-9);
      }
    });

    it('agent invocations and tool calls from the 2026 families', async () => {
      if (!hasNew) {
        await expect(run({ signal: 'agentRate' })).rejects.toThrow(/^No agent invocation metric found in Prometheus/);
        return;
      }
      const agents = await run({ signal: 'agentRate', groupBy: ['agent'] });
      const newPlans = plans.filter((p) => p.generation !== 'old');
      for (const a of new Set(newPlans.map((p) => p.spec.agent))) {
        const sites = new Set(newPlans.filter((p) => p.spec.agent === a).map((p) => `${p.spec.job}-${p.spec.version}`));
        expect(agents[a]).toBeCloseTo(sites.size / STEP_SEC, 9);
      }
      const tools = await run({ signal: 'toolRate' });
      const allSites = new Set(newPlans.map((p) => `${p.spec.job}-${p.spec.version}/${p.spec.agent}`));
      expect(Object.values(tools)[0]).toBeCloseTo((2 * allSites.size) / STEP_SEC, 9);
      const p90 = await run({ signal: 'toolLatency', quantile: 0.9 });
      expect(Object.values(p90)[0]).toBeCloseTo(singleBucketQuantile(0.9, AGENT_TOOL.toolSec, DURATION_BUCKETS), 9);
      const agentP50 = await run({ signal: 'agentLatency', quantile: 0.5, groupBy: ['agent'] });
      expect(agentP50.research).toBeCloseTo(singleBucketQuantile(0.5, AGENT_TOOL.agentSec, DURATION_BUCKETS), 9);
      await expect(run({ signal: 'workflowLatency' })).rejects.toThrow(/gen_ai\.invoke_workflow\.duration/);
    });

    if (title.startsWith('old and')) {
      it('filters and version grouping apply to every family', async () => {
        const r = await run({
          signal: 'requestRate',
          groupBy: ['version'],
          filters: { model: ['gpt-4o-mini', 'claude-sonnet-4-20250514'] },
        });
        expect(r.v2).toBeCloseTo(1 / STEP_SEC, 9); // gpt-4o-mini, sent under both names
        expect(r.v3).toBeCloseTo(1 / STEP_SEC, 9);
        // The same with the version joined from target_info (the join happens before `unless`).
        const joined = { ...ctx, inventory: async () => ({ ...inventory, version: 'target_info' as const }) };
        const errors = last(
          await metricSignalFrames(
            joined,
            { signal: 'errorRate', groupBy: ['version'], filters: { version: ['v2'] } },
            'A'
          )
        );
        // v2: gpt-4o (failing, old names), gpt-4o-mini (both names, counted once), embeddings (2026).
        const v2 = plans.filter((p) => p.spec.version === 'v2');
        expect(v2).toHaveLength(3);
        expect(Object.keys(errors)).toEqual(['v2']);
        expect(errors.v2).toBeCloseTo(v2.filter((p) => p.spec.errorType).length / v2.length, 12);
      });
    }
  }
);

// Real output of Grafana's agento11y SDK (fixtures/otlp/agento11y.metrics.json, recorded with a fake
// provider): old semconv durations and token usage with extra token types, and its own TTFT.
describe('metric picker on the recorded agento11y SDK metrics', () => {
  const payload = JSON.parse(
    readFileSync(path.resolve(__dirname, '../../../fixtures/otlp/agento11y.metrics.json'), 'utf8')
  );
  type Point = {
    attrs: Record<string, unknown>;
    t: number;
    count: number;
    sum: number;
    bounds: number[];
    counts: number[];
  };
  /** The latest recorded point of each attribute set of a histogram (cumulative temporality). */
  const points = (metric: string): Point[] => {
    const out = new Map<string, Point>();
    for (const rm of payload.resourceMetrics) {
      for (const sm of rm.scopeMetrics) {
        for (const m of sm.metrics.filter((x: { name: string }) => x.name === metric)) {
          for (const dp of m.histogram.dataPoints) {
            const attrs = decodeKeyValues(dp.attributes);
            const key = JSON.stringify(Object.entries(attrs).sort());
            const t = Number(dp.timeUnixNano);
            if (t >= (out.get(key)?.t ?? -1)) {
              const [bounds, counts] = [dp.explicitBounds.map(Number), dp.bucketCounts.map(Number)];
              out.set(key, { attrs, t, count: Number(dp.count), sum: Number(dp.sum), bounds, counts });
            }
          }
        }
      }
    }
    return [...out.values()];
  };
  let prom: RunningPrometheus;
  let inventory: MetricInventory;
  let ctx: MetricQueryContext;
  const run = (o: MetricQueryOptions) => metricSignalFrames(ctx, o, 'A').then(last);

  beforeAll(async () => {
    const text = otlpMetricsToOpenMetrics(payload, {
      endSec: END,
      durationSec: 1800,
      stepSec: STEP_SEC,
      promote: ['service.version'],
    });
    prom = await startPrometheus(text);
    ({ inventory, ctx } = await metricContext(prom.url, END - 600, DEFAULT_MAX_SERIES));
  });
  afterAll(() => prom?.stop());

  it('reads its own TTFT as the client measure', async () => {
    expect(inventory.ttft).toEqual({ sdk: { base: 'gen_ai_client_time_to_first_token_seconds', kind: 'classic' } });
    const ttft = points('gen_ai.client.time_to_first_token');
    const r = await run({ signal: 'ttft', groupBy: ['model'], quantile: 0.5 });
    expect(Object.keys(r)).toEqual(ttft.map((p) => String(p.attrs['gen_ai.request.model'])));
    for (const p of ttft) {
      // One recorded observation: the quantile interpolates inside its bucket.
      const i = p.counts.findIndex((c) => c > 0);
      const lo = i === 0 ? 0 : p.bounds[i - 1];
      expect(r[String(p.attrs['gen_ai.request.model'])]).toBeCloseTo(lo + (p.bounds[i] - lo) * 0.5, 9);
    }
  });

  it('tokens per request by every token type it records, calls by operation', async () => {
    const r = await run({ signal: 'tokensPerRequest', groupBy: ['model'] });
    const expected: Record<string, { sum: number; count: number }> = {};
    for (const p of points('gen_ai.client.token.usage')) {
      const k = `${p.attrs['gen_ai.request.model']} · ${p.attrs['gen_ai.token.type']}`;
      expected[k] = { sum: (expected[k]?.sum ?? 0) + p.sum, count: (expected[k]?.count ?? 0) + p.count };
    }
    expect(Object.keys(r).sort()).toEqual(Object.keys(expected).sort());
    expect(Object.keys(r)).toContain('gpt-4o · cache_read');
    for (const [k, v] of Object.entries(expected)) {
      expect(r[k]).toBeCloseTo(v.sum / v.count, 9);
    }
    const byOp = await run({ signal: 'requestRate', groupBy: ['operation'] });
    const calls: Record<string, number> = {};
    for (const p of points('gen_ai.client.operation.duration')) {
      const op = String(p.attrs['gen_ai.operation.name']);
      calls[op] = (calls[op] ?? 0) + p.count;
    }
    expect(Object.keys(byOp).sort()).toEqual(Object.keys(calls).sort());
    for (const [op, n] of Object.entries(calls)) {
      expect(byOp[op]).toBeCloseTo(n / STEP_SEC, 9);
    }
  });
});

describe('Tempo span-metrics only (no semconv metrics)', () => {
  it('serves request rate, error rate and latency from traces_spanmetrics_*', async () => {
    const prom = await startPrometheus(syntheticSpanMetrics({ endSec: END, durationSec: 900 }));
    try {
      const client = new PrometheusClient(fetchTransport(prom.url, { backend: 'Prometheus' }));
      const inventory = await detectMetricInventory(client);
      expect(inventory.duration).toBeUndefined();
      expect(inventory.spanMetrics).toEqual({
        calls: 'traces_spanmetrics_calls_total',
        latency: { base: 'traces_spanmetrics_latency', kind: 'classic' },
      });
      const ctx: MetricQueryContext = {
        prometheus: client,
        range: { start: END - 300, end: END },
        stepSec: 60,
        scrapeIntervalSec: STEP_SEC,
        inventory: async () => inventory,
        maxSeries: 100,
      };
      const rate = last(await metricSignalFrames(ctx, { signal: 'requestRate', groupBy: ['service'] }, 'A'));
      expect(rate['agent-app']).toBeCloseTo(SERIES.filter((s) => s.job === 'agent-app').length / STEP_SEC, 9);
      const errors = last(await metricSignalFrames(ctx, { signal: 'errorRate', groupBy: ['model'] }, 'A'));
      expect(errors['gpt-4o']).toBeCloseTo(0.5, 9);
      const p90 = last(await metricSignalFrames(ctx, { signal: 'latency', groupBy: ['model'], quantile: 0.9 }, 'A'));
      expect(p90['gpt-4o-mini']).toBeCloseTo(singleBucketQuantile(0.9, 0.6, DURATION_BUCKETS), 9);
      await expect(metricSignalFrames(ctx, { signal: 'tokensPerSecond' }, 'A')).rejects.toThrow(
        /^No token usage metric found in Prometheus/
      );
    } finally {
      await prom.stop();
    }
  });
});

// Tempo span-metrics with both provider dimensions (stack/tempo/tempo.yaml): chat spans of
// instrumentation-openai 0.22 carry only gen_ai_system, agent spans only gen_ai_provider_name.
const MIXED_PROVIDER_SPANS = [
  { op: 'chat', model: 'gpt-4o', labels: { gen_ai_system: 'openai' }, perStep: 2 },
  { op: 'chat', model: 'claude-sonnet-4-20250514', labels: { gen_ai_system: 'anthropic' }, perStep: 1 },
  { op: 'invoke_agent', model: 'gpt-4o', labels: { gen_ai_provider_name: 'openai' }, perStep: 3 },
  {
    op: 'chat',
    model: 'mistral-small-latest',
    labels: { gen_ai_provider_name: 'mistral_ai', gen_ai_system: 'mistral_ai' },
    perStep: 5,
  },
  { op: 'execute_tool', model: '', labels: {}, perStep: 7 },
];

function mixedProviderSpanMetrics(endSec: number, durationSec: number): string {
  const steps = Math.floor(durationSec / STEP_SEC);
  const lines = ['# TYPE traces_spanmetrics_calls counter'];
  for (const s of MIXED_PROVIDER_SPANS) {
    const labels = Object.entries({
      service: 'agent-app',
      span_name: `${s.op} ${s.model}`.trim(),
      status_code: 'STATUS_CODE_UNSET',
      gen_ai_operation_name: s.op,
      ...(s.model ? { gen_ai_request_model: s.model } : {}),
      ...s.labels,
    })
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(',');
    for (let k = 0; k <= steps; k++) {
      lines.push(`traces_spanmetrics_calls_total{${labels}} ${s.perStep * (k + 1)} ${endSec - (steps - k) * STEP_SEC}`);
    }
  }
  return lines.join('\n') + '\n# EOF\n';
}

describe('provider on series labelled gen_ai_system, gen_ai_provider_name or both', () => {
  let prom: RunningPrometheus;
  let ctx: MetricQueryContext;
  let inventory: MetricInventory;
  const perSec = (pred: (s: (typeof MIXED_PROVIDER_SPANS)[number]) => boolean) =>
    MIXED_PROVIDER_SPANS.filter(pred).reduce((a, s) => a + s.perStep, 0) / STEP_SEC;
  const provider = (s: (typeof MIXED_PROVIDER_SPANS)[number]): string | undefined =>
    (s.labels as Record<string, string>).gen_ai_provider_name ?? (s.labels as Record<string, string>).gen_ai_system;

  beforeAll(async () => {
    prom = await startPrometheus(mixedProviderSpanMetrics(END, 900));
    ({ inventory, ctx } = await metricContext(prom.url, END - 300, 100));
  });
  afterAll(() => prom?.stop());

  it('detects the old label next to the current one', () => {
    expect(inventory.labels.provider).toBe('gen_ai_provider_name');
    expect(inventory.legacyProvider).toBe('gen_ai_system');
  });

  it('groups by either label, a series with both counted once', async () => {
    const r = last(await metricSignalFrames(ctx, { signal: 'requestRate', groupBy: ['provider'] }, 'A'));
    expect(Object.keys(r).sort()).toEqual(['(no gen_ai_provider_name)', 'anthropic', 'mistral_ai', 'openai']);
    expect(r.openai).toBeCloseTo(
      perSec((s) => provider(s) === 'openai'),
      9
    ); // (2 + 3) / 15
    expect(r.openai).toBeCloseTo(5 / STEP_SEC, 9);
    expect(r.anthropic).toBeCloseTo(1 / STEP_SEC, 9);
    expect(r.mistral_ai).toBeCloseTo(5 / STEP_SEC, 9);
    expect(r['(no gen_ai_provider_name)']).toBeCloseTo(7 / STEP_SEC, 9); // the tool spans
  });

  it('filters by either label, a series with both counted once', async () => {
    const one = last(
      await metricSignalFrames(
        ctx,
        { signal: 'requestRate', groupBy: ['operation'], filters: { provider: ['openai'] } },
        'A'
      )
    );
    expect(one).toEqual({ chat: expect.any(Number), invoke_agent: expect.any(Number) });
    expect(one.chat).toBeCloseTo(2 / STEP_SEC, 9);
    expect(one.invoke_agent).toBeCloseTo(3 / STEP_SEC, 9);
    const two = last(
      await metricSignalFrames(
        ctx,
        { signal: 'requestRate', groupBy: ['provider'], filters: { provider: ['anthropic', 'mistral_ai'] } },
        'A'
      )
    );
    expect(Object.keys(two).sort()).toEqual(['anthropic', 'mistral_ai']);
    expect(two.mistral_ai).toBeCloseTo(5 / STEP_SEC, 9);
    const total = last(
      await metricSignalFrames(ctx, { signal: 'requestRate', filters: { provider: ['mistral_ai'] } }, 'A')
    );
    expect(Object.values(total)).toHaveLength(1);
    expect(Object.values(total)[0]).toBeCloseTo(5 / STEP_SEC, 9);
  });
});

describe('recorded cost equals the datasource’s per-call cost', () => {
  it('sums to the price-table cost of every priced call, and reports unpriced tokens', async () => {
    const end = Math.floor(Date.now() / 1000) - 20;
    const prom = await startPrometheus(syntheticOpenMetrics({ endSec: end, durationSec: 300, promoteVersion: true }), {
      ruleFiles: [RULES],
      evaluationIntervalSec: 1,
    });
    try {
      const client = new PrometheusClient(fetchTransport(prom.url, { backend: 'Prometheus' }));
      const calls = 300 / STEP_SEC + 1;
      // The datasource prices each call through the same table (linear models, no cache tokens).
      const { genaiPricesLookup } = await import('../cost/priceLookup');
      const lookup = genaiPricesLookup(calcPrice);
      let expected = 0;
      let unpricedTokens = 0;
      for (const s of SERIES) {
        const q = lookup(
          { input: s.inputTokens, output: s.outputTokens, cacheRead: 0, cacheCreation: 0 },
          s.model,
          s.provider
        );
        if (q) {
          expected += q.totalUsd * calls;
        } else {
          unpricedTokens += (s.inputTokens + s.outputTokens) * calls;
        }
      }
      // Rules of a group are written one after another: poll until every series the test reads has
      // its first sample (cost alone can be visible before the unpriced-tokens rule has run).
      let recorded: number | undefined;
      let unpriced: number | undefined;
      for (let i = 0; i < 80 && (recorded === undefined || unpriced === undefined); i++) {
        const [c, u] = await Promise.all([
          client.query('sum(genai:cost_usd:total)', undefined),
          client.query('sum(genai:tokens_unpriced:total)', undefined),
        ]);
        recorded = c.result.length ? Number(c.result[0].value[1]) : undefined;
        unpriced = u.result.length ? Number(u.result[0].value[1]) : undefined;
        if (recorded === undefined || unpriced === undefined) {
          await new Promise((res) => setTimeout(res, 250));
        }
      }
      expect(recorded).toBeDefined();
      expect(Math.abs(recorded! - expected) / expected).toBeLessThan(1e-6);
      expect(unpriced).toBe(unpricedTokens);
    } finally {
      await prom.stop();
    }
  });
});

describe('metric query builder without data', () => {
  const bare: MetricInventory = {
    naming: 'underscore',
    version: 'none',
    labels: {
      model: 'm',
      provider: 'p',
      operation: 'o',
      service: 'job',
      version: 'service_version',
      agent: 'a',
      tokenType: 't',
      errorType: 'e',
      evaluationName: 'n',
    },
  };

  const UNDERSCORE: MetricInventory = { naming: 'underscore', version: 'none', labels: UNDERSCORE_LABELS };

  it('says which metric would provide a missing signal', () => {
    expect(() => buildMetricQuery({ signal: 'ttft' }, bare)).toThrow(MissingSignalError);
    expect(() => buildMetricQuery({ signal: 'ttft' }, bare)).toThrow(
      'No time-to-first-token metric found in Prometheus. It comes from gen_ai.client.inference.time_to_first_chunk (2026), gen_ai.client.operation.time_to_first_chunk, gen_ai.client.time_to_first_token (Grafana agento11y SDK) or gen_ai.server.time_to_first_token.'
    );
    expect(() => buildMetricQuery({ signal: 'costPerHour' }, bare)).toThrow(/genai:cost_usd:total/);
    expect(() =>
      buildMetricQuery(
        { signal: 'requestRate', groupBy: ['version'] },
        { ...bare, duration: { base: 'd', kind: 'classic' } }
      )
    ).toThrow(/promote service.version/);
  });

  it('escapes filter values and uses native-histogram functions', () => {
    const inv: MetricInventory = {
      ...bare,
      duration: { base: 'dur', kind: 'native' },
      tokens: { base: 'tok', kind: 'native' },
    };
    const lat = buildMetricQuery({ signal: 'latency', quantile: 0.99, filters: { model: ['a"b', 'c.d'] } }, inv);
    expect(lat.expr).toBe('histogram_quantile(0.99, sum (rate(dur{m=~"a\\"b|c\\\\.d"}[$__rate_interval])))');
    expect(buildMetricQuery({ signal: 'tokensPerRequest' }, inv).expr).toBe(
      'sum by (t) (histogram_sum(rate(tok[$__rate_interval]))) / sum by (t) (histogram_count(rate(tok[$__rate_interval])))'
    );
    expect(buildMetricQuery({ signal: 'requestRate' }, inv).expr).toBe(
      'sum (histogram_count(rate(dur[$__rate_interval])))'
    );
    expect(buildMetricQuery({ signal: 'errorRate' }, inv).expr).toBe(
      '(sum (histogram_count(rate(dur{e!=""}[$__rate_interval]))) or (0 * sum (histogram_count(rate(dur[$__rate_interval]))))) / sum (histogram_count(rate(dur[$__rate_interval])))'
    );
  });

  it('puts Prometheus 3 UTF-8 metric and label names inside quoted selectors', () => {
    const utf8: MetricInventory = {
      ...bare,
      naming: 'utf8',
      labels: { ...bare.labels, model: 'gen_ai.request.model', tokenType: 'gen_ai.token.type' },
      tokens: { base: 'gen_ai.client.token.usage', kind: 'classic' },
    };
    expect(
      buildMetricQuery({ signal: 'tokensPerSecond', groupBy: ['model'], filters: { model: ['gpt-4o'] } }, utf8).expr
    ).toBe(
      'sum by ("gen_ai.request.model", "gen_ai.token.type") (rate({"gen_ai.client.token.usage_sum", "gen_ai.request.model"="gpt-4o"}[$__rate_interval]))'
    );
  });

  it('falls back to Tempo span-metrics for request rate and latency', () => {
    const inv: MetricInventory = {
      ...bare,
      spanMetrics: {
        calls: 'traces_spanmetrics_calls_total',
        latency: { base: 'traces_spanmetrics_latency', kind: 'classic' },
      },
    };
    expect(buildMetricQuery({ signal: 'requestRate', groupBy: ['model'] }, inv).expr).toBe(
      'sum by (m) (rate(traces_spanmetrics_calls_total{gen_ai_operation_name!=""}[$__rate_interval]))'
    );
    expect(buildMetricQuery({ signal: 'errorRate' }, inv).expr).toContain('status_code="STATUS_CODE_ERROR"');
  });

  it('reads the old provider label too when the series carry it', () => {
    const inv: MetricInventory = {
      ...bare,
      labels: { ...bare.labels, provider: 'gen_ai_provider_name' },
      legacyProvider: 'gen_ai_system',
      duration: { base: 'dur', kind: 'classic' },
    };
    expect(buildMetricQuery({ signal: 'requestRate', groupBy: ['provider'] }, inv).expr).toBe(
      'sum by (gen_ai_provider_name) (label_replace(rate(dur_count[$__rate_interval]), "gen_ai_provider_name", "$1", "gen_ai_system", "(.+)"))'
    );
    expect(buildMetricQuery({ signal: 'requestRate', filters: { provider: ['openai'], model: ['x'] } }, inv).expr).toBe(
      'sum ((rate(dur_count{gen_ai_provider_name="openai", m="x"}[$__rate_interval]) or rate(dur_count{gen_ai_system="openai", m="x"}[$__rate_interval])))'
    );
    // Without a provider filter or grouping the query stays as it was.
    expect(buildMetricQuery({ signal: 'requestRate', groupBy: ['model'] }, inv).expr).toBe(
      'sum by (m) (rate(dur_count[$__rate_interval]))'
    );
    // Filter and grouping together, joined version: filter inside the join, label copied outside it.
    const joined = buildMetricQuery(
      { signal: 'costCumulative', groupBy: ['provider', 'version'], filters: { provider: ['a.b', 'c'] } },
      { ...inv, version: 'target_info', cost: 'genai:cost_usd:total' }
    ).expr;
    expect(joined).toBe(
      'sum by (gen_ai_provider_name, service_version) (label_replace(((increase(genai:cost_usd:total{gen_ai_provider_name=~"a\\\\.b|c"}[$__range]) or increase(genai:cost_usd:total{gen_ai_system=~"a\\\\.b|c"}[$__range])) * on (job, instance) group_left (service_version) target_info), "gen_ai_provider_name", "$1", "gen_ai_system", "(.+)"))'
    );
    // Prometheus 3 UTF-8 names are quoted in label_replace as in selectors.
    const utf8 = buildMetricQuery(
      { signal: 'requestRate', groupBy: ['provider'], filters: { provider: ['openai'] } },
      {
        ...inv,
        naming: 'utf8',
        labels: { ...inv.labels, provider: 'gen_ai.provider.name' },
        legacyProvider: 'gen_ai.system',
      }
    ).expr;
    expect(utf8).toBe(
      'sum by ("gen_ai.provider.name") (label_replace((rate(dur_count{"gen_ai.provider.name"="openai"}[$__rate_interval]) or rate(dur_count{"gen_ai.system"="openai"}[$__rate_interval])), "gen_ai.provider.name", "$1", "gen_ai.system", "(.+)"))'
    );
  });

  it('reads old and 2026 families together, each call site once', () => {
    const inv: MetricInventory = {
      ...UNDERSCORE,
      inferenceDuration: { base: 'inf', kind: 'classic' },
      duration: { base: 'op', kind: 'classic' },
    };
    const calls =
      'rate(inf_count[$__rate_interval]) or (rate(op_count[$__rate_interval]) unless on (job, instance, gen_ai_request_model, gen_ai_operation_name) rate(inf_count[$__rate_interval]))';
    expect(buildMetricQuery({ signal: 'requestRate', groupBy: ['model'] }, inv).expr).toBe(
      `sum by (gen_ai_request_model) (${calls})`
    );
    // The error matcher applies to both families; the presence side of `unless` stays unfiltered.
    expect(buildMetricQuery({ signal: 'errorRate' }, inv).expr).toBe(
      '(sum (rate(inf_count{error_type!=""}[$__rate_interval]) or (rate(op_count{error_type!=""}[$__rate_interval]) unless on (job, instance, gen_ai_request_model, gen_ai_operation_name) rate(inf_count[$__rate_interval]))) or ' +
        `(0 * sum (${calls}))) / sum (${calls})`
    );
    expect(buildMetricQuery({ signal: 'latency', quantile: 0.5, filters: { model: ['m"x'] } }, inv).expr).toBe(
      'histogram_quantile(0.5, sum by (le) (rate(inf_bucket{gen_ai_request_model="m\\"x"}[$__rate_interval]) or (rate(op_bucket{gen_ai_request_model="m\\"x"}[$__rate_interval]) unless on (job, instance, gen_ai_request_model, gen_ai_operation_name) rate(inf_count[$__rate_interval]))))'
    );
    // Different bucket bounds: every bucket selector keeps the shared ones.
    expect(
      buildMetricQuery({ signal: 'latency', quantile: 0.5 }, { ...inv, commonLe: { latency: '1|\\+Inf' } }).expr
    ).toContain('rate(op_bucket{le=~"1|\\\\+Inf"}[$__rate_interval])');
    // Native and classic buckets cannot share one quantile; counts still can.
    const mixed = { ...inv, duration: { base: 'op', kind: 'native' as const } };
    expect(() => buildMetricQuery({ signal: 'latency' }, mixed)).toThrow(/mix native and classic histograms/);
    expect(buildMetricQuery({ signal: 'requestRate' }, mixed).expr).toBe(
      'sum (rate(inf_count[$__rate_interval]) or (histogram_count(rate(op[$__rate_interval])) unless on (job, instance, gen_ai_request_model, gen_ai_operation_name) rate(inf_count[$__rate_interval])))'
    );
  });

  it('prefers client TTFT per job and model over the server one, semconv over the agento11y SDK', () => {
    const inv: MetricInventory = {
      ...UNDERSCORE,
      ttft: {
        inference: { base: 'ti', kind: 'classic' },
        operation: { base: 'to', kind: 'classic' },
        sdk: { base: 'ts', kind: 'classic' },
        server: { base: 'sv', kind: 'classic' },
      },
    };
    const site = 'sum by (gen_ai_agent_name, job, gen_ai_request_model, le)';
    expect(buildMetricQuery({ signal: 'ttft', groupBy: ['agent'], quantile: 0.99 }, inv).expr).toBe(
      'histogram_quantile(0.99, sum by (gen_ai_agent_name, le) (' +
        `${site} (rate(ti_bucket[$__rate_interval]) or (rate(to_bucket[$__rate_interval]) unless on (job, instance, gen_ai_request_model, gen_ai_operation_name) rate(ti_count[$__rate_interval])) or (rate(ts_bucket[$__rate_interval]) unless on (job, instance, gen_ai_request_model) (rate(ti_count[$__rate_interval]) or rate(to_count[$__rate_interval])))) ` +
        `or on (job, gen_ai_request_model) ${site} (rate(sv_bucket[$__rate_interval]))))`
    );
    // One family: the plain query, as before 2026.
    expect(
      buildMetricQuery({ signal: 'ttft' }, { ...UNDERSCORE, ttft: { sdk: { base: 'ts', kind: 'classic' } } }).expr
    ).toBe('histogram_quantile(0.9, sum by (le) (rate(ts_bucket[$__rate_interval])))');
  });

  it('maps the 2026 usage counters onto token types, the old histogram only where they are absent', () => {
    const inv: MetricInventory = {
      ...UNDERSCORE,
      tokens: { base: 'tok', kind: 'classic' },
      inferenceDuration: { base: 'inf', kind: 'classic' },
      usageCounters: { input: 'in_total', cache_read: 'cr_total', reasoning: 'rs_total' },
    };
    const old = (part: string) =>
      `(rate(tok_${part}[$__rate_interval]) unless on (job, instance, gen_ai_request_model) rate(in_total[$__rate_interval]))`;
    const typed = (e: string, t: string) => `label_replace(${e}, "gen_ai_token_type", "${t}", "", "")`;
    const tokens = [
      old('sum'),
      typed('rate(in_total[$__rate_interval])', 'input'),
      typed('rate(cr_total[$__rate_interval])', 'cache_read'),
      typed('rate(rs_total[$__rate_interval])', 'reasoning'),
    ].join(' or ');
    expect(buildMetricQuery({ signal: 'tokensPerSecond' }, inv).expr).toBe(`sum by (gen_ai_token_type) (${tokens})`);
    // Per request: per-operation token histograms when present, else successful inference calls.
    const ok = 'rate(inf_count{error_type=""}[$__rate_interval])';
    expect(buildMetricQuery({ signal: 'tokensPerRequest' }, inv).expr).toBe(
      `sum by (gen_ai_token_type) (${tokens}) / sum by (gen_ai_token_type) (${[old('count'), typed(ok, 'input'), typed(ok, 'cache_read'), typed(ok, 'reasoning')].join(' or ')})`
    );
    const withHistograms = buildMetricQuery(
      { signal: 'tokensPerRequest' },
      { ...inv, usageHistograms: { input: { base: 'oi', kind: 'classic' }, output: { base: 'oo', kind: 'native' } } }
    ).expr;
    expect(withHistograms).toContain(typed('rate(oi_count[$__rate_interval])', 'cache_read'));
    expect(withHistograms).toContain(typed('histogram_count(rate(oo[$__rate_interval]))', 'reasoning'));
    expect(() =>
      buildMetricQuery({ signal: 'tokensPerRequest' }, { ...UNDERSCORE, usageCounters: { input: 'in_total' } })
    ).toThrow(/^No token usage metric found in Prometheus\. It comes from gen_ai\.client\.token\.usage/);
  });

  it('writes Prometheus 3 UTF-8 names of the 2026 families, quoted', () => {
    const utf8: MetricInventory = {
      ...UNDERSCORE,
      naming: 'utf8',
      labels: {
        ...UNDERSCORE.labels,
        model: 'gen_ai.request.model',
        operation: 'gen_ai.operation.name',
        tokenType: 'gen_ai.token.type',
      },
      inferenceDuration: { base: 'gen_ai.client.inference.duration_seconds', kind: 'classic' },
      duration: { base: 'gen_ai.client.operation.duration', kind: 'classic' },
      usageCounters: { output: 'gen_ai.client.inference.usage.output_tokens_total' },
    };
    expect(buildMetricQuery({ signal: 'requestRate', groupBy: ['model'] }, utf8).expr).toBe(
      'sum by ("gen_ai.request.model") (rate({"gen_ai.client.inference.duration_seconds_count"}[$__rate_interval]) or (rate({"gen_ai.client.operation.duration_count"}[$__rate_interval]) unless on (job, instance, "gen_ai.request.model", "gen_ai.operation.name") rate({"gen_ai.client.inference.duration_seconds_count"}[$__rate_interval])))'
    );
    expect(buildMetricQuery({ signal: 'tokensPerSecond' }, utf8).expr).toBe(
      'sum by ("gen_ai.token.type") (label_replace(rate({"gen_ai.client.inference.usage.output_tokens_total"}[$__rate_interval]), "gen_ai.token.type", "output", "", ""))'
    );
  });

  it('knows every translation of the old and 2026 names', () => {
    expect(FAMILIES.inferenceDuration).toEqual([
      'gen_ai_client_inference_duration_seconds',
      'gen_ai.client.inference.duration_seconds',
      'gen_ai.client.inference.duration',
      'gen_ai_client_inference_duration',
    ]);
    expect(FAMILIES.usageCounters.cache_write).toEqual([
      'gen_ai_client_inference_usage_cache_write_input_tokens_total',
      'gen_ai.client.inference.usage.cache_write.input_tokens_total',
      'gen_ai.client.inference.usage.cache_write.input_tokens',
      'gen_ai_client_inference_usage_cache_write_input_tokens',
    ]);
    expect(FAMILIES.ttft.sdk[0]).toBe('gen_ai_client_time_to_first_token_seconds');
    expect(FAMILIES.usageHistograms.input[0]).toBe('gen_ai_client_inference_operation_input_tokens');
    expect(JSON.stringify(FAMILIES)).not.toContain('inference_tokens');
    expect(JSON.stringify(FAMILIES)).not.toContain('inference.tokens');
    for (const [signal, names] of [
      ['duration', ['gen_ai.client.inference.duration', 'gen_ai.client.operation.duration']],
      ['tokens', ['gen_ai.client.inference.usage', 'gen_ai.client.token.usage']],
      [
        'ttft',
        [
          'inference.time_to_first_chunk',
          'operation.time_to_first_chunk',
          'gen_ai.client.time_to_first_token',
          'gen_ai.server.time_to_first_token',
        ],
      ],
    ] as const) {
      for (const n of names) {
        expect(PROVIDED_BY[signal]).toContain(n);
      }
    }
  });

  it('reports Prometheus being down', async () => {
    const port = await freePort();
    const client = new PrometheusClient(fetchTransport(`http://127.0.0.1:${port}`, { backend: 'Prometheus' }));
    await expect(detectMetricInventory(client)).rejects.toThrow(
      /^Prometheus is unreachable at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED$/
    );
  });
});
