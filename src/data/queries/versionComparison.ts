// Query type "Version comparison": exact aggregates per version from Prometheus over all traffic in
// the range (one batch of instant queries `by (version)`, plus two range queries for the windows
// of counter ratios), then the statistics of src/data/stats, as one long frame: a row per
// metric × version with value, delta, interval, p-values and verdict.
import { FieldType, type DataFrame } from '@grafana/data';
import { FrameBuilder } from '../frames/fieldBuilder';
import { BackendError } from '../http/backendError';
import type { HistogramRef, MetricInventory } from '../metrics/metricInventory';
import type { PrometheusClient, PromVectorResult } from '../prometheus/prometheusClient';
import { ratioOfWindows, type WindowTotals } from '../stats/batchMeans';
import {
  compareVersions,
  DEFAULT_MIN_SAMPLES,
  type ComparisonCell,
  type MetricDefinition,
  type MetricSample,
} from '../stats/compareVersions';
import { summarizeHistogram, type CumulativeBucket } from '../stats/histogramMoments';
import type { Correction } from '../stats/multipleTesting';
import type { PriceLookup } from '../cost/priceLookup';
import type { TempoClient } from '../tempo/tempoClient';
import { parseSampleValue } from './metricQueries';
import { fallbacksByVersion, isFallback } from './modelFallback';
import {
  COST_PER_TRACE,
  costPerTraceFilterReason,
  costPerTraceSample,
  fetchTempoVersionData,
  fetchTraceCounts,
  type TraceCounts,
} from './versionComparisonTraceQL';

export { isFallback };
import {
  NoPrometheusData,
  RESPONSE_MODEL,
  SCORE_LABEL,
  VersionPromQL,
  type VersionFilters,
} from './versionComparisonPromQL';

export interface VersionComparisonOptions {
  /** `previous`: the version first seen before the newest one (default); `fixed`: `baselineVersion`. */
  baseline?: 'previous' | 'fixed';
  /** May come from a dashboard variable (interpolated by the data source). */
  baselineVersion?: string;
  /** Columns to show besides the baseline; empty: every version in the range. */
  versions?: string[];
  /** Metric ids (`quality` and `passRate` select every evaluation name); empty: all available. */
  metrics?: string[];
  filters?: VersionFilters;
  /** Metric id → minimum |relative change| that counts (0.2 = 20 %). */
  thresholds?: Record<string, number>;
  correction?: Correction;
  minSamples?: number;
}

export interface VersionComparisonContext {
  prometheus?: PrometheusClient;
  /** For signals Prometheus lacks: TraceQL metrics over all spans (and prices for their tokens). */
  tempo?: { client: TempoClient; prices?: PriceLookup };
  /** Unix seconds. */
  range: { start: number; end: number };
  scrapeIntervalSec: number;
  inventory: () => Promise<MetricInventory>;
  signal?: AbortSignal;
}

/** Aggregates per version, before any statistics. */
export interface VersionData {
  /** Ordered by first-seen time. */
  versions: string[];
  firstSeen: Record<string, number>;
  metrics: MetricDefinition[];
  samples: Record<string, Record<string, MetricSample>>;
  /** How each metric was measured and tested. */
  method: Record<string, string>;
  /** Metrics the data cannot give, with the reason. */
  unavailable: Array<{ id: string; label: string; reason: string }>;
  queries: string[];
  windows: { count: number; seconds: number };
  /** Per metric and version, the value in each window of the range (NaN: no data), for sparklines. */
  spark?: Record<string, Record<string, number[]>>;
  /** Per metric: where it came from (both engines aggregate all traffic; neither is a sample). */
  source?: Record<string, 'Prometheus' | 'Tempo'>;
}

const PASS_LABEL = /^(pass|passed|true|yes|success|ok)$/i;
const MAX_WINDOWS = 10;
/** Our recording rules' count of tokens they could not price (label gen_ai_token_type). */
const UNPRICED_SERIES = 'genai:tokens_unpriced:total';
const FIRST_SEEN_LOOKBACK_SEC = 7 * 86400;

const QUANTILES = [
  { id: 'latencyP50', q: 0.5, label: 'Latency p50' },
  { id: 'latencyP90', q: 0.9, label: 'Latency p90' },
  { id: 'latencyP99', q: 0.99, label: 'Latency p99' },
];
const TTFT_QUANTILES = [
  { id: 'ttftP50', q: 0.5, label: 'Time to first token p50' },
  { id: 'ttftP90', q: 0.9, label: 'Time to first token p90' },
];

