import { sampleMean, welchTest } from './welch';

function moments(xs: number[]) {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return sampleMean(mean, variance, n);
}

describe('Welch t-test', () => {
  it('reproduces R’s t.test(extra ~ group, data = sleep)', () => {
    // Published worked example: R documentation, ?t.test / datasets::sleep (Cushny & Peebles 1905).
    // R prints: t = -1.8608, df = 17.776, p-value = 0.07939,
    // 95 percent confidence interval: -3.3654832 0.2054832 (for group1 − group2).
    const g1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
    const g2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
    // Our diff is candidate − baseline, so baseline = group 2 gives R's group1 − group2.
    const r = welchTest(moments(g2), moments(g1));
    expect(r.statistic).toBeCloseTo(-1.8608, 4);
    expect(r.df).toBeCloseTo(17.776, 3);
    expect(r.pValue).toBeCloseTo(0.07939, 5);
    expect(r.ci[0]).toBeCloseTo(-3.3654832, 6);
    expect(r.ci[1]).toBeCloseTo(0.2054832, 6);
    expect(r.diff).toBeCloseTo(0.75 - 2.33, 10);
  });

  it('treats zero spread as the exact truth', () => {
    expect(welchTest(sampleMean(1, 0, 50), sampleMean(1, 0, 50)).pValue).toBe(1);
    expect(welchTest(sampleMean(1, 0, 50), sampleMean(1.1, 0, 50)).pValue).toBe(0);
  });

  it('gives a relative interval around the ratio that contains the relative difference', () => {
    const r = welchTest(sampleMean(10, 4, 100), sampleMean(12, 4, 100));
    expect(r.relative).toBeCloseTo(0.2, 10);
    expect(r.relativeCi[0]).toBeLessThan(0.2);
    expect(r.relativeCi[1]).toBeGreaterThan(0.2);
    expect(r.relativeCi[0]).toBeGreaterThan(0.1);
  });
});
