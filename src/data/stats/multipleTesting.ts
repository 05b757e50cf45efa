// Corrections for testing many metrics at once. Both return adjusted p-values in input order;
// NaN (no test run) stays NaN and does not count towards the number of tests.

export type Correction = 'holm' | 'bh' | 'none';

function ranked(p: number[]): number[] {
  return p
    .map((v, i) => [v, i] as const)
    .filter(([v]) => Number.isFinite(v))
    .sort((a, b) => a[0] - b[0])
    .map(([, i]) => i);
}

/** Holm's step-down (controls the family-wise error rate, any dependence). */
export function holm(p: number[]): number[] {
  const order = ranked(p);
  const m = order.length;
  const out = p.map(() => NaN);
  let running = 0;
  order.forEach((idx, k) => {
    running = Math.max(running, Math.min(1, (m - k) * p[idx]));
    out[idx] = running;
  });
  return out;
}

/** Benjamini–Hochberg step-up (controls the false discovery rate, independent or PRDS tests). */
export function benjaminiHochberg(p: number[]): number[] {
  const order = ranked(p);
  const m = order.length;
  const out = p.map(() => NaN);
  let running = 1;
  for (let k = m - 1; k >= 0; k--) {
    const idx = order[k];
    running = Math.min(running, (m / (k + 1)) * p[idx]);
    out[idx] = running;
  }
  return out;
}

export function adjust(p: number[], correction: Correction): number[] {
  if (correction === 'holm') {
    return holm(p);
  }
  if (correction === 'bh') {
    return benjaminiHochberg(p);
  }
  return p.slice();
}
