import type { Attributes, Counter, Histogram, Meter } from '@opentelemetry/api';
import { DURATION_BUCKETS } from './demoMetrics';

/**
 * The GenAI metrics under their 2026 names (open-telemetry/semantic-conventions-genai,
 * docs/gen-ai/non-normative/migration.md), recorded by the demo itself with DEMO_SEMCONV=2026:
 * no instrumentation emits the inference ones yet (@opentelemetry/instrumentation-openai 0.22 and
 * opentelemetry-util-genai 1.3b0 still record gen_ai.client.operation.duration / token.usage).
 * Buckets of the agent, tool and workflow durations are those of opentelemetry-util-genai 1.3b0.
 */
export interface GenAiMetrics2026 {
  inferenceDuration: Histogram;
  /** Non-inference operations (embeddings) keep gen_ai.client.operation.duration. */
  operationDuration: Histogram;
  timeToFirstChunk: Histogram;
  timePerOutputChunk: Histogram;
  usage: Record<UsageKind, Counter>;
  operationInputTokens: Histogram;
  operationOutputTokens: Histogram;
  invokeAgentDuration: Histogram;
  executeToolDuration: Histogram;
  invokeWorkflowDuration: Histogram;
  agentInferenceCalls: Histogram;
  agentToolCalls: Histogram;
}

export type UsageKind = 'input' | 'output' | 'cacheRead' | 'cacheWrite' | 'reasoning';

/** OTel names of the five usage counters; cache reads/writes are part of input, reasoning of output. */
export const USAGE_COUNTERS: Record<UsageKind, string> = {
  input: 'gen_ai.client.inference.usage.input_tokens',
  output: 'gen_ai.client.inference.usage.output_tokens',
  cacheRead: 'gen_ai.client.inference.usage.cache_read.input_tokens',
  cacheWrite: 'gen_ai.client.inference.usage.cache_write.input_tokens',
  reasoning: 'gen_ai.client.inference.usage.reasoning.output_tokens',
};

const TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
const AGENT_BUCKETS = [0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 51.2, 102.4, 204.8, 409.6];
const WORKFLOW_BUCKETS = [1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200];
const CALL_COUNT_BUCKETS = [0, 1, 2, 4, 8, 16, 32, 64];

export function createGenAiMetrics2026(meter: Meter): GenAiMetrics2026 {
  const seconds = (name: string, description: string, buckets = DURATION_BUCKETS) =>
    meter.createHistogram(name, { description, unit: 's', advice: { explicitBucketBoundaries: buckets } });
  const tokens = (name: string, description: string) =>
    meter.createHistogram(name, { description, unit: '{token}', advice: { explicitBucketBoundaries: TOKEN_BUCKETS } });
  const calls = (name: string, description: string) =>
    meter.createHistogram(name, {
      description,
      unit: '{call}',
      advice: { explicitBucketBoundaries: CALL_COUNT_BUCKETS },
    });
  const usage = {} as Record<UsageKind, Counter>;
  for (const [kind, name] of Object.entries(USAGE_COUNTERS) as Array<[UsageKind, string]>) {
    usage[kind] = meter.createCounter(name, {
      description: `Tokens used by inference calls (${kind})`,
      unit: '{token}',
    });
  }
  return {
    inferenceDuration: seconds('gen_ai.client.inference.duration', 'Duration of GenAI inference calls'),
    operationDuration: seconds('gen_ai.client.operation.duration', 'Duration of other GenAI client operations'),
    timeToFirstChunk: seconds('gen_ai.client.inference.time_to_first_chunk', 'Time to the first chunk of a stream'),
    timePerOutputChunk: seconds('gen_ai.client.inference.time_per_output_chunk', 'Time between output chunks'),
    usage,
    operationInputTokens: tokens('gen_ai.client.inference.operation.input_tokens', 'Input tokens per call'),
    operationOutputTokens: tokens('gen_ai.client.inference.operation.output_tokens', 'Output tokens per call'),
    invokeAgentDuration: seconds('gen_ai.invoke_agent.duration', 'Duration of agent invocations', AGENT_BUCKETS),
    executeToolDuration: seconds('gen_ai.execute_tool.duration', 'Duration of tool executions'),
    invokeWorkflowDuration: seconds('gen_ai.invoke_workflow.duration', 'Duration of workflows', WORKFLOW_BUCKETS),
    agentInferenceCalls: calls('gen_ai.invoke_agent.inference_calls', 'Inference calls made by one agent invocation'),
    agentToolCalls: calls('gen_ai.invoke_agent.tool_calls', 'Tool calls made by one agent invocation'),
  };
}

/** Usage counts of one answered call as the provider reported them (undefined: not reported). */
export type ReportedUsage = Partial<Record<UsageKind, number>>;

/** Adds one call's usage to the counters (text only) and the per-call token histograms. */
export function recordUsage(m: GenAiMetrics2026, usage: ReportedUsage, attrs: Attributes): void {
  const withModality = { ...attrs, 'gen_ai.token.modality': 'text' };
  for (const kind of Object.keys(USAGE_COUNTERS) as UsageKind[]) {
    const n = usage[kind];
    if (n !== undefined) {
      m.usage[kind].add(n, withModality);
    }
  }
  if (usage.input !== undefined) {
    m.operationInputTokens.record(usage.input, attrs);
  }
  if (usage.output !== undefined) {
    m.operationOutputTokens.record(usage.output, attrs);
  }
}