const HISTOGRAM_MEAN = 'Welch t-test; mean from _sum/_count (exact), variance from the buckets (uniform within bucket)';
const PROPORTION = 'two-proportion z-test (Fisher exact when an expected count < 5)';
const QUANTILE = 'quantile-split test on bucket counts (split at the shared bucket bound nearest the pooled quantile)';

type Series = Array<{ labels: Record<string, string>; value: number }>;

function vector(r: PromVectorResult): Series {
  if (!r || r.resultType !== 'vector' || !Array.isArray(r.result)) {
    throw new BackendError('Prometheus', 'malformed', 'Prometheus answered an instant query without a vector');
  }
  return r.result.map((s) => ({ labels: s.metric ?? {}, value: parseSampleValue(s.value?.[1]) ?? NaN }));
}

/** The windows of the batch-means variances: up to 10, each at least 4 scrape intervals. */
export function comparisonWindows(range: { start: number; end: number }, scrapeIntervalSec: number) {
  const rangeSec = Math.max(1, Math.round(range.end - range.start));
  const count = Math.min(MAX_WINDOWS, Math.floor(rangeSec / (4 * Math.max(1, scrapeIntervalSec))));
  return { count, seconds: count > 0 ? Math.floor(rangeSec / count) : rangeSec };
}

/** Metrics TraceQL metrics can give when Prometheus cannot (time to first token is metric-only). */
const TEMPO_CAPABLE =
  /^(requests|errorRate|costTotal|costPerRequest|costPerTrace|inputTokens|outputTokens|cacheReadTokens|latencyP\d+|quality|passRate:.*|quality:.*|fallbackRate)$/;

/**
 * Prometheus first (exact over all traffic); for each metric it lacks, TraceQL metrics on Tempo
 * (also over all spans). Without usable Prometheus metrics the whole comparison comes from Tempo.
 */
export async function fetchVersionData(
  ctx: VersionComparisonContext,
  o: Pick<VersionComparisonOptions, 'filters'>
): Promise<VersionData> {
  const tempoData = () =>
    fetchTempoVersionData(
      {
        tempo: ctx.tempo!.client,
        prices: ctx.tempo!.prices,
        range: ctx.range,
        windows: comparisonWindows(ctx.range, ctx.scrapeIntervalSec),
        signal: ctx.signal,
      },
      o.filters ?? {}
    );
  const fromTempo = (d: VersionData): VersionData => ({
    ...d,
    source: Object.fromEntries(d.metrics.map((m) => [m.id, 'Tempo' as const])),
  });
  let prom: VersionData;
  try {
    if (!ctx.prometheus) {
      throw new NoPrometheusData('No Prometheus data source is selected in this data source’s settings.');
    }
    prom = await fetchPrometheusVersionData(ctx, o);
  } catch (e) {
    if (ctx.tempo && e instanceof NoPrometheusData) {
      return fromTempo(await tempoData());
    }
    throw e;
  }
  prom.source = Object.fromEntries(prom.metrics.map((m) => [m.id, 'Prometheus' as const]));
  const gaps = prom.unavailable.filter((u) => TEMPO_CAPABLE.test(u.id));
  if (!ctx.tempo || !gaps.length) {
    return prom;
  }
  let t: VersionData;
  try {
    t = await tempoData();
  } catch (e) {
    // Prometheus' answer stands; the gaps say why Tempo could not fill them.
    if (e instanceof BackendError && e.kind === 'cancelled') {
      throw e;
    }
    const why = e instanceof Error ? e.message : String(e);
    prom.unavailable = prom.unavailable.map((u) =>
      gaps.includes(u) ? { ...u, reason: `${u.reason}; TraceQL metrics on Tempo failed: ${why}` } : u
    );
    return prom;
  }
  const fills = t.metrics.filter((m) =>
    gaps.some((g) => g.id === m.id || (g.id === 'quality' && /^(quality|passRate):/.test(m.id)))
  );
  for (const m of fills) {
    prom.metrics.push(m);
    prom.method[m.id] = t.method[m.id];
    prom.source[m.id] = 'Tempo';
    // Versions come from Prometheus; one Tempo has no spans for is unknown there, not zero.
    prom.samples[m.id] = Object.fromEntries(
      prom.versions.map((v) => [
        v,
        t.samples[m.id]?.[v] ?? { kind: 'unknown' as const, reason: 'no spans of this version in Tempo' },
      ])
    );
    if (t.spark?.[m.id]) {
      (prom.spark ??= {})[m.id] = t.spark[m.id];
    }
  }
  const filled = new Set(fills.map((m) => m.id));
  prom.unavailable = prom.unavailable.filter(
    (u) => !(filled.has(u.id) || (u.id === 'quality' && fills.some((m) => m.id.startsWith('quality:'))))
  );
  prom.queries.push(...t.queries.map((q) => `Tempo: ${q}`));
  return prom;
}

