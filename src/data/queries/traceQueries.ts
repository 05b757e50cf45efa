import type { DataFrame, DataLink } from '@grafana/data';
import { BackendError } from '../http/backendError';
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
import { buildTraceSearchQuery, MAX_TRACE_ID_FILTER, type TraceFilters } from '../traceql/traceSearchQuery';
import { sampleStatement } from '../scatter/scatterPoints';
import { sampleTracesOverRange } from './windowedTraceSample';
import { agentGraph } from '../graph/agentGraph';
import { agentGraphFrames } from '../frames/agentGraphFrames';

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
/** Tempo's default `query_frontend.search.max_spans_per_span_set`. */
export const DEFAULT_SPANS_PER_TRACE = 100;

const SPSS_LIMIT_RE = /spans per span set exceeds (\d+)/;

export interface MinimumFilters {
  minTotalTokens?: number;
  minCostUsd?: number;
}

/** One Tempo search → a summary per trace. Token/cost minimums apply after summarising. */
export async function searchTraceSummaries(
  ctx: TraceQueryContext,
  filters: TraceFilters & MinimumFilters
): Promise<{ summaries: TraceSummary[]; query: string; warnings: string[]; limitReached: boolean }> {
  const query = buildTraceSearchQuery(filters, ctx.normalize);
  const warnings: string[] = [];
  let spss = ctx.spansPerTrace;
  const search = () =>
    ctx.tempo.search(query, {
      limit: ctx.searchLimit,
      spss,
      range: ctx.range,
      signal: ctx.signal,
      requestId: ctx.requestId,
    });
  let res;
  try {
    res = await search();
  } catch (e) {
    // A Tempo with a lower max_spans_per_span_set refuses the request: retry within its limit.
    const max = e instanceof BackendError && e.status === 400 ? SPSS_LIMIT_RE.exec(e.message)?.[1] : undefined;
    if (!max || Number(max) >= spss) {
      throw explainRangeLimit(e, 'query_frontend.search.max_duration');
    }
    warnings.push(
      `This Tempo returns at most ${max} spans per trace in searches (query_frontend.search.max_spans_per_span_set); "Spans per trace" (${spss}) was lowered to ${max}.`
    );
    spss = Number(max);
    res = await search();
  }
  let summaries = (res.traces ?? []).map((t) => summarizeSearchResult(t, ctx));
  const truncated = summaries.filter((s) => s.spansReturned < s.spansMatched).length;
  if (truncated) {
    warnings.push(
      `${truncated} trace(s) have more GenAI spans than the ${spss} returned per trace; their totals are partial (raise "Spans per trace").`
    );
  }
  const limitReached = (res.traces?.length ?? 0) >= ctx.searchLimit;
  if (limitReached) {
    warnings.push(`Showing the first ${ctx.searchLimit} matching traces (raise "Trace limit" to cover more).`);
  }
  // TraceQL ORs the version attributes; the version shown is the first present. Keep them consistent.
  if (filters.versions?.length) {
    const wanted = new Set(filters.versions);
    summaries = summaries.filter((s) => s.version !== undefined && wanted.has(s.version));
  }
  if (filters.minTotalTokens) {
    summaries = summaries.filter((s) => s.totals.inputTokens + s.totals.outputTokens >= filters.minTotalTokens!);
  }
  if (filters.minCostUsd) {
    summaries = summaries.filter((s) => s.totals.costUsd >= filters.minCostUsd!);
  }
  summaries.sort((a, b) => b.startMs - a.startMs);
  return { summaries, query, warnings, limitReached };
}

