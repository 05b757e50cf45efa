import type { TraceSummary } from '../trace/traceSummary';

/** Labels that say an evaluation passed or failed (what the span tree colours green and red). */
const PASS = /^(pass|passed|good|correct|relevant|true|yes|faithful|grounded)$/i;
const FAIL = /^(fail|failed|bad|incorrect|irrelevant|false|no|hallucinated|toxic)$/i;

export interface ConversationEvaluation {
  /** Mean score over the conversation's scored results (NaN when none had a score). */
  mean: number;
  scored: number;
  pass: number;
  fail: number;
}

/** One conversation as the list shows it: its turns are the traces that carry its id. */
export interface ConversationRow {
  conversationId: string;
  firstTurnMs: number;
  lastTurnMs: number;
  turns: number;
  /** Newest first. */
  traceIds: string[];
  agents: string[];
  models: string[];
  services: string[];
  inputTokens: number;
  outputTokens: number;
  /** Known cost; `costComplete` says whether every turn's cost is known. */
  costUsd: number;
  costComplete: boolean;
  /** Turns with an error. */
  errorTurns: number;
  /** Turns whose totals cover only the spans Tempo returned (more matched). */
  partialTurns: number;
  evaluations: Record<string, ConversationEvaluation>;
}

/**
 * Groups trace summaries (one Tempo search's worth, or several) by conversation id, without a
 * request per conversation. Traces without a conversation id are left out.
 */
export function groupConversations(summaries: TraceSummary[]): ConversationRow[] {
  const byId = new Map<string, TraceSummary[]>();
  for (const s of summaries) {
    if (s.conversationId) {
      const list = byId.get(s.conversationId);
      if (list) {
        list.push(s);
      } else {
        byId.set(s.conversationId, [s]);
      }
    }
  }
  const rows: ConversationRow[] = [];
  for (const [conversationId, turns] of byId) {
    turns.sort((a, b) => b.startMs - a.startMs);
    const evaluations: Record<string, ConversationEvaluation & { sum: number }> = {};
    let costComplete = true;
    for (const t of turns) {
      costComplete &&= t.totals.unknownCostSpans === 0 && t.spansReturned >= t.spansMatched;
      for (const [name, stat] of Object.entries(t.scores)) {
        const e = (evaluations[name] ??= { mean: NaN, scored: 0, pass: 0, fail: 0, sum: 0 });
        if (stat.count > 0 && Number.isFinite(stat.mean)) {
          e.sum += stat.mean * stat.count;
          e.scored += stat.count;
        }
        for (const [label, n] of Object.entries(stat.labelCounts ?? {})) {
          e.pass += PASS.test(label) ? n : 0;
          e.fail += FAIL.test(label) ? n : 0;
        }
      }
    }
    rows.push({
      conversationId,
      firstTurnMs: turns[turns.length - 1].startMs,
      lastTurnMs: turns[0].startMs,
      turns: turns.length,
      traceIds: turns.map((t) => t.traceId),
      agents: distinct(turns.flatMap((t) => t.agents)),
      models: distinct(turns.flatMap((t) => t.models)),
      services: distinct(turns.map((t) => t.rootService).filter(Boolean)),
      inputTokens: sum(turns, (t) => t.totals.inputTokens),
      outputTokens: sum(turns, (t) => t.totals.outputTokens),
      costUsd: sum(turns, (t) => t.totals.costUsd),
      costComplete,
      errorTurns: turns.filter((t) => t.hasError).length,
      partialTurns: turns.filter((t) => t.spansReturned < t.spansMatched).length,
      evaluations: Object.fromEntries(
        Object.entries(evaluations).map(([name, { sum: total, ...e }]) => [
          name,
          { ...e, mean: e.scored ? total / e.scored : NaN },
        ])
      ),
    });
  }
  return rows.sort((a, b) => b.lastTurnMs - a.lastTurnMs);
}

export interface ConversationFilters {
  hasFailedEvaluation?: boolean;
  hasError?: boolean;
  minCostUsd?: number;
  /** Part of the conversation id (case-insensitive). */
  search?: string;
}

export function filterConversations(rows: ConversationRow[], f: ConversationFilters): ConversationRow[] {
  const q = f.search?.trim().toLowerCase();
  return rows.filter(
    (r) =>
      (!f.hasFailedEvaluation || Object.values(r.evaluations).some((e) => e.fail > 0)) &&
      (!f.hasError || r.errorTurns > 0) &&
      (f.minCostUsd === undefined || r.costUsd >= f.minCostUsd) &&
      (!q || r.conversationId.toLowerCase().includes(q))
  );
}

function distinct(xs: string[]): string[] {
  return [...new Set(xs)].sort();
}

function sum<T>(xs: T[], f: (x: T) => number): number {
  return xs.reduce((s, x) => s + (Number.isFinite(f(x)) ? f(x) : 0), 0);
}
