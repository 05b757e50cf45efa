import type { AttrValue, Attributes } from '../otlp/anyValue';
import type { RawEvent } from '../otlp/rawSpan';
import { AttributeReader, tryParseJson } from './attributeReaders';
import type { ChatMessage, MessagePart } from './model';

export interface ExtractedMessages {
  systemInstructions?: string;
  input: ChatMessage[];
  output: ChatMessage[];
}

/**
 * A span's prompt and completion, decoded on first access. Content is often most of a trace's
 * bytes and is double-encoded JSON; a tree of 100k spans needs it only for the span a user opens.
 */
export class SpanContent {
  private decoded?: ExtractedMessages;

  constructor(
    private readonly attrs: Attributes,
    private readonly events: RawEvent[],
    /** The span's warning list: decoding problems are added to it when they are found. */
    private readonly warnings: string[]
  ) {}

  private get messages(): ExtractedMessages {
    return (this.decoded ??= extractMessages(new AttributeReader(this.attrs, this.warnings), this.events));
  }

  get systemInstructions(): string | undefined {
    return this.messages.systemInstructions;
  }

  get input(): ChatMessage[] {
    return this.messages.input;
  }

  get output(): ChatMessage[] {
    return this.messages.output;
  }

  toJSON(): ExtractedMessages {
    return this.messages;
  }
}

/**
 * Finds a span's prompt and completion wherever its instrumentation put them, first match wins:
 * semconv attributes, semconv `operation.details` event, deprecated per-message events,
 * OpenLLMetry `gen_ai.prompt.{i}.*`, OpenInference `llm.*_messages.{i}.*` / `input.value`,
 * OpenLIT `gen_ai.content.*`, Langfuse `langfuse.observation.input/output`, old `gen_ai.prompt`.
 */
export function extractMessages(r: AttributeReader, events: RawEvent[]): ExtractedMessages {
  const a = r.attrs;
  const system = systemText(r.json('gen_ai.system_instructions'));

  // 1. semconv attributes (structured or JSON string)
  if (r.has('gen_ai.input.messages') || r.has('gen_ai.output.messages')) {
    return {
      systemInstructions: system,
      input: toMessages(r.json('gen_ai.input.messages'), r.warnings, 'gen_ai.input.messages'),
      output: toMessages(r.json('gen_ai.output.messages'), r.warnings, 'gen_ai.output.messages'),
    };
  }
  // 2. semconv inference details event
  const details = events.find((e) => e.name === 'gen_ai.client.inference.operation.details');
  if (details) {
    const er = new AttributeReader(details.attributes, r.warnings);
    return {
      systemInstructions: system ?? systemText(er.json('gen_ai.system_instructions')),
      input: toMessages(er.json('gen_ai.input.messages'), r.warnings, 'event gen_ai.input.messages'),
      output: toMessages(er.json('gen_ai.output.messages'), r.warnings, 'event gen_ai.output.messages'),
    };
  }
  // 3. deprecated per-message events
  const perMessage = fromDeprecatedEvents(events, r.warnings);
  if (perMessage) {
    return { systemInstructions: system, ...perMessage };
  }
  // 4. OpenLLMetry indexed attributes
  if (hasIndexed(a, 'gen_ai.prompt.') || hasIndexed(a, 'gen_ai.completion.')) {
    return {
      systemInstructions: system,
      input: fromIndexed(a, 'gen_ai.prompt.', ''),
      output: fromIndexed(a, 'gen_ai.completion.', ''),
    };
  }
  // 5. OpenInference indexed attributes, then its raw input/output values
  if (hasIndexed(a, 'llm.input_messages.') || hasIndexed(a, 'llm.output_messages.')) {
    return {
      systemInstructions: system,
      input: fromIndexed(a, 'llm.input_messages.', 'message.'),
      output: fromIndexed(a, 'llm.output_messages.', 'message.'),
    };
  }
  // 6. OpenLIT attributes or events, Langfuse, old semconv single strings, OpenInference values
  const pairs: Array<[string, string]> = [
    ['gen_ai.content.prompt', 'gen_ai.content.completion'],
    ['langfuse.observation.input', 'langfuse.observation.output'],
    ['gen_ai.prompt', 'gen_ai.completion'],
    ['input.value', 'output.value'],
  ];
  for (const [inKey, outKey] of pairs) {
    if (r.has(inKey) || r.has(outKey)) {
      return {
        systemInstructions: system,
        input: looseMessages(r.json(inKey), 'user', r.warnings, inKey),
        output: looseMessages(r.json(outKey), 'assistant', r.warnings, outKey),
      };
    }
  }
  const litPrompt = events.find((e) => e.name === 'gen_ai.content.prompt');
  const litCompletion = events.find((e) => e.name === 'gen_ai.content.completion');
  if (litPrompt || litCompletion) {
    const pr = new AttributeReader(litPrompt?.attributes ?? {}, r.warnings);
    const cr = new AttributeReader(litCompletion?.attributes ?? {}, r.warnings);
    return {
      systemInstructions: system,
      input: looseMessages(pr.json('gen_ai.prompt'), 'user', r.warnings, 'gen_ai.prompt'),
      output: looseMessages(cr.json('gen_ai.completion'), 'assistant', r.warnings, 'gen_ai.completion'),
    };
  }
  return { systemInstructions: system, input: [], output: [] };
}

