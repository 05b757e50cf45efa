// A test on histogram bucket counts for a difference in one quantile (latency p50/p90/p99):
// Mood's median test generalised to the q-quantile. Both histograms are split at the shared bucket
// bound nearest the pooled q-quantile; under "same q-quantile" both put about the same share of
// observations at or below it, so the 2×2 table (≤ bound, > bound) × (baseline, candidate) goes to
// the two-proportion test (exact at small counts). A larger share at or below means a lower quantile.
// The bucket bounds limit what can be seen: a shift inside one bucket is invisible to this test.
import { normalCritical } from './distributions';
import { countAtOrBelow, histogramQuantile, type Bin } from './histogramMoments';
import { twoProportionTest } from './proportions';
import { NAN_CI, type TestResult } from './testResult';

function total(bins: Bin[]): number {
  return bins.reduce((s, b) => s + b.n, 0);
}

/** Finite bounds present in both histograms. */
function sharedBounds(a: Bin[], b: Bin[]): number[] {
  const other = new Set(b.map((x) => x.hi));
  return a.map((x) => x.hi).filter((le) => Number.isFinite(le) && other.has(le));
}

/**
 * Interval for one histogram's q-quantile from the order-statistic ranks N·q ± z·√(N·q·(1−q)),
 * read through the interpolated histogram; returns the half-width (mean of both sides).
 */
function quantileHalfWidth(q: number, bins: Bin[], z: number): number {
  const n = total(bins);
  const d = (z * Math.sqrt(n * q * (1 - q))) / n;
  const lo = histogramQuantile(Math.max(0, q - d), bins);
  const hi = histogramQuantile(Math.min(1, q + d), bins);
  return (hi - lo) / 2;
}

export function quantileSplitTest(q: number, baseline: Bin[], candidate: Bin[], level = 0.95): TestResult {
  const qb = histogramQuantile(q, baseline);
  const qc = histogramQuantile(q, candidate);
  const diff = qc - qb;
  const nb = total(baseline);
  const nc = total(candidate);
  // Where to split: between the two quantiles, weighted by size (bucket layouts may differ).
  const target = (nb * qb + nc * qc) / (nb + nc);
  // Nearest shared bound that leaves observations on both sides of the split.
  let split: number | undefined;
  let best = Infinity;
  for (const le of sharedBounds(baseline, candidate)) {
    const below = countAtOrBelow(baseline, le) + countAtOrBelow(candidate, le);
    if (below <= 0 || below >= nb + nc) {
      continue;
    }
    const dist = Math.abs(le - target);
    if (dist < best) {
      best = dist;
      split = le;
    }
  }
  const z = normalCritical(level);
  const hw = Math.sqrt(quantileHalfWidth(q, baseline, z) ** 2 + quantileHalfWidth(q, candidate, z) ** 2);
  // Quantiles of non-negative values: the candidate's cannot fall below 0.
  const ci: [number, number] = Number.isFinite(hw) ? [Math.max(-qb, diff - hw), diff + hw] : NAN_CI;
  const relative = qb !== 0 ? diff / qb : NaN;
  const relativeCi: [number, number] = qb > 0 && Number.isFinite(hw) ? [ci[0] / qb, ci[1] / qb] : NAN_CI;
  if (split === undefined) {
    // Every observation on one side of every shared bound: the buckets cannot tell them apart.
    return { test: 'quantile-split', pValue: 1, diff, ci, relative, relativeCi };
  }
  const p = twoProportionTest(
    { successes: countAtOrBelow(baseline, split), trials: nb },
    { successes: countAtOrBelow(candidate, split), trials: nc },
    level
  );
  return { test: 'quantile-split', pValue: p.pValue, diff, ci, relative, relativeCi, statistic: p.statistic };
}
