// Point sizes of the quality-vs-cost scatter (panel-independent, tested beside).
import type { ScatterPoints } from './scatterPoints';

export type SizeBy = 'none' | 'tokens' | 'duration';

/**
 * Radius factors by tokens or duration: area ∝ value, the largest at 4× the base radius; values
 * below 1/16 of the largest (and unknown ones) keep the base size, so no point vanishes.
 */
export function sizeFactors(
  p: Pick<ScatterPoints, 'tokens' | 'durationMs'>,
  by: SizeBy | undefined
): { factor: Float32Array; max: number } | undefined {
  if (by === 'none' || !by) {
    return undefined;
  }
  const values = by === 'tokens' ? p.tokens : p.durationMs;
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i]) && values[i] > max) {
      max = values[i];
    }
  }
  if (!(max > 0)) {
    return undefined;
  }
  const factor = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    factor[i] = Number.isFinite(v) && v > 0 ? Math.max(1, 4 * Math.sqrt(v / max)) : 1;
  }
  return { factor, max };
}
