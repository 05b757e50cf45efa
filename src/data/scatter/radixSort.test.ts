import fc from 'fast-check';
import { sortIndicesByValue } from './radixSort';

describe('sortIndicesByValue', () => {
  it('orders like a stable comparator sort, negatives, zeros and infinities included', () => {
    const value = fc.oneof(
      fc.double({ noNaN: true }),
      fc.integer({ min: -3, max: 3 }),
      fc.constantFrom(0, -0, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE)
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 200 }), (xs) => {
        const idx = xs.map((_, i) => i).filter((i) => i % 3 !== 1); // a subset, as for one series
        const expected = [...idx].sort((a, b) => (xs[a] < xs[b] ? -1 : xs[a] > xs[b] ? 1 : a - b));
        expect([...sortIndicesByValue(xs, idx)]).toEqual(expected);
      }),
      { numRuns: 500 }
    );
  });

  it('orders values that share their high 32 bits (long runs finished on the low bits)', () => {
    // 1 + k·2^-40: all share the high word; shuffled, with duplicates.
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 0, maxLength: 400 }), (ks) => {
        const xs = ks.map((k) => 1 + k * 2 ** -40);
        const idx = xs.map((_, i) => i);
        const expected = [...idx].sort((a, b) => (xs[a] < xs[b] ? -1 : xs[a] > xs[b] ? 1 : a - b));
        expect([...sortIndicesByValue(xs, idx)]).toEqual(expected);
      }),
      { numRuns: 300 }
    );
  });
});
