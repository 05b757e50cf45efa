// The version comparison from Tempo's TraceQL metrics, for signals Prometheus does not hold (or no
// Prometheus metrics at all). TraceQL metrics are computed over every span in the range, not a
// sample. One batch of instant queries `by (resource.service.version)` gives the exact totals, and
// range queries over the same windows as the Prometheus path give the batch-means variances.
import { BackendError } from '../http/backendError';
import { decodeKeyValues } from '../otlp/anyValue';
import type { PriceLookup } from '../cost/priceLookup';
import { ratioOfWindows } from '../stats/batchMeans';
import type { MetricDefinition, MetricSample } from '../stats/compareVersions';
import { summarizeHistogram, type CumulativeBucket } from '../stats/histogramMoments';
import type { TempoClient } from '../tempo/tempoClient';
import { traceqlString } from '../traceql/escape';
import { fallbacksByVersion } from './modelFallback';
import type { VersionData } from './versionComparison';
import type { VersionFilters } from './versionComparisonPromQL';

export interface TempoVersionContext {
  tempo: TempoClient;
  /** Unix seconds. */
  range: { start: number; end: number };
  /** Windows for the batch-means variance (the Prometheus path's count and length). */
  windows: { count: number; seconds: number };
  prices?: PriceLookup;
  signal?: AbortSignal;
}

export const TEMPO_VERSION = 'resource.service.version';
const V = TEMPO_VERSION;
const REQ = 'span.gen_ai.request.model';
const RESP = 'span.gen_ai.response.model';
const PROVIDER = 'span.gen_ai.provider.name';
const EVAL_NAME = 'event.gen_ai.evaluation.name';
const EVAL_LABEL = 'event.gen_ai.evaluation.score.label';
const PASS_LABEL = /^(pass|passed|true|yes|success|ok)$/i;

/**
 * Model calls, as the client duration histogram counts them: semconv operations, and the
 * OpenInference and OpenLLMetry kinds of the same calls.
 */
export const MODEL_CALL =
  'span.gen_ai.operation.name =~ "chat|text_completion|generate_content|embeddings" || ' +
  'span.openinference.span.kind =~ "LLM|EMBEDDING" || span.llm.request.type =~ "chat|completion|embedding"';

const TRACEQL = 'TraceQL metrics on Tempo over all spans';
const PROPORTION = `${TRACEQL}; two-proportion z-test (Fisher exact when an expected count < 5)`;
const QUANTILE = `${TRACEQL}; histogram_over_time buckets (powers of 2), quantile-split test on the bucket counts`;

type Row = { labels: Record<string, string>; value: number };
type WindowRow = { labels: Record<string, string>; values: number[] };

function decodeLabels(kv: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(decodeKeyValues(Array.isArray(kv) ? kv : []))) {
    out[k] = v === null ? '' : String(v);
  }
  return out;
}

const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN);

/** Builds the TraceQL of one comparison; user values are TraceQL string literals. */
export class VersionTraceQL {
  constructor(readonly filters: VersionFilters) {}

  private any(attr: string, vs: string[] | undefined): string | undefined {
    const xs = (vs ?? []).filter((v) => typeof v === 'string' && v !== '');
    return xs.length ? `(${xs.map((v) => `${attr} = ${traceqlString(v)}`).join(' || ')})` : undefined;
  }

  /** One spanset (conditions of one span: `{A} && {B}` would count the spans of both sides). */
  private spanset(conds: Array<string | undefined>): string {
    const f = this.filters;
    const spans = `{ ${[...conds, `${V} != nil`, this.any('resource.service.name', f.service), this.any(REQ, f.model)]
      .filter(Boolean)
      .join(' && ')} }`;
    const agent = this.any('span.gen_ai.agent.name', f.agent);
    // The agent name sits on the invoke_agent span above the calls.
    return agent ? `{ ${agent} } >> ${spans}` : spans;
  }

  private calls(extra = ''): string {
    return this.spanset([`(${MODEL_CALL})`, extra || undefined]);
  }

