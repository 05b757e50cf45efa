import type { TraceFilters } from '../traceql/traceSearchQuery';
import type { TraceSummary } from '../trace/traceSummary';
import { searchTraceSummaries, type MinimumFilters, type TraceQueryContext } from './traceQueries';
import type { TimeRangeSec } from '../tempo/tempoClient';

/** Keep traces with a score below this (of one evaluation name, or of any). */
export interface ScoreFilter {
  below: number;
  evaluationName?: string;
}

export interface CollectedTraces {
  summaries: TraceSummary[];
  /** Every matching trace of the range is in `summaries` (not cut by `max` or by Tempo's limit). */
  complete: boolean;
  searches: number;
  warnings: string[];
}

/**
 * Every trace matching the filters over the range, up to `max`, newest first. One Tempo search
 * returns at most the trace limit, so a window that fills it is split in two and searched again
 * until each window holds fewer: the result is all of the range's matching traces, not a sample.
 */
export async function collectTraceSummaries(
  ctx: TraceQueryContext,
  filters: TraceFilters & MinimumFilters,
  max: number,
  opts: { score?: ScoreFilter; onProgress?: (found: number, searches: number) => void } = {}
): Promise<CollectedTraces> {
  const queue: TimeRangeSec[] = [ctx.range];
  const byId = new Map<string, TraceSummary>();
  const warnings = new Set<string>();
  let searches = 0;
  let complete = true;
  while (queue.length) {
    const range = queue.shift()!;
    const res = await searchTraceSummaries({ ...ctx, range }, filters);
    searches++;
    if (res.limitReached && range.end - range.start > 1) {
      // Newer half first: the export's first lines are the latest traces.
      const mid = Math.floor((range.start + range.end) / 2);
      queue.unshift({ start: mid, end: range.end }, { start: range.start, end: mid });
      continue;
    }
    if (res.limitReached) {
      complete = false;
      warnings.add(
        `More than ${ctx.searchLimit} matching traces started within one second; some of them are not included.`
      );
    }
    res.warnings.filter((w) => !w.startsWith('Showing the first')).forEach((w) => warnings.add(w));
    for (const s of res.summaries) {
      if (!opts.score || scoreBelow(s, opts.score)) {
        byId.set(s.traceId, s);
      }
    }
    opts.onProgress?.(byId.size, searches);
    if (byId.size >= max) {
      if (queue.length && byId.size === max) {
        // The windows not searched are older than every trace found: one probe says whether
        // they hold any match (a match the minimums would drop still counts: "not all", safely).
        const rest = { start: Math.min(...queue.map((r) => r.start)), end: Math.max(...queue.map((r) => r.end)) };
        const probe = await searchTraceSummaries({ ...ctx, range: rest, searchLimit: 1 }, filters);
        searches++;
        complete = complete && probe.summaries.length === 0 && !probe.limitReached;
      } else {
        complete = complete && byId.size === max && queue.length === 0;
      }
      break;
    }
  }
  const summaries = [...byId.values()].sort((a, b) => b.startMs - a.startMs);
  if (summaries.length > max) {
    complete = false;
  }
  return { summaries: summaries.slice(0, max), complete, searches, warnings: [...warnings] };
}

function scoreBelow(s: TraceSummary, f: ScoreFilter): boolean {
  const names = f.evaluationName ? [f.evaluationName] : Object.keys(s.scores);
  return names.some((n) => s.scores[n] !== undefined && s.scores[n].mean < f.below);
}
