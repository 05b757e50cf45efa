import type { Evaluation, ChatMessage, MessagePart } from '../genai/model';
import type { SpanTreeTable } from '../frames/readSpanTreeFrame';
import { indexEvaluations } from '../trace/evaluationIndex';
import type { TraceLogMessages } from '../loki/traceLogMessages';

/** The version of the dataset format below (docs/dataset.schema.json). */
export const DATASET_SCHEMA = 'genai-observability/dataset-item@1';

export type Granularity = 'call' | 'trace';

/** A chat message as eval tools take it: OpenAI-style role and text content, tool calls apart. */
export interface DatasetMessage {
  role: string;
  content: string;
  tool_calls?: DatasetToolCall[];
  tool_call_id?: string;
  name?: string;
}

export interface DatasetToolCall {
  id?: string;
  name: string;
  /** As recorded: an object, or a string when the instrumentation kept it as text. */
  arguments?: unknown;
}

export interface DatasetScore {
  name: string;
  value?: number;
  label?: string;
  explanation?: string;
  /** The evaluator failed (its `error.type`). */
  evaluator_error?: string;
}

/** One LLM call. */
export interface CallItem {
  schema: typeof DATASET_SCHEMA;
  granularity: 'call';
  /** `<trace id>:<span id>`, stable across exports. */
  id: string;
  trace_id: string;
  span_id: string;
  conversation_id?: string;
  service?: string;
  agent?: string;
  provider?: string;
  /** The model that answered (response model, else the requested one). */
  model?: string;
  version?: string;
  system?: string;
  input: DatasetMessage[];
  output: DatasetMessage[];
  /** The tool calls the model asked for in its answer. */
  tool_calls: DatasetToolCall[];
  scores: DatasetScore[];
  error?: { type?: string; message?: string };
  usage: { input_tokens?: number; output_tokens?: number };
  /** null when not known (`cost_unknown_reason` says why); never 0 for unknown. */
  cost_usd: number | null;
  cost_unknown_reason?: string;
  /** Where the messages came from: the span, the trace's log records in Loki, or nowhere. */
  content_source: 'span' | 'loki' | 'none';
  /** Personal data in the texts was masked (the data source's setting), or not. */
  masked: boolean;
  /** Left blank for the reviewer: the answer the call should have given. */
  expected: null;
}

/** One trace: its first input, its final answer, every call and tool run, every score. */
export interface TraceItem {
  schema: typeof DATASET_SCHEMA;
  granularity: 'trace';
  id: string;
  trace_id: string;
  conversation_id?: string;
  service?: string;
  agent?: string;
  version?: string;
  input: DatasetMessage[];
  output: DatasetMessage[];
  calls: CallItem[];
  tools: Array<{ span_id: string; name: string; arguments?: unknown; result?: unknown; error?: string }>;
  scores: DatasetScore[];
  error?: { type?: string; message?: string };
  usage: { input_tokens: number; output_tokens: number };
  cost_usd: number | null;
  cost_unknown_reason?: string;
  masked: boolean;
  expected: null;
}

export type DatasetItem = CallItem | TraceItem;

interface Content {
  systemInstructions?: string;
  input?: ChatMessage[];
  output?: ChatMessage[];
}

/**
 * The dataset items of one trace, read from its span-tree frame (what the span tree shows):
 * one per LLM call, or one for the trace. Calls without content on their span take it from the
 * trace's log records when given (`logs`, from Loki). Texts are not masked here (maskItem is).
 */
