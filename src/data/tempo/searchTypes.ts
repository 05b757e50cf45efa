import type { OtlpKeyValue } from '../otlp/types';

/** Shapes of Tempo's /api/search response (see shared/reference/genai-telemetry.md §4). */
export interface TempoSearchSpan {
  spanID: string;
  name?: string;
  startTimeUnixNano?: string;
  durationNanos?: string;
  attributes?: OtlpKeyValue[];
}

export interface TempoSpanSet {
  spans?: TempoSearchSpan[];
  matched?: number;
  attributes?: OtlpKeyValue[];
}

export interface TempoTraceSearchResult {
  traceID: string;
  rootServiceName?: string;
  rootTraceName?: string;
  startTimeUnixNano?: string;
  durationMs?: number;
  spanSet?: TempoSpanSet;
  spanSets?: TempoSpanSet[];
  serviceStats?: Record<string, { spanCount?: number; errorCount?: number }>;
}

export interface TempoSearchResponse {
  traces?: TempoTraceSearchResult[];
  metrics?: { inspectedTraces?: number; inspectedBytes?: string; completedJobs?: number; totalJobs?: number };
}

export interface TempoTraceByIdResponse {
  trace?: unknown;
  status?: string;
  message?: string;
}

export interface TempoTagsResponse {
  scopes?: Array<{ name: string; tags?: string[] }>;
}

export interface TempoTagValuesResponse {
  tagValues?: Array<{ type?: string; value?: string }>;
}

/** /api/metrics/query_range (TraceQL metrics). */
export interface TempoMetricsResponse {
  series?: Array<{
    labels?: OtlpKeyValue[];
    samples?: Array<{ timestampMs: string | number; value?: number }>;
    exemplars?: unknown[];
  }>;
  metrics?: Record<string, unknown>;
}

/** `/api/metrics/query` (instant): one value per series over the whole range. */
export interface TempoInstantMetricsResponse {
  series?: Array<{ labels?: OtlpKeyValue[]; value?: number | string }>;
}
