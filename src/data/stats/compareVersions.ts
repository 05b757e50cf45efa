// The comparison table: every metric × version against the baseline version, each with the test
// that fits the metric's kind, p-values corrected across all tests of the table, and a verdict.
import { normalCritical, tCritical } from './distributions';
import { histogramQuantile, type Bin } from './histogramMoments';
import { adjust, type Correction } from './multipleTesting';
import { twoProportionTest } from './proportions';
import { quantileSplitTest } from './quantileTest';
import { NAN_CI, type TestResult } from './testResult';
import { verdictFor, type BetterDirection, type Verdict } from './verdict';
import { welchTest } from './welch';

/** What one version's data says about one metric. */
export type MetricSample =
  /** A mean with the variance of its estimate (histogram moments, or window batch means). */
  | { kind: 'mean'; mean: number; se2: number; df: number; n: number }
  | { kind: 'proportion'; successes: number; trials: number }
  | { kind: 'quantile'; q: number; bins: Bin[] }
  /** A volume (requests, total cost): shown and compared, never tested. */
  | { kind: 'total'; value: number }
  | { kind: 'unknown'; reason: string };

export interface MetricDefinition {
  id: string;
  label: string;
  /** Grafana unit id. */
  unit: string;
  better: BetterDirection;
}

export interface ComparisonOptions {
  baseline: string;
  /** Significance level of each corrected test. */
  alpha?: number;
  /** Confidence level of the intervals. */
  level?: number;
  correction?: Correction;
  /** Fewer observations than this in either version: "not enough data". */
  minSamples?: number;
  /** Metric id → minimum |relative change| that counts as a real difference. */
  thresholds?: Record<string, number>;
}

export interface ComparisonCell {
  metric: string;
  version: string;
  isBaseline: boolean;
  /** null: unknown, see `reason`. */
  value: number | null;
  /** The value's own interval at the table's level (means and proportions; NaN where none). */
  valueCi: [number, number];
  n?: number;
  diff: number;
  ci: [number, number];
  relative: number;
  relativeCi: [number, number];
  pValue: number;
  pAdjusted: number;
  test?: TestResult['test'];
  verdict: Verdict;
  belowThreshold: boolean;
  reason?: string;
}

export const DEFAULT_MIN_SAMPLES = 30;

export function sampleValue(s: MetricSample | undefined): number | null {
  if (!s) {
    return null;
  }
  switch (s.kind) {
    case 'mean':
      return Number.isFinite(s.mean) ? s.mean : null;
    case 'proportion':
      return s.trials > 0 ? s.successes / s.trials : null;
    case 'quantile': {
      const v = histogramQuantile(s.q, s.bins);
      return Number.isFinite(v) ? v : null;
    }
    case 'total':
      return s.value;
    case 'unknown':
      return null;
  }
}

/**
 * The interval of one version's value: Student t on a mean (df from the sample: histogram counts,
 * or windows for a ratio estimator), Wilson's score interval on a proportion. Quantiles, totals and
 * unknowns have none here (the table's tests compare them).
 */
export function sampleInterval(s: MetricSample | undefined, level = 0.95): [number, number] {
  if (s?.kind === 'mean' && Number.isFinite(s.mean) && s.df >= 1 && Number.isFinite(s.se2) && s.se2 >= 0) {
    const half = tCritical(level, s.df) * Math.sqrt(s.se2);
    return [s.mean - half, s.mean + half];
  }
  if (s?.kind === 'proportion' && s.trials > 0) {
    const z = normalCritical(level);
    const n = s.trials;
    const p = s.successes / n;
    const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
    const half = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
    return [Math.max(0, centre - half), Math.min(1, centre + half)];
  }
  return NAN_CI;
}

function sampleSize(s: MetricSample): number | undefined {
  switch (s.kind) {
    case 'mean':
      return s.n;
    case 'proportion':
      return s.trials;
    case 'quantile':
      return s.bins.reduce((a, b) => a + b.n, 0);
    default:
      return undefined;
  }
}

interface Pending {
  cell: ComparisonCell;
  tested: boolean;
  better: BetterDirection;
}

