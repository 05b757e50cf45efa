// fast-check generators for spans with any subset of usage fields, in two dialects, for the
// "no silently complete cost" properties (spanCost and span-tree tests).
import fc from 'fast-check';
import type { OtlpKeyValue } from '../../src/data/otlp/types';
import type { TempoSearchSpan, TempoTraceSearchResult } from '../../src/data/tempo/searchTypes';
import { kvs, otlpTrace, T0_MS, type Plain } from './otlpBuilders';

export type CallKind = 'llm' | 'embedding' | 'tool' | 'agent' | 'other';
export type CallStatus = 'ok' | 'error' | 'unset';

export interface UsageSpec {
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheCreation?: number;
  reasoning?: number;
}

export interface CallSpec {
  kind: CallKind;
  dialect: 'semconv' | 'openinference';
  /** gpt-4o is in the price table; acme-unknown-model-1 is nowhere. */
  model?: 'gpt-4o' | 'acme-unknown-model-1';
  usage: UsageSpec;
  status: CallStatus;
  /** `error.type` set (a failure the status does not show). */
  errorType: boolean;
  reportedCostUsd?: number;
}

// Each count is absent half of the time (`freq`: nil once in 2), so every subset of fields comes up often.
const count = fc.option(fc.integer({ min: 0, max: 2_000_000 }), { nil: undefined, freq: 2 });

export const usageArb: fc.Arbitrary<UsageSpec> = fc.record({
  input: count,
  output: count,
  cacheRead: count,
  cacheCreation: count,
  reasoning: count,
});

export const callArb: fc.Arbitrary<CallSpec> = fc
  .record({
    kind: fc.constantFrom<CallKind>('llm', 'embedding', 'tool', 'agent', 'other'),
    dialect: fc.constantFrom<CallSpec['dialect']>('semconv', 'openinference'),
    model: fc.option(fc.constantFrom<NonNullable<CallSpec['model']>>('gpt-4o', 'acme-unknown-model-1'), {
      nil: undefined,
    }),
    usage: usageArb,
    status: fc.constantFrom<CallStatus>('ok', 'error', 'unset'),
    errorType: fc.boolean(),
    reportedCostUsd: fc.option(fc.oneof(fc.constant(0), fc.double({ min: 1e-9, max: 10, noNaN: true })), {
      nil: undefined,
      freq: 2,
    }),
  })
  // A model attribute alone makes a span a model call; 'other' spans carry none.
  .map((c) => (c.kind === 'other' ? { ...c, model: undefined } : c));

const SEMCONV_OPERATION: Record<CallKind, string | undefined> = {
  llm: 'chat',
  embedding: 'embeddings',
  tool: 'execute_tool',
  agent: 'invoke_agent',
  other: undefined,
};
const OPENINFERENCE_KIND: Record<CallKind, string> = {
  llm: 'LLM',
  embedding: 'EMBEDDING',
  tool: 'TOOL',
  agent: 'AGENT',
  other: 'CHAIN',
};
const USAGE_KEYS: Record<CallSpec['dialect'], Record<keyof UsageSpec, string>> = {
  semconv: {
    input: 'gen_ai.usage.input_tokens',
    output: 'gen_ai.usage.output_tokens',
    cacheRead: 'gen_ai.usage.cache_read.input_tokens',
    cacheCreation: 'gen_ai.usage.cache_creation.input_tokens',
    reasoning: 'gen_ai.usage.reasoning.output_tokens',
  },
  openinference: {
    input: 'llm.token_count.prompt',
    output: 'llm.token_count.completion',
    cacheRead: 'llm.token_count.prompt_details.cache_read',
    cacheCreation: 'llm.token_count.prompt_details.cache_write',
    reasoning: 'llm.token_count.completion_details.reasoning',
  },
};

