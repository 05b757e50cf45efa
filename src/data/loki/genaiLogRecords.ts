import type { Attributes } from '../otlp/anyValue';
import type { RawEvent } from '../otlp/rawSpan';
import { AttributeReader } from '../genai/attributeReaders';
import { extractMessages, type ExtractedMessages } from '../genai/messages';
import type { LokiEntry } from './lokiClient';
import { restoreChatOrder } from './sameTimeOrder';

const DETAILS_EVENT = 'gen_ai.client.inference.operation.details';

/** The GenAI event names a log record may carry (`event.name`, deprecated per-message events). */
const GENAI_EVENTS = new Set([
  'gen_ai.system.message',
  'gen_ai.user.message',
  'gen_ai.assistant.message',
  'gen_ai.tool.message',
  'gen_ai.choice',
  DETAILS_EVENT,
]);

/**
 * Loki's OTLP ingestion turns attribute names into label names (`.` → `_`). These are the ones
 * the GenAI decoders read, back under their OpenTelemetry names; others keep Loki's.
 */
const OTEL_NAMES: Record<string, string> = Object.fromEntries(
  [
    'event.name',
    'gen_ai.input.messages',
    'gen_ai.output.messages',
    'gen_ai.system_instructions',
    'gen_ai.system',
    'gen_ai.provider.name',
    'gen_ai.operation.name',
    'gen_ai.request.model',
    'gen_ai.response.model',
    'gen_ai.response.id',
    'gen_ai.response.finish_reasons',
  ].map((n) => [n.replace(/\./g, '_'), n])
);

/** A trace's GenAI log records, by span, in time order. */
export interface SpanLogRecords {
  spanId: string;
  /** The records as span events would carry them (what the span decoders read). */
  events: RawEvent[];
  /** GenAI records of this span in Loki. */
  records: number;
  /** Records whose place was reconstructed: they shared a timestamp, whose order Loki does not keep. */
  reconstructedOrder: number;
}

/**
 * Groups a trace's Loki entries by span and turns each GenAI record into the event a span would
 * carry: its name (`event.name`, or the inference-details event when it holds messages), its
 * attributes under their OpenTelemetry names, and its body in `gen_ai.event.content` (the name
 * span-event bridges use). Records that are not GenAI events, or belong to no span, are left out.
 */
export function genaiRecordsBySpan(entries: LokiEntry[]): Map<string, SpanLogRecords> {
  const sorted = entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => compareNs(a.e.tsNs, b.e.tsNs) || a.i - b.i)
    .map((x) => x.e);
  const out = new Map<string, SpanLogRecords>();
  for (const entry of sorted) {
    const spanId = (entry.labels.span_id ?? '').toLowerCase();
    const event = toEvent(entry);
    if (!spanId || !event) {
      continue;
    }
    let rec = out.get(spanId);
    if (!rec) {
      rec = { spanId, events: [], records: 0, reconstructedOrder: 0 };
      out.set(spanId, rec);
    }
    rec.events.push(event);
    rec.records++;
  }
  for (const rec of out.values()) {
    const restored = restoreChatOrder(rec.events);
    rec.events = mergeDetails(restored.events);
    rec.reconstructedOrder = restored.reconstructed;
  }
  return out;
}

/** The chat of one span's records, decoded by the same code as content on spans. */
export function messagesFromRecords(rec: SpanLogRecords, warnings: string[]): ExtractedMessages {
  return extractMessages(new AttributeReader({}, warnings), rec.events);
}

function toEvent(entry: LokiEntry): RawEvent | undefined {
  const attributes: Attributes = {};
  for (const [k, v] of Object.entries(entry.labels)) {
    attributes[OTEL_NAMES[k] ?? k] = v;
  }
  const declared = typeof attributes['event.name'] === 'string' ? (attributes['event.name'] as string) : undefined;
  const hasMessages =
    attributes['gen_ai.input.messages'] !== undefined || attributes['gen_ai.output.messages'] !== undefined;
  // Loki 3.7 drops the OTLP `event_name` field: an inference-details record is known by its messages.
  const name = declared && GENAI_EVENTS.has(declared) ? declared : hasMessages ? DETAILS_EVENT : undefined;
  if (!name) {
    return undefined;
  }
  delete attributes['event.name'];
  const body = entry.line.trim();
  if (body !== '' && body !== '{}') {
    attributes['gen_ai.event.content'] = entry.line;
  }
  return { name, timeMs: nsToMs(entry.tsNs), attributes };
}

/**
 * Instrumentations write a call's input and output as two inference-details records; the span
 * decoder reads one event, so they become one, first value of each attribute winning.
 */
function mergeDetails(events: RawEvent[]): RawEvent[] {
  const details = events.filter((e) => e.name === DETAILS_EVENT);
  if (details.length < 2) {
    return events;
  }
  const merged: RawEvent = { name: DETAILS_EVENT, timeMs: details[0].timeMs, attributes: {} };
  for (const d of details) {
    for (const [k, v] of Object.entries(d.attributes)) {
      if (merged.attributes[k] === undefined) {
        merged.attributes[k] = v;
      }
    }
  }
  return [merged, ...events.filter((e) => e.name !== DETAILS_EVENT)];
}

function compareNs(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function nsToMs(ns: string): number {
  // Milliseconds with the microseconds kept, like span times (a double holds them exactly enough).
  return ns.length > 6 ? Number(ns.slice(0, -3)) / 1000 : 0;
}