function systemText(v: AttrValue | undefined): string | undefined {
  if (v === undefined || v === null) {
    return undefined;
  }
  if (typeof v === 'string') {
    return v;
  }
  if (Array.isArray(v)) {
    // semconv: [{type:"text", content:"..."}]
    return v.map((p) => (isObj(p) && typeof p.content === 'string' ? p.content : JSON.stringify(p))).join('\n');
  }
  return JSON.stringify(v);
}

/** semconv message list: [{role, parts:[...], finish_reason}]; also tolerates OpenAI-style {role, content}. */
export function toMessages(v: AttrValue | undefined, warnings: string[], source: string): ChatMessage[] {
  if (v === undefined || v === null) {
    return [];
  }
  if (typeof v === 'string') {
    return [{ role: 'unknown', parts: [{ type: 'text', content: v }] }];
  }
  const list = Array.isArray(v) ? v : [v];
  const out: ChatMessage[] = [];
  for (const m of list) {
    if (!isObj(m)) {
      warnings.push(`${source}: skipped a message that is not an object.`);
      continue;
    }
    out.push(toMessage(m));
  }
  return out;
}

function toMessage(m: { [k: string]: AttrValue }): ChatMessage {
  const role = typeof m.role === 'string' ? m.role : 'unknown';
  const parts: MessagePart[] = [];
  if (Array.isArray(m.parts)) {
    for (const p of m.parts) {
      parts.push(toPart(p));
    }
  }
  if (m.content !== undefined && m.content !== null) {
    if (Array.isArray(m.content)) {
      for (const p of m.content) {
        parts.push(toPart(p));
      }
    } else {
      parts.push({ type: 'text', content: typeof m.content === 'string' ? m.content : JSON.stringify(m.content) });
    }
  }
  if (Array.isArray(m.tool_calls)) {
    for (const tc of m.tool_calls) {
      parts.push(openAiToolCall(tc));
    }
  }
  if (typeof m.tool_call_id === 'string' && role === 'tool' && parts.length === 1 && parts[0].type === 'text') {
    parts[0] = { type: 'tool_call_response', id: m.tool_call_id, result: parts[0].content };
  }
  const msg: ChatMessage = { role, parts };
  if (typeof m.finish_reason === 'string') {
    msg.finishReason = m.finish_reason;
  }
  if (typeof m.name === 'string') {
    msg.name = m.name;
  }
  return msg;
}

