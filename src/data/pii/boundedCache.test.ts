/** @jest-environment node */
import { BoundedCache } from './boundedCache';

describe('bounded cache', () => {
  it('evicts the least recently used entry beyond its entry count', () => {
    const cache = new BoundedCache<number>(2, 1_000);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([1, undefined, 3]);
    expect(cache.size).toBe(2);
  });

  it('evicts the oldest entries beyond its character budget, counting what each holds', () => {
    const cache = new BoundedCache<string>(100, 40, (key, value) => key.length + value.length);
    cache.set('k'.repeat(5), 'v'.repeat(5));
    cache.set('l'.repeat(5), 'w'.repeat(5));
    cache.set('m'.repeat(5), 'x'.repeat(5));
    expect(cache.heldChars).toBe(30);
    cache.set('n'.repeat(5), 'y'.repeat(5));
    cache.set('o'.repeat(5), 'z'.repeat(5));
    expect(cache.heldChars).toBe(40);
    expect(cache.get('k'.repeat(5))).toBeUndefined();
    expect(cache.get('o'.repeat(5))).toBe('z'.repeat(5));
  });

  it('keeps no entry bigger than a quarter of the budget, and replaces a key in place', () => {
    const cache = new BoundedCache<number>(10, 100);
    cache.set('x'.repeat(26), 1);
    expect(cache.size).toBe(0);
    cache.set('key', 1);
    cache.set('key', 2);
    expect([cache.size, cache.heldChars, cache.get('key')]).toEqual([1, 3, 2]);
    cache.clear();
    expect([cache.size, cache.heldChars]).toEqual([0, 0]);
  });
});