  callsByModel(extra = ''): string {
    return `${this.calls(extra)} | count_over_time() by (${V}, ${PROVIDER}, ${REQ}, ${RESP})`;
  }
  errors(extra = ''): string {
    return `${this.calls(['status = error', extra].filter(Boolean).join(' && '))} | count_over_time() by (${V})`;
  }
  durationHistogram(): string {
    return `${this.calls()} | histogram_over_time(duration) by (${V})`;
  }
  tokenSum(attr: string): string {
    return `${this.calls(`span.${attr} != nil`)} | sum_over_time(span.${attr}) by (${V}, ${PROVIDER}, ${REQ}, ${RESP})`;
  }
  tokenHistogram(attr: string): string {
    return `${this.calls(`span.${attr} != nil`)} | histogram_over_time(span.${attr}) by (${V})`;
  }
  scoreHistogram(): string {
    return `${this.evaluations()} | histogram_over_time(event.gen_ai.evaluation.score.value) by (${V}, ${EVAL_NAME})`;
  }
  private evaluations(): string {
    // Results as events on the judged span, as the conventions record them.
    return this.spanset(['event:name = "gen_ai.evaluation.result"']);
  }
  scoreSum(): string {
    return `${this.evaluations()} | sum_over_time(event.gen_ai.evaluation.score.value) by (${V}, ${EVAL_NAME})`;
  }
  scoreCount(byLabel: boolean): string {
    return `${this.evaluations()} | count_over_time() by (${V}, ${EVAL_NAME}${byLabel ? `, ${EVAL_LABEL}` : ''})`;
  }
  /**
   * Traces per version: their root spans (a trace's version is its root's service.version). With a
   * model or agent filter there is no one spanset that counts the traces holding those calls, so
   * none: the caller says why.
   */
  rootTraces(): string | undefined {
    const f = this.filters;
    if (f.model?.some((m) => m) || f.agent?.some((a) => a)) {
      return undefined;
    }
    const conds = ['nestedSetParent < 0', `${V} != nil`, this.any('resource.service.name', f.service)];
    return `{ ${conds.filter(Boolean).join(' && ')} } | count_over_time() by (${V})`;
  }
}

/** Why a cost per trace cannot be given under these filters (undefined: it can). */
export function costPerTraceFilterReason(filters: VersionFilters): string | undefined {
  return new VersionTraceQL(filters).rootTraces() === undefined
    ? 'a model or agent filter selects calls, not traces: remove it to count traces'
    : undefined;
}

/** Per version, the traces in the range and in each window (from their root spans). */
export interface TraceCounts {
  total: Record<string, number>;
  windows: Record<string, number[]>;
}

/** The instant and windowed TraceQL-metrics queries of one comparison, each logged in `queries`. */
function tempoMetrics(ctx: TempoVersionContext, queries: string[]) {
  const { count: k, seconds: windowSec } = ctx.windows;
  const first = ctx.range.end - (k - 1) * windowSec;
  const instant = async (q: string): Promise<Row[]> => {
    queries.push(q);
    const r = await ctx.tempo.metricsQueryInstant(q, ctx.range, { signal: ctx.signal });
    return (r.series ?? []).map((s) => ({ labels: decodeLabels(s.labels), value: num(s.value) }));
  };
  const windows = async (q: string): Promise<WindowRow[]> => {
    queries.push(q);
    if (k < 1) {
      return [];
    }
    // Tempo's sample at t covers (t − step, t], as Prometheus' increase()[step] at t does.
    const r = await ctx.tempo.metricsQueryRange(
      q,
      { start: first - windowSec, end: ctx.range.end, stepSec: windowSec },
      { signal: ctx.signal }
    );
    return (r.series ?? []).map((s) => {
      const values = new Array<number>(k).fill(0);
      for (const p of s.samples ?? []) {
        const i = Math.round((Number(p.timestampMs) / 1000 - first) / windowSec);
        if (i >= 0 && i < k) {
          // Tempo omits `value` for an empty step.
          values[i] = p.value === undefined ? 0 : num(p.value);
        }
      }
      return { labels: decodeLabels(s.labels), values };
    });
  };
  return { instant, windows, k, windowSec, first };
}

