import fc from 'fast-check';
import { discRaster } from './discRaster';

/** Reference: the same discs, "source over" in floating point on straight-alpha pixels. */
function reference(
  w: number,
  h: number,
  discs: Array<{ x: number; y: number; s: number }>,
  rgb: number[][],
  radius: number,
  alpha: number
) {
  const rr = Math.max(0.75, Math.round(radius * 2) / 2); // the documented rounding
  const px = Array.from({ length: w * h }, () => [0, 0, 0, 0]); // premultiplied floats
  for (const d of discs) {
    const cx = Math.round(d.x);
    const cy = Math.round(d.y);
    const reach = Math.ceil(rr);
    for (let dy = -reach; dy <= reach; dy++) {
      for (let dx = -reach; dx <= reach; dx++) {
        const x = cx + dx;
        const y = cy + dy;
        if (dx * dx + dy * dy > rr * rr || x < 0 || y < 0 || x >= w || y >= h) {
          continue;
        }
        const p = px[y * w + x];
        const c = rgb[d.s];
        for (let k = 0; k < 3; k++) {
          p[k] = c[k] * alpha + p[k] * (1 - alpha);
        }
        p[3] = alpha + p[3] * (1 - alpha);
      }
    }
  }
  return px.map(([r, g, b, a]) => (a ? [r / a, g / a, b / a, a * 255] : [0, 0, 0, 0]));
}

describe('discRaster', () => {
  it('composites overlapping discs like floating-point "over", within integer rounding', () => {
    const W = 24;
    const H = 16;
    const rgb = [
      [255, 0, 0],
      [20, 200, 90],
      [10, 20, 250],
    ];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            // Tenths of a pixel, uniform (fc.double crowds near 0 and the bounds: few interior discs).
            x: fc.integer({ min: -30, max: W * 10 + 30 }).map((v) => v / 10),
            y: fc.integer({ min: -30, max: H * 10 + 30 }).map((v) => v / 10),
            s: fc.integer({ min: 0, max: 2 }),
          }),
          { maxLength: 60 }
        ),
        fc.constantFrom(0.75, 1.5, 2.5),
        fc.constantFrom(0.5, 0.8),
        (discs, radius, alpha) => {
          const out = new Uint8ClampedArray(W * H * 4);
          discRaster(out, W, H, {
            xs: discs.map((d) => d.x),
            ys: discs.map((d) => d.y),
            seriesId: discs.map((d) => d.s),
            rgb: rgb as Array<[number, number, number]>,
            radius,
            alpha,
          });
          const ref = reference(W, H, discs, rgb, radius, alpha);
          for (let p = 0; p < W * H; p++) {
            const cov = out[4 * p + 3];
            // Coverage within a few levels (up to ~8 layers of byte rounding); colour where it
            // is not nearly transparent, where byte rounding is amplified by the division.
            expect(Math.abs(cov - ref[p][3])).toBeLessThanOrEqual(4);
            if (cov === 0 || ref[p][3] < 60) {
              continue;
            }
            for (let k = 0; k < 3; k++) {
              expect([p, k, Math.abs(out[4 * p + k] - ref[p][k]) <= 12]).toEqual([p, k, true]);
            }
          }
        }
      ),
      { numRuns: 200 }
    );
  });

  it('draws one opaque-enough disc of the right shape and leaves the rest transparent', () => {
    const out = new Uint8ClampedArray(9 * 9 * 4);
    discRaster(out, 9, 9, {
      xs: [4],
      ys: [4],
      seriesId: [0],
      rgb: [[0, 128, 255]],
      radius: 1.5,
      alpha: 0.5,
      origin: [0, 0],
    });
    const lit: string[] = [];
    for (let p = 0; p < 81; p++) {
      if (out[4 * p + 3]) {
        lit.push(`${p % 9},${Math.floor(p / 9)}`);
        expect([out[4 * p], out[4 * p + 1], out[4 * p + 2], out[4 * p + 3]]).toEqual([0, 128, 255, 128]);
      }
    }
    // r = 1.5: the 3×3 block around the centre (distance² ≤ 2.25), nothing else.
    expect(lit.sort()).toEqual(['3,3', '3,4', '3,5', '4,3', '4,4', '4,5', '5,3', '5,4', '5,5']);
  });
});
