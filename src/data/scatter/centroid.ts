import { tCritical } from '../stats/distributions';
import { seriesIndex, type SeriesIndex } from './seriesIndex';

/** A mean with its two-sided confidence interval; the interval is unknown below two values. */
export interface MeanInterval {
  mean: number;
  n: number;
  /** Undefined when it cannot be known (n < 2); `reason` says why. */
  low?: number;
  high?: number;
  reason?: string;
}

/** The mean with its Student-t interval at `level`, from the sum of squared deviations. */
function withInterval(mean: number, sumSquares: number, n: number, level: number): MeanInterval {
  if (n < 2) {
    return { mean, n, reason: 'one point: no interval' };
  }
  const half = (tCritical(level, n - 1) * Math.sqrt(sumSquares / (n - 1))) / Math.sqrt(n);
  return { mean, n, low: mean - half, high: mean + half };
}

export interface Centroid {
  series: string;
  x: MeanInterval;
  y: MeanInterval;
}

/** Per series (e.g. version): the centroid of its points with a 95 % interval on each axis. */
export function centroidsBySeries(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  seriesOf: ArrayLike<string>,
  level = 0.95,
  index: SeriesIndex = seriesIndex(seriesOf)
): Centroid[] {
  // Two passes over the points with per-series sums in typed arrays (no per-series index lists).
  const { keys, id } = index;
  const n = new Float64Array(keys.length);
  const sx = new Float64Array(keys.length);
  const sy = new Float64Array(keys.length);
  for (let i = 0; i < id.length; i++) {
    n[id[i]]++;
    sx[id[i]] += x[i];
    sy[id[i]] += y[i];
  }
  const mx = sx.map((s, k) => s / n[k]);
  const my = sy.map((s, k) => s / n[k]);
  const ssx = new Float64Array(keys.length);
  const ssy = new Float64Array(keys.length);
  for (let i = 0; i < id.length; i++) {
    const k = id[i];
    ssx[k] += (x[i] - mx[k]) ** 2;
    ssy[k] += (y[i] - my[k]) ** 2;
  }
  return keys.map((series, k) => ({
    series,
    x: withInterval(mx[k], ssx[k], n[k], level),
    y: withInterval(my[k], ssy[k], n[k], level),
  }));
}
