import { FieldType, type DataFrame } from '@grafana/data';
import { noDataFrame } from '../frames/fieldBuilder';
import { BackendError } from '../http/backendError';
import { buildMetricQuery, RANGE, RATE_INTERVAL, type MetricQueryOptions } from '../metrics/metricQueryBuilder';
import type { MetricInventory } from '../metrics/metricInventory';
import type { PromSeries, PrometheusClient } from '../prometheus/prometheusClient';

export interface MetricQueryContext {
  prometheus: PrometheusClient;
  /** Unix seconds. */
  range: { start: number; end: number };
  stepSec: number;
  /** Prometheus scrape interval, for the rate window (Grafana's $__rate_interval rule). */
  scrapeIntervalSec: number;
  /** What the Prometheus holds (detected once, cached by the caller). */
  inventory: () => Promise<MetricInventory>;
  /** Above this many series the result is refused with a message (a panel cannot show them). */
  maxSeries: number;
  signal?: AbortSignal;
}

export const DEFAULT_MAX_SERIES = 500;

/** Grafana's rate window: at least four scrapes, at least one step plus a scrape. */
export function rateIntervalSec(stepSec: number, scrapeIntervalSec: number): number {
  return Math.max(4 * scrapeIntervalSec, stepSec + scrapeIntervalSec);
}

/** Replaces the two macros our builder emits; user PromQL may use them too. */
export function expandMacros(
  expr: string,
  ctx: Pick<MetricQueryContext, 'range' | 'stepSec' | 'scrapeIntervalSec'>
): string {
  const rangeSec = Math.max(1, Math.round(ctx.range.end - ctx.range.start));
  return expr
    .split(RATE_INTERVAL)
    .join(`${rateIntervalSec(ctx.stepSec, ctx.scrapeIntervalSec)}s`)
    .split(RANGE)
    .join(`${rangeSec}s`);
}

export async function promqlFrames(
  ctx: MetricQueryContext,
  expr: string,
  refId: string,
  display: { unit?: string; legendLabels?: string[] } = {}
): Promise<DataFrame[]> {
  const query = expandMacros(expr, ctx);
  const matrix = await ctx.prometheus.queryRange(
    query,
    { start: ctx.range.start, end: ctx.range.end, step: ctx.stepSec },
    ctx.signal
  );
  if (!matrix || matrix.resultType !== 'matrix' || !Array.isArray(matrix.result)) {
    throw new BackendError('Prometheus', 'malformed', 'Prometheus answered a range query without a matrix');
  }
  if (matrix.result.length > ctx.maxSeries) {
    throw new Error(
      `The query returned ${matrix.result.length} series, more than the ${ctx.maxSeries} a panel shows: add filters or group by fewer dimensions.`
    );
  }
  if (!matrix.result.length) {
    return [
      noDataFrame(refId, query, [
        { severity: 'info', text: 'Prometheus returned no series for this query in the time range.' },
      ]),
    ];
  }
  return matrix.result.map((s) => seriesFrame(s, refId, query, display));
}

export async function metricSignalFrames(
  ctx: MetricQueryContext,
  options: MetricQueryOptions,
  refId: string
): Promise<DataFrame[]> {
  const built = buildMetricQuery(options, await ctx.inventory());
  return promqlFrames(ctx, built.expr, refId, built);
}

function seriesFrame(
  s: PromSeries,
  refId: string,
  query: string,
  display: { unit?: string; legendLabels?: string[] }
): DataFrame {
  if (!s.values && s.histograms) {
    throw new Error(
      'The query returns native histograms, which a time series panel cannot plot: wrap it in histogram_quantile(), histogram_count() or histogram_sum().'
    );
  }
  const samples = s.values ?? [];
  const times = new Array(samples.length);
  const values = new Array(samples.length);
  samples.forEach(([t, v], i) => {
    times[i] = t * 1000;
    values[i] = parseSampleValue(v);
  });
  const labels = s.metric ?? {};
  // A series without one of the grouped labels (e.g. agent spans have no model) is named so.
  const legendLabels = display.legendLabels ?? [];
  const name = legendLabels.length
    ? legendLabels.map((l) => labels[l] ?? `(no ${l})`).join(' · ')
    : (labels.__name__ ?? 'value');
  return {
    refId,
    name,
    length: samples.length,
    fields: [
      { name: 'time', type: FieldType.time, values: times, config: {} },
      {
        name: 'value',
        type: FieldType.number,
        values,
        labels,
        config: { unit: display.unit, displayNameFromDS: name },
      },
    ],
    meta: { executedQueryString: query },
  };
}

/** Prometheus sends sample values as strings, including NaN and ±Inf. */
export function parseSampleValue(v: string): number | null {
  if (v === 'NaN') {
    return null;
  }
  if (v === '+Inf') {
    return Infinity;
  }
  if (v === '-Inf') {
    return -Infinity;
  }
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}
