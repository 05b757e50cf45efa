import { hypergeometric, normalCritical, normalTwoSidedP } from './distributions';
import { relativeInterval, type TestResult } from './testResult';

export interface Proportion {
  successes: number;
  trials: number;
}

/** Below this expected count in any cell of the 2×2 table the z-test is replaced by Fisher's. */
export const EXACT_BELOW_EXPECTED = 5;

/**
 * Fisher's exact test, two-sided: the probability of all tables with the same margins that are at
 * most as likely as the observed one (R's fisher.test convention, relative tolerance 1e-7).
 */
export function fisherExactP(a: number, n1: number, c: number, n2: number): number {
  const N = n1 + n2;
  const K = a + c;
  const pObs = hypergeometric(a, N, K, n1);
  const lo = Math.max(0, n1 - (N - K));
  const hi = Math.min(n1, K);
  let p = 0;
  for (let x = lo; x <= hi; x++) {
    const px = hypergeometric(x, N, K, n1);
    if (px <= pObs * (1 + 1e-7)) {
      p += px;
    }
  }
  return Math.min(1, p);
}

/**
 * Difference of two proportions. Test: pooled two-proportion z-test, or Fisher's exact test when an
 * expected cell count is below 5 (counts are rounded: increase() can return fractions).
 * Interval: Agresti–Caffo (one success and one failure added to each group), which keeps its
 * coverage at small n and at 0 or 1; relative interval from the log risk ratio.
 */
export function twoProportionTest(baseline: Proportion, candidate: Proportion, level = 0.95): TestResult {
  const x1 = Math.round(baseline.successes);
  const n1 = Math.round(baseline.trials);
  const x2 = Math.round(candidate.successes);
  const n2 = Math.round(candidate.trials);
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const diff = p2 - p1;
  const pooled = (x1 + x2) / (n1 + n2);
  const expected = Math.min(n1 * pooled, n1 * (1 - pooled), n2 * pooled, n2 * (1 - pooled));
  const z0 = normalCritical(level);
  let test: TestResult['test'] = 'two-proportion-z';
  let pValue: number;
  let statistic: number | undefined;
  if (expected < EXACT_BELOW_EXPECTED) {
    test = 'fisher-exact';
    pValue = fisherExactP(x1, n1, x2, n2);
  } else {
    const se0 = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
    statistic = se0 > 0 ? diff / se0 : 0;
    pValue = se0 > 0 ? normalTwoSidedP(statistic) : 1;
  }
  const a1 = (x1 + 1) / (n1 + 2);
  const a2 = (x2 + 1) / (n2 + 2);
  const seAc = Math.sqrt((a1 * (1 - a1)) / (n1 + 2) + (a2 * (1 - a2)) / (n2 + 2));
  const center = a2 - a1;
  // Log risk ratio: Var ≈ (1−p)/(x) per group; 0.5 added to zero counts.
  const h1 = x1 === 0 ? 0.5 : x1;
  const h2 = x2 === 0 ? 0.5 : x2;
  const q1 = h1 / n1;
  const q2 = h2 / n2;
  const relCi = relativeInterval(q1, q2, q1 * q1 * ((1 - q1) / h1), q2 * q2 * ((1 - q2) / h2), z0);
  return {
    test,
    pValue,
    diff,
    ci: [Math.max(-1, center - z0 * seAc), Math.min(1, center + z0 * seAc)],
    relative: p1 !== 0 ? diff / p1 : NaN,
    relativeCi: p1 > 0 ? relCi : [NaN, NaN],
    statistic,
  };
}
