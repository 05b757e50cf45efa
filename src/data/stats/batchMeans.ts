// Per-request means of counters (cost per request, cache tokens per request): a counter has a
// sum but no per-request variance, so the range is cut into k equal windows and the windows are
// treated as clusters. The ratio estimator R = Σ num / Σ den has
// Var(R) ≈ k/(k−1) · Σ (num_i − R·den_i)² / (Σ den)² with k − 1 degrees of freedom (Cochran,
// Sampling Techniques, ratio estimation). Drift over the range widens the interval (conservative).
import type { MetricSample } from './compareVersions';

export interface WindowTotals {
  num: number;
  den: number;
}

export const MIN_WINDOWS = 5;

export function ratioOfWindows(windows: WindowTotals[], total?: WindowTotals): MetricSample {
  const used = windows.filter((w) => w.den > 0 && Number.isFinite(w.num));
  const k = used.length;
  const sumNum = used.reduce((s, w) => s + w.num, 0);
  const sumDen = used.reduce((s, w) => s + w.den, 0);
  const n = total?.den ?? sumDen;
  const mean = total && total.den > 0 ? total.num / total.den : sumDen > 0 ? sumNum / sumDen : NaN;
  if (k < MIN_WINDOWS) {
    return { kind: 'mean', mean, se2: NaN, df: 0, n };
  }
  const r = sumNum / sumDen;
  const ss = used.reduce((s, w) => s + (w.num - r * w.den) ** 2, 0);
  return { kind: 'mean', mean, se2: ((k / (k - 1)) * ss) / sumDen ** 2, df: k - 1, n };
}