/** The span attributes the dialect would write for this call. */
export function callAttributes(c: CallSpec): Record<string, Plain> {
  const a: Record<string, Plain> = {};
  if (c.dialect === 'semconv') {
    const op = SEMCONV_OPERATION[c.kind];
    if (op) {
      a['gen_ai.operation.name'] = op;
    } else {
      a['gen_ai.agent.name'] = 'helper'; // a GenAI span of no model-call kind
    }
    if (c.model) {
      a['gen_ai.provider.name'] = 'openai';
      a['gen_ai.request.model'] = c.model;
    }
    if (c.reportedCostUsd !== undefined) {
      a['gen_ai.usage.cost'] = c.reportedCostUsd;
    }
  } else {
    a['openinference.span.kind'] = OPENINFERENCE_KIND[c.kind];
    if (c.model) {
      a['llm.system'] = 'openai';
      a[c.kind === 'embedding' ? 'embedding.model_name' : 'llm.model_name'] = c.model;
    }
    if (c.reportedCostUsd !== undefined) {
      a['llm.cost.total'] = c.reportedCostUsd;
    }
  }
  for (const [field, key] of Object.entries(USAGE_KEYS[c.dialect]) as Array<[keyof UsageSpec, string]>) {
    const v = c.usage[field];
    if (v !== undefined) {
      a[key] = v;
    }
  }
  if (c.errorType) {
    a['error.type'] = 'rate_limit_exceeded';
  }
  return a;
}

export const isFailed = (c: CallSpec) => c.status === 'error' || c.errorType;
export const hasInputOrOutput = (c: CallSpec) => c.usage.input !== undefined || c.usage.output !== undefined;
export const isModelCall = (c: CallSpec) => c.kind === 'llm' || c.kind === 'embedding';

const STATUS_CODE: Record<CallStatus, number> = { unset: 0, ok: 1, error: 2 };

export const spanIdOf = (i: number) => (i + 1).toString(16).padStart(16, '0');

/** One trace, OTLP/JSON as Tempo returns it by id; `parents[i]` is the index of span i's parent or -1. */
export function callsTrace(calls: CallSpec[], parents: number[], traceId = 'cd'.repeat(16)) {
  const payload = otlpTrace(
    calls.map((c, i) => ({
      id: (i + 1).toString(16),
      parent: parents[i] >= 0 ? (parents[i] + 1).toString(16) : undefined,
      name: `span ${i}`,
      startMs: i,
      durationMs: 100 - i,
      attrs: callAttributes(c),
    })),
    { 'service.name': 'prop-svc' },
    traceId
  );
  const spans = payload.trace.resourceSpans[0].scopeSpans[0].spans;
  spans.forEach((s, i) => {
    s.status = calls[i].status === 'error' ? { code: 2, message: 'failed' } : { code: STATUS_CODE[calls[i].status] };
  });
  return payload;
}

/**
 * The same trace as one Tempo search hit: GenAI spans with only the attributes the search
 * selects (`selected`: attribute names without their scope), and intrinsics as Tempo names them.
 */
export function callsSearchResult(
  calls: CallSpec[],
  parents: number[],
  selected: Set<string>,
  traceId = 'cd'.repeat(16)
): TempoTraceSearchResult {
  const spans: TempoSearchSpan[] = calls.map((c, i) => {
    const attrs = Object.fromEntries(Object.entries(callAttributes(c)).filter(([k]) => selected.has(k)));
    const intrinsics: OtlpKeyValue[] = [
      { key: 'status', value: { stringValue: c.status } },
      { key: 'span:parentID', value: { stringValue: parents[i] >= 0 ? spanIdOf(parents[i]) : '0'.repeat(16) } },
    ];
    return {
      spanID: spanIdOf(i),
      name: `span ${i}`,
      startTimeUnixNano: (BigInt(T0_MS + i) * BigInt(1_000_000)).toString(),
      durationNanos: String((100 - i) * 1_000_000),
      attributes: [...kvs(attrs), ...intrinsics],
    };
  });
  return {
    traceID: traceId,
    rootServiceName: 'prop-svc',
    rootTraceName: 'span 0',
    startTimeUnixNano: (BigInt(T0_MS) * BigInt(1_000_000)).toString(),
    durationMs: 100,
    spanSets: [{ spans, matched: spans.length }],
  };
}

/** Calls with a random tree: each span's parent comes before it (or it is a root). */
export const callTreeArb = (maxSpans = 8) =>
  fc.array(fc.tuple(callArb, fc.nat()), { minLength: 1, maxLength: maxSpans }).map((list) => ({
    calls: list.map(([c]) => c),
    // One draw in i + 1 makes span i a root; otherwise its parent is one of the earlier spans.
    parents: list.map(([, r], i) => (r % (i + 1)) - 1),
  }));
