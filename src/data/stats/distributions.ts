// The distributions the tests need, from @stdlib (maintained, tested against reference values),
// behind one module so the rest of the statistics code names no library.
import hypergeometricPmf from '@stdlib/stats-base-dists-hypergeometric-pmf';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/** Two-sided p-value of a standard-normal statistic. */
export function normalTwoSidedP(z: number): number {
  return 2 * normalCdf(-Math.abs(z), 0, 1);
}

const criticalByLevel = new Map<number, number>();

/** z such that P(|Z| ≤ z) = level, e.g. 1.959964 for 0.95 (memoised: a table asks for few levels). */
export function normalCritical(level: number): number {
  let z = criticalByLevel.get(level);
  if (z === undefined) {
    z = normalQuantile(1 - (1 - level) / 2, 0, 1);
    criticalByLevel.set(level, z);
  }
  return z;
}

/** Two-sided p-value of a Student t statistic with `df` degrees of freedom (df may be fractional). */
export function tTwoSidedP(t: number, df: number): number {
  return 2 * tCdf(-Math.abs(t), df);
}

export function tCritical(level: number, df: number): number {
  return tQuantile(1 - (1 - level) / 2, df);
}

/** P(X = x) for X ~ Hypergeometric(population, successes in population, draws). */
export function hypergeometric(x: number, population: number, successes: number, draws: number): number {
  return hypergeometricPmf(x, population, successes, draws);
}