export function datasetItems(table: SpanTreeTable, granularity: Granularity, logs?: TraceLogMessages): DatasetItem[] {
  const col = <T>(name: string) => table.column<T>(name);
  const get = <T>(name: string, t: number): T | undefined => (col<T>(name)?.[t] ?? undefined) as T | undefined;
  const evaluations = indexEvaluations(table);
  const calls: CallItem[] = [];
  const tools: TraceItem['tools'] = [];
  const allScores: DatasetScore[] = [];
  let rootAgent: string | undefined;
  let firstError: TraceItem['error'];
  for (let t = 0; t < table.length; t++) {
    const spanId = String(table.spanId[t]);
    const kind = table.kind[t];
    const synthetic = Boolean(table.synthetic[t]);
    if (synthetic) {
      continue;
    }
    rootAgent ??= get<string>('agentName', t);
    const error = table.error[t]
      ? { type: get<string>('errorType', t), message: get<string>('errorMessage', t) }
      : undefined;
    firstError ??= error;
    const own = (evaluations.about.get(spanId) ?? []).map(score);
    allScores.push(...own);
    if (kind === 'tool') {
      tools.push({
        span_id: spanId,
        name: get<string>('toolName', t) ?? String(table.name[t] ?? ''),
        arguments: get<unknown>('toolArguments', t),
        result: get<unknown>('toolResult', t),
        ...(error ? { error: error.type ?? error.message ?? 'error' } : {}),
      });
    }
    if (kind !== 'llm') {
      continue;
    }
    let content = readContent(get<unknown>('content', t));
    let source: CallItem['content_source'] = 'span';
    if (!content.input?.length && !content.output?.length) {
      const fromLogs = logs?.bySpan.get(spanId.toLowerCase());
      if (fromLogs) {
        content = { ...fromLogs, systemInstructions: fromLogs.systemInstructions ?? content.systemInstructions };
        source = 'loki';
      } else {
        source = 'none';
      }
    }
    const output = (content.output ?? []).map(message);
    const cost = table.costUsd[t];
    const unknown = get<string>('costUnknownReason', t);
    calls.push({
      schema: DATASET_SCHEMA,
      granularity: 'call',
      id: `${table.traceId}:${spanId}`,
      trace_id: table.traceId,
      span_id: spanId,
      ...optional({
        conversation_id: get<string>('conversationId', t),
        service: get<string>('serviceName', t),
        agent: get<string>('agentName', t),
        provider: get<string>('provider', t),
        model: get<string>('responseModel', t) ?? get<string>('requestModel', t),
        version: get<string>('version', t),
        system: content.systemInstructions,
      }),
      input: (content.input ?? []).map(message),
      output,
      tool_calls: output.flatMap((m) => m.tool_calls ?? []),
      scores: own,
      ...(error ? { error } : {}),
      usage: optional({ input_tokens: get<number>('inputTokens', t), output_tokens: get<number>('outputTokens', t) }),
      cost_usd: unknown || typeof cost !== 'number' ? null : cost,
      ...(unknown ? { cost_unknown_reason: unknown } : {}),
      content_source: source,
      masked: false,
      expected: null,
    });
  }
  if (granularity === 'call') {
    return calls;
  }
  const answered = calls.filter((c) => c.output.length > 0);
  const unknownCalls = calls.filter((c) => c.cost_usd === null).length;
  const first = calls.find((c) => c.input.length > 0);
  const sum = (f: (c: CallItem) => number | undefined) => calls.reduce((s, c) => s + (f(c) ?? 0), 0);
  const firstRow = Array.from({ length: table.length }, (_, t) => t).find((t) => !table.synthetic[t]);
  return [
    {
      schema: DATASET_SCHEMA,
      granularity: 'trace',
      id: table.traceId,
      trace_id: table.traceId,
      ...optional({
        conversation_id: calls.find((c) => c.conversation_id)?.conversation_id,
        service: firstRow === undefined ? undefined : get<string>('serviceName', firstRow),
        agent: rootAgent,
        version: calls.find((c) => c.version)?.version,
      }),
      input: first ? [...(first.system ? [{ role: 'system', content: first.system }] : []), ...first.input] : [],
      output: answered.length ? answered[answered.length - 1].output : [],
      calls,
      tools,
      scores: allScores,
      ...(firstError ? { error: firstError } : {}),
      usage: { input_tokens: sum((c) => c.usage.input_tokens), output_tokens: sum((c) => c.usage.output_tokens) },
      cost_usd: unknownCalls ? null : sum((c) => c.cost_usd ?? 0),
      ...(unknownCalls ? { cost_unknown_reason: `${unknownCalls} of ${calls.length} calls have no known cost` } : {}),
      masked: false,
      expected: null,
    },
  ];
}

function readContent(c: unknown): Content {
  if (!c || typeof c !== 'object') {
    return {};
  }
  const x = c as Content;
  return { systemInstructions: x.systemInstructions, input: x.input ?? [], output: x.output ?? [] };
}

function message(m: ChatMessage): DatasetMessage {
  const texts: string[] = [];
  const calls: DatasetToolCall[] = [];
  let toolCallId: string | undefined;
  for (const p of m.parts) {
    switch (p.type) {
      case 'text':
        texts.push(p.content);
        break;
      case 'tool_call':
        calls.push(optional({ id: p.id, name: p.name, arguments: p.arguments }) as DatasetToolCall);
        break;
      case 'tool_call_response':
        toolCallId ??= p.id;
        texts.push(typeof p.result === 'string' ? p.result : JSON.stringify(p.result ?? null));
        break;
      default:
        texts.push(otherText(p));
    }
  }
  return {
    role: m.role,
    content: texts.join('\n\n'),
    ...(calls.length ? { tool_calls: calls } : {}),
    ...optional({ tool_call_id: toolCallId, name: m.name }),
  };
}

function otherText(p: Extract<MessagePart, { type: 'other' }>): string {
  return typeof p.content === 'string' ? p.content : JSON.stringify(p.content);
}

function score(ev: Evaluation): DatasetScore {
  return optional({
    name: ev.name,
    value: ev.scoreValue,
    label: ev.scoreLabel,
    explanation: ev.explanation,
    evaluator_error: ev.errorType,
  }) as DatasetScore;
}

/** The object without its undefined properties (JSON drops them anyway; tests compare objects). */
function optional<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}
