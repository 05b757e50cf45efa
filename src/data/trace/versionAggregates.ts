import type { TraceSummary } from './traceSummary';

export interface ScoreSpread {
  mean: number;
  stddev: number;
  count: number;
}

/** Per-version roll-up of trace summaries (for version comparison views). */
export interface VersionAggregate {
  version: string;
  traces: number;
  /** USD of the whole version; undefined when any trace's cost is unknown (never understated). */
  totalCostUsd?: number;
  /** Mean USD over the traces whose cost is complete; undefined when there are none. */
  costPerRequestUsd?: number;
  /** Traces whose cost is only a lower bound (some span's cost unknown: no price, or no usage recorded). */
  tracesWithUnknownCost: number;
  avgInputTokens: number;
  avgOutputTokens: number;
  latencyP50Ms: number;
  latencyP90Ms: number;
  latencyP99Ms: number;
  errorRate: number;
  scores: Record<string, ScoreSpread>;
}

export const UNVERSIONED = '(no version)';

export function aggregateByVersion(summaries: TraceSummary[]): VersionAggregate[] {
  const groups = new Map<string, TraceSummary[]>();
  for (const s of summaries) {
    const key = s.version ?? UNVERSIONED;
    const g = groups.get(key);
    g ? g.push(s) : groups.set(key, [s]);
  }
  const out: VersionAggregate[] = [];
  for (const [version, list] of groups) {
    const n = list.length;
    const latencies = list.map((s) => s.durationMs).sort((a, b) => a - b);
    const complete = list.filter((s) => s.totals.unknownCostSpans === 0);
    const knownCost = sum(complete.map((s) => s.totals.costUsd));
    const scoreValues: Record<string, number[]> = {};
    for (const s of list) {
      for (const [name, stat] of Object.entries(s.scores)) {
        if (stat.count > 0 && Number.isFinite(stat.mean)) {
          (scoreValues[name] ??= []).push(stat.mean);
        }
      }
    }
    const scores: Record<string, ScoreSpread> = {};
    for (const [name, values] of Object.entries(scoreValues)) {
      scores[name] = { mean: mean(values), stddev: stddev(values), count: values.length };
    }
    out.push({
      version,
      traces: n,
      totalCostUsd: complete.length === n ? knownCost : undefined,
      costPerRequestUsd: complete.length ? knownCost / complete.length : undefined,
      tracesWithUnknownCost: n - complete.length,
      avgInputTokens: mean(list.map((s) => s.totals.inputTokens)),
      avgOutputTokens: mean(list.map((s) => s.totals.outputTokens)),
      latencyP50Ms: quantile(latencies, 0.5),
      latencyP90Ms: quantile(latencies, 0.9),
      latencyP99Ms: quantile(latencies, 0.99),
      errorRate: list.filter((s) => s.hasError).length / n,
      scores,
    });
  }
  return out.sort((a, b) => a.version.localeCompare(b.version, undefined, { numeric: true }));
}

/** Linear-interpolated quantile of sorted values (same definition as numpy's default). */
export function quantile(sorted: number[], q: number): number {
  if (!sorted.length) {
    return NaN;
  }
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function sum(v: number[]): number {
  return v.reduce((a, b) => a + b, 0);
}

function mean(v: number[]): number {
  return v.length ? sum(v) / v.length : NaN;
}

/** Sample standard deviation (n − 1); 0 for a single value. */
function stddev(v: number[]): number {
  if (v.length < 2) {
    return 0;
  }
  const m = mean(v);
  return Math.sqrt(sum(v.map((x) => (x - m) ** 2)) / (v.length - 1));
}
