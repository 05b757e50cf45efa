import { tCritical } from '../stats/distributions';

/** A mean with its two-sided confidence interval; the interval is unknown below two values. */
export interface MeanInterval {
  mean: number;
  n: number;
  /** Undefined when it cannot be known (n < 2); `reason` says why. */
  low?: number;
  high?: number;
  reason?: string;
}

/** Mean of `values[i]` for the given indices with a Student-t interval at `level`. */
export function meanInterval(values: ArrayLike<number>, indices: ArrayLike<number>, level = 0.95): MeanInterval {
  const n = indices.length;
  if (n === 0) {
    return { mean: NaN, n, reason: 'no points' };
  }
  let sum = 0;
  for (let k = 0; k < n; k++) {
    sum += values[indices[k]];
  }
  const mean = sum / n;
  if (n < 2) {
    return { mean, n, reason: 'one point: no interval' };
  }
  let ss = 0;
  for (let k = 0; k < n; k++) {
    const d = values[indices[k]] - mean;
    ss += d * d;
  }
  const half = (tCritical(level, n - 1) * Math.sqrt(ss / (n - 1))) / Math.sqrt(n);
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
  level = 0.95
): Centroid[] {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < seriesOf.length; i++) {
    (groups.get(seriesOf[i]) ?? groups.set(seriesOf[i], []).get(seriesOf[i])!).push(i);
  }
  return [...groups].map(([series, idx]) => ({
    series,
    x: meanInterval(x, idx, level),
    y: meanInterval(y, idx, level),
  }));
}
