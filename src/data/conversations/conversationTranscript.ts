import type { SpanTreeTable } from '../frames/readSpanTreeFrame';
import type { TraceLogMessages } from '../loki/traceLogMessages';
import { datasetItems, type DatasetScore, type TraceItem } from '../export/datasetItem';

/** One turn of a conversation: one trace. */
export interface TranscriptTurn {
  traceId: string;
  startMs: number;
  durationMs: number;
  /** What the user said in this turn: the last user message of the turn's first LLM call. */
  userInput?: string;
  /** The turn's final answer: the last answered call's text. */
  answer?: string;
  /** Tool runs of the turn, in order (shown collapsed). */
  tools: TraceItem['tools'];
  /** Evaluations in the turn: they judge its answer. */
  scores: DatasetScore[];
  inputTokens: number;
  outputTokens: number;
  /** null when a call's cost is unknown (`costUnknownReason`). */
  costUsd: number | null;
  costUnknownReason?: string;
  /** The first failing span of the turn, to jump to. */
  firstError?: { spanId: string; type?: string; message?: string };
  /** Calls without messages anywhere (not on their span, not in Loki). */
  callsWithoutContent: number;
}

export interface Transcript {
  turns: TranscriptTurn[];
  totals: { inputTokens: number; outputTokens: number; costUsd: number | null; durationMs: number; errors: number };
  /** The first error of the conversation: its turn and span. */
  firstError?: { traceId: string; spanId: string };
}

/**
 * A conversation's transcript from its turns' span-tree frames (Trace by id), oldest turn first:
 * the messages the span tree shows (from spans, or from Loki when given), decoded by the same
 * code as the dataset export.
 */
export function conversationTranscript(turns: Array<{ table: SpanTreeTable; logs?: TraceLogMessages }>): Transcript {
  const out: TranscriptTurn[] = turns.map(({ table, logs }) => turn(table, logs)).sort((a, b) => a.startMs - b.startMs);
  const unknown = out.some((t) => t.costUsd === null);
  const first = out.find((t) => t.firstError);
  return {
    turns: out,
    totals: {
      inputTokens: out.reduce((n, t) => n + t.inputTokens, 0),
      outputTokens: out.reduce((n, t) => n + t.outputTokens, 0),
      costUsd: unknown ? null : out.reduce((n, t) => n + (t.costUsd ?? 0), 0),
      durationMs: out.reduce((n, t) => n + t.durationMs, 0),
      errors: out.filter((t) => t.firstError).length,
    },
    ...(first ? { firstError: { traceId: first.traceId, spanId: first.firstError!.spanId } } : {}),
  };
}

function turn(table: SpanTreeTable, logs?: TraceLogMessages): TranscriptTurn {
  const [item] = datasetItems(table, 'trace', logs) as TraceItem[];
  let startMs = Infinity;
  let endMs = -Infinity;
  let firstError: TranscriptTurn['firstError'];
  for (let t = 0; t < table.length; t++) {
    if (table.synthetic[t]) {
      continue;
    }
    const s = Number(table.startMs[t]);
    startMs = Math.min(startMs, s);
    endMs = Math.max(endMs, s + Number(table.durationMs[t] ?? 0));
    if (table.error[t] && !firstError) {
      firstError = {
        spanId: String(table.spanId[t]),
        type: (table.column<string>('errorType')?.[t] ?? undefined) as string | undefined,
        message: (table.column<string>('errorMessage')?.[t] ?? undefined) as string | undefined,
      };
    }
  }
  const firstCall = item.calls.find((c) => c.input.length > 0);
  const userInput = firstCall && [...firstCall.input].reverse().find((m) => m.role === 'user')?.content;
  const answer =
    item.output
      .map((m) => m.content)
      .filter(Boolean)
      .join('\n\n') || undefined;
  return {
    traceId: table.traceId,
    startMs: Number.isFinite(startMs) ? startMs : 0,
    durationMs: Number.isFinite(endMs) ? endMs - startMs : 0,
    userInput,
    answer,
    tools: item.tools,
    scores: item.scores,
    inputTokens: item.usage.input_tokens,
    outputTokens: item.usage.output_tokens,
    costUsd: item.cost_usd,
    ...(item.cost_unknown_reason ? { costUnknownReason: item.cost_unknown_reason } : {}),
    ...(firstError ? { firstError } : {}),
    callsWithoutContent: item.calls.filter((c) => c.content_source === 'none').length,
  };
}
