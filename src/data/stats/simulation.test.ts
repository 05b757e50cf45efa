// Simulations where the truth is known (deterministic seeds). Bands: at 10,000 A/A comparisons the
// false-positive share has sd √(.05·.95/10⁴) ≈ 0.22 %, so [4.2 %, 5.8 %] is ±3.6 sd.
import { seededRandom, type Random } from '../../../tests/helpers/seededRandom';
import { normalCritical } from './distributions';
import { summarizeHistogram, type CumulativeBucket } from './histogramMoments';
import { twoProportionTest } from './proportions';
import { quantileSplitTest } from './quantileTest';
import { sampleMean, welchTest } from './welch';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';

const RUNS = 10_000;
const DURATION = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
const FINE = Array.from({ length: 60 }, (_, i) => 0.1 * 1.1 ** i);

function moments(xs: number[]) {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  return sampleMean(mean, xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1), n);
}

function histogram(xs: number[], bounds: number[]) {
  const sorted = [...xs].sort((a, b) => a - b);
  let i = 0;
  const buckets: CumulativeBucket[] = [];
  for (const le of [...bounds, Infinity]) {
    while (i < sorted.length && sorted[i] <= le) {
      i++;
    }
    buckets.push({ le, count: i });
  }
  return summarizeHistogram(
    buckets,
    xs.reduce((a, b) => a + b, 0),
    xs.length
  );
}

const lognormal = (r: Random, median: number, sigma: number) => Math.exp(r.normal(Math.log(median), sigma));

function rejectShare(run: (r: Random) => number, seed: number, runs = RUNS): number {
  const r = seededRandom(seed);
  let hits = 0;
  for (let i = 0; i < runs; i++) {
    if (run(r) < 0.05) {
      hits++;
    }
  }
  return hits / runs;
}

describe('A/A: about 5 % false positives', () => {
  it('Welch on sample moments (skewed data, unequal n)', () => {
    const share = rejectShare((r) => {
      const a = Array.from({ length: 60 }, () => lognormal(r, 1, 0.5));
      const b = Array.from({ length: 90 }, () => lognormal(r, 1, 0.5));
      return welchTest(moments(a), moments(b)).pValue;
    }, 1);
    expect(share).toBeGreaterThan(0.042);
    expect(share).toBeLessThan(0.058);
  });

  it('Welch on histogram moments with fine buckets, and conservative (≤ 5 %) with doubling buckets', () => {
    const fine = rejectShare((r) => {
      const a = Array.from({ length: 80 }, () => lognormal(r, 1, 0.5));
      const b = Array.from({ length: 80 }, () => lognormal(r, 1, 0.5));
      const ha = histogram(a, FINE);
      const hb = histogram(b, FINE);
      return welchTest(sampleMean(ha.mean, ha.variance, 80), sampleMean(hb.mean, hb.variance, 80)).pValue;
    }, 2);
    expect(fine).toBeGreaterThan(0.042);
    expect(fine).toBeLessThan(0.058);
    const coarse = rejectShare((r) => {
      const a = Array.from({ length: 80 }, () => lognormal(r, 1, 0.5));
      const b = Array.from({ length: 80 }, () => lognormal(r, 1, 0.5));
      const ha = histogram(a, DURATION);
      const hb = histogram(b, DURATION);
      return welchTest(sampleMean(ha.mean, ha.variance, 80), sampleMean(hb.mean, hb.variance, 80)).pValue;
    }, 3);
    expect(coarse).toBeLessThan(0.05);
    expect(coarse).toBeGreaterThan(0.005);
  });

  it('two proportions (z-test at 8 % error rate, n = 400)', () => {
    const share = rejectShare((r) => {
      const a = r.binomial(400, 0.08);
      const b = r.binomial(400, 0.08);
      return twoProportionTest({ successes: a, trials: 400 }, { successes: b, trials: 400 }).pValue;
    }, 4);
    expect(share).toBeGreaterThan(0.035); // z-test on binomial counts runs slightly conservative
    expect(share).toBeLessThan(0.058);
  });

  it('exact test at small counts never exceeds 5 %', () => {
    const share = rejectShare((r) => {
      const a = r.binomial(30, 0.05);
      const b = r.binomial(30, 0.05);
      return twoProportionTest({ successes: a, trials: 30 }, { successes: b, trials: 30 }).pValue;
    }, 5);
    expect(share).toBeLessThanOrEqual(0.05);
  });

  it('quantile-split test on latency buckets (p90)', () => {
    const share = rejectShare(
      (r) => {
        const a = histogram(
          Array.from({ length: 300 }, () => lognormal(r, 1, 0.5)),
          DURATION
        );
        const b = histogram(
          Array.from({ length: 300 }, () => lognormal(r, 1, 0.5)),
          DURATION
        );
        return quantileSplitTest(0.9, a.bins, b.bins).pValue;
      },
      6,
      4000
    );
    // The split bound is picked from the data, and counts are discrete: allow a wider band.
    expect(share).toBeGreaterThan(0.02);
    expect(share).toBeLessThan(0.07);
  });
});