/** Traces per version from Tempo (root spans), exact over the range and per window. */
export async function fetchTraceCounts(
  ctx: TempoVersionContext,
  filters: VersionFilters,
  queries: string[]
): Promise<TraceCounts> {
  const q = new VersionTraceQL(filters).rootTraces();
  if (!q) {
    throw new Error(costPerTraceFilterReason(filters));
  }
  const m = tempoMetrics(ctx, queries);
  const [total, windows] = await Promise.all([m.instant(q), m.windows(q)]);
  const out: TraceCounts = { total: {}, windows: {} };
  for (const r of total) {
    const v = r.labels[V];
    if (v !== undefined && Number.isFinite(r.value)) {
      out.total[v] = (out.total[v] ?? 0) + r.value;
    }
  }
  for (const r of windows) {
    const v = r.labels[V];
    if (v !== undefined) {
      const acc = (out.windows[v] ??= new Array<number>(m.k).fill(0));
      r.values.forEach((x, i) => (acc[i] += Number.isFinite(x) ? x : 0));
    }
  }
  return out;
}

export const COST_PER_TRACE = {
  id: 'costPerTrace',
  label: 'Cost per trace',
  unit: 'currencyUSD',
  better: 'lower',
} as const satisfies MetricDefinition;

/**
 * Cost per trace: the version's exact cost ÷ its traces (root spans counted by Tempo), with the
 * ratio estimator over the windows for the interval. Unknown when the cost is, or no trace is counted.
 */
export function costPerTraceSample(
  cost: MetricSample | undefined,
  costWindows: number[] | undefined,
  traces: number | undefined,
  traceWindows: number[] | undefined
): MetricSample {
  if (!cost || cost.kind === 'unknown') {
    return cost ?? { kind: 'unknown', reason: 'no cost for this version' };
  }
  if (cost.kind !== 'total') {
    return { kind: 'unknown', reason: 'no cost total for this version' };
  }
  if (!(traces && traces > 0)) {
    return { kind: 'unknown', reason: 'Tempo counts no root span of this version in the range' };
  }
  const w = (traceWindows ?? []).map((d, i) => ({ num: costWindows?.[i] ?? 0, den: d }));
  return ratioOfWindows(w, { num: cost.value, den: traces });
}