/** Runs the test for one pair; `undefined` result with a reason when none can run. */
function runTest(
  b: MetricSample,
  c: MetricSample,
  level: number,
  minSamples: number
): { result?: TestResult; enough: boolean; reason?: string } {
  if (b.kind !== c.kind) {
    return { enough: false, reason: 'the versions report this metric in different forms' };
  }
  const nb = sampleSize(b) ?? 0;
  const nc = sampleSize(c) ?? 0;
  if (b.kind !== 'total' && (nb < minSamples || nc < minSamples)) {
    return {
      enough: false,
      reason: `not enough data: fewer than ${minSamples} observations (baseline ${round(nb)}, this version ${round(nc)})`,
    };
  }
  switch (b.kind) {
    case 'mean': {
      const cc = c as typeof b;
      if (!(b.df >= 1 && cc.df >= 1) || !Number.isFinite(b.se2) || !Number.isFinite(cc.se2)) {
        return { enough: false, reason: 'not enough data: no variance estimate' };
      }
      return { result: welchTest(b, cc, level), enough: true };
    }
    case 'proportion':
      return { result: twoProportionTest(b, c as typeof b, level), enough: true };
    case 'quantile':
      return { result: quantileSplitTest(b.q, b.bins, (c as typeof b).bins, level), enough: true };
    default:
      return { enough: true };
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

export function compareVersions(
  metrics: MetricDefinition[],
  versions: string[],
  sample: (metricId: string, version: string) => MetricSample | undefined,
  options: ComparisonOptions
): ComparisonCell[] {
  const level = options.level ?? 0.95;
  const alpha = options.alpha ?? 0.05;
  const minSamples = options.minSamples ?? DEFAULT_MIN_SAMPLES;
  const pending: Pending[] = [];
  for (const m of metrics) {
    const base = sample(m.id, options.baseline);
    const baseValue = sampleValue(base);
    for (const version of versions) {
      const s = sample(m.id, version);
      const value = sampleValue(s);
      const isBaseline = version === options.baseline;
      const cell: ComparisonCell = {
        metric: m.id,
        version,
        isBaseline,
        value,
        valueCi: sampleInterval(s, level),
        n: s ? sampleSize(s) : undefined,
        diff: NaN,
        ci: NAN_CI,
        relative: NaN,
        relativeCi: NAN_CI,
        pValue: NaN,
        pAdjusted: NaN,
        verdict: 'not enough data',
        belowThreshold: false,
      };
      pending.push({ cell, tested: false, better: m.better });
      if (!s || s.kind === 'unknown') {
        cell.reason = s?.kind === 'unknown' ? s.reason : 'no data for this version';
        continue;
      }
      if (isBaseline) {
        cell.verdict = 'no significant difference';
        continue;
      }
      if (!base || base.kind === 'unknown' || baseValue === null) {
        cell.reason = base?.kind === 'unknown' ? base.reason : 'no data for the baseline version';
        continue;
      }
      if (value !== null) {
        cell.diff = value - baseValue;
        cell.relative = baseValue !== 0 ? cell.diff / baseValue : NaN;
      }
      const r = runTest(base, s, level, minSamples);
      if (!r.enough) {
        cell.reason = r.reason;
        continue;
      }
      if (!r.result) {
        cell.verdict = 'no significant difference';
        cell.reason = 'a volume: compared, not tested';
        continue;
      }
      Object.assign(cell, {
        diff: r.result.diff,
        ci: r.result.ci,
        relative: r.result.relative,
        relativeCi: r.result.relativeCi,
        pValue: r.result.pValue,
        test: r.result.test,
      });
      pending[pending.length - 1].tested = true;
    }
  }
  const tested = pending.filter((p) => p.tested);
  const adjusted = adjust(
    tested.map((p) => p.cell.pValue),
    options.correction ?? 'holm'
  );
  tested.forEach((p, i) => {
    p.cell.pAdjusted = adjusted[i];
    const v = verdictFor({
      enough: true,
      pAdjusted: adjusted[i],
      diff: p.cell.diff,
      relative: p.cell.relative,
      better: p.better,
      alpha,
      minRelativeChange: options.thresholds?.[p.cell.metric],
    });
    p.cell.verdict = v.verdict;
    p.cell.belowThreshold = v.belowThreshold;
  });
  return pending.map((p) => p.cell);
}
