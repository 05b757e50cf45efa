/** @jest-environment node */
import { sizeFactors } from './pointSizes';

describe('point sizes', () => {
  it('makes area proportional to the value, the largest at 4x the radius, small and unknown values at 1x', () => {
    const tokens = Float64Array.from([4000, 1000, 250, 100, NaN, 0]);
    const s = sizeFactors({ tokens, durationMs: new Float64Array(6) }, 'tokens')!;
    expect(s.max).toBe(4000);
    expect(Array.from(s.factor)).toEqual([4, 2, 1, 1, 1, 1]);
    // Area ratio equals the value ratio where above the floor: (4/2)^2 = 4000/1000.
    expect((s.factor[0] / s.factor[1]) ** 2).toBeCloseTo(tokens[0] / tokens[1], 12);
  });

  it('has no sizes for none, or when no value is known', () => {
    const p = { tokens: Float64Array.from([NaN]), durationMs: Float64Array.from([5]) };
    expect(sizeFactors(p, 'none')).toBeUndefined();
    expect(sizeFactors(p, 'tokens')).toBeUndefined();
    expect(sizeFactors(p, 'duration')?.max).toBe(5);
  });
});
