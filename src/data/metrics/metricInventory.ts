import type { PrometheusClient } from '../prometheus/prometheusClient';

/** How a histogram is stored: classic `_bucket/_sum/_count` series or one native histogram. */
export interface HistogramRef {
  base: string;
  kind: 'classic' | 'native';
}

/** The label names the user's Prometheus uses for each dimension (they differ by translation). */
export interface DimensionLabels {
  model: string;
  provider: string;
  operation: string;
  service: string;
  version: string;
  agent: string;
  tokenType: string;
  errorType: string;
  evaluationName: string;
}

/** What the user's Prometheus actually holds, so queries match it. */
export interface MetricInventory {
  naming: 'underscore' | 'utf8';
  duration?: HistogramRef;
  tokens?: HistogramRef;
  /** Pending semconv counter form of token usage. */
  tokenCounter?: string;
  ttft?: HistogramRef;
  /** Our recording rules' cumulative cost series. */
  cost?: string;
  /** OpenLIT's cost histogram sum, used when our rules are not loaded. */
  openlitCost?: string;
  quality?: HistogramRef;
  spanMetrics?: { calls: string; latency?: HistogramRef };
  /** `promoted`: a version label on the series; `target_info`: joined from target_info. */
  version: 'promoted' | 'target_info' | 'none';
  labels: DimensionLabels;
  /**
   * The pre-1.37 semconv provider label (`gen_ai_system`) when the series carry it, e.g.
   * instrumentation-openai 0.22, or Tempo span-metrics holding both generations' dimensions.
   * Provider grouping and filters then read it as well as `labels.provider`.
   */
  legacyProvider?: string;
}

export const UNDERSCORE_LABELS: DimensionLabels = {
  model: 'gen_ai_request_model',
  provider: 'gen_ai_provider_name',
  operation: 'gen_ai_operation_name',
  service: 'job',
  version: 'service_version',
  agent: 'gen_ai_agent_name',
  tokenType: 'gen_ai_token_type',
  errorType: 'error_type',
  evaluationName: 'gen_ai_evaluation_name',
};

const UTF8_LABELS: DimensionLabels = {
  model: 'gen_ai.request.model',
  provider: 'gen_ai.provider.name',
  operation: 'gen_ai.operation.name',
  service: 'job',
  version: 'service.version',
  agent: 'gen_ai.agent.name',
  tokenType: 'gen_ai.token.type',
  errorType: 'error.type',
  evaluationName: 'gen_ai.evaluation.name',
};

/** Names of the metric families we look for, per translation strategy (reference §2). */
export const FAMILIES = {
  duration: [
    'gen_ai_client_operation_duration_seconds',
    'gen_ai.client.operation.duration_seconds',
    'gen_ai.client.operation.duration',
  ],
  tokens: ['gen_ai_client_token_usage', 'gen_ai.client.token.usage'],
  tokenCounter: [
    'gen_ai_client_inference_tokens_total',
    'gen_ai.client.inference.tokens_total',
    'gen_ai.client.inference.tokens',
  ],
  // The client's own measure first (what the caller waited), as the dashboards and the TTFT alert do.
  ttft: [
    'gen_ai_client_operation_time_to_first_chunk_seconds',
    'gen_ai_server_time_to_first_token_seconds',
    'gen_ai.client.operation.time_to_first_chunk_seconds',
    'gen_ai.server.time_to_first_token_seconds',
  ],
  quality: ['gen_ai_evaluation_score', 'gen_ai.evaluation.score'],
  cost: ['genai:cost_usd:total'],
  openlitCost: ['gen_ai_usage_cost_USD_sum'],
  spanMetricsCalls: ['traces_spanmetrics_calls_total'],
  spanMetricsLatency: ['traces_spanmetrics_latency'],
} as const;

/** Which metric would provide a missing signal, for the "not found" messages. */
export const PROVIDED_BY: Record<string, string> = {
  duration:
    'gen_ai.client.operation.duration (gen_ai_client_operation_duration_seconds), or Tempo span-metrics (traces_spanmetrics_*)',
  tokens: 'gen_ai.client.token.usage (gen_ai_client_token_usage) or the counter gen_ai.client.inference.tokens',
  ttft: 'gen_ai.server.time_to_first_token or gen_ai.client.operation.time_to_first_chunk',
  cost: 'the recording rules in stack/prometheus/rules/genai-cost.rules.yaml (series genai:cost_usd:total), or OpenLIT gen_ai_usage_cost_USD',
  quality: 'gen_ai.evaluation.score (gen_ai_evaluation_score), emitted by your evaluator',
};

function histogram(names: Set<string>, candidates: readonly string[]): HistogramRef | undefined {
  for (const base of candidates) {
    if (names.has(`${base}_bucket`)) {
      return { base, kind: 'classic' };
    }
    if (names.has(base)) {
      return { base, kind: 'native' };
    }
  }
  return undefined;
}

function first(names: Set<string>, candidates: readonly string[]): string | undefined {
  return candidates.find((c) => names.has(c));
}

/** Reads metric names and label names from Prometheus and describes what is there. */
export async function detectMetricInventory(prom: PrometheusClient, signal?: AbortSignal): Promise<MetricInventory> {
  const names = new Set(
    await prom.metricNames('{__name__=~"gen_ai.*|genai.*|traces_spanmetrics_.*|target_info"}', undefined, signal)
  );
  const naming = [...names].some((n) => n.startsWith('gen_ai.')) ? 'utf8' : 'underscore';
  const labels = { ...(naming === 'utf8' ? UTF8_LABELS : UNDERSCORE_LABELS) };
  const inv: MetricInventory = {
    naming,
    duration: histogram(names, FAMILIES.duration),
    tokens: histogram(names, FAMILIES.tokens),
    tokenCounter: first(names, FAMILIES.tokenCounter),
    ttft: histogram(names, FAMILIES.ttft),
    cost: first(names, FAMILIES.cost),
    openlitCost: first(names, FAMILIES.openlitCost),
    quality: histogram(names, FAMILIES.quality),
    version: 'none',
    labels,
  };
  const calls = first(names, FAMILIES.spanMetricsCalls);
  if (calls) {
    inv.spanMetrics = { calls, latency: histogram(names, FAMILIES.spanMetricsLatency) };
    if (!inv.duration) {
      // Tempo's span-metrics name the service `service`, and carry dimensions as plain labels.
      labels.service = 'service';
    }
  }
  // Label names present on the main family tell whether the old provider label is in use and
  // whether version is promoted.
  const probe = inv.duration ?? inv.tokens;
  const probeSeries = probe ? (probe.kind === 'classic' ? `${probe.base}_count` : probe.base) : inv.spanMetrics?.calls;
  if (probeSeries) {
    const series = probeSeries;
    const present = new Set(await prom.labelNames(`{__name__=${JSON.stringify(series)}}`, signal));
    const legacyProvider = naming === 'utf8' ? 'gen_ai.system' : 'gen_ai_system';
    if (present.has(legacyProvider)) {
      inv.legacyProvider = legacyProvider;
    }
    if (present.has(labels.version)) {
      inv.version = 'promoted';
    }
  }
  if (inv.version === 'none' && names.has('target_info')) {
    const infoLabels = new Set(await prom.labelNames('{__name__="target_info"}', signal));
    if (infoLabels.has(labels.version)) {
      inv.version = 'target_info';
    }
  }
  return inv;
}
