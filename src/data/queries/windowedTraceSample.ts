import type { PointsSample } from '../scatter/scatterPoints';
import type { TimeRangeSec } from '../tempo/tempoClient';
import type { TraceSummary } from '../trace/traceSummary';
import type { TraceFilters } from '../traceql/traceSearchQuery';
import { searchTraceSummaries, type MinimumFilters, type TraceQueryContext } from './traceQueries';

export const DEFAULT_WINDOWS = 8;
export const DEFAULT_CONCURRENCY = 3;
const MIN_WINDOW_SEC = 60;

/** Contiguous windows covering [start, end], at least a minute each (Tempo ranges are in seconds). */
export function splitRange(range: TimeRangeSec, count: number): TimeRangeSec[] {
  const span = Math.max(0, range.end - range.start);
  const n = Math.max(1, Math.min(Math.floor(count), Math.floor(span / MIN_WINDOW_SEC) || 1));
  const out: TimeRangeSec[] = [];
  for (let k = 0; k < n; k++) {
    out.push({
      start: range.start + Math.round((span * k) / n),
      end: range.start + Math.round((span * (k + 1)) / n),
    });
  }
  return out;
}

/** Runs `fn` over items with at most `limit` in flight; results in input order. */
export async function mapBounded<T, R>(
  items: T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

/**
 * Splits `total` among windows in proportion to what each holds (largest remainder), never more
 * than a window has: a uniform sample over time, not over windows.
 */
export function allocate(available: number[], total: number): number[] {
  const sum = available.reduce((a, b) => a + b, 0);
  if (sum <= total) {
    return [...available];
  }
  const exact = available.map((a) => (a * total) / sum);
  const quota = exact.map(Math.floor);
  let left = total - quota.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) {
      break;
    }
    if (quota[i] < available[i]) {
      quota[i]++;
      left--;
    }
  }
  return quota;
}

/** `k` items spread evenly over a time-ordered list (not its first k). */
export function pickEvenly<T>(items: T[], k: number): T[] {
  if (k >= items.length) {
    return items;
  }
  return Array.from({ length: k }, (_, j) => items[Math.floor(((j + 0.5) * items.length) / k)]);
}

export interface WindowedSample {
  summaries: TraceSummary[];
  query: string;
  warnings: string[];
  sample: PointsSample & { windows: number };
}

/**
 * Trace points for the whole range: one Tempo search per window, bounded in parallel. Each
 * window may return up to the Trace limit so that quiet windows leave their share to busy ones;
 * the limit then caps the total. A window that returns less than its limit is counted exactly.
 */
export async function sampleTracesOverRange(
  ctx: TraceQueryContext,
  filters: TraceFilters & MinimumFilters,
  opts: { windows?: number; concurrency?: number } = {}
): Promise<WindowedSample> {
  const windows = splitRange(ctx.range, opts.windows ?? DEFAULT_WINDOWS);
  // Grafana cancels an in-flight request when another with the same request id starts: one id per window.
  const results = await mapBounded(windows, opts.concurrency ?? DEFAULT_CONCURRENCY, (range, k) =>
    searchTraceSummaries({ ...ctx, range, requestId: ctx.requestId && `${ctx.requestId}_w${k}` }, filters)
  );
  // A trace crossing a window edge is found in both windows: keep it once, in the first.
  const seen = new Set<string>();
  const perWindow = results.map((r) =>
    r.summaries.filter((s) => !seen.has(s.traceId) && seen.add(s.traceId)).sort((a, b) => a.startMs - b.startMs)
  );
  const quotas = allocate(
    perWindow.map((w) => w.length),
    ctx.searchLimit
  );
  const summaries = perWindow.flatMap((w, k) => pickEvenly(w, quotas[k])).sort((a, b) => b.startMs - a.startMs);
  const full = results.filter((r) => r.limitReached).length;
  const matching = perWindow.reduce((a, w) => a + w.length, 0);
  const minutes = (windows[0].end - windows[0].start) / 60;
  const method =
    `stratified over ${windows.length} time window${windows.length === 1 ? '' : 's'} of ${formatMinutes(minutes)}, ` +
    `evenly spread within each` +
    (full ? `; ${full} window(s) hold more than the Trace limit, so the matching count is a lower bound` : '');
  const warnings = [...new Set(results.flatMap((r) => r.warnings.filter((w) => !w.startsWith('Showing the first'))))];
  return {
    summaries,
    query: results[0].query,
    warnings,
    sample: { shown: summaries.length, matching, matchingExact: full === 0, method, windows: windows.length },
  };
}

function formatMinutes(m: number): string {
  return m >= 120 ? `${+(m / 60).toFixed(1)} h` : `${+m.toFixed(1)} min`;
}
