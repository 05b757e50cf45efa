import { sortIndicesByValue } from './radixSort';

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
}

/** Indices of the frontier points, by increasing cost; non-finite points never enter. */
export function paretoFrontier({ x, y, higherIsBetter, indices }: FrontierInput): number[] {
  const sign = higherIsBetter ? 1 : -1;
  const n = indices ? indices.length : x.length;
  const idx: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = indices ? indices[k] : k;
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      idx.push(i);
    }
  }
  const q = new Float64Array(x.length);
  for (const i of idx) {
    q[i] = sign * y[i];
  }
  const order = sortIndicesByValue(x, idx);
  const out: number[] = [];
  let best = -Infinity; // best quality among strictly cheaper points
  for (let k = 0; k < order.length;) {
    const cost = x[order[k]];
    let j = k;
    let groupBest = -Infinity;
    while (j < order.length && x[order[j]] === cost) {
      groupBest = Math.max(groupBest, q[order[j]]);
      j++;
    }
    // Points sharing this cost: only those with the group's best quality can be undominated,
    // and only if they beat every cheaper point.
    if (groupBest > best) {
      for (let m = k; m < j; m++) {
        if (q[order[m]] === groupBest) {
          out.push(order[m]);
        }
      }
    }
    best = Math.max(best, groupBest);
    k = j;
  }
  return out;
}

/** The frontier of each series (same key → same series), keyed like the input. */
export function paretoFrontierBySeries(
  input: Omit<FrontierInput, 'indices'>,
  seriesOf: ArrayLike<string>
): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < seriesOf.length; i++) {
    const g = groups.get(seriesOf[i]);
    if (g) {
      g.push(i);
    } else {
      groups.set(seriesOf[i], [i]);
    }
  }
  const out = new Map<string, number[]>();
  for (const [key, indices] of groups) {
    out.set(key, paretoFrontier({ ...input, indices }));
  }
  return out;
}
