/**
 * Indices ordered by their value (ascending, ties in index order): an LSD radix sort on the high
 * 32 bits of the float64 (three passes of 11 bits, whose counts fit in L1), keys carried along so
 * every pass reads sequentially; values that tie on the high word (closer than about one part in
 * a million, or equal) are finished on the low word. Linear time; a comparator sort of 100k
 * indices is several times slower. Values must not be NaN.
 */
export function sortIndicesByValue(values: ArrayLike<number>, indices: ArrayLike<number>): Uint32Array {
  const n = indices.length;
  const f = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const v = values[indices[k]];
    f[k] = v === 0 ? 0 : v; // -0 sorts with 0
  }
  const bits = new Uint32Array(f.buffer);
  // Order-preserving unsigned keys (little-endian halves): negatives flip all bits, positives the sign.
  const lo = new Uint32Array(n);
  let key = new Uint32Array(n);
  let order = new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    const h = bits[2 * k + 1];
    const l = bits[2 * k];
    const neg = h >>> 31;
    key[k] = neg ? ~h >>> 0 : (h | 0x80000000) >>> 0;
    lo[k] = neg ? ~l >>> 0 : l;
    order[k] = k;
  }
  let keyTmp = new Uint32Array(n);
  let orderTmp = new Uint32Array(n);
  const count = new Uint32Array(2048);
  for (const [shift, mask] of [
    [0, 0x7ff],
    [11, 0x7ff],
    [22, 0x3ff],
  ]) {
    count.fill(0);
    for (let k = 0; k < n; k++) {
      count[(key[k] >>> shift) & mask]++;
    }
    let sum = 0;
    for (let b = 0; b <= mask; b++) {
      const c = count[b];
      count[b] = sum;
      sum += c;
    }
    for (let k = 0; k < n; k++) {
      const at = count[(key[k] >>> shift) & mask]++;
      keyTmp[at] = key[k];
      orderTmp[at] = order[k];
    }
    [key, keyTmp] = [keyTmp, key];
    [order, orderTmp] = [orderTmp, order];
  }
  for (let k = 0; k < n;) {
    let j = k + 1;
    while (j < n && key[j] === key[k]) {
      j++;
    }
    if (j - k > 1) {
      sortRunByLow(order, k, j, lo);
    }
    k = j;
  }
  for (let k = 0; k < n; k++) {
    order[k] = indices[order[k]];
  }
  return order;
}

/** Stable sort of order[from, to) by lo (ties keep their order, which is by index). */
function sortRunByLow(order: Uint32Array, from: number, to: number, lo: Uint32Array): void {
  if (to - from <= 32) {
    // Insertion sort: linear on the common case of equal values (identical costs).
    for (let k = from + 1; k < to; k++) {
      const o = order[k];
      const key = lo[o];
      let m = k - 1;
      while (m >= from && (lo[order[m]] > key || (lo[order[m]] === key && order[m] > o))) {
        order[m + 1] = order[m];
        m--;
      }
      order[m + 1] = o;
    }
    return;
  }
  const run = Array.from(order.subarray(from, to));
  let sorted = true;
  for (let k = 1; k < run.length && sorted; k++) {
    sorted = lo[run[k - 1]] < lo[run[k]] || (lo[run[k - 1]] === lo[run[k]] && run[k - 1] < run[k]);
  }
  if (!sorted) {
    run.sort((a, b) => lo[a] - lo[b] || a - b);
    order.set(run, from);
  }
}