function toPart(p: AttrValue): MessagePart {
  if (typeof p === 'string') {
    return { type: 'text', content: p };
  }
  if (!isObj(p)) {
    return { type: 'other', partType: typeof p, content: p };
  }
  const type = typeof p.type === 'string' ? p.type : 'text';
  if (type === 'text' || type === 'input_text' || type === 'output_text') {
    const c = p.content ?? p.text;
    return { type: 'text', content: typeof c === 'string' ? c : JSON.stringify(c ?? '') };
  }
  if (type === 'tool_call' || type === 'function_call' || type === 'tool_use') {
    return {
      type: 'tool_call',
      id: str(p.id),
      name: str(p.name) ?? '(unnamed tool)',
      arguments: p.arguments ?? p.input ?? undefined,
    };
  }
  if (type === 'tool_call_response' || type === 'tool_result' || type === 'function_call_output') {
    return {
      type: 'tool_call_response',
      // semconv names it `response` (and the call `id`); other shapes `result`, `content`, `output`.
      id: str(p.id) ?? str(p.call_id) ?? str(p.tool_use_id),
      result: p.response ?? p.result ?? p.content ?? p.output,
    };
  }
  return { type: 'other', partType: type, content: p };
}

function openAiToolCall(tc: AttrValue): MessagePart {
  if (!isObj(tc)) {
    return { type: 'other', partType: 'tool_call', content: tc };
  }
  const fn = isObj(tc.function) ? tc.function : tc;
  return { type: 'tool_call', id: str(tc.id), name: str(fn.name) ?? '(unnamed tool)', arguments: fn.arguments };
}

const DEPRECATED_EVENT_ROLE: Record<string, string> = {
  'gen_ai.system.message': 'system',
  'gen_ai.user.message': 'user',
  'gen_ai.assistant.message': 'assistant',
  'gen_ai.tool.message': 'tool',
};

function fromDeprecatedEvents(
  events: RawEvent[],
  warnings: string[]
): { input: ChatMessage[]; output: ChatMessage[] } | undefined {
  const input: ChatMessage[] = [];
  const output: ChatMessage[] = [];
  for (const e of events) {
    const role = DEPRECATED_EVENT_ROLE[e.name];
    if (!role && e.name !== 'gen_ai.choice') {
      continue;
    }
    const r = new AttributeReader(e.attributes, warnings);
    // The body was mapped to `gen_ai.event.content` (JSON) by span-event bridges, or flattened.
    const body = r.json('gen_ai.event.content') ?? r.json('content') ?? r.json('message');
    if (role) {
      const base = isObj(body) ? body : { content: body ?? '' };
      input.push(toMessage({ role, ...base, ...(r.has('id') ? { tool_call_id: e.attributes.id } : {}) }));
    } else {
      const obj = isObj(body) ? body : { content: body ?? '' };
      const message = isObj(obj.message) ? obj.message : obj;
      const m = toMessage({ role: 'assistant', ...message });
      const fr = str(obj.finish_reason) ?? r.string('finish_reason');
      if (fr) {
        m.finishReason = fr;
      }
      output.push(m);
    }
  }
  return input.length || output.length ? { input, output } : undefined;
}

function hasIndexed(a: Attributes, prefix: string): boolean {
  for (const key in a) {
    if (key.startsWith(prefix) && /^\d/.test(key.slice(prefix.length))) {
      return true;
    }
  }
  return false;
}

/**
 * Rebuilds messages from flattened keys such as `gen_ai.prompt.0.role`,
 * `gen_ai.completion.0.tool_calls.1.name`, `llm.input_messages.0.message.content`,
 * `llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments`.
 */