async function fetchPrometheusVersionData(
  ctx: VersionComparisonContext,
  o: Pick<VersionComparisonOptions, 'filters'>
): Promise<VersionData> {
  const prometheus = ctx.prometheus!;
  const inv = await ctx.inventory();
  const rangeSec = Math.max(1, Math.round(ctx.range.end - ctx.range.start));
  const R = `${rangeSec}s`;
  const p = new VersionPromQL(inv, o.filters ?? {}, R);
  const V = inv.labels.version;
  const L = inv.labels;
  const { count: k, seconds: windowSec } = comparisonWindows(ctx.range, ctx.scrapeIntervalSec);
  const W = `${windowSec}s`;
  const lookbackSec = Math.max(rangeSec, FIRST_SEEN_LOOKBACK_SEC);
  const queries: string[] = [];
  const instant = (expr: string) => {
    queries.push(expr);
    return prometheus.query(expr, ctx.range.end, ctx.signal).then(vector);
  };
  const windows = (expr: string) => {
    queries.push(expr);
    if (k < 1) {
      return Promise.resolve([] as Array<{ labels: Record<string, string>; values: number[] }>);
    }
    return prometheus
      .queryRange(expr, { start: ctx.range.end - (k - 1) * windowSec, end: ctx.range.end, step: windowSec }, ctx.signal)
      .then((m) => {
        if (!m || m.resultType !== 'matrix' || !Array.isArray(m.result)) {
          throw new BackendError('Prometheus', 'malformed', 'Prometheus answered a range query without a matrix');
        }
        // Aligned by time: a series without a point in a window leaves NaN there, not a shift.
        const first = ctx.range.end - (k - 1) * windowSec;
        return m.result.map((s) => {
          const values = new Array<number>(k).fill(NaN);
          for (const [t, v] of s.values ?? []) {
            const i = Math.round((t - first) / windowSec);
            if (i >= 0 && i < k) {
              values[i] = parseSampleValue(v) ?? NaN;
            }
          }
          return { labels: s.metric ?? {}, values };
        });
      });
  };
  const classic = (h: HistogramRef | undefined) => (h?.kind === 'classic' ? h : undefined);
  const inputTokens = classic(inv.usageHistograms?.input);
  const outputTokens = classic(inv.usageHistograms?.output);
  const cacheRead = inv.usageCounters?.cache_read;
  const legacyTokens = classic(inv.tokens);
  const costSeries = inv.cost ?? inv.openlitCost;
  const latencyFamilies = p.latencyFamilies();
  // Span-metrics latency only as classic buckets (a native one has no _bucket series to test on).
  const spanLatency = classic(inv.spanMetrics?.latency);
  const latency = latencyFamilies.length ? latencyFamilies : spanLatency ? [spanLatency] : [];
  const latencyMatch = latencyFamilies.length ? [] : ['gen_ai_operation_name!=""'];
  const ttft = p.ttftFamilies();
  const quality = classic(inv.quality);
  const scoreLabel = inv.naming === 'utf8' ? SCORE_LABEL.utf8 : SCORE_LABEL.underscore;

  const none = Promise.resolve([] as Series);
  const hist = (h: HistogramRef | HistogramRef[] | undefined, by: string[] = [], extra: string[] = [], le?: string) => {
    if (!h || (Array.isArray(h) && !h.length)) {
      return undefined;
    }
    const q = p.histogram(h, by, extra, le);
    return Promise.all([instant(q.buckets), instant(q.sum), instant(q.count)]);
  };
  const [
    requests,
    errors,
    firstSeen,
    pairs,
    lat,
    tt,
    tokIn,
    tokOut,
    tokLegacy,
    qual,
    passCounts,
    costTotal,
    costW,
    reqW,
    cacheW,
    cacheTotal,
    unpriced,
    errW,
    latP90W,
    qualSumW,
    qualCountW,
    traces,
  ] = await Promise.all([
    instant(p.requests()),
    instant(p.errors()),
    instant(p.firstSeen(`${lookbackSec}s`, `${Math.max(60, Math.ceil(lookbackSec / 500))}s`)),
    instant(p.modelPairs()),
    hist(latency, [], latencyMatch, inv.commonLe?.latency),
    hist(ttft, [], [], inv.commonLe?.ttft),
    hist(inputTokens),
    hist(outputTokens),
    legacyTokens && !inputTokens && !outputTokens ? hist(legacyTokens, [L.tokenType]) : undefined,
    quality ? hist(quality, [L.evaluationName]) : undefined,
    quality ? instant(p.sumIncrease(`${quality.base}_count`, [L.evaluationName, scoreLabel])) : none,
    costSeries ? instant(p.sumIncrease(costSeries)) : none,
    costSeries ? windows(p.sumIncrease(costSeries, [], [], W)) : undefined,
    windows(p.requests([], W)),
    cacheRead ? windows(p.sumIncrease(cacheRead, [], [], W)) : undefined,
    cacheRead ? instant(p.sumIncrease(cacheRead)) : none,
    inv.cost ? instant(p.sumIncrease(UNPRICED_SERIES)) : none,
    // Sparklines: the same windows as the counter ratios.
    windows(p.errors(W)),
    latency.length
      ? windows(`histogram_quantile(0.9, ${p.histogram(latency, [], latencyMatch, inv.commonLe?.latency, W).buckets})`)
      : undefined,
    quality ? windows(p.sumIncrease(`${quality.base}_sum`, [L.evaluationName], [], W)) : undefined,
    quality ? windows(p.sumIncrease(`${quality.base}_count`, [L.evaluationName], [], W)) : undefined,
    traceCounts(ctx, o.filters ?? {}, queries),
  ]);

  const ver = (labels: Record<string, string>) => labels[V];
  const byVersion = (s: Series) => {
    const out: Record<string, number> = {};
    for (const x of s) {
      const v = ver(x.labels);
      if (v !== undefined && Number.isFinite(x.value)) {
        out[v] = (out[v] ?? 0) + x.value;
      }
    }
    return out;
  };
  const req = byVersion(requests);
  const err = byVersion(errors);
  const seen = byVersion(firstSeen);
  const versions = Object.keys(req)
    .filter((v) => req[v] > 0)
    .sort((a, b) => (seen[a] ?? Infinity) - (seen[b] ?? Infinity) || a.localeCompare(b));

  const metrics: MetricDefinition[] = [];
  const samples: Record<string, Record<string, MetricSample>> = {};
  const method: Record<string, string> = {};
  const unavailable: VersionData['unavailable'] = [];
  const add = (def: MetricDefinition, how: string, per: (v: string) => MetricSample) => {
    metrics.push(def);
    method[def.id] = how;
    samples[def.id] = Object.fromEntries(versions.map((v) => [v, per(v)]));
  };
  const missing = (id: string, label: string, reason: string) => unavailable.push({ id, label, reason });

  add(
    { id: 'requests', label: 'Requests', unit: 'short', better: 'none' },
    'increase() of the call counter over the range',
    (v) => ({
      kind: 'total',
      value: req[v],
    })
  );
  add({ id: 'errorRate', label: 'Error rate', unit: 'percentunit', better: 'lower' }, PROPORTION, (v) => ({
    kind: 'proportion',
    successes: err[v] ?? 0,
    trials: req[v],
  }));

  // Cost: exact totals over the range; per request with window batch means for the variance.
  if (costSeries && costW) {
    const total = byVersion(costTotal);
    const unpricedTokens = byVersion(unpriced);
    const cw = windowsByVersion(costW, V);
    const rw = windowsByVersion(reqW, V);
    // Tokens of models without a price make the recorded cost a lower bound: unknown, not a number.
    const costUnknown = (v: string): MetricSample | undefined =>
      total[v] === undefined
        ? { kind: 'unknown', reason: 'no cost series for this version' }
        : unpricedTokens[v] > 0
          ? {
              kind: 'unknown',
              reason: `cost incomplete: ${Math.round(unpricedTokens[v])} tokens of models without a price (priced part $${total[v].toPrecision(4)})`,
            }
          : undefined;
    add(
      { id: 'costTotal', label: 'Cost (total)', unit: 'currencyUSD', better: 'none' },
      `increase(${costSeries}) over the range`,
      (v) => costUnknown(v) ?? { kind: 'total', value: total[v] }
    );
    add(
      { id: 'costPerRequest', label: 'Cost per request', unit: 'currencyUSD', better: 'lower' },
      `Welch t-test on the ratio estimator over ${k} windows of ${windowSec}s (a counter has no per-request variance)`,
      (v) => costUnknown(v) ?? ratioOfWindows(zipWindows(cw[v], rw[v]), { num: total[v], den: req[v] })
    );
    if (typeof traces === 'string') {
      missing(COST_PER_TRACE.id, COST_PER_TRACE.label, traces);
    } else {
      add(
        COST_PER_TRACE,
        `increase(${costSeries}) ÷ traces (root spans counted by TraceQL metrics on Tempo); Welch t-test on the ratio estimator over ${k} windows of ${windowSec}s`,
        (v) =>
          costPerTraceSample(
            costUnknown(v) ?? { kind: 'total', value: total[v] },
            cw[v],
            traces.total[v],
            traces.windows[v]
          )
      );
    }
  } else {
    const reason =
      'no cost metric: load stack/prometheus/rules/genai-cost.rules.yaml (genai:cost_usd:total) or send OpenLIT gen_ai_usage_cost_USD';
    missing('costTotal', 'Cost (total)', reason);
    missing('costPerRequest', 'Cost per request', reason);
    missing(COST_PER_TRACE.id, COST_PER_TRACE.label, reason);
  }

  const tokenMean = (
    id: string,
    label: string,
    data: Awaited<ReturnType<typeof hist>>,
    by?: { label: string; value: string }
  ) => add({ id, label, unit: 'short', better: 'lower' }, HISTOGRAM_MEAN, (v) => histogramMean(data!, V, v, by));
  if (tokIn || tokOut) {
    tokIn
      ? tokenMean('inputTokens', 'Input tokens per call', tokIn)
      : missing('inputTokens', 'Input tokens per call', 'no input-token histogram');
    tokOut
      ? tokenMean('outputTokens', 'Output tokens per call', tokOut)
      : missing('outputTokens', 'Output tokens per call', 'no output-token histogram');
  } else if (tokLegacy) {
    tokenMean('inputTokens', 'Input tokens per call', tokLegacy, { label: L.tokenType, value: 'input' });
    tokenMean('outputTokens', 'Output tokens per call', tokLegacy, { label: L.tokenType, value: 'output' });
  } else {
    missing('inputTokens', 'Input tokens per call', 'no token-usage histogram with classic buckets');
    missing('outputTokens', 'Output tokens per call', 'no token-usage histogram with classic buckets');
  }
  if (cacheRead && cacheW) {
    const ct = byVersion(cacheTotal);
    const cw = windowsByVersion(cacheW, V);
    const rw = windowsByVersion(reqW, V);
    add(
      { id: 'cacheReadTokens', label: 'Cache-read tokens per request', unit: 'short', better: 'higher' },
      `Welch t-test on the ratio estimator over ${k} windows of ${windowSec}s`,
      (v) =>
        ct[v] === undefined
          ? { kind: 'unknown', reason: 'no cache-read counter for this version' }
          : ratioOfWindows(zipWindows(cw[v], rw[v]), { num: ct[v], den: req[v] })
    );
  } else {
    missing(
      'cacheReadTokens',
      'Cache-read tokens per request',
      'no gen_ai.client.inference.usage.cache_read.input_tokens counter (the pre-2026 token histogram does not split cache reads)'
    );
  }

  for (const [list, data, what] of [
    [QUANTILES, lat, 'latency histogram with classic buckets'],
    [TTFT_QUANTILES, tt, 'time-to-first-token histogram with classic buckets'],
  ] as const) {
    for (const d of list) {
      if (data) {
        add({ id: d.id, label: d.label, unit: 's', better: 'lower' }, QUANTILE, (v) => {
          const b = bucketsFor(data[0], V, v);
          return b.length
            ? { kind: 'quantile', q: d.q, bins: summarizeHistogram(b, 0, 0).bins }
            : { kind: 'unknown', reason: 'no observations' };
        });
      } else {
        missing(d.id, d.label, `no ${what}`);
      }
    }
  }

  if (qual) {
    const evalNames = [
      ...new Set(qual[2].map((s) => s.labels[L.evaluationName]).filter((n): n is string => Boolean(n))),
    ].sort();
    const passByVersion: Record<string, Record<string, { pass: number; labeled: number }>> = {};
    for (const s of passCounts) {
      const v = ver(s.labels);
      const name = s.labels[L.evaluationName];
      const label = s.labels[scoreLabel];
      if (v === undefined || !name || !label || !Number.isFinite(s.value)) {
        continue;
      }
      const e = ((passByVersion[name] ??= {})[v] ??= { pass: 0, labeled: 0 });
      e.labeled += s.value;
      if (PASS_LABEL.test(label)) {
        e.pass += s.value;
      }
    }
    for (const name of evalNames) {
      add(
        { id: `quality:${name}`, label: `Quality: ${name} (mean)`, unit: 'short', better: 'higher' },
        HISTOGRAM_MEAN,
        (v) => histogramMean(qual, V, v, { label: L.evaluationName, value: name })
      );
      if (passByVersion[name]) {
        add(
          { id: `passRate:${name}`, label: `Quality: ${name} (pass rate)`, unit: 'percentunit', better: 'higher' },
          `${PROPORTION}; pass = ${scoreLabel} in pass|passed|true|yes|success|ok`,
          (v) => {
            const e = passByVersion[name][v];
            return e && e.labeled > 0
              ? { kind: 'proportion', successes: e.pass, trials: e.labeled }
              : { kind: 'unknown', reason: `no ${scoreLabel} on this version’s scores` };
          }
        );
      } else {
        missing(`passRate:${name}`, `Quality: ${name} (pass rate)`, `the scores carry no ${scoreLabel} label`);
      }
    }
  } else {
    missing('quality', 'Quality', 'no gen_ai.evaluation.score histogram with classic buckets');
  }

  // Fallback: the response model is another model, not the requested one or a snapshot of it.
  const responseLabel = inv.naming === 'utf8' ? RESPONSE_MODEL.utf8 : RESPONSE_MODEL.underscore;
  const fb = fallbacksByVersion(pairs, { version: V, requested: L.model, response: responseLabel });
  if (Object.keys(fb).length) {
    add(
      { id: 'fallbackRate', label: 'Fallback rate', unit: 'percentunit', better: 'lower' },
      `${PROPORTION}; fallback = response model is neither the requested model nor a snapshot of it`,
      (v) =>
        fb[v]
          ? { kind: 'proportion', successes: fb[v].fallback, trials: fb[v].known }
          : { kind: 'unknown', reason: 'no response model on this version’s calls' }
    );
  } else {
    missing('fallbackRate', 'Fallback rate', 'the call metrics carry no gen_ai.response.model label');
  }

  const spark: VersionData['spark'] = {};
  const setSpark = (id: string, per: (v: string) => number[] | undefined) => {
    if (samples[id]) {
      spark[id] = Object.fromEntries(versions.map((v) => [v, per(v) ?? []]));
    }
  };
  const reqSeries = windowsByVersion(reqW, V);
  const ratio = (num: number[] | undefined, den: number[] | undefined) =>
    num && den ? den.map((d, i) => (d > 0 ? num[i] / d : NaN)) : undefined;
  setSpark('requests', (v) => reqSeries[v]);
  setSpark('errorRate', (v) => ratio(windowsByVersion(errW, V)[v] ?? reqSeries[v]?.map(() => 0), reqSeries[v]));
  if (costW) {
    setSpark('costPerRequest', (v) => ratio(windowsByVersion(costW, V)[v], reqSeries[v]));
    if (typeof traces !== 'string') {
      setSpark(COST_PER_TRACE.id, (v) => ratio(windowsByVersion(costW, V)[v], traces.windows[v]));
    }
  }
  if (cacheW) {
    setSpark('cacheReadTokens', (v) => ratio(windowsByVersion(cacheW, V)[v], reqSeries[v]));
  }
  if (latP90W) {
    setSpark('latencyP90', (v) => windowsByVersion(latP90W, V)[v]);
  }
  if (qualSumW && qualCountW) {
    for (const id of Object.keys(samples).filter((m) => m.startsWith('quality:'))) {
      const name = id.slice('quality:'.length);
      const pick = (rows: typeof qualSumW) =>
        windowsByVersion(
          rows.filter((r) => r.labels[L.evaluationName] === name),
          V
        );
      const sums = pick(qualSumW);
      const counts = pick(qualCountW);
      setSpark(id, (v) => ratio(sums[v], counts[v]));
    }
  }

  return {
    spark,
    versions,
    firstSeen: seen,
    metrics,
    samples,
    method,
    unavailable,
    queries,
    windows: { count: k, seconds: windowSec },
  };
}

