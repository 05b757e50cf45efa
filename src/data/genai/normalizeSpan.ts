import type { RawSpan } from '../otlp/rawSpan';
import { AttributeReader } from './attributeReaders';
import { classifyKind, detectDialects, KEYS, LANGFUSE_COST_KEY, normalizeProvider } from './dialects';
import { extractEvaluations } from './evaluations';
import { SpanContent } from './messages';
import type { GenAiSpan, SpanError } from './model';
import { extractTokens } from './tokens';

export interface NormalizeOptions {
  /**
   * Attribute keys that carry the pipeline version, first present wins. A `resource.` prefix
   * reads the resource; anything else reads the span, then the resource.
   */
  versionAttributes: string[];
}

const NO_FINISH_REASONS: string[] = Object.freeze([]) as unknown as string[];

export const DEFAULT_VERSION_ATTRIBUTES = ['gen_ai.agent.version', 'resource.service.version'];

export const DEFAULT_NORMALIZE_OPTIONS: NormalizeOptions = { versionAttributes: DEFAULT_VERSION_ATTRIBUTES };

/** Interprets one decoded span in GenAI terms. Never throws: problems become span warnings. */
export function normalizeSpan(raw: RawSpan, opts: NormalizeOptions = DEFAULT_NORMALIZE_OPTIONS): GenAiSpan {
  // The decoded span is not kept, so its warning list becomes this span's.
  const warnings = raw.warnings;
  const r = new AttributeReader(raw.attributes, warnings);
  const eventNames = raw.events.map((e) => e.name);
  const content = new SpanContent(raw.attributes, raw.events, warnings);
  const kind = classifyKind(raw.attributes, raw.name);
  // Only model calls without a finish-reasons attribute pay for decoding their output here.
  const finishReasons =
    r.stringList(KEYS.finishReasons) ??
    (kind === 'llm'
      ? content.output.map((m) => m.finishReason).filter((x): x is string => Boolean(x))
      : NO_FINISH_REASONS);

  const span: GenAiSpan = {
    traceId: raw.traceId,
    spanId: raw.spanId,
    parentSpanId: raw.parentSpanId,
    name: raw.name,
    otelKind: raw.otelKind,
    startMs: raw.startMs,
    durationMs: raw.durationMs,
    serviceName: typeof raw.resource['service.name'] === 'string' ? raw.resource['service.name'] : '',
    version: resolveVersion(raw, opts.versionAttributes),
    kind,
    operation: r.string(KEYS.operation),
    provider: normalizeProvider(r.string(KEYS.provider)),
    requestModel: r.string(KEYS.requestModel),
    responseModel: r.string(KEYS.responseModel),
    responseId: r.string(KEYS.responseId),
    tokens: extractTokens(r),
    finishReasons,
    conversationId: r.string(KEYS.conversationId),
    agentName: r.string(KEYS.agentName),
    agentId: r.string(KEYS.agentId),
    agentVersion: r.string(KEYS.agentVersion),
    retrievalTopK:
      kind === 'retrieval' || kind === 'memory' ? r.number(KEYS.retrievalTopK, { count: true })?.value : undefined,
    toolName: r.string(KEYS.toolName),
    toolCallId: r.string(KEYS.toolCallId),
    toolType: r.string(KEYS.toolType),
    toolArguments: firstJson(r, KEYS.toolArguments),
    toolResult: firstJson(r, KEYS.toolResult),
    content,
    evaluations: extractEvaluations(raw.spanId, raw.parentSpanId, r, raw.events),
    status: raw.statusCode,
    error: detectError(raw, r),
    reportedCostUsd: reportedCost(r),
    dialects: detectDialects(raw.attributes, raw.resource, eventNames),
    attributes: raw.attributes,
    resource: raw.resource,
    events: raw.events,
    warnings,
  };
  if (span.kind === 'tool') {
    // OpenLLMetry tool spans: entity name and input/output; others: the span name.
    span.toolName ??= r.string(KEYS.traceloopEntity) ?? raw.name.replace(/^execute_tool\s+/, '');
    span.toolArguments ??= r.has('traceloop.entity.input') ? r.json('traceloop.entity.input') : undefined;
    span.toolResult ??= r.has('traceloop.entity.output') ? r.json('traceloop.entity.output') : undefined;
  }
  if (span.kind === 'agent' && !span.agentName) {
    span.agentName =
      r.string(KEYS.traceloopEntity) ??
      (raw.name.startsWith('invoke_agent ') ? raw.name.slice('invoke_agent '.length) : undefined);
  }
  return span;
}

function resolveVersion(raw: RawSpan, keys: string[]): string | undefined {
  for (const key of keys) {
    // Search results flatten selected resource attributes into the span's, so both are read.
    const bare = key.replace(/^(resource|span)\./, '');
    const v = key.startsWith('resource.')
      ? (raw.resource[bare] ?? raw.attributes[bare])
      : (raw.attributes[bare] ?? raw.resource[bare]);
    if (typeof v === 'string' && v !== '') {
      return v;
    }
    if (typeof v === 'number') {
      return String(v);
    }
  }
  return undefined;
}

function firstJson(r: AttributeReader, keys: readonly string[]) {
  for (const k of keys) {
    if (r.has(k)) {
      return r.json(k);
    }
  }
  return undefined;
}

function detectError(raw: RawSpan, r: AttributeReader): SpanError | undefined {
  const type = r.string(KEYS.errorType);
  const exception = raw.events.find((e) => e.name === 'exception');
  // Langfuse marks failures with its own level and leaves the span status unset.
  const langfuseError = r.string('langfuse.observation.level') === 'ERROR';
  if (raw.statusCode !== 'error' && !type && !exception && !langfuseError) {
    return undefined;
  }
  if (langfuseError && raw.statusCode !== 'error' && !type && !exception) {
    return { type: 'langfuse.level.ERROR', message: r.string('langfuse.observation.status_message') };
  }
  const exType = exception?.attributes['exception.type'];
  const exMsg = exception?.attributes['exception.message'];
  return {
    type: type ?? (typeof exType === 'string' ? exType : undefined),
    message: raw.statusMessage || (typeof exMsg === 'string' ? exMsg : undefined),
  };
}

function reportedCost(r: AttributeReader): number | undefined {
  // A cost cannot be negative: `count` rejects it with a warning, like token counts.
  const direct = r.number(KEYS.reportedCost, { count: true });
  if (direct) {
    return direct.value;
  }
  if (r.has(LANGFUSE_COST_KEY)) {
    const v = r.json(LANGFUSE_COST_KEY);
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const total = typeof v.total === 'number' && v.total >= 0 ? v.total : undefined;
      if (total !== undefined) {
        return total;
      }
      const parts = Object.values(v).filter((x): x is number => typeof x === 'number');
      if (parts.some((x) => x < 0)) {
        r.warnings.push(`${LANGFUSE_COST_KEY} holds a negative cost; ignored.`);
        return undefined;
      }
      return parts.length ? parts.reduce((a, b) => a + b, 0) : undefined;
    }
    r.warnings.push(`${LANGFUSE_COST_KEY} is not a JSON object.`);
  }
  return undefined;
}