function fromIndexed(a: Attributes, prefix: string, inner: string): ChatMessage[] {
  const byIndex = new Map<number, Record<string, AttrValue>>();
  for (const key in a) {
    if (!key.startsWith(prefix)) {
      continue;
    }
    const rest = key.slice(prefix.length);
    const m = /^(\d+)\.(.*)$/.exec(rest);
    if (!m) {
      continue;
    }
    let field = m[2];
    if (inner && field.startsWith(inner)) {
      field = field.slice(inner.length);
    }
    const idx = Number(m[1]);
    let rec = byIndex.get(idx);
    if (!rec) {
      rec = {};
      byIndex.set(idx, rec);
    }
    rec[field] = a[key];
  }
  return [...byIndex.keys()]
    .sort((x, y) => x - y)
    .map((idx) => {
      const rec = byIndex.get(idx)!;
      const parts: MessagePart[] = [];
      if (rec.content !== undefined && rec.content !== null && rec.content !== '') {
        parts.push({
          type: 'text',
          content: typeof rec.content === 'string' ? rec.content : JSON.stringify(rec.content),
        });
      }
      // Multi-part OpenInference content: contents.{j}.message_content.text
      const contentKeys = Object.keys(rec)
        .filter((k) => /^contents\.\d+\.message_content\.text$/.test(k))
        .sort();
      for (const k of contentKeys) {
        parts.push({ type: 'text', content: String(rec[k]) });
      }
      const toolIdx = new Set<number>();
      for (const k of Object.keys(rec)) {
        const tm = /^tool_calls\.(\d+)\./.exec(k);
        if (tm) {
          toolIdx.add(Number(tm[1]));
        }
      }
      for (const j of [...toolIdx].sort((x, y) => x - y)) {
        const base = `tool_calls.${j}.`;
        const pick = (...names: string[]) => {
          for (const n of names) {
            if (rec[base + n] !== undefined) {
              return rec[base + n];
            }
          }
          return undefined;
        };
        const rawArgs = pick('arguments', 'tool_call.function.arguments', 'function.arguments');
        parts.push({
          type: 'tool_call',
          id: str(pick('id', 'tool_call.id')),
          name: str(pick('name', 'tool_call.function.name', 'function.name')) ?? '(unnamed tool)',
          arguments: typeof rawArgs === 'string' ? (tryParseJson(rawArgs) ?? rawArgs) : rawArgs,
        });
      }
      const role = str(rec.role) ?? 'unknown';
      const callId = str(rec.tool_call_id);
      if (role === 'tool' && callId && parts.length === 1 && parts[0].type === 'text') {
        parts[0] = { type: 'tool_call_response', id: callId, result: parts[0].content };
      }
      const msg: ChatMessage = { role, parts };
      const fr = str(rec.finish_reason);
      if (fr) {
        msg.finishReason = fr;
      }
      return msg;
    });
}

/** Free-form content (a string, a message list, or an object holding `messages`). */
function looseMessages(
  v: AttrValue | undefined,
  defaultRole: string,
  warnings: string[],
  source: string
): ChatMessage[] {
  if (v === undefined || v === null) {
    return [];
  }
  if (typeof v === 'string') {
    return [{ role: defaultRole, parts: [{ type: 'text', content: v }] }];
  }
  if (Array.isArray(v)) {
    if (v.every((m) => isObj(m) && typeof m.role === 'string')) {
      return toMessages(v, warnings, source);
    }
    return [{ role: defaultRole, parts: [{ type: 'text', content: JSON.stringify(v) }] }];
  }
  if (isObj(v)) {
    if (Array.isArray(v.messages)) {
      return toMessages(v.messages, warnings, source);
    }
    if (typeof v.role === 'string') {
      return toMessages([v], warnings, source);
    }
    // OpenAI response-like objects: {choices:[{message}]}
    if (Array.isArray(v.choices)) {
      return v.choices.filter(isObj).map((c) => {
        const m = toMessage(isObj(c.message) ? c.message : { role: defaultRole, content: c.text ?? '' });
        if (typeof c.finish_reason === 'string') {
          m.finishReason = c.finish_reason;
        }
        return m;
      });
    }
  }
  return [{ role: defaultRole, parts: [{ type: 'text', content: JSON.stringify(v) }] }];
}

function isObj(v: AttrValue | undefined): v is { [k: string]: AttrValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: AttrValue | undefined): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}