export async function fetchTempoVersionData(ctx: TempoVersionContext, filters: VersionFilters): Promise<VersionData> {
  const t = new VersionTraceQL(filters);
  const queries: string[] = [];
  const { instant, windows, k, windowSec, first } = tempoMetrics(ctx, queries);
  const IN = 'gen_ai.usage.input_tokens';
  const OUT = 'gen_ai.usage.output_tokens';
  const CACHE = 'gen_ai.usage.cache_read.input_tokens';
  const [
    calls,
    callsW,
    errors,
    errW,
    duration,
    withTokens,
    withTokensW,
    inSum,
    inW,
    outSum,
    outW,
    cacheSum,
    cacheW,
    scoreSum,
    scoreSumW,
    scoreCount,
    scoreCountW,
    inHist,
    outHist,
    scoreHist,
    traces,
    errorsWithTokens,
  ] = await Promise.all([
    instant(t.callsByModel()),
    windows(t.callsByModel()),
    instant(t.errors()),
    windows(t.errors()),
    instant(t.durationHistogram()),
    instant(t.callsByModel(`span.${IN} != nil`)),
    windows(t.callsByModel(`span.${IN} != nil`)),
    instant(t.tokenSum(IN)),
    windows(t.tokenSum(IN)),
    instant(t.tokenSum(OUT)),
    windows(t.tokenSum(OUT)),
    instant(t.tokenSum(CACHE)),
    windows(t.tokenSum(CACHE)),
    instant(t.scoreSum()),
    windows(t.scoreSum()),
    instant(t.scoreCount(true)),
    windows(t.scoreCount(false)),
    instant(t.tokenHistogram(IN)),
    instant(t.tokenHistogram(OUT)),
    instant(t.scoreHistogram()),
    // Traces per version, for the cost per trace; its failure leaves only that metric open.
    costPerTraceFilterReason(filters) ??
      fetchTraceCounts(ctx, filters, queries).catch((e: unknown) => {
        if (e instanceof BackendError && e.kind === 'cancelled') {
          throw e;
        }
        return `Tempo could not count the traces: ${e instanceof Error ? e.message : String(e)}`;
      }),
    // A failed call without usage costs nothing (as the span tree prices it); a successful one is
    // unknown. Counted as errors minus errors with tokens: `= nil` misses spans in Tempo 3.0.3.
    instant(t.errors(`span.${IN} != nil`)),
  ]).catch((e) => {
    throw e instanceof BackendError ? e : new BackendError('Tempo', 'malformed', String(e));
  });

  const ver = (l: Record<string, string>) => l[V];
  const sumBy = (rows: Row[], key: (l: Record<string, string>) => string | undefined) => {
    const out: Record<string, number> = {};
    for (const r of rows) {
      const kk = key(r.labels);
      if (kk !== undefined && Number.isFinite(r.value)) {
        out[kk] = (out[kk] ?? 0) + r.value;
      }
    }
    return out;
  };
  const sumWindowsBy = (rows: WindowRow[], key: (l: Record<string, string>) => string | undefined) => {
    const out: Record<string, number[]> = {};
    for (const r of rows) {
      const kk = key(r.labels);
      if (kk !== undefined) {
        const acc = (out[kk] ??= new Array<number>(k).fill(0));
        r.values.forEach((x, i) => (acc[i] += Number.isFinite(x) ? x : 0));
      }
    }
    return out;
  };
  const req = sumBy(calls, ver);
  const reqW = sumWindowsBy(callsW, ver);
  // First seen: the first window with calls (versions older than the range tie, then by name).
  const firstSeen: Record<string, number> = {};
  for (const [v, xs] of Object.entries(reqW)) {
    const i = xs.findIndex((x) => x > 0);
    firstSeen[v] = i < 0 ? ctx.range.end : i === 0 ? ctx.range.start : first + (i - 1) * windowSec;
  }
  const versions = Object.keys(req)
    .filter((v) => req[v] > 0)
    .sort((a, b) => (firstSeen[a] ?? Infinity) - (firstSeen[b] ?? Infinity) || a.localeCompare(b));

  const metrics: MetricDefinition[] = [];
  const samples: VersionData['samples'] = {};
  const method: Record<string, string> = {};
  const unavailable: VersionData['unavailable'] = [];
  const spark: NonNullable<VersionData['spark']> = {};
  const add = (
    def: MetricDefinition,
    how: string,
    per: (v: string) => MetricSample,
    sparkOf?: (v: string) => number[]
  ) => {
    metrics.push(def);
    method[def.id] = how;
    samples[def.id] = Object.fromEntries(versions.map((v) => [v, per(v)]));
    if (sparkOf) {
      spark[def.id] = Object.fromEntries(versions.map((v) => [v, sparkOf(v)]));
    }
  };
  const ratio = (a: number[] | undefined, b: number[] | undefined) =>
    a && b ? b.map((d, i) => (d > 0 ? a[i] / d : NaN)) : [];
  const zip = (a: number[] | undefined, b: number[] | undefined) =>
    b ? b.map((d, i) => ({ num: a?.[i] ?? 0, den: d })) : [];
  const meanOf = (numTotal: number | undefined, denTotal: number | undefined, a?: number[], b?: number[]) =>
    denTotal && denTotal > 0
      ? ratioOfWindows(zip(a, b), { num: numTotal ?? 0, den: denTotal })
      : ({ kind: 'unknown', reason: 'no calls with this attribute' } as MetricSample);

  add(
    { id: 'requests', label: 'Requests', unit: 'short', better: 'none' },
    `${TRACEQL}: count_over_time() of model-call spans`,
    (v) => ({ kind: 'total', value: req[v] }),
    (v) => reqW[v] ?? []
  );
  const err = sumBy(errors, ver);
  const errWin = sumWindowsBy(errW, ver);
  add(
    { id: 'errorRate', label: 'Error rate', unit: 'percentunit', better: 'lower' },
    `${PROPORTION}; error = span status error`,
    (v) => ({ kind: 'proportion', successes: err[v] ?? 0, trials: req[v] }),
    (v) => ratio(errWin[v] ?? reqW[v]?.map(() => 0), reqW[v])
  );

  // Tokens per call: over calls that report input tokens. Mean exact (sum ÷ count); variance from
  // Tempo's power-of-2 buckets, else (no usable histogram) batch means over the windows.
  const tokCalls = sumBy(withTokens, ver);
  const tokCallsW = sumWindowsBy(withTokensW, ver);
  const tokenMean = (id: string, label: string, total: Row[], w: WindowRow[], h: Row[], attr: string) => {
    const s = sumBy(total, ver);
    const sw = sumWindowsBy(w, ver);
    if (!Object.keys(s).length) {
      unavailable.push({ id, label, reason: `no model-call span carries ${attr}` });
      return;
    }
    const buckets = bucketsBy(h, ver);
    add(
      { id, label, unit: 'short', better: 'lower' },
      `${TRACEQL}: Welch t-test; mean = sum_over_time ÷ calls with ${attr} (exact), variance from histogram_over_time's power-of-2 buckets (uniform within a bucket: the variance is known only up to the bucket widths)`,
      (v) => histogramMean(buckets[v], s[v], tokCalls[v]) ?? meanOf(s[v], tokCalls[v], sw[v], tokCallsW[v]),
      (v) => ratio(sw[v], tokCallsW[v])
    );
  };
  tokenMean('inputTokens', 'Input tokens per call', inSum, inW, inHist, IN);
  tokenMean('outputTokens', 'Output tokens per call', outSum, outW, outHist, OUT);
  const cache = sumBy(cacheSum, ver);
  if (Object.keys(cache).length) {
    const cw = sumWindowsBy(cacheW, ver);
    add(
      { id: 'cacheReadTokens', label: 'Cache-read tokens per request', unit: 'short', better: 'higher' },
      `${TRACEQL}: sum_over_time(${CACHE}) ÷ calls; ratio estimator over ${k} windows`,
      (v) => meanOf(cache[v] ?? 0, req[v], cw[v], reqW[v]),
      (v) => ratio(cw[v], reqW[v])
    );
  } else {
    unavailable.push({
      id: 'cacheReadTokens',
      label: 'Cache-read tokens per request',
      reason: `no span carries ${CACHE}`,
    });
  }

  addCost(
    ctx,
    {
      versions,
      req,
      reqW,
      calls,
      tokCalls,
      failedWithoutTokens: Object.fromEntries(
        Object.entries(err).map(([v, n]) => [v, n - (sumBy(errorsWithTokens, ver)[v] ?? 0)])
      ),
      inSum,
      inW,
      outSum,
      outW,
      cacheSum,
      cacheW,
      k,
      first,
      windowSec,
      traces,
    },
    add,
    unavailable
  );

  // Latency quantiles from the power-of-2 duration buckets.
  const bucketsByVersion = bucketsBy(duration, ver);
  for (const [id, q, label] of [
    ['latencyP50', 0.5, 'Latency p50'],
    ['latencyP90', 0.9, 'Latency p90'],
    ['latencyP99', 0.99, 'Latency p99'],
  ] as const) {
    add({ id, label, unit: 's', better: 'lower' }, QUANTILE, (v) => {
      const b = log2Cumulative(bucketsByVersion[v] ?? []);
      return b.length
        ? { kind: 'quantile', q, bins: summarizeHistogram(b, 0, 0).bins }
        : { kind: 'unknown', reason: 'no observations' };
    });
  }
  unavailable.push(
    {
      id: 'ttftP50',
      label: 'Time to first token p50',
      reason: 'spans carry no time to first token (a metric-only signal)',
    },
    {
      id: 'ttftP90',
      label: 'Time to first token p90',
      reason: 'spans carry no time to first token (a metric-only signal)',
    }
  );

  // Quality: gen_ai.evaluation.result events; mean as the tokens', pass rate from the label.
  const scoreBuckets = bucketsBy(scoreHist, (l) =>
    ver(l) !== undefined && l[EVAL_NAME] ? `${ver(l)}\u0000${l[EVAL_NAME]}` : undefined
  );
  const evalKey = (l: Record<string, string>) =>
    ver(l) !== undefined && l[EVAL_NAME] ? `${ver(l)}\u0000${l[EVAL_NAME]}` : undefined;
  const sSum = sumBy(scoreSum, evalKey);
  const sSumW = sumWindowsBy(scoreSumW, evalKey);
  const sCount = sumBy(scoreCount, evalKey);
  const sCountW = sumWindowsBy(scoreCountW, evalKey);
  const passes = sumBy(
    scoreCount.filter((r) => PASS_LABEL.test(r.labels[EVAL_LABEL] ?? '')),
    evalKey
  );
  const labeled = sumBy(
    scoreCount.filter((r) => (r.labels[EVAL_LABEL] ?? '') !== ''),
    evalKey
  );
  const names = [...new Set(scoreCount.map((r) => r.labels[EVAL_NAME]).filter((n): n is string => Boolean(n)))].sort();
  for (const name of names) {
    const key = (v: string) => `${v}\u0000${name}`;
    add(
      { id: `quality:${name}`, label: `Quality: ${name} (mean)`, unit: 'short', better: 'higher' },
      `${TRACEQL}: Welch t-test; mean = sum_over_time(score) ÷ count of gen_ai.evaluation.result events (exact); variance from histogram_over_time's buckets where Tempo gives them for event attributes (3.0 gives none) and all scores are > 0, else from the ratio estimator over ${k} windows of ${windowSec}s`,
      (v) =>
        histogramMean(scoreBuckets[key(v)], sSum[key(v)], sCount[key(v)]) ??
        meanOf(sSum[key(v)], sCount[key(v)], sSumW[key(v)], sCountW[key(v)]),
      (v) => ratio(sSumW[key(v)], sCountW[key(v)])
    );
    if (Object.keys(labeled).some((kk) => kk.endsWith(`\u0000${name}`))) {
      add(
        { id: `passRate:${name}`, label: `Quality: ${name} (pass rate)`, unit: 'percentunit', better: 'higher' },
        `${PROPORTION}; pass = gen_ai.evaluation.score.label in pass|passed|true|yes|success|ok`,
        (v) =>
          labeled[key(v)] > 0
            ? { kind: 'proportion', successes: passes[key(v)] ?? 0, trials: labeled[key(v)] }
            : { kind: 'unknown', reason: 'no gen_ai.evaluation.score.label on this version’s scores' }
      );
    } else {
      unavailable.push({
        id: `passRate:${name}`,
        label: `Quality: ${name} (pass rate)`,
        reason: 'the results carry no gen_ai.evaluation.score.label',
      });
    }
  }
  if (!names.length) {
    unavailable.push({
      id: 'quality',
      label: 'Quality',
      reason: 'no gen_ai.evaluation.result events on the spans in range',
    });
  }

  // Fallback: response model other than the requested one (or a snapshot of it).
  const fb = fallbacksByVersion(calls, { version: V, requested: REQ, response: RESP });
  if (Object.keys(fb).length) {
    add(
      { id: 'fallbackRate', label: 'Fallback rate', unit: 'percentunit', better: 'lower' },
      `${PROPORTION}; over calls with a response model; fallback = neither the requested model nor a snapshot of it`,
      (v) =>
        fb[v]
          ? { kind: 'proportion', successes: fb[v].fallback, trials: fb[v].known }
          : { kind: 'unknown', reason: 'no response model on this version’s calls' }
    );
  } else {
    unavailable.push({
      id: 'fallbackRate',
      label: 'Fallback rate',
      reason: 'no model-call span carries gen_ai.response.model',
    });
  }

  return { versions, firstSeen, metrics, samples, method, unavailable, queries, windows: ctx.windows, spark };
}

