/**
 * The version comparison on a real Prometheus (Debian package), backfilled with three versions
 * whose true differences are known (tests/helpers/versionTraffic.ts: v2 +25 % cost per call and
 * −0.1 quality, same latency; v3 = v1). Aggregates are checked against arithmetic on the
 * generated calls; verdicts against the truth. Runs with version promoted and joined from target_info.
 *
 * @jest-environment node
 */
import { dateTime, type DataFrame, type DataQueryRequest, type DataSourceInstanceSettings } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';
import { firstValueFrom } from 'rxjs';
import { GenAiDataSource } from '../../datasource/datasource';
import type { GenAiDataSourceOptions, GenAiQuery } from '../../datasource/types';
import { fetchTransport } from '../http/transport';
import { detectMetricInventory } from '../metrics/metricInventory';
import { PrometheusClient } from '../prometheus/prometheusClient';
import { binsFromCumulative, histogramQuantile } from '../stats/histogramMoments';
import { startPrometheus, type RunningPrometheus } from '../../../tests/helpers/prometheusServer';
import { DURATION_BUCKETS } from '../../../tests/helpers/syntheticMetrics';
import {
  trafficTotals,
  versionTraffic,
  VERSION_STEP_SEC,
  type VersionTraffic,
} from '../../../tests/helpers/versionTraffic';
import {
  compareVersionData,
  fetchVersionData,
  isFallback,
  versionComparisonFrames,
  type VersionComparisonContext,
  type VersionData,
} from './versionComparison';
import { exactIncrease } from './versionComparisonPromQL';

jest.setTimeout(120_000);

const END = Math.floor(Date.now() / 1000 / VERSION_STEP_SEC) * VERSION_STEP_SEC - 120;
const STEPS = 121;
const RANGE_SEC = 3600;