/**
 * Traces per version for the cost per trace: Prometheus holds calls, not traces, so Tempo counts
 * the root spans. A string says why there is no count (no Tempo, a filter, Tempo failed).
 */
async function traceCounts(
  ctx: VersionComparisonContext,
  filters: VersionFilters,
  queries: string[]
): Promise<TraceCounts | string> {
  if (!ctx.tempo) {
    return 'Prometheus counts calls, not traces: select a Tempo data source in the settings to count traces';
  }
  const why = costPerTraceFilterReason(filters);
  if (why) {
    return why;
  }
  const tempoQueries: string[] = [];
  try {
    return await fetchTraceCounts(
      {
        tempo: ctx.tempo.client,
        range: ctx.range,
        windows: comparisonWindows(ctx.range, ctx.scrapeIntervalSec),
        signal: ctx.signal,
      },
      filters,
      tempoQueries
    );
  } catch (e) {
    if (e instanceof BackendError && e.kind === 'cancelled') {
      throw e;
    }
    return `Tempo could not count the traces: ${e instanceof Error ? e.message : String(e)}`;
  } finally {
    queries.push(...tempoQueries.map((q) => `Tempo: ${q}`));
  }
}

function windowsByVersion(rows: Array<{ labels: Record<string, string>; values: number[] }>, V: string) {
  const out: Record<string, number[]> = {};
  for (const r of rows) {
    const v = r.labels[V];
    if (v !== undefined) {
      out[v] = r.values;
    }
  }
  return out;
}

