import { centroidsBySeries } from './centroid';

describe('centroid intervals', () => {
  it('is the Student-t interval of the mean', () => {
    // mean 3, s = sqrt(2.5), n = 5, t(0.975, 4) = 2.776445105
    const r = centroidsBySeries([1, 2, 3, 4, 5], [0, 0, 0, 0, 0], ['a', 'a', 'a', 'a', 'a'])[0].x;
    const half = (2.776445105 * Math.sqrt(2.5)) / Math.sqrt(5);
    expect(r.mean).toBe(3);
    expect(r.low).toBeCloseTo(3 - half, 8);
    expect(r.high).toBeCloseTo(3 + half, 8);
  });

  it('says the interval is unknown for one point, not zero-width', () => {
    expect(centroidsBySeries([7], [0.5], ['a'])[0].x).toEqual({ mean: 7, n: 1, reason: 'one point: no interval' });
    // A series exists only through its points: there is no empty centroid.
    expect(centroidsBySeries([], [], [])).toEqual([]);
  });
});

describe('centroidsBySeries', () => {
  it('groups points by series on both axes', () => {
    const c = centroidsBySeries([1, 3, 10, 20], [0.5, 0.7, 0.9, 0.8], ['v1', 'v1', 'v2', 'v2']);
    expect(c.map((s) => [s.series, s.x.mean, s.y.mean, s.x.n])).toEqual([
      ['v1', 2, 0.6, 2],
      ['v2', 15, expect.closeTo(0.85, 12), 2],
    ]);
    // n = 2: t(0.975, 1) = 12.706; s_x = sqrt(2) → half = 12.706
    expect(c[0].x.high! - c[0].x.mean).toBeCloseTo(12.7062047, 5);
  });
});
