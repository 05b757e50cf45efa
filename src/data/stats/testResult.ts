/** One two-sample comparison: candidate minus baseline, with its 95 % (or `level`) interval. */
export interface TestResult {
  test: 'welch-t' | 'two-proportion-z' | 'fisher-exact' | 'quantile-split';
  pValue: number;
  /** candidate − baseline */
  diff: number;
  ci: [number, number];
  /** (candidate − baseline) / baseline; NaN when the baseline is 0. */
  relative: number;
  relativeCi: [number, number];
  /** The statistic (t or z) when the test has one. */
  statistic?: number;
  df?: number;
}

export const NAN_CI: [number, number] = [NaN, NaN];

/**
 * Interval for candidate/baseline − 1 from the interval of log(ratio) (delta method):
 * se(log r) = √(se_b²/b² + se_c²/c²). Needs both estimates > 0.
 */
export function relativeInterval(
  baseline: number,
  candidate: number,
  se2Baseline: number,
  se2Candidate: number,
  critical: number
): [number, number] {
  if (!(baseline > 0 && candidate > 0)) {
    return NAN_CI;
  }
  const logR = Math.log(candidate / baseline);
  const se = Math.sqrt(se2Baseline / baseline ** 2 + se2Candidate / candidate ** 2);
  return [Math.exp(logR - critical * se) - 1, Math.exp(logR + critical * se) - 1];
}