function zipWindows(num: number[] | undefined, den: number[] | undefined): WindowTotals[] {
  if (!num || !den) {
    return [];
  }
  return den.map((d, i) => ({ num: num[i] ?? 0, den: d }));
}

function bucketsFor(
  rows: Series,
  V: string,
  version: string,
  by?: { label: string; value: string }
): CumulativeBucket[] {
  const acc = new Map<number, number>();
  for (const r of rows) {
    if (r.labels[V] !== version || (by && r.labels[by.label] !== by.value) || !Number.isFinite(r.value)) {
      continue;
    }
    const le = r.labels.le === '+Inf' ? Infinity : Number(r.labels.le);
    if (!Number.isNaN(le)) {
      acc.set(le, (acc.get(le) ?? 0) + r.value);
    }
  }
  return [...acc].map(([le, count]) => ({ le, count }));
}

function histogramMean(
  [buckets, sums, counts]: [Series, Series, Series],
  V: string,
  version: string,
  by?: { label: string; value: string }
): MetricSample {
  const pickOne = (s: Series) =>
    s
      .filter((r) => r.labels[V] === version && (!by || r.labels[by.label] === by.value))
      .reduce((a, r) => a + r.value, 0);
  const count = pickOne(counts);
  if (!(count > 0)) {
    return { kind: 'unknown', reason: 'no observations for this version' };
  }
  const h = summarizeHistogram(bucketsFor(buckets, V, version, by), pickOne(sums), count);
  return { kind: 'mean', mean: h.mean, se2: h.variance / h.count, df: h.count - 1, n: h.count };
}

