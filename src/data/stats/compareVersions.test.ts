import { ratioOfWindows } from './batchMeans';
import { compareVersions, type MetricDefinition, type MetricSample } from './compareVersions';

const METRICS: MetricDefinition[] = [
  { id: 'cost', label: 'Cost per request', unit: 'currencyUSD', better: 'lower' },
  { id: 'errors', label: 'Error rate', unit: 'percentunit', better: 'lower' },
  { id: 'quality', label: 'Quality', unit: 'percentunit', better: 'higher' },
  { id: 'requests', label: 'Requests', unit: 'short', better: 'none' },
];

const data: Record<string, Record<string, MetricSample>> = {
  cost: {
    v1: { kind: 'mean', mean: 0.01, se2: 1e-10, df: 999, n: 1000 },
    v2: { kind: 'mean', mean: 0.0125, se2: 1e-10, df: 999, n: 1000 },
    v3: { kind: 'mean', mean: 0.01001, se2: 1e-10, df: 999, n: 1000 },
    tiny: { kind: 'mean', mean: 0.02, se2: 1e-10, df: 9, n: 10 },
  },
  errors: {
    v1: { kind: 'proportion', successes: 50, trials: 1000 },
    v2: { kind: 'proportion', successes: 20, trials: 1000 },
    v3: { kind: 'proportion', successes: 52, trials: 1000 },
    tiny: { kind: 'proportion', successes: 5, trials: 10 },
  },
  quality: {
    v1: { kind: 'mean', mean: 0.8, se2: 0.01 / 1000, df: 999, n: 1000 },
    v2: { kind: 'mean', mean: 0.7, se2: 0.01 / 1000, df: 999, n: 1000 },
    v3: { kind: 'mean', mean: 0.8, se2: 0.01 / 1000, df: 999, n: 1000 },
    tiny: { kind: 'unknown', reason: 'no evaluation scores for this version' },
  },
  requests: {
    v1: { kind: 'total', value: 1000 },
    v2: { kind: 'total', value: 1000 },
    v3: { kind: 'total', value: 1000 },
    tiny: { kind: 'total', value: 10 },
  },
};

const cells = (thresholds?: Record<string, number>) =>
  compareVersions(METRICS, ['v1', 'v2', 'v3', 'tiny'], (m, v) => data[m]?.[v], { baseline: 'v1', thresholds });
const cell = (cs: ReturnType<typeof cells>, m: string, v: string) => cs.find((c) => c.metric === m && c.version === v)!;

describe('compareVersions', () => {
  it('gives the verdict in the metric’s direction', () => {
    const cs = cells();
    expect(cell(cs, 'cost', 'v2').verdict).toBe('worse');
    expect(cell(cs, 'cost', 'v2').relative).toBeCloseTo(0.25, 10);
    expect(cell(cs, 'errors', 'v2').verdict).toBe('better');
    expect(cell(cs, 'quality', 'v2').verdict).toBe('worse');
    expect(cell(cs, 'quality', 'v2').diff).toBeCloseTo(-0.1, 10);
    expect(cell(cs, 'quality', 'v3').verdict).toBe('no significant difference');
    expect(cell(cs, 'errors', 'v3').verdict).toBe('no significant difference');
    expect(cell(cs, 'requests', 'v2').verdict).toBe('no significant difference');
    expect(cell(cs, 'cost', 'v1').isBaseline).toBe(true);
  });

  it('says "not enough data" below the minimum sample, with the reason', () => {
    const cs = cells();
    expect(cell(cs, 'cost', 'tiny').verdict).toBe('not enough data');
    expect(cell(cs, 'cost', 'tiny').reason).toMatch(/fewer than 30 observations \(baseline 1000, this version 10\)/);
    expect(cell(cs, 'errors', 'tiny').verdict).toBe('not enough data');
    expect(cell(cs, 'quality', 'tiny').value).toBeNull();
    expect(cell(cs, 'quality', 'tiny').reason).toBe('no evaluation scores for this version');
  });

  it('a practical threshold keeps a tiny significant change unflagged', () => {
    // +2 % with a standard error of 1e-7: overwhelmingly significant, but below a 20 % threshold.
    const precise = compareVersions(
      METRICS.slice(0, 1),
      ['v1', 'v2'],
      (_m, v) => ({ kind: 'mean', mean: v === 'v1' ? 0.01 : 0.0102, se2: 1e-14, df: 999, n: 1000 }),
      { baseline: 'v1', thresholds: { cost: 0.2 } }
    );
    expect(precise[1].pAdjusted).toBeLessThan(1e-6);
    expect(precise[1].verdict).toBe('no significant difference');
    expect(precise[1].belowThreshold).toBe(true);
    expect(cell(cells({ cost: 0.2 }), 'cost', 'v2').verdict).toBe('worse');
  });

  it('corrects p-values across all tests of the table (Holm)', () => {
    const cs = cells().filter((c) => Number.isFinite(c.pValue));
    // 6 tests (3 metrics × v2, v3); the smallest raw p is multiplied by 6.
    expect(cs).toHaveLength(6);
    const min = cs.reduce((a, b) => (a.pValue < b.pValue ? a : b));
    expect(min.pAdjusted).toBeCloseTo(Math.min(1, min.pValue * 6), 12);
    cs.forEach((c) => expect(c.pAdjusted).toBeGreaterThanOrEqual(c.pValue));
  });
});

describe('ratioOfWindows (batch means for counters)', () => {
  it('ratio estimator variance from window residuals', () => {
    const w = [
      { num: 10, den: 100 },
      { num: 12, den: 100 },
      { num: 8, den: 100 },
      { num: 11, den: 100 },
      { num: 9, den: 100 },
    ];
    const s = ratioOfWindows(w);
    if (s.kind !== 'mean') {
      throw new Error('expected a mean');
    }
    expect(s.mean).toBeCloseTo(0.1, 12);
    // residuals 0, 2, −2, 1, −1 → Σ² = 10; k/(k−1) = 5/4; / 500² → 5e-5
    expect(s.se2).toBeCloseTo((1.25 * 10) / 500 ** 2, 15);
    expect(s.df).toBe(4);
    expect(s.n).toBe(500);
  });

  it('too few windows: no variance, so "not enough data"', () => {
    const s = ratioOfWindows([{ num: 1, den: 10 }]);
    expect(s.kind === 'mean' && Number.isNaN(s.se2)).toBe(true);
  });
});
