// Per-version centroids over all traffic, from the version-comparison frame (Prometheus, or
// TraceQL metrics on Tempo): cost per trace on x, the evaluation's mean score on y, each with its
// 95 % interval. The points stay a sample; these do not. Anything the comparison cannot give
// exactly is said, and the panel falls back to the sample's centroids with that reason.
import type { ComparisonTableView } from '../frames/readVersionComparisonFrame';
import type { Centroid, MeanInterval } from './centroid';
import { paretoFrontier } from './paretoFrontier';
import type { ColorBy, YMetric } from './scatterPoints';

export interface ExactCentroids {
  centroids: Centroid[];
  /** Versions the comparison has but cannot place, with the reason (e.g. cost incomplete). */
  missing: Array<{ series: string; reason: string }>;
  /** Versions on the Pareto frontier of the means (cheaper and better than no other version). */
  frontier: string[];
  /** Engines per axis, e.g. "cost per trace: Prometheus ÷ Tempo traces; relevance: Prometheus". */
  source: string;
}

export const COST_PER_TRACE_METRIC = 'costPerTrace';

/** Exact centroids, or why there are none for this panel's axes. */
export function exactCentroids(
  table: ComparisonTableView,
  metric: YMetric,
  colorBy: ColorBy
): ExactCentroids | { reason: string } {
  if (colorBy !== 'version') {
    return { reason: `exact means are per version; the points are coloured by ${colorBy}` };
  }
  if (metric.kind !== 'score') {
    return {
      reason:
        metric.kind === 'passRate'
          ? 'the comparison’s pass rate counts score labels, not scores at a threshold'
          : `the comparison has no mean ${metric.kind} per trace`,
    };
  }
  const xRow = table.rows.find((r) => r.metric === COST_PER_TRACE_METRIC);
  const yId = `quality:${metric.name}`;
  const yRow = table.rows.find((r) => r.metric === yId);
  const gone = (id: string, label: string) =>
    table.unavailable.find((u) => u.id === id || (id.startsWith('quality:') && u.id === 'quality'))?.reason ??
    `the version comparison query has no ${label} row (add it to its metrics)`;
  if (!xRow) {
    return { reason: `cost per trace: ${gone(COST_PER_TRACE_METRIC, 'cost per trace')}` };
  }
  if (!yRow) {
    return { reason: `${metric.name}: ${gone(yId, `quality:${metric.name}`)}` };
  }
  const interval = (value: number | null, ci: [number | null, number | null], n: number | null): MeanInterval => {
    const out: MeanInterval = { mean: value as number, n: n ?? 0 };
    if (ci[0] !== null && ci[1] !== null) {
      out.low = ci[0];
      out.high = ci[1];
    } else {
      out.reason = 'no interval (too few windows or observations)';
    }
    return out;
  };
  const centroids: Centroid[] = [];
  const missing: ExactCentroids['missing'] = [];
  for (const v of table.versions) {
    const cx = xRow.cells[v];
    const cy = yRow.cells[v];
    if (!cx || cx.value === null) {
      missing.push({ series: v, reason: `cost per trace unknown: ${cx?.reason ?? 'no data'}` });
      continue;
    }
    if (!cy || cy.value === null) {
      missing.push({ series: v, reason: `${metric.name} unknown: ${cy?.reason ?? 'no data'}` });
      continue;
    }
    centroids.push({
      series: v,
      x: interval(cx.value, cx.valueCi, cx.n),
      y: interval(cy.value, cy.valueCi, cy.n),
    });
  }
  centroids.sort((a, b) => a.series.localeCompare(b.series));
  const onFrontier = paretoFrontier({
    x: centroids.map((c) => c.x.mean),
    y: centroids.map((c) => c.y.mean),
    higherIsBetter: true,
  });
  // A frame that does not say which engine answered is not credited to one.
  const engine = (id: string) => table.metricSource[id] ?? 'the version comparison';
  const xEngine = engine(COST_PER_TRACE_METRIC);
  return {
    centroids,
    missing,
    frontier: onFrontier.map((i) => centroids[i].series),
    source: `cost per trace: ${xEngine === 'Tempo' ? 'Tempo' : `${xEngine} cost`} ÷ traces counted by Tempo; ${metric.name}: ${engine(yId)}`,
  };
}
