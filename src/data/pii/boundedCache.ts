/**
 * A least-recently-used cache bounded both by entries and by the characters it holds, so masking
 * every value of a 100k-span trace keeps only the recent ones: a Map in use order (a hit is moved
 * to the end, the oldest evicted from the front). A value too big for a quarter of the budget is
 * not kept, so one huge prompt cannot evict everything else.
 */
export class BoundedCache<V> {
  private readonly map = new Map<string, { value: V; size: number }>();
  private chars = 0;

  constructor(
    readonly maxEntries: number,
    readonly maxChars: number,
    /** Characters an entry holds beyond its key (e.g. a masked copy of it). */
    private readonly sizeOf: (key: string, value: V) => number = (key) => key.length
  ) {}

  get size(): number {
    return this.map.size;
  }

  /** Characters held by the cached keys and values. */
  get heldChars(): number {
    return this.chars;
  }

  get(key: string): V | undefined {
    const entry = this.map.get(key);
    if (entry === undefined) {
      return undefined;
    }
    this.map.delete(key);
    this.map.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V): void {
    const size = this.sizeOf(key, value);
    const old = this.map.get(key);
    if (old !== undefined) {
      this.map.delete(key);
      this.chars -= old.size;
    }
    if (size > this.maxChars / 4) {
      return;
    }
    this.map.set(key, { value, size });
    this.chars += size;
    for (const [k, e] of this.map) {
      if (this.map.size <= this.maxEntries && this.chars <= this.maxChars) {
        break;
      }
      this.map.delete(k);
      this.chars -= e.size;
    }
  }

  clear(): void {
    this.map.clear();
    this.chars = 0;
  }
}
