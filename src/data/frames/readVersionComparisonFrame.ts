// Reads the version-comparison frame (src/data/queries/versionComparison.ts) back into a table:
// rows = metrics in frame order, columns = the baseline then the other versions.
import type { DataFrame } from '@grafana/data';
import type { BetterDirection, Verdict } from '../stats/verdict';

export interface ComparisonCellView {
  version: string;
  isBaseline: boolean;
  value: number | null;
  /** The value's own 95 % interval (means and proportions); nulls where there is none. */
  valueCi: [number | null, number | null];
  n: number | null;
  delta: number | null;
  deltaCi: [number | null, number | null];
  relative: number | null;
  relativeCi: [number | null, number | null];
  pValue: number | null;
  pAdjusted: number | null;
  test: string | null;
  verdict: Verdict;
  belowThreshold: boolean;
  reason: string | null;
  /** The value in each window of the range (null: no data there); empty when not available. */
  spark: Array<number | null>;
}

export interface ComparisonRowView {
  metric: string;
  label: string;
  unit: string;
  better: BetterDirection;
  cells: Record<string, ComparisonCellView>;
}

export interface ComparisonTableView {
  baseline: string;
  versions: string[];
  rows: ComparisonRowView[];
  method: Record<string, string>;
  /** Per metric: the engine it came from (Prometheus, or Tempo's TraceQL metrics). */
  metricSource: Record<string, string>;
  unavailable: Array<{ id: string; label: string; reason: string }>;
  datasourceUid?: string;
}

const VERDICTS = new Set<Verdict>(['better', 'worse', 'no significant difference', 'not enough data']);

export function findVersionComparisonFrame(series: DataFrame[]): DataFrame | undefined {
  return series.find((f) => f.meta?.custom?.kind === 'version-comparison');
}

/** Throws with a clear message when the frame is not a version comparison. */
export function readVersionComparisonFrame(frame: DataFrame): ComparisonTableView {
  const col = (name: string) => {
    const f = frame.fields.find((x) => x.name === name);
    if (!f) {
      throw new Error(`The version-comparison frame has no "${name}" field.`);
    }
    return f.values as unknown[];
  };
  const str = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? null : String(v));
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const c = Object.fromEntries(
    [
      'metric',
      'metricLabel',
      'unit',
      'better',
      'version',
      'isBaseline',
      'value',
      'n',
      'delta',
      'deltaLow',
      'deltaHigh',
      'relative',
      'relativeLow',
      'relativeHigh',
      'pValue',
      'pAdjusted',
      'test',
      'verdict',
      'belowThreshold',
      'reason',
    ].map((n) => [n, col(n)])
  );
  // Optional: frames from before sparklines have no such field.
  const sparks = frame.fields.find((x) => x.name === 'spark')?.values as unknown[] | undefined;
  // Optional: frames from before the value intervals.
  const lows = frame.fields.find((x) => x.name === 'valueLow')?.values as unknown[] | undefined;
  const highs = frame.fields.find((x) => x.name === 'valueHigh')?.values as unknown[] | undefined;
  const custom = frame.meta?.custom ?? {};
  const rows = new Map<string, ComparisonRowView>();
  const seenVersions: string[] = [];
  for (let i = 0; i < frame.length; i++) {
    const metric = str(c.metric[i]) ?? '';
    const version = str(c.version[i]) ?? '';
    if (!seenVersions.includes(version)) {
      seenVersions.push(version);
    }
    let row = rows.get(metric);
    if (!row) {
      const better = str(c.better[i]);
      row = {
        metric,
        label: str(c.metricLabel[i]) ?? metric,
        unit: str(c.unit[i]) ?? 'short',
        better: better === 'lower' || better === 'higher' ? better : 'none',
        cells: {},
      };
      rows.set(metric, row);
    }
    const verdict = str(c.verdict[i]) as Verdict;
    row.cells[version] = {
      version,
      isBaseline: c.isBaseline[i] === true,
      value: num(c.value[i]),
      valueCi: [num(lows?.[i]), num(highs?.[i])],
      n: num(c.n[i]),
      delta: num(c.delta[i]),
      deltaCi: [num(c.deltaLow[i]), num(c.deltaHigh[i])],
      relative: num(c.relative[i]),
      relativeCi: [num(c.relativeLow[i]), num(c.relativeHigh[i])],
      pValue: num(c.pValue[i]),
      pAdjusted: num(c.pAdjusted[i]),
      test: str(c.test[i]),
      verdict: VERDICTS.has(verdict) ? verdict : 'not enough data',
      belowThreshold: c.belowThreshold[i] === true,
      reason: str(c.reason[i]),
      spark: Array.isArray(sparks?.[i]) ? (sparks[i] as unknown[]).map(num) : [],
    };
  }
  const versions = Array.isArray(custom.versions) ? custom.versions.map(String) : seenVersions;
  return {
    baseline: typeof custom.baseline === 'string' ? custom.baseline : (versions[0] ?? ''),
    versions,
    rows: [...rows.values()],
    method: (custom.method as Record<string, string>) ?? {},
    metricSource: (custom.metricSource as Record<string, string>) ?? {},
    unavailable: Array.isArray(custom.unavailable) ? custom.unavailable : [],
    datasourceUid: typeof custom.datasourceUid === 'string' ? custom.datasourceUid : undefined,
  };
}
