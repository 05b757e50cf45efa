/**
 * Series keys as small integers, computed once per point set: counts, centroids and per-series
 * frontiers then index typed arrays instead of each hashing 100,000 strings.
 */
export interface SeriesIndex {
  /** Keys in order of first appearance. */
  keys: string[];
  /** Per point, the index of its key in `keys`. */
  id: Uint32Array;
}

export function seriesIndex(seriesOf: ArrayLike<string>): SeriesIndex {
  const keys: string[] = [];
  const index = new Map<string, number>();
  const id = new Uint32Array(seriesOf.length);
  let last: string | undefined;
  let lastId = 0;
  for (let i = 0; i < seriesOf.length; i++) {
    const key = seriesOf[i];
    if (key !== last) {
      // A handful of series (versions, models): a scan of the keys beats hashing every string.
      let k: number | undefined = -1;
      for (let j = 0; j < keys.length && j < 8; j++) {
        if (keys[j] === key) {
          k = j;
          break;
        }
      }
      k = k >= 0 ? k : index.get(key);
      if (k === undefined) {
        k = keys.length;
        index.set(key, k);
        keys.push(key);
      }
      last = key;
      lastId = k;
    }
    id[i] = lastId;
  }
  return { keys, id };
}
