import { centroidsBySeries, type Centroid } from './centroid';
import { finitePointsByCost, paretoFrontier, paretoFrontierBySeries } from './paretoFrontier';
import type { ScatterPoints } from './scatterPoints';

export interface SeriesSummary {
  key: string;
  count: number;
  /** Points of this series on the overall frontier. */
  onFrontier: number;
}

/** What the scatter draws besides the points: frontiers, centroids and the legend's counts. */
export interface ScatterModel {
  /** Overall frontier, point indices by increasing cost. */
  frontier: number[];
  frontierBySeries: Map<string, number[]>;
  /** 1 where the point is on the overall frontier. */
  onFrontier: Uint8Array;
  centroids: Centroid[];
  series: SeriesSummary[];
}

export function buildScatterModel(p: ScatterPoints): ScatterModel {
  // One sort by cost serves the overall frontier and every series' frontier.
  const input = { x: p.x, y: p.y, higherIsBetter: p.higherIsBetter, order: finitePointsByCost(p.x, p.y) };
  const frontier = paretoFrontier(input);
  const onFrontier = new Uint8Array(p.x.length);
  frontier.forEach((i) => (onFrontier[i] = 1));
  const counts = new Map<string, SeriesSummary>();
  p.series.forEach((key, i) => {
    const s = counts.get(key) ?? counts.set(key, { key, count: 0, onFrontier: 0 }).get(key)!;
    s.count++;
    s.onFrontier += onFrontier[i];
  });
  return {
    frontier,
    frontierBySeries: paretoFrontierBySeries(input, p.series),
    onFrontier,
    centroids: centroidsBySeries(p.x, p.y, p.series).sort((a, b) => a.series.localeCompare(b.series)),
    series: [...counts.values()].sort((a, b) => a.key.localeCompare(b.key)),
  };
}

/** Indices of points inside a data-space rectangle (a brush). */
export function pointsInRegion(
  p: Pick<ScatterPoints, 'x' | 'y'>,
  r: { xMin: number; xMax: number; yMin: number; yMax: number }
): number[] {
  const out: number[] = [];
  for (let i = 0; i < p.x.length; i++) {
    if (p.x[i] >= r.xMin && p.x[i] <= r.xMax && p.y[i] >= r.yMin && p.y[i] <= r.yMax) {
      out.push(i);
    }
  }
  return out;
}