function bucketsBy(rows: Row[], key: (l: Record<string, string>) => string | undefined) {
  const out: Record<string, CumulativeBucket[]> = {};
  for (const r of rows) {
    const kk = key(r.labels);
    const le = Number(r.labels.__bucket);
    if (kk !== undefined && r.labels.__bucket !== undefined && Number.isFinite(le) && Number.isFinite(r.value)) {
      (out[kk] ??= []).push({ le, count: r.value });
    }
  }
  return out;
}

/**
 * Mean exact from sum and count, variance from the power-of-2 buckets; undefined where the buckets
 * cannot describe the values (a bucket at or below 0, or counts that disagree with the count).
 */
export function histogramMean(
  buckets: CumulativeBucket[] | undefined,
  sum: number | undefined,
  count: number | undefined
): MetricSample | undefined {
  if (!buckets?.length || !(count && count > 0) || sum === undefined) {
    return undefined;
  }
  const inBuckets = buckets.reduce((a, b) => a + b.count, 0);
  if (buckets.some((b) => b.le <= 0) || inBuckets !== count) {
    return undefined;
  }
  const h = summarizeHistogram(log2Cumulative(buckets), sum, count);
  return { kind: 'mean', mean: h.mean, se2: h.variance / h.count, df: h.count - 1, n: h.count };
}