describe.each([
  ['version promoted to a label', true, false],
  ['version joined from target_info', false, false],
  ['both duration generations sent for the same calls', true, true],
])('version comparison against real Prometheus (%s)', (_t, promoteVersion, dualEmit) => {
  let prom: RunningPrometheus;
  let traffic: VersionTraffic;
  let ctx: VersionComparisonContext;
  let data: VersionData;
  let client: PrometheusClient;

  beforeAll(async () => {
    traffic = versionTraffic({ endSec: END, steps: STEPS, promoteVersion, dualEmit });
    prom = await startPrometheus(traffic.openMetrics);
    client = new PrometheusClient(fetchTransport(prom.url, { backend: 'Prometheus' }));
    const inventory = await detectMetricInventory(client);
    ctx = {
      prometheus: client,
      range: { start: END - RANGE_SEC, end: END },
      scrapeIntervalSec: VERSION_STEP_SEC,
      inventory: async () => inventory,
    };
    data = await fetchVersionData(ctx, {});
  });
  afterAll(() => prom?.stop());

  const truth = () => trafficTotals(traffic, END - RANGE_SEC, END);
  const sample = (metric: string, version: string) => data.samples[metric]?.[version];

  it('tells a fallback from a dated snapshot of the requested model', () => {
    expect(isFallback('gpt-4o', 'gpt-4o-2024-08-06')).toBe(false);
    expect(isFallback('claude-sonnet-4', 'claude-sonnet-4-20250514')).toBe(false);
    expect(isFallback('gpt-4o', 'gpt-4o-mini')).toBe(true);
    expect(isFallback('gpt-4o', 'claude-sonnet-4')).toBe(true);
  });

  it('finds the versions in first-seen order', () => {
    expect(data.versions).toEqual(['v1', 'v2', 'v3']);
    expect(data.firstSeen.v1).toBeLessThan(data.firstSeen.v2);
    expect(data.firstSeen.v2).toBeLessThan(data.firstSeen.v3);
  });

  it('returns the exact aggregates over all calls in the range', () => {
    const t = truth();
    for (const v of ['v1', 'v2', 'v3']) {
      const x = t[v];
      expect(sample('requests', v)).toEqual({ kind: 'total', value: x.calls });
      expect(sample('errorRate', v)).toEqual({ kind: 'proportion', successes: x.errors, trials: x.calls });
      expect(sample('fallbackRate', v)).toEqual({ kind: 'proportion', successes: x.fallbacks, trials: x.calls });
      const cost = sample('costTotal', v);
      expect(cost?.kind === 'total' && cost.value).toBeCloseTo(x.cost, 9);
      const perCall = sample('costPerRequest', v);
      expect(perCall?.kind === 'mean' && perCall.mean).toBeCloseTo(x.cost / x.calls, 12);
      const tokens = sample('inputTokens', v);
      expect(tokens?.kind === 'mean' && tokens.mean).toBeCloseTo(x.inputTokens / x.calls, 9);
      expect(tokens?.kind === 'mean' && tokens.n).toBe(x.calls);
      const q = sample('quality:relevance', v);
      expect(q?.kind === 'mean' && q.mean).toBeCloseTo(x.scoreSum / x.scores, 12);
      expect(sample('passRate:relevance', v)).toEqual({ kind: 'proportion', successes: x.passes, trials: x.scores });
      const cache = sample('cacheReadTokens', v);
      expect(cache?.kind === 'mean' && cache.mean).toBeCloseTo(x.cacheRead / x.calls, 6);
      // p90 from the exact bucket counts of the generated calls.
      const buckets = [...DURATION_BUCKETS, Infinity].map((le) => ({
        le,
        count: x.latencies.filter((l) => l <= le).length,
      }));
      const p90 = sample('latencyP90', v);
      expect(p90?.kind === 'quantile' && histogramQuantile(0.9, p90.bins)).toBeCloseTo(
        histogramQuantile(0.9, binsFromCumulative(buckets)),
        12
      );
    }
  });

  it('computes quantiles as Prometheus’ histogram_quantile does', async () => {
    const V = 'service_version';
    const growth = exactIncrease('gen_ai_client_operation_duration_seconds_bucket', `${RANGE_SEC}s`);
    const expr = promoteVersion
      ? `histogram_quantile(0.99, sum by (${V}, le) (${growth}))`
      : `histogram_quantile(0.99, sum by (${V}, le) (${growth} * on (job, instance) group_left (${V}) target_info))`;
    const res = await client.query(expr, END);
    expect(res.result).toHaveLength(3);
    for (const r of res.result) {
      const s = sample('latencyP99', r.metric[V]);
      expect(s?.kind === 'quantile' && histogramQuantile(0.99, s.bins)).toBeCloseTo(Number(r.value[1]), 9);
    }
  });

  it('says v2 costs more and scores lower, same latency; v3 = v1 shows no significant difference', () => {
    const c = compareVersionData(data, { baseline: 'fixed', baselineVersion: 'v1' });
    expect(c.versions).toEqual(['v1', 'v2', 'v3']);
    const cell = (m: string, v: string) => c.cells.find((x) => x.metric === m && x.version === v)!;
    expect(cell('costPerRequest', 'v2').verdict).toBe('worse');
    expect(cell('costPerRequest', 'v2').relative).toBeCloseTo(0.25, 1);
    const rel = cell('costPerRequest', 'v2').relativeCi;
    expect(rel[0]).toBeLessThan(0.25 + 0.03);
    expect(rel[1]).toBeGreaterThan(0.25 - 0.03);
    expect(cell('quality:relevance', 'v2').verdict).toBe('worse');
    expect(cell('quality:relevance', 'v2').diff).toBeCloseTo(-0.1, 1);
    expect(cell('passRate:relevance', 'v2').verdict).toBe('worse');
    for (const m of [
      'latencyP50',
      'latencyP90',
      'latencyP99',
      'ttftP50',
      'ttftP90',
      'errorRate',
      'inputTokens',
      'outputTokens',
      'fallbackRate',
      'cacheReadTokens',
    ]) {
      expect([m, cell(m, 'v2').verdict]).toEqual([m, 'no significant difference']);
    }
    const tested = c.cells.filter((x) => x.version === 'v3' && x.metric !== 'requests' && x.metric !== 'costTotal');
    expect(tested.length).toBeGreaterThanOrEqual(13);
    for (const x of tested) {
      expect([x.metric, x.verdict]).toEqual([x.metric, 'no significant difference']);
      expect(x.pValue).toBeGreaterThanOrEqual(0);
      expect(x.ci[0]).toBeLessThanOrEqual(x.ci[1]);
    }
  });

  it('gives each metric a sparkline over the range’s windows', () => {
    const t = truth();
    expect(data.windows.count).toBe(10);
    for (const v of ['v1', 'v2', 'v3']) {
      const req = data.spark!.requests[v];
      expect(req).toHaveLength(10);
      // Windows use increase() (extrapolated to the window edges): close to, not exactly, the total.
      const sum = req.reduce((a, b) => a + b, 0);
      expect(Math.abs(sum / t[v].calls - 1)).toBeLessThan(0.05);
      expect(data.spark!.latencyP90[v]).toHaveLength(10);
      expect(data.spark!['quality:relevance'][v].every((q) => q > 0.5 && q < 0.95)).toBe(true);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const c1 = mean(data.spark!.costPerRequest.v1);
    const c2 = mean(data.spark!.costPerRequest.v2);
    expect(c2 / c1).toBeGreaterThan(1.15);
    expect(c2 / c1).toBeLessThan(1.35);
  });

  it('"previous version" is the one first seen before the newest', () => {
    expect(compareVersionData(data, {}).baseline).toBe('v2');
  });

  it('builds one frame per refresh in one batch, filters escaped', async () => {
    const frames = await versionComparisonFrames(
      ctx,
      {
        baseline: 'fixed',
        baselineVersion: 'v1',
        filters: { service: ['agent-app'], model: ['gpt-4o"} or vector(1) #'] },
      },
      'A'
    ).catch((e) => e);
    // A hostile model name is a literal value: nothing matches, so no version has calls.
    expect(frames).toBeInstanceOf(Error);
    expect(String(frames.message)).toMatch(/No version has calls/);
    const ok = await versionComparisonFrames(
      ctx,
      { baseline: 'fixed', baselineVersion: 'v1', filters: { service: ['agent-app'] } },
      'A'
    );
    expect(ok).toHaveLength(1);
    const f = ok[0];
    const col = (n: string) => f.fields.find((x) => x.name === n)!.values;
    expect(new Set(col('version'))).toEqual(new Set(['v1', 'v2', 'v3']));
    const i = col('metric').findIndex((m: string, k: number) => m === 'costPerRequest' && col('version')[k] === 'v2');
    expect(col('verdict')[i]).toBe('worse');
    expect(col('relative')[i]).toBeGreaterThan(0.2);
    expect(f.meta?.custom?.baseline).toBe('v1');
    // A fixed set of queries by (version), none naming a version.
    const queries = String(f.meta?.executedQueryString).split('\n');
    expect(queries.length).toBeLessThanOrEqual(27);
    queries.forEach((q) => expect(q).not.toMatch(/"v[123]"/));
  });

  it('runs through the data source: variables for baseline and filters, cancellation-safe errors', async () => {
    const vars: Record<string, string> = { base: 'v1', service: 'agent-app', hostile: 'x"} or vector(1) #' };
    const templateSrv = {
      replace: (text?: string) => (text ?? '').replace(/\$(\w+)/g, (m, a: string) => vars[a] ?? m),
    } as unknown as TemplateSrv;
    const settings = {
      uid: 'genai',
      name: 'GenAI',
      type: 'genaiobs-genai-datasource',
      jsonData: { prometheusDatasourceUid: 'prometheus', scrapeIntervalSec: VERSION_STEP_SEC },
      meta: {},
    } as unknown as DataSourceInstanceSettings<GenAiDataSourceOptions>;
    const ds = new GenAiDataSource(
      settings,
      (_uid, backend) => fetchTransport(prom.url, { backend }),
      templateSrv,
      () => Promise.reject(new Error('no prices'))
    );
    const run = async (versionComparison: GenAiQuery['versionComparison']) => {
      const request = {
        requestId: 'VC',
        targets: [{ refId: 'A', queryType: 'versionComparison', versionComparison }],
        range: { from: dateTime((END - RANGE_SEC) * 1000), to: dateTime(END * 1000), raw: { from: '', to: '' } },
        scopedVars: {},
        intervalMs: 60_000,
      } as unknown as DataQueryRequest<GenAiQuery>;
      return firstValueFrom(ds.query(request));
    };
    const ok = await run({ baseline: 'fixed', baselineVersion: '$base', filters: { service: ['$service'] } });
    expect(ok.errors).toBeUndefined();
    const frame = ok.data[0] as DataFrame;
    expect(frame.meta?.custom).toMatchObject({ baseline: 'v1', versions: ['v1', 'v2', 'v3'], datasourceUid: 'genai' });
    // A hostile service name is one literal value: no calls, a clear error, no crash.
    const bad = await run({ filters: { service: ['$hostile'] } });
    expect(bad.errors?.[0].message).toMatch(/No version has calls/);
  });

  it('refuses an unknown fixed baseline with the versions it saw', () => {
    expect(() => compareVersionData(data, { baseline: 'fixed', baselineVersion: '<img src=x>' })).toThrow(
      /baseline version "<img src=x>" has no calls.*v1, v2, v3/
    );
  });
});

describe('exact counter growth on a real Prometheus', () => {
  // Three counters sampled every 15 s over 600 s: steady, reset inside the range (back above its
  // start value at the end), and born inside the range.
  const STEP = 15;
  const END_T = Math.floor(Date.now() / 1000 / STEP) * STEP - 600;
  const N = 40;
  const steady = (i: number) => 1000 + 3 * i;
  const resetAt = 20;
  const reset = (i: number) => (i < resetAt ? 10 + 5 * i : 2 * (i - resetAt));
  const born = (i: number) => (i >= 30 ? 7 * (i - 29) : undefined);
  let prom: RunningPrometheus;
  let client: PrometheusClient;

  beforeAll(async () => {
    const lines = ['# TYPE c counter'];
    for (let i = 0; i <= N; i++) {
      const t = END_T - (N - i) * STEP;
      lines.push(`c_total{kind="steady"} ${steady(i)} ${t}`, `c_total{kind="reset"} ${reset(i)} ${t}`);
      if (born(i) !== undefined) {
        lines.push(`c_total{kind="born"} ${born(i)} ${t}`);
      }
    }
    prom = await startPrometheus(lines.join('\n') + '\n# EOF\n');
    client = new PrometheusClient(fetchTransport(prom.url, { backend: 'Prometheus' }));
  });
  afterAll(() => prom?.stop());

  it('is end − start without a reset, counts from 0 when born inside, and keeps the growth before a reset', async () => {
    const res = await client.query(`sum by (kind) (${exactIncrease('c_total', `${N * STEP}s`)})`, END_T);
    const got = Object.fromEntries(res.result.map((r) => [r.metric.kind, Number(r.value[1])]));
    expect(got.steady).toBe(steady(N) - steady(0));
    expect(got.born).toBe(born(N));
    // True growth: up to the reset, then from 0 to the end value (end − start alone would give 80 − 10).
    const truth = reset(resetAt - 1) - reset(0) + reset(N);
    expect(reset(N)).toBeGreaterThan(reset(0));
    // increase() adds the growth across the reset and extrapolates at most one step at the edges.
    expect(Math.abs(got.reset - truth) / truth).toBeLessThan(0.05);
    expect(got.reset).not.toBeCloseTo(reset(N) - reset(0), 0);
  });
});
