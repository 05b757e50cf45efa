import type { DataQuery, DataSourceJsonData } from '@grafana/schema';
import type { ModelPriceOverride } from '../data/cost/spanCost';
import type { MetricDimension, MetricSignal } from '../data/metrics/metricQueryBuilder';
import type { MinimumFilters } from '../data/queries/traceQueries';
import type { TraceFilters } from '../data/traceql/traceSearchQuery';
import type { VersionComparisonOptions } from '../data/queries/versionComparison';

export type GenAiQueryType =
  | 'traceSearch'
  | 'traceById'
  | 'tracePoints'
  | 'versionAggregates'
  | 'metrics'
  | 'traceqlMetrics'
  | 'versionComparison'
  /** Node-graph frames: agents, tools and models, and the calls between them. */
  | 'agentGraph';

/** The metric picker's state (query type `metrics`). */
export interface GenAiMetricQuery {
  mode?: 'builder' | 'promql';
  signal?: MetricSignal;
  groupBy?: MetricDimension[];
  filters?: Partial<Record<MetricDimension, string[]>>;
  /** For latency and time to first token. */
  quantile?: number;
  /** Raw PromQL (mode `promql`); $__rate_interval and $__range work. */
  expr?: string;
}

export interface GenAiQuery extends DataQuery {
  queryType?: GenAiQueryType;
  /** traceSearch, tracePoints, versionAggregates, agentGraph (over the range) */
  filters?: TraceFilters & MinimumFilters;
  /** traceById, and agentGraph of one trace; may be a template variable. */
  traceId?: string;
  /** Overrides the datasource's trace limit for this query. */
  limit?: number;
  /** metrics */
  metric?: GenAiMetricQuery;
  /** traceqlMetrics: a TraceQL metrics query for Tempo's /api/metrics/query_range. */
  traceqlMetrics?: string;
  /** versionComparison: baseline, candidates, metrics, filters (values may be template variables). */
  versionComparison?: VersionComparisonOptions;
}

export const DEFAULT_QUERY: Partial<GenAiQuery> = { queryType: 'traceSearch', filters: {} };

export type GenAiVariableKind =
  'services' | 'providers' | 'models' | 'operations' | 'versions' | 'agents' | 'evaluationNames';

export interface GenAiVariableQuery extends DataQuery {
  kind: GenAiVariableKind;
}

export interface GenAiDataSourceOptions extends DataSourceJsonData {
  /** UID of the user's existing Grafana Tempo data source. */
  tempoDatasourceUid?: string;
  /** UID of the user's existing Grafana Prometheus data source. */
  prometheusDatasourceUid?: string;
  /** UID of a Loki data source holding the apps' GenAI log records (prompts written as logs); optional. */
  lokiDatasourceUid?: string;
  /** LogQL stream selector for those records, instead of `{service_name=~"<the trace's services>"}`. */
  lokiStreamSelector?: string;
  /** Attributes that carry the pipeline version, first present wins. */
  versionAttributes?: string[];
  /** A cost attribute carried by the telemetry wins over the price table. */
  preferReportedCost?: boolean;
  priceOverrides?: ModelPriceOverride[];
  /** Traces one search covers. */
  searchLimit?: number;
  /** GenAI spans fetched per trace in searches. */
  spansPerTrace?: number;
  /** Prometheus scrape interval in seconds, for the rate window. */
  scrapeIntervalSec?: number;
  /** Masking of personal data wherever content is shown or exported (on unless `enabled: false`). */
  piiMasking?: {
    enabled?: boolean;
    /** Named regular expressions masked as `[name]`, besides the built-in detectors. */
    customPatterns?: Array<{ name: string; pattern: string; flags?: string }>;
    /** The lowest org role that may reveal one masked message at a time (Admin unless `Editor`). */
    revealRole?: 'Admin' | 'Editor';
  };
}