/** Picks the baseline: a fixed version, or the one first seen before the newest. */
export function chooseBaseline(data: Pick<VersionData, 'versions'>, o: VersionComparisonOptions): string {
  if (!data.versions.length) {
    throw new Error('No version has calls in this time range (with these filters).');
  }
  if (o.baseline === 'fixed') {
    const b = o.baselineVersion ?? '';
    if (!data.versions.includes(b)) {
      throw new Error(
        `The baseline version "${b}" has no calls in this time range. Versions seen: ${data.versions.join(', ')}`
      );
    }
    return b;
  }
  return data.versions.length > 1 ? data.versions[data.versions.length - 2] : data.versions[0];
}

function selectedMetrics(all: MetricDefinition[], wanted: string[] | undefined): MetricDefinition[] {
  if (!wanted?.length) {
    return all;
  }
  return all.filter((m) => wanted.includes(m.id) || wanted.includes(m.id.split(':')[0]));
}

export interface VersionComparison {
  baseline: string;
  versions: string[];
  metrics: MetricDefinition[];
  cells: ComparisonCell[];
  data: VersionData;
}

export function compareVersionData(data: VersionData, o: VersionComparisonOptions): VersionComparison {
  const baseline = chooseBaseline(data, o);
  const chosen = o.versions?.filter((v) => v !== '' && v !== baseline && data.versions.includes(v));
  const versions = [baseline, ...(chosen?.length ? chosen : data.versions.filter((v) => v !== baseline))];
  const metrics = selectedMetrics(data.metrics, o.metrics);
  const cells = compareVersions(metrics, versions, (m, v) => data.samples[m]?.[v], {
    baseline,
    thresholds: o.thresholds,
    correction: o.correction ?? 'holm',
    minSamples: o.minSamples ?? DEFAULT_MIN_SAMPLES,
  });
  return { baseline, versions, metrics, cells, data };
}