export async function traceSearchFrames(
  ctx: TraceQueryContext,
  filters: TraceFilters & MinimumFilters,
  refId: string,
  traceLinks?: DataLink[]
): Promise<DataFrame[]> {
  const { summaries, query, warnings } = await searchTraceSummaries(ctx, filters);
  const ids = new Set((filters.traceIds ?? []).map((v) => v.trim().toLowerCase()).filter(Boolean));
  if (ids.size > MAX_TRACE_ID_FILTER) {
    warnings.unshift(`${ids.size} trace ids selected; this search uses the first ${MAX_TRACE_ID_FILTER}.`);
  }
  const frame = traceSearchFrame(summaries, { refId, traceLinks, warnings });
  frame.meta = { ...frame.meta, executedQueryString: query };
  return [frame];
}

export async function tracePointsFrames(
  ctx: TraceQueryContext,
  filters: TraceFilters & MinimumFilters,
  refId: string
): Promise<DataFrame[]> {
  // The range, not its newest N: one search per time window, the Trace limit as the total.
  const { summaries, query, warnings, sample } = await sampleTracesOverRange(ctx, filters);
  const frame = tracePointsFrame(summaries, { refId, warnings: [sampleStatement(sample), ...warnings] });
  frame.meta = { ...frame.meta, executedQueryString: query, custom: { ...frame.meta?.custom, sample } };
  return [frame];
}

/**
 * The agent graph (Grafana node-graph frames) of one trace, exact; or of the range (or of the
 * conversations the filters name), from the traces sampled uniformly over it, which the frames
 * state ("N traces shown of M matching").
 */
export async function agentGraphQueryFrames(
  ctx: TraceQueryContext,
  target: { traceId?: string; filters: TraceFilters & MinimumFilters },
  refId: string
): Promise<DataFrame[]> {
  const traceId = target.traceId?.trim();
  if (traceId) {
    const trace = await loadTraceById(ctx, traceId);
    return agentGraphFrames(agentGraph([trace]), refId, { warnings: trace.warnings });
  }
  const { summaries, query, warnings, sample } = await sampleTracesOverRange(ctx, target.filters);
  const trees = summaries.flatMap((s) => (s.tree ? [s.tree] : []));
  const frames = agentGraphFrames(agentGraph(trees), refId, { sample: sampleStatement(sample), warnings });
  frames[0].meta = { ...frames[0].meta, executedQueryString: query, custom: { ...frames[0].meta?.custom, sample } };
  return frames;
}

export async function versionAggregateFrames(
  ctx: TraceQueryContext,
  filters: TraceFilters & MinimumFilters,
  refId: string
): Promise<DataFrame[]> {
  const { summaries, query, warnings } = await searchTraceSummaries(ctx, filters);
  const frame = versionAggregatesFrame(aggregateByVersion(summaries), { refId, warnings });
  frame.meta = { ...frame.meta, executedQueryString: query };
  return [frame];
}

/** One trace from Tempo, normalised and priced; a trace with no spans is an error that says so. */
async function loadTraceById(ctx: TraceQueryContext, traceId: string) {
  const payload = await ctx.tempo.traceById(traceId, { signal: ctx.signal, requestId: ctx.requestId });
  const trace = buildTraceFromPayload(traceId.toLowerCase(), payload, ctx);
  if (!trace.nodes.length) {
    throw new Error(`Trace ${traceId} holds no spans${trace.warnings.length ? `: ${trace.warnings.join('; ')}` : ''}`);
  }
  return trace;
}

export async function traceByIdFrames(ctx: TraceQueryContext, traceId: string, refId: string): Promise<DataFrame[]> {
  return [spanTreeFrame(await loadTraceById(ctx, traceId), refId)];
}

/** Tempo caps how much time one search or metrics query may span; say how to get under it. */
export function explainRangeLimit(e: unknown, setting: string): unknown {
  if (!(e instanceof BackendError) || e.status !== 400) {
    return e;
  }
  const m = /exceeds (?:the maximum allowed duration of )?(\d+h[\dhms]*)/.exec(e.message);
  if (!m) {
    return e;
  }
  return new BackendError(
    e.backend,
    e.kind,
    `The time range is longer than this Tempo allows in one query (${m[1]}): pick a shorter range, or raise ${setting} in Tempo.`,
    e.status,
    e.detail
  );
}
