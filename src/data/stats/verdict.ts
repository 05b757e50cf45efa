// From a test result to what the panel says. "Better" follows the metric's direction; a
// practical-significance threshold (relative change) keeps tiny significant changes unflagged.

export type Verdict = 'better' | 'worse' | 'no significant difference' | 'not enough data';

/** Which way is better for a metric; `none` for volumes like requests (no verdict). */
export type BetterDirection = 'lower' | 'higher' | 'none';

export interface VerdictInput {
  enough: boolean;
  pAdjusted: number;
  diff: number;
  relative: number;
  better: BetterDirection;
  alpha: number;
  /** Minimum |relative change| that counts, e.g. 0.2 for ±20 %; 0 or undefined: any. */
  minRelativeChange?: number;
}

export interface VerdictOutcome {
  verdict: Verdict;
  /** Significant, but smaller than the practical threshold. */
  belowThreshold: boolean;
}

export function verdictFor(v: VerdictInput): VerdictOutcome {
  if (!v.enough) {
    return { verdict: 'not enough data', belowThreshold: false };
  }
  if (v.better === 'none' || !(v.pAdjusted < v.alpha) || v.diff === 0) {
    return { verdict: 'no significant difference', belowThreshold: false };
  }
  const threshold = v.minRelativeChange ?? 0;
  if (threshold > 0 && !(Math.abs(v.relative) >= threshold)) {
    return { verdict: 'no significant difference', belowThreshold: true };
  }
  const up = v.diff > 0;
  const good = v.better === 'higher' ? up : !up;
  return { verdict: good ? 'better' : 'worse', belowThreshold: false };
}
