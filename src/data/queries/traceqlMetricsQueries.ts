import { FieldType, type DataFrame } from '@grafana/data';
import { noDataFrame } from '../frames/fieldBuilder';
import { BackendError } from '../http/backendError';
import { decodeKeyValues } from '../otlp/anyValue';
import type { TempoClient, TimeRangeSec } from '../tempo/tempoClient';
import { explainRangeLimit } from './traceQueries';

/** TraceQL metrics functions and the Tempo version that introduced each (reference §4). */
export const TRACEQL_METRIC_FUNCTIONS: Record<string, string> = {
  rate: '2.4',
  count_over_time: '2.4',
  quantile_over_time: '2.5',
  histogram_over_time: '2.5',
  min_over_time: '2.7',
  max_over_time: '2.7',
  avg_over_time: '2.7',
  sum_over_time: '2.8',
  topk: '2.8',
  bottomk: '2.8',
};

/** Runs a TraceQL metrics query (breakdowns Prometheus does not hold) into time-series frames. */
export async function traceqlMetricsFrames(
  tempo: TempoClient,
  query: string,
  refId: string,
  range: TimeRangeSec & { stepSec: number },
  opts: { signal?: AbortSignal; requestId?: string } = {}
): Promise<DataFrame[]> {
  let res;
  try {
    res = await tempo.metricsQueryRange(query, range, opts);
  } catch (e) {
    throw explainRangeLimit(explainMetricsError(e, query), 'query_frontend.metrics.max_duration');
  }
  const frames: DataFrame[] = [];
  const notices = attributePitfallNotices(query);
  for (const s of res.series ?? []) {
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(decodeKeyValues(s.labels))) {
      labels[k] = v === null ? '' : String(v);
    }
    const samples = [...(s.samples ?? [])].sort((a, b) => Number(a.timestampMs) - Number(b.timestampMs));
    const name =
      Object.entries(labels)
        .filter(([k]) => k !== '__name__')
        .map(([, v]) => v)
        .join(' · ') ||
      labels.__name__ ||
      query;
    frames.push({
      refId,
      name,
      length: samples.length,
      fields: [
        { name: 'time', type: FieldType.time, values: samples.map((x) => Number(x.timestampMs)), config: {} },
        // Tempo omits `value` for empty buckets.
        {
          name: 'value',
          type: FieldType.number,
          values: samples.map((x) => x.value ?? 0),
          labels,
          config: { displayNameFromDS: name },
        },
      ],
      meta: { executedQueryString: query, notices },
    });
  }
  if (!frames.length) {
    frames.push(
      noDataFrame(refId, query, [
        { severity: 'info', text: 'Tempo returned no series for this TraceQL metrics query.' },
        ...notices,
      ])
    );
  }
  return frames;
}

/**
 * Tempo drops a whole series when one matched span lacks the attribute an *_over_time function
 * reads (the sum becomes NaN): seen with Tempo 3.0.3. Warn unless the filter requires it.
 */
export function attributePitfallNotices(query: string): Array<{ severity: 'warning'; text: string }> {
  const out: Array<{ severity: 'warning'; text: string }> = [];
  for (const m of query.matchAll(/\b(?:sum|avg|min|max|quantile)_over_time\(\s*((?:span|resource|event)?\.[\w.]+)/g)) {
    const attr = m[1];
    if (!query.includes(`${attr} != nil`)) {
      out.push({
        severity: 'warning',
        text: `Tempo drops a series when a matched span has no ${attr}; add "&& ${attr} != nil" to the span filter so spans without it are left out.`,
      });
    }
  }
  return out;
}

/** Adds which functions the query uses, and since which Tempo version, to a parse error. */
function explainMetricsError(e: unknown, query: string): unknown {
  if (!(e instanceof BackendError) || e.status !== 400) {
    return e;
  }
  const used = Object.keys(TRACEQL_METRIC_FUNCTIONS).filter((f) => new RegExp(`\\b${f}\\s*\\(`).test(query));
  if (!used.length) {
    return e;
  }
  const needs = used.map((f) => `${f} (Tempo ≥ ${TRACEQL_METRIC_FUNCTIONS[f]})`).join(', ');
  return new BackendError(
    e.backend,
    e.kind,
    `${e.message}. This query uses ${needs}; an older Tempo rejects functions it does not know.`,
    e.status,
    e.detail
  );
}
