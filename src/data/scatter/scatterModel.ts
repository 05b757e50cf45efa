import { centroidsBySeries, type Centroid } from './centroid';
import { finitePointsByCost, paretoFrontier, paretoFrontierBySeries } from './paretoFrontier';
import type { ScatterPoints } from './scatterPoints';
import { seriesIndex, type SeriesIndex } from './seriesIndex';

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
  /** Each point's series as an integer id (for the raster and other per-point passes). */
  index: SeriesIndex;
}

export function buildScatterModel(p: ScatterPoints): ScatterModel {
  // One sort by cost serves the overall frontier and every series' frontier.
  const input = { x: p.x, y: p.y, higherIsBetter: p.higherIsBetter, order: finitePointsByCost(p.x, p.y) };
  const frontier = paretoFrontier(input);
  const onFrontier = new Uint8Array(p.x.length);
  frontier.forEach((i) => (onFrontier[i] = 1));
  const index = seriesIndex(p.series);
  const count = new Uint32Array(index.keys.length);
  const onF = new Uint32Array(index.keys.length);
  for (let i = 0; i < index.id.length; i++) {
    count[index.id[i]]++;
    onF[index.id[i]] += onFrontier[i];
  }
  return {
    frontier,
    frontierBySeries: paretoFrontierBySeries(input, p.series, index),
    onFrontier,
    centroids: centroidsBySeries(p.x, p.y, p.series, 0.95, index).sort((a, b) => a.series.localeCompare(b.series)),
    series: index.keys
      .map((key, k) => ({ key, count: count[k], onFrontier: onF[k] }))
      .sort((a, b) => a.key.localeCompare(b.key)),
    index,
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
