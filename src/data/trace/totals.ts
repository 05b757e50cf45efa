/** Sums over a set of spans (a subtree, a trace, a version). */
export interface UsageTotals {
  spanCount: number;
  llmCalls: number;
  toolCalls: number;
  errorCount: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  reasoningTokens: number;
  /** Known cost in USD; see `unknownCostSpans` for what it leaves out. */
  costUsd: number;
  /** Spans with token usage whose price is unknown: the cost is a lower bound when > 0. */
  unknownCostSpans: number;
}

export function emptyTotals(): UsageTotals {
  return {
    spanCount: 0,
    llmCalls: 0,
    toolCalls: 0,
    errorCount: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheCreationTokens: 0,
    reasoningTokens: 0,
    costUsd: 0,
    unknownCostSpans: 0,
  };
}

export function addTotals(into: UsageTotals, t: UsageTotals): void {
  into.spanCount += t.spanCount;
  into.llmCalls += t.llmCalls;
  into.toolCalls += t.toolCalls;
  into.errorCount += t.errorCount;
  into.inputTokens += t.inputTokens;
  into.outputTokens += t.outputTokens;
  into.cacheReadTokens += t.cacheReadTokens;
  into.cacheCreationTokens += t.cacheCreationTokens;
  into.reasoningTokens += t.reasoningTokens;
  into.costUsd += t.costUsd;
  into.unknownCostSpans += t.unknownCostSpans;
}
