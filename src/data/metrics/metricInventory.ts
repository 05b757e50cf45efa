import type { PrometheusClient } from '../prometheus/prometheusClient';
import { promqlString, regexLiteral } from './promqlEscape';

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

/** Token kinds the 2026 usage counters split; cache kinds are subsets of input, reasoning of output. */
export const TOKEN_KINDS = ['input', 'output', 'cache_read', 'cache_write', 'reasoning'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

/** Time-to-first-token families; the client ones are what the caller waited. */
export interface TtftFamilies {
  /** gen_ai.client.inference.time_to_first_chunk (2026). */
  inference?: HistogramRef;
  /** gen_ai.client.operation.time_to_first_chunk (semconv <= 1.41). */
  operation?: HistogramRef;
  /** gen_ai.client.time_to_first_token (Grafana agento11y/sigil SDK; no operation label). */
  sdk?: HistogramRef;
  /** gen_ai.server.time_to_first_token. */
  server?: HistogramRef;
}

/** What the user's Prometheus actually holds, so queries match it. Old and 2026 names may coexist. */
export interface MetricInventory {
  naming: 'underscore' | 'utf8';
  /** gen_ai.client.operation.duration: every operation before 2026, non-inference ones after. */
  duration?: HistogramRef;
  /** gen_ai.client.inference.duration (2026): inference calls. */
  inferenceDuration?: HistogramRef;
  /** gen_ai.client.token.usage histogram (by gen_ai.token.type), semconv <= 1.41. */
  tokens?: HistogramRef;
  /** gen_ai.client.inference.usage.*_tokens counters (2026), by kind. */
  usageCounters?: Partial<Record<TokenKind, string>>;
  /** gen_ai.client.inference.operation.{input,output}_tokens histograms (2026): calls that reported usage. */
  usageHistograms?: { input?: HistogramRef; output?: HistogramRef };
  ttft?: TtftFamilies;
  /** gen_ai.invoke_agent.duration, gen_ai.execute_tool.duration, gen_ai.invoke_workflow.duration (2026). */
  agentDuration?: HistogramRef;
  toolDuration?: HistogramRef;
  workflowDuration?: HistogramRef;
  /**
   * Classic bucket bounds shared by every family of a signal, as `le` regex, set only when the
   * families' bounds differ: summing buckets by `le` is exact only over common bounds.
   */
  commonLe?: Partial<Record<'latency' | 'ttft', string>>;
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

/**
 * The Prometheus names of one OTel metric under each translation strategy (reference §2):
 * UnderscoreEscapingWithSuffixes, NoUTF8EscapingWithSuffixes, and both without suffixes.
 */
export function promNames(otelName: string, unitSuffix: '' | '_seconds', counter = false): string[] {
  const suffix = unitSuffix + (counter ? '_total' : '');
  const underscore = otelName.replace(/\./g, '_');
  return [...new Set([underscore + suffix, otelName + suffix, otelName, underscore])];
}

const usage = (kind: string) => promNames(`gen_ai.client.inference.usage.${kind}_tokens`, '', true);

/** Names of the metric families we look for, per translation strategy. */
export const FAMILIES = {
  duration: promNames('gen_ai.client.operation.duration', '_seconds'),
  inferenceDuration: promNames('gen_ai.client.inference.duration', '_seconds'),
  tokens: promNames('gen_ai.client.token.usage', ''),
  usageCounters: {
    input: usage('input'),
    output: usage('output'),
    cache_read: usage('cache_read.input'),
    cache_write: usage('cache_write.input'),
    reasoning: usage('reasoning.output'),
  } satisfies Record<TokenKind, string[]>,
  usageHistograms: {
    input: promNames('gen_ai.client.inference.operation.input_tokens', ''),
    output: promNames('gen_ai.client.inference.operation.output_tokens', ''),
  },
  ttft: {
    inference: promNames('gen_ai.client.inference.time_to_first_chunk', '_seconds'),
    operation: promNames('gen_ai.client.operation.time_to_first_chunk', '_seconds'),
    sdk: promNames('gen_ai.client.time_to_first_token', '_seconds'),
    server: promNames('gen_ai.server.time_to_first_token', '_seconds'),
  } satisfies Record<keyof TtftFamilies, string[]>,
  agentDuration: promNames('gen_ai.invoke_agent.duration', '_seconds'),
  toolDuration: promNames('gen_ai.execute_tool.duration', '_seconds'),
  workflowDuration: promNames('gen_ai.invoke_workflow.duration', '_seconds'),
  quality: ['gen_ai_evaluation_score', 'gen_ai.evaluation.score'],
  cost: ['genai:cost_usd:total'],
  openlitCost: ['gen_ai_usage_cost_USD_sum'],
  spanMetricsCalls: ['traces_spanmetrics_calls_total'],
  spanMetricsLatency: ['traces_spanmetrics_latency'],
} as const;

/** Which metric would provide a missing signal, for the "not found" messages. */
export const PROVIDED_BY: Record<string, string> = {
  duration:
    'gen_ai.client.inference.duration (gen_ai_client_inference_duration_seconds, 2026 conventions) or gen_ai.client.operation.duration (gen_ai_client_operation_duration_seconds), or Tempo span-metrics (traces_spanmetrics_*)',
  tokens:
    'the counters gen_ai.client.inference.usage.{input,output,cache_read.input,cache_write.input,reasoning.output}_tokens (gen_ai_client_inference_usage_*_tokens_total, 2026 conventions) or the histogram gen_ai.client.token.usage (gen_ai_client_token_usage)',
  tokensPerRequest:
    'gen_ai.client.token.usage (gen_ai_client_token_usage), or the 2026 counters gen_ai.client.inference.usage.*_tokens together with gen_ai.client.inference.operation.{input,output}_tokens or gen_ai.client.inference.duration',
  ttft: 'gen_ai.client.inference.time_to_first_chunk (2026), gen_ai.client.operation.time_to_first_chunk, gen_ai.client.time_to_first_token (Grafana agento11y SDK) or gen_ai.server.time_to_first_token',
  agent: 'gen_ai.invoke_agent.duration (gen_ai_invoke_agent_duration_seconds, 2026 conventions)',
  tool: 'gen_ai.execute_tool.duration (gen_ai_execute_tool_duration_seconds, 2026 conventions)',
  workflow: 'gen_ai.invoke_workflow.duration (gen_ai_invoke_workflow_duration_seconds, 2026 conventions)',
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

function pick<K extends string, V>(
  candidates: Record<K, readonly string[]>,
  find: (c: readonly string[]) => V | undefined
): Partial<Record<K, V>> | undefined {
  const out: Partial<Record<K, V>> = {};
  for (const [k, c] of Object.entries(candidates) as Array<[K, readonly string[]]>) {
    const v = find(c);
    if (v !== undefined) {
      out[k] = v;
    }
  }
  return Object.keys(out).length ? out : undefined;
}

/** The series whose label names describe a family (`_count` of a classic histogram). */
function countSeries(h: HistogramRef): string {
  return h.kind === 'classic' ? `${h.base}_count` : h.base;
}

/** Reads metric names and label names from Prometheus and describes what is there. */
export async function detectMetricInventory(prom: PrometheusClient, signal?: AbortSignal): Promise<MetricInventory> {
  const names = new Set(
    await prom.metricNames('{__name__=~"gen_ai.*|genai.*|traces_spanmetrics_.*|target_info"}', undefined, signal)
  );
  const naming = [...names].some((n) => n.startsWith('gen_ai.')) ? 'utf8' : 'underscore';
  const labels = { ...(naming === 'utf8' ? UTF8_LABELS : UNDERSCORE_LABELS) };
  const h = (c: readonly string[]) => histogram(names, c);
  const inv: MetricInventory = {
    naming,
    duration: h(FAMILIES.duration),
    inferenceDuration: h(FAMILIES.inferenceDuration),
    tokens: h(FAMILIES.tokens),
    usageCounters: pick(FAMILIES.usageCounters, (c) => first(names, c)),
    usageHistograms: pick(FAMILIES.usageHistograms, h),
    ttft: pick(FAMILIES.ttft, h),
    agentDuration: h(FAMILIES.agentDuration),
    toolDuration: h(FAMILIES.toolDuration),
    workflowDuration: h(FAMILIES.workflowDuration),
    cost: first(names, FAMILIES.cost),
    openlitCost: first(names, FAMILIES.openlitCost),
    quality: h(FAMILIES.quality),
    version: 'none',
    labels,
  };
  const calls = first(names, FAMILIES.spanMetricsCalls);
  if (calls) {
    inv.spanMetrics = { calls, latency: histogram(names, FAMILIES.spanMetricsLatency) };
    if (!inv.duration && !inv.inferenceDuration) {
      // Tempo's span-metrics name the service `service`, and carry dimensions as plain labels.
      labels.service = 'service';
    }
  }
  // Label names present on the main families tell whether the old provider label is in use and
  // whether version is promoted.
  const mainFamilies = [inv.inferenceDuration, inv.duration, inv.tokens].filter((x): x is HistogramRef => !!x);
  const probeSeries = [...mainFamilies.map(countSeries), ...Object.values(inv.usageCounters ?? {}).slice(0, 1)];
  if (!probeSeries.length && inv.spanMetrics) {
    probeSeries.push(inv.spanMetrics.calls);
  }
  if (probeSeries.length) {
    const match = `{__name__=~${promqlString(probeSeries.map(regexLiteral).join('|'))}}`;
    const present = new Set(await prom.labelNames(match, signal));
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
  const commonLe: MetricInventory['commonLe'] = {};
  const latencyLe = await commonBucketBounds(prom, [inv.inferenceDuration, inv.duration], signal);
  const t = inv.ttft ?? {};
  const ttftLe = await commonBucketBounds(prom, [t.inference, t.operation, t.sdk, t.server], signal);
  if (latencyLe) {
    commonLe.latency = latencyLe;
  }
  if (ttftLe) {
    commonLe.ttft = ttftLe;
  }
  if (Object.keys(commonLe).length) {
    inv.commonLe = commonLe;
  }
  return inv;
}

/**
 * When two or more classic histograms of one signal have different bucket bounds, an `le` regex
 * matching only the bounds all of them have (each family's own spelling, e.g. `1` and `1.0`).
 * A subset of a classic histogram's cumulative buckets is still a valid histogram, so summing the
 * families' buckets by `le` over those bounds stays exact, only coarser. Undefined when they agree.
 */
async function commonBucketBounds(
  prom: PrometheusClient,
  families: Array<HistogramRef | undefined>,
  signal?: AbortSignal
): Promise<string | undefined> {
  const classic = families.filter((f): f is HistogramRef => f?.kind === 'classic');
  if (classic.length < 2) {
    return undefined;
  }
  const buckets = classic.map((f) => `${f.base}_bucket`);
  const res = await prom.query(
    `count by (__name__, le) ({__name__=~${promqlString(buckets.map(regexLiteral).join('|'))}})`,
    undefined,
    signal
  );
  const bounds = new Map<string, Map<number, string[]>>(buckets.map((b) => [b, new Map()]));
  for (const r of res.result ?? []) {
    const perFamily = bounds.get(r.metric.__name__);
    const value = r.metric.le === '+Inf' ? Infinity : Number(r.metric.le);
    if (perFamily && r.metric.le !== undefined && !Number.isNaN(value)) {
      perFamily.set(value, [...(perFamily.get(value) ?? []), r.metric.le]);
    }
  }
  const sets = [...bounds.values()].filter((m) => m.size > 0);
  if (sets.length < 2) {
    return undefined;
  }
  const common = [...sets[0].keys()].filter((v) => sets.every((m) => m.has(v)));
  if (sets.every((m) => m.size === common.length)) {
    return undefined;
  }
  common.sort((a, b) => a - b);
  const spellings = new Set(common.flatMap((v) => sets.flatMap((m) => m.get(v) ?? [])));
  return [...spellings].map(regexLiteral).join('|');
}
