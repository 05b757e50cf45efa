// The Tempo requests the contract tests make. The fixture recorder runs exactly these against a
// real Tempo; the tests replay the recordings (or run live when TEMPO_URL is set).
import type { DataFrame } from '@grafana/data';
import { DEFAULT_COST_SETTINGS } from '../../src/data/cost/spanCost';
import { DEFAULT_NORMALIZE_OPTIONS } from '../../src/data/genai/normalizeSpan';
import { searchTraceSummaries, traceByIdFrames, type TraceQueryContext } from '../../src/data/queries/traceQueries';
import { traceqlMetricsFrames } from '../../src/data/queries/traceqlMetricsQueries';
import type { TempoClient } from '../../src/data/tempo/tempoClient';
import type { TraceSummary } from '../../src/data/trace/traceSummary';
import type { TraceFilters } from '../../src/data/traceql/traceSearchQuery';
import { variableValues } from '../../src/datasource/variableQueries';
import type { GenAiVariableKind } from '../../src/datasource/types';
import { realPrices } from './pipeline';

export const CONTRACT_SEARCHES: Record<string, TraceFilters> = {
  all: {},
  semconvService: { services: ['fixture-semconv'] },
  gpt4o: { models: ['gpt-4o'] },
  errorsOnly: { errorsOnly: true },
  hostileValue: { models: ['"} || { true } && {', '\\', '\n<script>alert(1)</script>'] },
  openaiProvider: { providers: ['openai'] },
};

/** TraceQL metrics: input tokens summed by model, and a query Tempo must reject. */
export const CONTRACT_TRACEQL_METRICS =
  '{ span.gen_ai.request.model != nil && span.gen_ai.usage.input_tokens != nil } | sum_over_time(span.gen_ai.usage.input_tokens) by (span.gen_ai.request.model)';
export const CONTRACT_TRACEQL_METRICS_BAD = '{ } | frobnicate_over_time(duration)';

export const CONTRACT_VARIABLES: GenAiVariableKind[] = [
  'services',
  'providers',
  'models',
  'operations',
  'versions',
  'agents',
  'evaluationNames',
];

export function contractContext(tempo: TempoClient): TraceQueryContext {
  const now = Math.floor(Date.now() / 1000);
  return {
    tempo,
    normalize: DEFAULT_NORMALIZE_OPTIONS,
    cost: DEFAULT_COST_SETTINGS,
    prices: realPrices,
    range: { start: now - 7 * 24 * 3600, end: now + 60 },
    searchLimit: 100,
    spansPerTrace: 100,
  };
}

export interface ContractResults {
  searches: Record<string, TraceSummary[]>;
  /** A search asking for more spans per trace than Tempo's default maximum (100). */
  overLimitSearch: { count: number; warnings: string[] };
  /** A 30-day search, longer than Tempo's default search window (168 h). */
  longRangeError?: string;
  traces: Record<string, DataFrame>;
  variables: Record<string, string[]>;
  traceqlMetrics: DataFrame[];
  traceqlMetricsError?: string;
}

/** TraceQL metrics allow at most 24 h; the contract looks at the last hour in 5-minute steps. */
export function metricsRange() {
  const now = Math.floor(Date.now() / 1000);
  return { start: now - 3600, end: now + 60, stepSec: 300 };
}

export async function runContractScenarios(tempo: TempoClient, traceIds: string[]): Promise<ContractResults> {
  const ctx = contractContext(tempo);
  const searches: Record<string, TraceSummary[]> = {};
  for (const [name, filters] of Object.entries(CONTRACT_SEARCHES)) {
    searches[name] = (await searchTraceSummaries(ctx, filters)).summaries;
  }
  const over = await searchTraceSummaries({ ...ctx, spansPerTrace: 500 }, {});
  const overLimitSearch = { count: over.summaries.length, warnings: over.warnings };
  const longRangeError = await searchTraceSummaries(
    { ...ctx, range: { start: ctx.range.end - 30 * 24 * 3600, end: ctx.range.end } },
    { services: ['x'] }
  ).then(
    () => undefined,
    (e: Error) => e.message
  );
  const traces: Record<string, DataFrame> = {};
  for (const id of traceIds) {
    traces[id] = (await traceByIdFrames(ctx, id, 'A'))[0];
  }
  const variables: Record<string, string[]> = {};
  for (const kind of CONTRACT_VARIABLES) {
    variables[kind] = await variableValues(tempo, kind, DEFAULT_NORMALIZE_OPTIONS.versionAttributes);
  }
  const traceqlMetrics = await traceqlMetricsFrames(tempo, CONTRACT_TRACEQL_METRICS, 'M', metricsRange());
  const traceqlMetricsError = await traceqlMetricsFrames(tempo, CONTRACT_TRACEQL_METRICS_BAD, 'M', metricsRange()).then(
    () => undefined,
    (e: Error) => e.message
  );
  return { searches, overLimitSearch, longRangeError, traces, variables, traceqlMetrics, traceqlMetricsError };
}
