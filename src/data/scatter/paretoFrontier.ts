import { sortIndicesByValue } from './radixSort';
import { seriesIndex, type SeriesIndex } from './seriesIndex';

/**
 * Pareto frontier of (cost, quality) points: the points no other point beats on both, i.e. no
 * other point costs no more and scores no less while being strictly better on one of them.
 * One sort by cost (a linear radix sort, so within the O(n log n) bound), then one sweep keeping
 * the best quality of every strictly cheaper point.
 */
export interface FrontierInput {
  /** Cost per point (minimised). */
  x: ArrayLike<number>;
  /** Quality per point. */
  y: ArrayLike<number>;
  /** Whether a higher y is better (scores, pass rate) or a lower one (latency, tokens). */
  higherIsBetter: boolean;
  /** Restrict to these point indices (a series); default every point. */
  indices?: ArrayLike<number>;
  /** The finite points already sorted by cost (finitePointsByCost), to share one sort. */
  order?: Uint32Array;
}

/** Indices of the points with a finite cost and quality, by increasing cost. */
export function finitePointsByCost(x: ArrayLike<number>, y: ArrayLike<number>): Uint32Array {
  const idx = new Uint32Array(x.length);
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    // x - x is 0 for finite x, NaN for ±Infinity and NaN: one test instead of Number.isFinite.
    if (x[i] - x[i] === 0 && y[i] - y[i] === 0) {
      idx[m++] = i;
    }
  }
  return sortIndicesByValue(x, idx.subarray(0, m));
}

/** Indices of the frontier points, by increasing cost; non-finite points never enter. */
export function paretoFrontier({ x, y, higherIsBetter, indices, order: sorted }: FrontierInput): number[] {
  const sign = higherIsBetter ? 1 : -1;
  let order = sorted;
  if (!order || indices) {
    const n = indices ? indices.length : x.length;
    const idx: number[] = [];
    for (let k = 0; k < n; k++) {
      const i = indices ? indices[k] : k;
      if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
        idx.push(i);
      }
    }
    order = sortIndicesByValue(x, idx);
  }
  const out: number[] = [];
  let best = -Infinity; // best quality among strictly cheaper points
  for (let k = 0; k < order.length;) {
    const cost = x[order[k]];
    let j = k;
    let groupBest = -Infinity;
    while (j < order.length && x[order[j]] === cost) {
      groupBest = Math.max(groupBest, sign * y[order[j]]);
      j++;
    }
    // Points sharing this cost: only those with the group's best quality can be undominated,
    // and only if they beat every cheaper point.
    if (groupBest > best) {
      for (let m = k; m < j; m++) {
        if (sign * y[order[m]] === groupBest) {
          out.push(order[m]);
        }
      }
    }
    best = Math.max(best, groupBest);
    k = j;
  }
  return out;
}

/**
 * The frontier of each series (same key → same series), keyed like the input: one sort of all
 * points by cost, then one sweep keeping each series' best quality so far (a sort per series
 * would repeat the fixed work of the radix sort for every series).
 */
export function paretoFrontierBySeries(
  input: Omit<FrontierInput, 'indices'>,
  seriesOf: ArrayLike<string>,
  index: SeriesIndex = seriesIndex(seriesOf)
): Map<string, number[]> {
  const { x, y } = input;
  const sign = input.higherIsBetter ? 1 : -1;
  const { keys, id: sid } = index;
  const order = input.order ?? finitePointsByCost(x, y);
  const best = new Float64Array(keys.length).fill(-Infinity); // per series: best of strictly cheaper
  const groupBest = new Float64Array(keys.length).fill(-Infinity);
  const out = keys.map(() => [] as number[]);
  for (let k = 0; k < order.length;) {
    const cost = x[order[k]];
    let j = k;
    // Points sharing this cost (any series): each series' best among them, then who enters.
    while (j < order.length && x[order[j]] === cost) {
      const i = order[j];
      groupBest[sid[i]] = Math.max(groupBest[sid[i]], sign * y[i]);
      j++;
    }
    for (let m = k; m < j; m++) {
      const i = order[m];
      const g = groupBest[sid[i]];
      if (g > best[sid[i]] && sign * y[i] === g) {
        out[sid[i]].push(i);
      }
    }
    for (let m = k; m < j; m++) {
      const s = sid[order[m]];
      best[s] = Math.max(best[s], groupBest[s]);
      groupBest[s] = -Infinity;
    }
    k = j;
  }
  return new Map(keys.map((key, k) => [key, out[k]]));
}
