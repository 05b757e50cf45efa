import type { DataFrame, DataLink } from '@grafana/data';
import type { CostSettings } from '../cost/spanCost';
import type { PriceLookup } from '../cost/priceLookup';
import { spanTreeFrame } from '../frames/spanTreeFrame';
import { tracePointsFrame, traceSearchFrame } from '../frames/traceSearchFrame';
import { versionAggregatesFrame } from '../frames/versionAggregatesFrame';
import type { NormalizeOptions } from '../genai/normalizeSpan';
import type { TempoClient, TimeRangeSec } from '../tempo/tempoClient';
import { buildTraceFromPayload } from '../trace/loadTrace';
import { summarizeSearchResult, type TraceSummary } from '../trace/traceSummary';
import { aggregateByVersion } from '../trace/versionAggregates';
import { buildTraceSearchQuery, type TraceFilters } from '../traceql/traceSearchQuery';

export interface TraceQueryContext {
  tempo: TempoClient;
  normalize: NormalizeOptions;
  cost: CostSettings;
  prices?: PriceLookup;
  range: TimeRangeSec;
  signal?: AbortSignal;
  requestId?: string;
  /** Traces one search covers (Tempo `limit`). */
  searchLimit: number;
  /** GenAI spans returned per trace (Tempo `spss`); totals are marked partial beyond it. */
  spansPerTrace: number;
}

export const DEFAULT_SEARCH_LIMIT = 100;
export const DEFAULT_SPANS_PER_TRACE = 200;

export interface MinimumFilters {
  minTotalTokens?: number;
  minCostUsd?: number;
}

/** One Tempo search → a summary per trace. Token/cost minimums apply after summarising. */
export async function searchTraceSummaries(ctx: TraceQueryContext, filters: TraceFilters & MinimumFilters): Promise<{ summaries: TraceSummary[]; query: string; warnings: string[] }> {
  const query = buildTraceSearchQuery(filters, ctx.normalize);
  const res = await ctx.tempo.search(query, {
    limit: ctx.searchLimit,
    spss: ctx.spansPerTrace,
    range: ctx.range,
    signal: ctx.signal,
    requestId: ctx.requestId,
  });
  const warnings: string[] = [];
  let summaries = (res.traces ?? []).map((t) => summarizeSearchResult(t, ctx));
  const truncated = summaries.filter((s) => s.spansReturned < s.spansMatched).length;
  if (truncated) {
    warnings.push(`${truncated} trace(s) have more GenAI spans than the ${ctx.spansPerTrace} returned per trace; their totals are partial (raise "Spans per trace").`);
  }
  if ((res.traces?.length ?? 0) >= ctx.searchLimit) {
    warnings.push(`Showing the first ${ctx.searchLimit} matching traces (raise "Trace limit" to cover more).`);
  }
  if (filters.minTotalTokens) {
    summaries = summaries.filter((s) => s.totals.inputTokens + s.totals.outputTokens >= filters.minTotalTokens!);
  }
  if (filters.minCostUsd) {
    summaries = summaries.filter((s) => s.totals.costUsd >= filters.minCostUsd!);
  }
  summaries.sort((a, b) => b.startMs - a.startMs);
  return { summaries, query, warnings };
}

export async function traceSearchFrames(ctx: TraceQueryContext, filters: TraceFilters & MinimumFilters, refId: string, traceLinks?: DataLink[]): Promise<DataFrame[]> {
  const { summaries, query, warnings } = await searchTraceSummaries(ctx, filters);
  const frame = traceSearchFrame(summaries, { refId, traceLinks, warnings });
  frame.meta = { ...frame.meta, executedQueryString: query };
  return [frame];
}

export async function tracePointsFrames(ctx: TraceQueryContext, filters: TraceFilters & MinimumFilters, refId: string): Promise<DataFrame[]> {
  const { summaries, query, warnings } = await searchTraceSummaries(ctx, filters);
  const frame = tracePointsFrame(summaries, { refId, warnings });
  frame.meta = { ...frame.meta, executedQueryString: query };
  return [frame];
}

export async function versionAggregateFrames(ctx: TraceQueryContext, filters: TraceFilters & MinimumFilters, refId: string): Promise<DataFrame[]> {
  const { summaries, query, warnings } = await searchTraceSummaries(ctx, filters);
  const frame = versionAggregatesFrame(aggregateByVersion(summaries), { refId, warnings });
  frame.meta = { ...frame.meta, executedQueryString: query };
  return [frame];
}

export async function traceByIdFrames(ctx: TraceQueryContext, traceId: string, refId: string): Promise<DataFrame[]> {
  const payload = await ctx.tempo.traceById(traceId, { signal: ctx.signal, requestId: ctx.requestId });
  const trace = buildTraceFromPayload(traceId.toLowerCase(), payload, ctx);
  if (!trace.nodes.length) {
    throw new Error(`Trace ${traceId} holds no spans${trace.warnings.length ? `: ${trace.warnings.join('; ')}` : ''}`);
  }
  return [spanTreeFrame(trace, refId)];
}
