import type { ExtractedMessages } from '../genai/messages';
import type { SpanTreeTable } from '../frames/readSpanTreeFrame';
import { genaiRecordsBySpan, messagesFromRecords } from './genaiLogRecords';
import type { LokiClient } from './lokiClient';
import { traceLogQuery } from './traceLogQuery';

/** Loki's default `max_entries_limit_per_query`: asking for more is refused by a default Loki. */
export const TRACE_LOG_LIMIT = 5000;

/** Records may be stamped a little before the span starts or after it ends (clocks, batching). */
const WINDOW_MARGIN_MS = 5 * 60_000;

export interface TraceLogRequest {
  traceId: string;
  services: string[];
  startMs: number;
  endMs: number;
  streamSelector?: string;
}

/** Where a span's chat came from, for the note beside it. */
export interface LogSource {
  query: string;
  /** Log records Loki returned for the whole trace. */
  traceRecords: number;
  /** Loki returned as many records as asked: later ones (and their spans' chats) are missing. */
  truncated: boolean;
  limit: number;
}

export interface TraceLogMessages {
  source: LogSource;
  /** GenAI messages by span id (lowercase hex); a span without records is absent. */
  bySpan: Map<string, SpanLogMessages>;
}

export interface SpanLogMessages extends ExtractedMessages {
  /** GenAI log records of this span. */
  records: number;
  /** Messages whose order was reconstructed (records with one timestamp; Loki does not keep their order). */
  reconstructedOrder: number;
  /** Decoding problems (a malformed message list, …). */
  warnings: string[];
}

/**
 * What to ask Loki for a trace shown as a span-tree frame: its id, its services (Loki's
 * `service_name` streams) and its time span. One pass over the rows (no spread of 100k values).
 */
export function traceLogRequest(table: SpanTreeTable): TraceLogRequest {
  const services = new Set<string>();
  const serviceCol = table.column<string>('serviceName');
  let startMs = Infinity;
  let endMs = -Infinity;
  for (let i = 0; i < table.length; i++) {
    if (table.synthetic[i]) {
      continue;
    }
    services.add(serviceCol?.[i] ?? '');
    const s = Number(table.startMs[i] ?? 0);
    startMs = Math.min(startMs, s);
    endMs = Math.max(endMs, s + Number(table.durationMs[i] ?? 0));
  }
  return {
    traceId: table.traceId,
    services: [...services],
    startMs: Number.isFinite(startMs) ? startMs : 0,
    endMs: Number.isFinite(endMs) ? endMs : 0,
  };
}

/** One LogQL query for the whole trace, whatever the number of spans; decoded per span. */
export async function loadTraceLogMessages(
  loki: LokiClient,
  req: TraceLogRequest,
  opts: { signal?: AbortSignal; requestId?: string; limit?: number } = {}
): Promise<TraceLogMessages> {
  const query = traceLogQuery(req);
  const limit = opts.limit ?? TRACE_LOG_LIMIT;
  const { entries } = await loki.queryRange(query, {
    startMs: req.startMs - WINDOW_MARGIN_MS,
    endMs: req.endMs + WINDOW_MARGIN_MS,
    limit,
    signal: opts.signal,
    requestId: opts.requestId,
  });
  const bySpan = new Map<string, SpanLogMessages>();
  for (const [spanId, rec] of genaiRecordsBySpan(entries)) {
    const warnings: string[] = [];
    const m = messagesFromRecords(rec, warnings);
    bySpan.set(spanId, { ...m, records: rec.records, reconstructedOrder: rec.reconstructedOrder, warnings });
  }
  return { source: { query, traceRecords: entries.length, truncated: entries.length >= limit, limit }, bySpan };
}

/**
 * What the details pane says under a span's chat from Loki, or instead of it: where it came
 * from, that there is none, or that the trace had more records than one query returns.
 */
export function logSourceNote(logs: TraceLogMessages, spanId: string): string {
  const s = logs.source;
  const span = logs.bySpan.get(spanId.toLowerCase());
  const cut = s.truncated
    ? ` Loki returned its limit of ${s.limit} records for this trace; records after them, and the chats they hold, are not shown.`
    : '';
  if (!span) {
    const none =
      s.traceRecords === 0
        ? 'Loki has no log records for this trace'
        : `Loki has no GenAI log records for this span (${s.traceRecords} for the whole trace)`;
    return `${none}, so there is no chat to show.${cut}`;
  }
  const order =
    span.reconstructedOrder > 0
      ? ` ${span.reconstructedOrder} of them share a timestamp, whose order Loki does not keep: their order is reconstructed (system first, each tool result after its call).`
      : '';
  return `Messages from ${span.records} log record${span.records === 1 ? '' : 's'} in Loki (${s.traceRecords} for the trace).${order}${cut}`;
}
