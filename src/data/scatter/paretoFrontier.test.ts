import fc from 'fast-check';
import { finitePointsByCost, paretoFrontier, paretoFrontierBySeries } from './paretoFrontier';

/** O(n²) definition: i is on the frontier when no j is at least as good on both and better on one. */
function bruteForce(x: number[], y: number[], higherIsBetter: boolean): number[] {
  const s = higherIsBetter ? 1 : -1;
  const ok = (i: number) => Number.isFinite(x[i]) && Number.isFinite(y[i]);
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (!ok(i)) {
      continue;
    }
    const dominated = x.some(
      (_, j) => j !== i && ok(j) && x[j] <= x[i] && s * y[j] >= s * y[i] && (x[j] < x[i] || s * y[j] > s * y[i])
    );
    if (!dominated) {
      out.push(i);
    }
  }
  return out.sort((a, b) => x[a] - x[b] || a - b);
}

// Small integer grids force ties in cost, in quality and exact duplicates.
const value = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity) },
  { weight: 3, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) }
);
const points = fc.array(fc.tuple(value, value), { maxLength: 60 });

describe('paretoFrontier', () => {
  it('equals the brute-force frontier on random sets (both directions)', () => {
    fc.assert(
      fc.property(points, fc.boolean(), (pts, higherIsBetter) => {
        const x = pts.map((p) => p[0]);
        const y = pts.map((p) => p[1]);
        expect(paretoFrontier({ x, y, higherIsBetter })).toEqual(bruteForce(x, y, higherIsBetter));
      }),
      { numRuns: 500 }
    );
  });

  it('per series equals the brute force on each series alone', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value, fc.constantFrom('a', 'b', 'c')), { maxLength: 60 }), (pts) => {
        const x = pts.map((p) => p[0]);
        const y = pts.map((p) => p[1]);
        const by = paretoFrontierBySeries(
          { x, y, higherIsBetter: true },
          pts.map((p) => p[2])
        );
        for (const key of new Set(pts.map((p) => p[2]))) {
          const members = pts.map((p, i) => (p[2] === key ? i : -1)).filter((i) => i >= 0);
          const local = bruteForce(
            members.map((i) => x[i]),
            members.map((i) => y[i]),
            true
          ).map((k) => members[k]);
          expect(by.get(key)).toEqual(local);
        }
      }),
      { numRuns: 300 }
    );
  });

  it('gives the same frontiers from one shared sort by cost', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(value, value, fc.constantFrom('a', 'b', 'c')), { maxLength: 60 }),
        fc.boolean(),
        (pts, higherIsBetter) => {
          const x = pts.map((p) => p[0]);
          const y = pts.map((p) => p[1]);
          const series = pts.map((p) => p[2]);
          const order = finitePointsByCost(x, y);
          expect(paretoFrontier({ x, y, higherIsBetter, order })).toEqual(bruteForce(x, y, higherIsBetter));
          const shared = paretoFrontierBySeries({ x, y, higherIsBetter, order }, series);
          const own = paretoFrontierBySeries({ x, y, higherIsBetter }, series);
          expect(shared).toEqual(own);
        }
      ),
      { numRuns: 300 }
    );
  });

  it('keeps the cheapest best point and drops a dearer point that is no better', () => {
    // (1, .5) cheapest; (2, .9) better; (3, .9) dearer, same quality → dominated; (4, .95) on it.
    const x = [3, 1, 2, 4, 2.5];
    const y = [0.9, 0.5, 0.9, 0.95, 0.6];
    expect(paretoFrontier({ x, y, higherIsBetter: true })).toEqual([1, 2, 3]);
    // Latency-like: lower is better, so the cheapest-and-fastest point alone wins here.
    expect(paretoFrontier({ x, y, higherIsBetter: false })).toEqual([1]);
  });
});
