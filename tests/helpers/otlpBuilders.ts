// Small builders for OTLP/JSON in unit tests (contract tests use recorded real payloads instead).
import type { OtlpAnyValue, OtlpKeyValue, OtlpSpan } from '../../src/data/otlp/types';

export type Plain = string | number | boolean | Plain[] | { [k: string]: Plain };

export function anyValue(v: Plain): OtlpAnyValue {
  if (typeof v === 'string') {
    return { stringValue: v };
  }
  if (typeof v === 'boolean') {
    return { boolValue: v };
  }
  if (typeof v === 'number') {
    return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  }
  if (Array.isArray(v)) {
    return { arrayValue: { values: v.map(anyValue) } };
  }
  return { kvlistValue: { values: Object.entries(v).map(([key, x]) => ({ key, value: anyValue(x) })) } };
}

export function kvs(attrs: Record<string, Plain>): OtlpKeyValue[] {
  return Object.entries(attrs).map(([key, v]) => ({ key, value: anyValue(v) }));
}

export interface SpanSpec {
  id: string;
  parent?: string;
  name?: string;
  startMs?: number;
  durationMs?: number;
  attrs?: Record<string, Plain>;
  events?: Array<{ name: string; attrs?: Record<string, Plain>; atMs?: number }>;
  error?: boolean;
  /** OTLP span kind number (1 internal, 2 server, 3 client); internal when unset. */
  otelKind?: number;
}

export const T0_MS = 1_790_000_000_000;

export function otlpSpan(traceId: string, s: SpanSpec): OtlpSpan {
  const start = BigInt(T0_MS + (s.startMs ?? 0)) * BigInt(1_000_000);
  const end = start + BigInt(Math.round((s.durationMs ?? 10) * 1e6));
  return {
    traceId,
    spanId: s.id.padStart(16, '0'),
    parentSpanId: s.parent ? s.parent.padStart(16, '0') : '',
    name: s.name ?? s.id,
    kind: s.otelKind ?? 1,
    startTimeUnixNano: start.toString(),
    endTimeUnixNano: end.toString(),
    attributes: kvs(s.attrs ?? {}),
    events: (s.events ?? []).map((e) => ({
      name: e.name,
      timeUnixNano: (start + BigInt(Math.round((e.atMs ?? 0) * 1e6))).toString(),
      attributes: kvs(e.attrs ?? {}),
    })),
    status: s.error ? { code: 2, message: 'failed' } : {},
  };
}

export function otlpTrace(
  specs: SpanSpec[],
  resource: Record<string, Plain> = { 'service.name': 'test-svc' },
  traceId = 'ab'.repeat(16)
) {
  return {
    trace: {
      resourceSpans: [
        {
          resource: { attributes: kvs(resource) },
          scopeSpans: [{ scope: { name: 'test' }, spans: specs.map((s) => otlpSpan(traceId, s)) }],
        },
      ],
    },
  };
}

/** Attributes of a 2026-conventions `invoke_agent` span of agent `name`. */
export function invokeAgentAttrs(name: string): Record<string, Plain> {
  return { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': name };
}

/** Attributes of an OpenAI `chat` call of `model` with its token usage. */
export function chatAttrs(model: string, input: number, output: number): Record<string, Plain> {
  return {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': model,
    'gen_ai.usage.input_tokens': input,
    'gen_ai.usage.output_tokens': output,
  };
}