/**
 * Tempo's power-of-2 buckets (count per bucket, upper bound) as cumulative buckets, with an empty
 * bucket at half the lowest bound so the first bucket spans (le/2, le] and not (0, le].
 */
export function log2Cumulative(buckets: CumulativeBucket[]): CumulativeBucket[] {
  const sorted = [...buckets].filter((b) => b.count > 0).sort((a, b) => a.le - b.le);
  if (!sorted.length) {
    return [];
  }
  const out: CumulativeBucket[] = [{ le: sorted[0].le / 2, count: 0 }];
  let acc = 0;
  for (const b of sorted) {
    acc += b.count;
    out.push({ le: b.le, count: acc });
  }
  out.push({ le: Infinity, count: acc });
  return out;
}

interface CostInputs {
  versions: string[];
  req: Record<string, number>;
  reqW: Record<string, number[]>;
  calls: Row[];
  tokCalls: Record<string, number>;
  /** Failed calls without token usage (no cost, not an unknown one). */
  failedWithoutTokens: Record<string, number>;
  inSum: Row[];
  inW: WindowRow[];
  outSum: Row[];
  outW: WindowRow[];
  cacheSum: Row[];
  cacheW: WindowRow[];
  k: number;
  first: number;
  windowSec: number;
  /** Traces per version, or why they could not be counted. */
  traces: TraceCounts | string;
}