describe('A/B: a real 10 % shift is found at the power the sample size implies', () => {
  it('Welch, normal data, mean 100 vs 110, sd 25, n = 80 per group', () => {
    const n = 80;
    const se = Math.sqrt((2 * 25 ** 2) / n);
    const z = normalCritical(0.95);
    const analytic = normalCdf(10 / se - z, 0, 1) + normalCdf(-10 / se - z, 0, 1);
    const observed = rejectShare(
      (r) => {
        const a = Array.from({ length: n }, () => r.normal(100, 25));
        const b = Array.from({ length: n }, () => r.normal(110, 25));
        return welchTest(moments(a), moments(b)).pValue;
      },
      7,
      4000
    );
    expect(analytic).toBeGreaterThan(0.7);
    expect(analytic).toBeLessThan(0.8);
    // t vs normal critical value at df ≈ 158 costs about 0.5 % power; sd of the share ≈ 0.7 %.
    expect(Math.abs(observed - analytic)).toBeLessThan(0.03);
  });

  it('two proportions, 10 % vs 11 % error rate (a 10 % relative shift), n = 15,000 per group', () => {
    const n = 15_000;
    const p1 = 0.1;
    const p2 = 0.11;
    const se = Math.sqrt((p1 * (1 - p1) + p2 * (1 - p2)) / n);
    const analytic = normalCdf((p2 - p1) / se - normalCritical(0.95), 0, 1);
    const observed = rejectShare(
      (r) => {
        // Normal approximation of the binomial draw keeps this fast at n = 15,000.
        const a = Math.round(r.normal(n * p1, Math.sqrt(n * p1 * (1 - p1))));
        const b = Math.round(r.normal(n * p2, Math.sqrt(n * p2 * (1 - p2))));
        return twoProportionTest({ successes: a, trials: n }, { successes: b, trials: n }).pValue;
      },
      8,
      4000
    );
    expect(analytic).toBeGreaterThan(0.6);
    expect(Math.abs(observed - analytic)).toBeLessThan(0.03);
  });

  it('95 % Welch intervals cover the true difference about 95 % of the time', () => {
    const r = seededRandom(9);
    let covered = 0;
    for (let i = 0; i < RUNS; i++) {
      const a = Array.from({ length: 40 }, () => r.normal(10, 2));
      const b = Array.from({ length: 50 }, () => r.normal(11, 3));
      const t = welchTest(moments(a), moments(b));
      if (t.ci[0] <= 1 && 1 <= t.ci[1]) {
        covered++;
      }
    }
    expect(covered / RUNS).toBeGreaterThan(0.942);
    expect(covered / RUNS).toBeLessThan(0.958);
  });
});
