import { fisherExactP, twoProportionTest } from './proportions';

describe('two proportions', () => {
  it('z-test: 45/100 vs 30/100 gives z² = 4.8 (R: prop.test(c(45,30), c(100,100), correct=FALSE), X-squared = 4.8, p = 0.02846)', () => {
    // By hand: pooled p = 0.375, se = √(0.375·0.625·(2/100)) = 0.0684653, z = 0.15 / se = 2.19089.
    const r = twoProportionTest({ successes: 30, trials: 100 }, { successes: 45, trials: 100 });
    expect(r.test).toBe('two-proportion-z');
    expect(r.statistic! ** 2).toBeCloseTo(4.8, 10);
    expect(r.pValue).toBeCloseTo(0.02846, 5);
    expect(r.diff).toBeCloseTo(0.15, 12);
    expect(r.ci[0]).toBeGreaterThan(0);
    expect(r.ci[1]).toBeLessThan(0.3);
  });

  it('Fisher exact: Wikipedia “Fisher’s exact test” example (men/women dieting, [[1,9],[11,3]]): two-tailed p = 0.002759', () => {
    expect(fisherExactP(1, 10, 11, 14)).toBeCloseTo(0.002759, 6);
  });

  it('Fisher exact: Fisher’s lady tasting tea ([[3,1],[1,3]]; R fisher.test(TeaTasting) two-sided p = 0.4857)', () => {
    expect(fisherExactP(3, 4, 1, 4)).toBeCloseTo(0.4857, 4);
  });

  it('switches to the exact test at small expected counts', () => {
    // Tea tasting: every expected count is 2.
    const r = twoProportionTest({ successes: 1, trials: 4 }, { successes: 3, trials: 4 });
    expect(r.test).toBe('fisher-exact');
    expect(r.pValue).toBeCloseTo(0.4857, 4);
  });

  it('keeps the interval inside [-1, 1] at the edges', () => {
    const r = twoProportionTest({ successes: 0, trials: 40 }, { successes: 40, trials: 40 });
    expect(r.ci[0]).toBeGreaterThan(0.8);
    expect(r.ci[1]).toBeLessThanOrEqual(1);
    expect(r.pValue).toBeLessThan(1e-10);
  });
});
