/** @jest-environment node */
import fc from 'fast-check';
import { PixelGrid } from './pixelGrid';

/** Brute force: the smallest distance within the radius (the grid may pick any point at it). */
function nearestDistance(px: Float32Array, py: Float32Array, x: number, y: number, radius: number): number {
  let best = Infinity;
  for (let i = 0; i < px.length; i++) {
    const d = (px[i] - x) ** 2 + (py[i] - y) ** 2;
    if (d <= radius * radius && d < best) {
      best = d;
    }
  }
  return best;
}

describe('pixel grid', () => {
  it('finds a nearest point within the radius, as a scan of every point does', () => {
    const coord = fc.oneof(fc.double({ min: -50, max: 1300, noNaN: true }), fc.constant(NaN), fc.constant(Infinity));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(coord, coord), { maxLength: 300 }),
        fc.array(
          fc.tuple(fc.double({ min: -60, max: 1310, noNaN: true }), fc.double({ min: -60, max: 1310, noNaN: true })),
          {
            minLength: 1,
            maxLength: 20,
          }
        ),
        fc.integer({ min: 1, max: 30 }),
        (pts, queries, radius) => {
          const px = Float32Array.from(pts.map((p) => p[0]));
          const py = Float32Array.from(pts.map((p) => p[1]));
          const grid = new PixelGrid(px, py);
          for (const [x, y] of queries) {
            const i = grid.nearest(x, y, radius);
            const d = nearestDistance(px, py, x, y, radius);
            if (d === Infinity) {
              expect(i).toBe(-1);
            } else {
              expect(i).toBeGreaterThanOrEqual(0);
              expect((px[i] - x) ** 2 + (py[i] - y) ** 2).toBeCloseTo(d, 6);
            }
          }
        }
      ),
      { numRuns: 300 }
    );
  });

  it('has no points to offer when none is finite', () => {
    expect(new PixelGrid(Float32Array.from([NaN]), Float32Array.from([1])).nearest(0, 1, 10)).toBe(-1);
    expect(new PixelGrid(new Float32Array(0), new Float32Array(0)).nearest(0, 0, 10)).toBe(-1);
  });
});