export const VERSION_COMPARISON_FRAME = 'version-comparison';

/** One row per metric × version; meta.custom carries the order, baseline and methods. */
export function versionComparisonFrame(c: VersionComparison, refId: string): DataFrame {
  const def = new Map(c.metrics.map((m) => [m.id, m]));
  const num = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? null : x);
  const frame = new FrameBuilder<ComparisonCell>()
    .add('metric', FieldType.string, (r) => r.metric)
    .add('metricLabel', FieldType.string, (r) => def.get(r.metric)?.label)
    .add('unit', FieldType.string, (r) => def.get(r.metric)?.unit)
    .add('better', FieldType.string, (r) => def.get(r.metric)?.better)
    .add('version', FieldType.string, (r) => r.version)
    .add('isBaseline', FieldType.boolean, (r) => r.isBaseline)
    .add('value', FieldType.number, (r) => num(r.value))
    .add('valueLow', FieldType.number, (r) => num(r.valueCi?.[0]))
    .add('valueHigh', FieldType.number, (r) => num(r.valueCi?.[1]))
    .add('n', FieldType.number, (r) => num(r.n))
    .add('delta', FieldType.number, (r) => num(r.diff))
    .add('deltaLow', FieldType.number, (r) => num(r.ci[0]))
    .add('deltaHigh', FieldType.number, (r) => num(r.ci[1]))
    .add('relative', FieldType.number, (r) => num(r.relative), { unit: 'percentunit' })
    .add('relativeLow', FieldType.number, (r) => num(r.relativeCi[0]), { unit: 'percentunit' })
    .add('relativeHigh', FieldType.number, (r) => num(r.relativeCi[1]), { unit: 'percentunit' })
    .add('pValue', FieldType.number, (r) => num(r.pValue))
    .add('pAdjusted', FieldType.number, (r) => num(r.pAdjusted))
    .add('test', FieldType.string, (r) => r.test)
    .add('verdict', FieldType.string, (r) => r.verdict)
    .add('belowThreshold', FieldType.boolean, (r) => r.belowThreshold)
    .add('reason', FieldType.string, (r) => r.reason)
    .add('spark', FieldType.other, (r) => {
      const xs = c.data.spark?.[r.metric]?.[r.version];
      return xs?.length ? xs.map((x) => (Number.isFinite(x) ? x : null)) : null;
    })
    .build(c.cells, {
      name: VERSION_COMPARISON_FRAME,
      refId,
      preferredVisualisationType: 'table',
      notices: c.data.unavailable.map((u) => ({
        severity: 'info' as const,
        text: `${u.label}: unavailable — ${u.reason}`,
      })),
      custom: {
        kind: VERSION_COMPARISON_FRAME,
        baseline: c.baseline,
        versions: c.versions,
        firstSeen: c.data.firstSeen,
        metrics: c.metrics.map((m) => m.id),
        method: c.data.method,
        unavailable: c.data.unavailable,
        windows: c.data.windows,
        source: sourceText(c.data.source),
        metricSource: c.data.source ?? {},
      },
    });
  frame.meta = { ...frame.meta, executedQueryString: c.data.queries.join('\n') };
  return frame;
}

/** Where the numbers came from, for the frame and the panel. */
function sourceText(source: VersionData['source']): string {
  const engines = new Set(Object.values(source ?? {}));
  if (engines.has('Tempo') && engines.has('Prometheus')) {
    return 'Prometheus, all traffic in the range; TraceQL metrics on Tempo (all spans) where Prometheus has no series';
  }
  return engines.has('Tempo')
    ? 'TraceQL metrics on Tempo, all spans in the range'
    : 'Prometheus, all traffic in the range';
}

export async function versionComparisonFrames(
  ctx: VersionComparisonContext,
  o: VersionComparisonOptions,
  refId: string
): Promise<DataFrame[]> {
  const data = await fetchVersionData(ctx, o);
  return [versionComparisonFrame(compareVersionData(data, o), refId)];
}
