import type { AttrValue, Attributes } from '../otlp/anyValue';
import type { RawEvent, RawSpan, StatusCode } from '../otlp/rawSpan';
import type { SpanContent } from './messages';

/** What a span does in an agent run, whatever dialect described it. */
export type GenAiKind = 'agent' | 'llm' | 'embedding' | 'tool' | 'retrieval' | 'memory' | 'workflow' | 'other';

/** Attribute vocabularies we recognise. A span may carry several. */
export type Dialect =
  | 'semconv'
  | 'semconv-deprecated'
  | 'openllmetry'
  | 'openinference'
  | 'openlit'
  | 'langfuse'
  // Grafana's Agent Observability SDKs (`agento11y.*`, formerly `sigil.*`).
  | 'agento11y';

export interface TokenUsage {
  /** Input tokens, always INCLUDING cache reads and cache writes (semconv rule). */
  input?: number;
  /** Output tokens, always INCLUDING reasoning tokens (semconv rule). */
  output?: number;
  cacheRead?: number;
  cacheCreation?: number;
  reasoning?: number;
}

export type MessagePart =
  | { type: 'text'; content: string }
  | { type: 'tool_call'; id?: string; name: string; arguments?: AttrValue }
  | { type: 'tool_call_response'; id?: string; result?: AttrValue }
  | { type: 'other'; partType: string; content: AttrValue };

export interface ChatMessage {
  role: string;
  parts: MessagePart[];
  finishReason?: string;
  name?: string;
}

export interface Evaluation {
  name: string;
  scoreValue?: number;
  scoreLabel?: string;
  explanation?: string;
  errorType?: string;
  /** gen_ai.response.id of the evaluated completion, when the evaluator recorded it. */
  responseId?: string;
  /** Span that carried the result (event owner or evaluator span). */
  sourceSpanId: string;
  /** Span that was evaluated; resolved by the tree builder when the result points elsewhere. */
  targetSpanId: string;
}

export interface SpanError {
  type?: string;
  message?: string;
}

/** The normalised span every view and query type works with. */
export interface GenAiSpan extends Pick<
  RawSpan,
  'traceId' | 'spanId' | 'parentSpanId' | 'name' | 'otelKind' | 'startMs' | 'durationMs'
> {
  serviceName: string;
  /** The version this span belongs to, resolved from the configured attribute list. */
  version?: string;
  kind: GenAiKind;
  operation?: string;
  provider?: string;
  requestModel?: string;
  responseModel?: string;
  responseId?: string;
  tokens: TokenUsage;
  finishReasons: string[];
  conversationId?: string;
  agentName?: string;
  agentId?: string;
  agentVersion?: string;
  /** How many documents a retrieval (or memory search) asked for. */
  retrievalTopK?: number;
  toolName?: string;
  toolCallId?: string;
  toolType?: string;
  toolArguments?: AttrValue;
  toolResult?: AttrValue;
  /** System instructions and input/output messages, decoded lazily. */
  content: SpanContent;
  evaluations: Evaluation[];
  status: StatusCode;
  /** Set when the span failed: status error, error.type or an exception event. */
  error?: SpanError;
  /** Cost in USD carried by the telemetry itself (OpenLIT, OpenInference, Langfuse). */
  reportedCostUsd?: number;
  dialects: Dialect[];
  /** Every span attribute, untouched; nothing is dropped. */
  attributes: Attributes;
  resource: Attributes;
  events: RawEvent[];
  warnings: string[];
}

/** The model a price applies to: the one that answered, else the one asked for. */
export function pricedModel(span: Pick<GenAiSpan, 'responseModel' | 'requestModel'>): string | undefined {
  return span.responseModel || span.requestModel;
}
