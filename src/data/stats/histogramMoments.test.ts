import { seededRandom } from '../../../tests/helpers/seededRandom';
import { binsFromCumulative, histogramQuantile, summarizeHistogram, type CumulativeBucket } from './histogramMoments';

const DURATION = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

/** What a Prometheus client library would export for these observations. */
export function observe(values: number[], bounds: number[]) {
  const buckets: CumulativeBucket[] = [...bounds, Infinity].map((le) => ({
    le,
    count: values.filter((v) => v <= le).length,
  }));
  return { buckets, sum: values.reduce((a, b) => a + b, 0), count: values.length };
}

function exactVariance(xs: number[]) {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
}

describe('histogram moments', () => {
  it('takes the mean exactly and the variance within its stated bounds (lognormal latencies)', () => {
    const rnd = seededRandom(7);
    for (let trial = 0; trial < 50; trial++) {
      const xs = Array.from({ length: 500 }, () => Math.exp(rnd.normal(Math.log(0.8), 0.6)));
      const h = observe(xs, DURATION);
      const s = summarizeHistogram(h.buckets, h.sum, h.count);
      const truth = exactVariance(xs);
      expect(s.mean).toBeCloseTo(h.sum / h.count, 12);
      expect(s.varianceBounds.lower).toBeLessThanOrEqual(truth);
      expect(s.varianceBounds.upper).toBeGreaterThanOrEqual(truth);
      // Doubling buckets as wide as the spread: the uniform-in-bucket estimate overestimates
      // (Sheppard's term), which makes the tests conservative, never the other way here.
      expect(s.variance / truth).toBeGreaterThan(1);
      expect(s.variance / truth).toBeLessThan(2.2);
    }
  });

  it('bounds hold with observations in the +Inf bucket', () => {
    const xs = [0.5, 0.7, 100, 250, 0.9, 1.1];
    const h = observe(xs, DURATION);
    const s = summarizeHistogram(h.buckets, h.sum, h.count);
    const truth = exactVariance(xs);
    expect(s.varianceBounds.lower).toBeLessThanOrEqual(truth);
    expect(s.varianceBounds.upper).toBeGreaterThanOrEqual(truth);
    expect(s.variance).toBeGreaterThan(0);
  });

  it('is exact when every observation sits on one value at a bucket edge and the mean is that value', () => {
    const h = observe(Array(10).fill(0.8), [0.7, 0.8, 0.9]);
    const s = summarizeHistogram(h.buckets, h.sum, h.count);
    expect(s.varianceBounds.lower).toBe(0);
  });

  it('interpolates quantiles as histogram_quantile does', () => {
    const bins = binsFromCumulative([
      { le: 1, count: 10 },
      { le: 2, count: 30 },
      { le: 4, count: 40 },
      { le: Infinity, count: 40 },
    ]);
    // rank 0.5·40 = 20: 10 below, bucket (1,2] holds 20 → 1 + 1·(10/20) = 1.5
    expect(histogramQuantile(0.5, bins)).toBeCloseTo(1.5, 12);
    // rank 0.1·40 = 4 in the first bucket, lower edge 0 → 0.4
    expect(histogramQuantile(0.1, bins)).toBeCloseTo(0.4, 12);
    const withInf = binsFromCumulative([
      { le: 1, count: 1 },
      { le: Infinity, count: 10 },
    ]);
    expect(histogramQuantile(0.99, withInf)).toBe(1);
  });

  it('reports no variance for fewer than two observations or no data', () => {
    expect(summarizeHistogram([], 0, 0).variance).toBeNaN();
    expect(summarizeHistogram([{ le: 1, count: 1 }], 0.5, 1).variance).toBeNaN();
  });
});
