import { tCritical, tTwoSidedP } from './distributions';
import { relativeInterval, type TestResult } from './testResult';

/** A mean with the squared standard error of its estimate and that estimate's degrees of freedom. */
export interface MeanEstimate {
  mean: number;
  /** Var(mean): variance / n for a sample mean. */
  se2: number;
  df: number;
}

/** A sample mean from count, mean and sample variance (e.g. a histogram's sum, count and buckets). */
export function sampleMean(mean: number, variance: number, n: number): MeanEstimate {
  return { mean, se2: variance / n, df: n - 1 };
}

/**
 * Welch's unequal-variances t-test with Welch–Satterthwaite degrees of freedom
 * ν = (v_b + v_c)² / (v_b²/df_b + v_c²/df_c), v = se².
 */
export function welchTest(baseline: MeanEstimate, candidate: MeanEstimate, level = 0.95): TestResult {
  const diff = candidate.mean - baseline.mean;
  const v = baseline.se2 + candidate.se2;
  const df = v ** 2 / (baseline.se2 ** 2 / baseline.df + candidate.se2 ** 2 / candidate.df);
  const se = Math.sqrt(v);
  let pValue: number;
  let t: number;
  let crit: number;
  if (v === 0) {
    // No spread at all: the means are the truth; equal or not.
    t = diff === 0 ? 0 : Math.sign(diff) * Infinity;
    pValue = diff === 0 ? 1 : 0;
    crit = 0;
  } else {
    t = diff / se;
    pValue = tTwoSidedP(t, df);
    crit = tCritical(level, df);
  }
  return {
    test: 'welch-t',
    pValue,
    diff,
    ci: [diff - crit * se, diff + crit * se],
    relative: baseline.mean !== 0 ? diff / baseline.mean : NaN,
    relativeCi: relativeInterval(baseline.mean, candidate.mean, baseline.se2, candidate.se2, crit),
    statistic: t,
    df,
  };
}