/**
 * Cost from token sums per (version, provider, model): exact where the model's price is linear in
 * tokens and constant over the range, which is checked against the price table, else unknown.
 */
function addCost(
  ctx: TempoVersionContext,
  c: CostInputs,
  add: (def: MetricDefinition, how: string, per: (v: string) => MetricSample, spark?: (v: string) => number[]) => void,
  unavailable: VersionData['unavailable']
) {
  if (!ctx.prices) {
    const reason = 'the price table could not be loaded';
    unavailable.push(
      { id: 'costTotal', label: 'Cost (total)', reason },
      { id: 'costPerRequest', label: 'Cost per request', reason },
      { id: COST_PER_TRACE.id, label: COST_PER_TRACE.label, reason }
    );
    return;
  }
  const prices = ctx.prices;
  const key = (l: Record<string, string>) =>
    l[V] === undefined ? undefined : [l[V], l[PROVIDER] ?? '', l[REQ] ?? '', l[RESP] ?? ''].join('\u0000');
  const acc = new Map<
    string,
    { in: number; out: number; cache: number; inW: number[]; outW: number[]; cacheW: number[] }
  >();
  const cell = (kk: string) => {
    let e = acc.get(kk);
    if (!e) {
      const z = () => new Array<number>(c.k).fill(0);
      e = { in: 0, out: 0, cache: 0, inW: z(), outW: z(), cacheW: z() };
      acc.set(kk, e);
    }
    return e;
  };
  for (const [rows, f] of [
    [c.inSum, 'in'],
    [c.outSum, 'out'],
    [c.cacheSum, 'cache'],
  ] as const) {
    for (const r of rows) {
      const kk = key(r.labels);
      if (kk && Number.isFinite(r.value)) {
        cell(kk)[f] += r.value;
      }
    }
  }
  for (const [rows, f] of [
    [c.inW, 'inW'],
    [c.outW, 'outW'],
    [c.cacheW, 'cacheW'],
  ] as const) {
    for (const r of rows) {
      const kk = key(r.labels);
      if (kk) {
        r.values.forEach((x, i) => (cell(kk)[f][i] += Number.isFinite(x) ? x : 0));
      }
    }
  }
  const total: Record<string, number> = {};
  const totalW: Record<string, number[]> = {};
  const problems: Record<string, string[]> = {};
  const atMs = [ctx.range.start, ctx.range.end].map((s) => s * 1000);
  for (const [kk, e] of acc) {
    const [v, provider, asked, got] = kk.split('\u0000');
    const model = got || asked;
    const quote = (input: number, output: number, cacheRead: number, at = atMs[1]) =>
      prices({ input, output, cacheRead, cacheCreation: 0 }, model, provider || undefined, at)?.totalUsd;
    const whole = quote(e.in, e.out, e.cache);
    const unit = [quote(1e3, 0, 0), quote(0, 1e3, 0), quote(1e3, 0, 1e3)];
    const why = !model
      ? 'calls without a model'
      : whole === undefined
        ? `no price for ${model}`
        : unit.some((u) => u === undefined)
          ? `no per-token price for ${model}`
          : // Tiered prices (by request size) cannot be priced from token sums.
            Math.abs(whole - linear(e.in, e.out, e.cache, unit as number[])) > 1e-9 * Math.max(1, whole)
            ? `the price of ${model} depends on the request size`
            : quote(1e3, 1e3, 0, atMs[0]) !== quote(1e3, 1e3, 0, atMs[1]) || timeOfDayPrice(quote)
              ? `the price of ${model} changes within the range`
              : undefined;
    if (why) {
      (problems[v] ??= []).push(why);
      continue;
    }
    total[v] = (total[v] ?? 0) + whole!;
    const w = (totalW[v] ??= new Array<number>(c.k).fill(0));
    e.inW.forEach((_, i) => (w[i] += linear(e.inW[i], e.outW[i], e.cacheW[i], unit as number[])));
  }
  const unknown = (v: string): MetricSample | undefined => {
    if (problems[v]?.length) {
      return { kind: 'unknown', reason: `cost incomplete: ${[...new Set(problems[v])].join('; ')}` };
    }
    const missing = (c.req[v] ?? 0) - (c.tokCalls[v] ?? 0) - (c.failedWithoutTokens[v] ?? 0);
    if (missing > 0) {
      return {
        kind: 'unknown',
        reason: `cost incomplete: ${Math.round(missing)} successful calls report no gen_ai.usage.input_tokens`,
      };
    }
    return total[v] === undefined ? { kind: 'unknown', reason: 'no token usage on this version’s calls' } : undefined;
  };
  const how = `${TRACEQL}: sum_over_time of tokens per model × @pydantic/genai-prices (linear, constant prices only)`;
  add(
    { id: 'costTotal', label: 'Cost (total)', unit: 'currencyUSD', better: 'none' },
    how,
    (v) => unknown(v) ?? { kind: 'total', value: total[v] }
  );
  add(
    { id: 'costPerRequest', label: 'Cost per request', unit: 'currencyUSD', better: 'lower' },
    `${how}; Welch t-test on the ratio estimator over ${c.k} windows of ${c.windowSec}s`,
    (v) =>
      unknown(v) ??
      ratioOfWindows(c.reqW[v]?.map((d, i) => ({ num: totalW[v]?.[i] ?? 0, den: d })) ?? [], {
        num: total[v],
        den: c.req[v],
      }),
    (v) => (unknown(v) ? [] : (c.reqW[v] ?? []).map((d, i) => (d > 0 ? (totalW[v]?.[i] ?? 0) / d : NaN)))
  );
  const traces = c.traces;
  if (typeof traces === 'string') {
    unavailable.push({ id: COST_PER_TRACE.id, label: COST_PER_TRACE.label, reason: traces });
    return;
  }
  add(
    COST_PER_TRACE,
    `${how} ÷ traces (root spans, count_over_time); Welch t-test on the ratio estimator over ${c.k} windows of ${c.windowSec}s`,
    (v) =>
      costPerTraceSample(
        unknown(v) ?? { kind: 'total', value: total[v] },
        totalW[v],
        traces.total[v],
        traces.windows[v]
      ),
    (v) => (unknown(v) ? [] : (traces.windows[v] ?? []).map((d, i) => (d > 0 ? (totalW[v]?.[i] ?? 0) / d : NaN)))
  );
}

/**
 * Cost from the prices of 1,000 tokens: input (cache reads are part of the input tokens, as the
 * conventions count them), output, and 1,000 input tokens that were all cache reads.
 */
function linear(input: number, output: number, cacheRead: number, per1k: number[]): number {
  return ((input - cacheRead) * per1k[0] + output * per1k[1] + cacheRead * per1k[2]) / 1e3;
}

/** A price that differs between two times of one day (off-peak rates). */
function timeOfDayPrice(quote: (i: number, o: number, c: number, at?: number) => number | undefined): boolean {
  const day = Date.UTC(2026, 0, 1);
  const ref = quote(1e3, 1e3, 0, day);
  for (let h = 1; h < 24; h++) {
    if (quote(1e3, 1e3, 0, day + h * 3600_000) !== ref) {
      return true;
    }
  }
  return false;
}
