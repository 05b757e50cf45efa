/** Sums over a set of spans (a subtree, a trace, a version). */
export interface UsageTotals {
  spanCount: number;
  llmCalls: number;
  toolCalls: number;
  /** Agent runs: a CLIENT `invoke_agent` and the INTERNAL span of the same agent it leads to count once. */
  agentRuns: number;
  errorCount: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  reasoningTokens: number;
  /** Known cost in USD; see `unknownCostSpans` for what it leaves out. */
  costUsd: number;
  /**
   * Spans whose cost is unknown (tokens without a price, or a successful model call no span
   * reports usage for): the cost is a lower bound when > 0.
   */
  unknownCostSpans: number;
}

export function emptyTotals(): UsageTotals {
  return {
    spanCount: 0,
    llmCalls: 0,
    toolCalls: 0,
    agentRuns: 0,
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
  into.agentRuns += t.agentRuns;
  into.errorCount += t.errorCount;
  into.inputTokens += t.inputTokens;
  into.outputTokens += t.outputTokens;
  into.cacheReadTokens += t.cacheReadTokens;
  into.cacheCreationTokens += t.cacheCreationTokens;
  into.reasoningTokens += t.reasoningTokens;
  into.costUsd += t.costUsd;
  into.unknownCostSpans += t.unknownCostSpans;
}
