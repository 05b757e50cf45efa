/** @jest-environment node */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { summarizeSearchResult, type TraceSummary } from '../trace/traceSummary';
import { pipelineOptions } from '../../../tests/helpers/pipeline';
import type { RecordingFile } from '../../../tests/helpers/recordedTransport';
import { filterConversations, groupConversations } from './conversationList';

// The demo agent app's traces as a real Tempo returned them to the data source's search.
const demo: RecordingFile = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../../fixtures/tempo/demo-traces.recordings.json'), 'utf8')
);
const summaries: TraceSummary[] = [
  ...new Map(
    demo.exchanges
      .filter((e) => e.path === '/api/search' && e.status === 200)
      .flatMap((e) => JSON.parse(e.body).traces ?? [])
      .map((t: Parameters<typeof summarizeSearchResult>[0]) => summarizeSearchResult(t, pipelineOptions()))
      .map((s: TraceSummary) => [s.traceId, s] as const)
  ).values(),
];

function summary(over: Partial<TraceSummary> & { traceId: string }): TraceSummary {
  return {
    startMs: 0,
    durationMs: 1,
    rootName: 'invoke_agent a',
    rootService: 'svc',
    models: [],
    providers: [],
    agents: [],
    totals: { unknownCostSpans: 0, costUsd: 0, inputTokens: 0, outputTokens: 0 } as TraceSummary['totals'],
    hasError: false,
    scores: {},
    spansMatched: 1,
    spansReturned: 1,
    unknownCostReasons: [],
    ...over,
  };
}

describe('groupConversations', () => {
  it('on the demo’s traces: one row per conversation id, its turns, tokens and agents equal to its traces’', () => {
    const rows = groupConversations(summaries);
    const ids = new Set(summaries.map((s) => s.conversationId).filter(Boolean));
    expect(ids.size).toBeGreaterThan(3);
    expect(rows.map((r) => r.conversationId).sort()).toEqual([...ids].sort());
    for (const r of rows) {
      const mine = summaries.filter((s) => s.conversationId === r.conversationId);
      expect(r.turns).toBe(mine.length);
      expect(new Set(r.traceIds)).toEqual(new Set(mine.map((s) => s.traceId)));
      expect(r.inputTokens).toBe(mine.reduce((n, s) => n + s.totals.inputTokens, 0));
      expect(r.agents).toEqual([...new Set(mine.flatMap((s) => s.agents))].sort());
      expect(r.firstTurnMs).toBe(Math.min(...mine.map((s) => s.startMs)));
      expect(r.lastTurnMs).toBe(Math.max(...mine.map((s) => s.startMs)));
    }
    expect(rows.some((r) => r.turns >= 2)).toBe(true);
    // Newest conversation first.
    expect(rows.map((r) => r.lastTurnMs)).toEqual([...rows.map((r) => r.lastTurnMs)].sort((a, b) => b - a));
  });

  it('counts pass and fail results, weights means by results, and says when a cost is not complete', () => {
    const [row] = groupConversations([
      summary({
        traceId: 'a',
        conversationId: 'c',
        startMs: 2,
        scores: { judge: { mean: 1, count: 1, labels: ['pass'], labelCounts: { pass: 1 } } },
        totals: { unknownCostSpans: 0, costUsd: 0.5, inputTokens: 10, outputTokens: 1 } as TraceSummary['totals'],
      }),
      summary({
        traceId: 'b',
        conversationId: 'c',
        startMs: 1,
        hasError: true,
        scores: { judge: { mean: 0.25, count: 3, labels: ['fail', 'pass'], labelCounts: { fail: 2, pass: 1 } } },
        totals: { unknownCostSpans: 1, costUsd: 0.25, inputTokens: 5, outputTokens: 2 } as TraceSummary['totals'],
      }),
      summary({ traceId: 'x' }),
    ]);
    expect(row).toMatchObject({
      conversationId: 'c',
      turns: 2,
      traceIds: ['a', 'b'],
      costUsd: 0.75,
      costComplete: false,
      errorTurns: 1,
      evaluations: { judge: { pass: 2, fail: 2, scored: 4, mean: (1 + 0.25 * 3) / 4 } },
    });
  });
});

describe('filterConversations', () => {
  const rows = groupConversations([
    summary({ traceId: 'a', conversationId: 'Support-42', hasError: true }),
    summary({
      traceId: 'b',
      conversationId: 'sales-7',
      scores: { judge: { mean: 0, count: 1, labels: ['fail'], labelCounts: { fail: 1 } } },
      totals: { unknownCostSpans: 0, costUsd: 2, inputTokens: 0, outputTokens: 0 } as TraceSummary['totals'],
    }),
  ]);
  it.each([
    [{ hasError: true }, ['Support-42']],
    [{ hasFailedEvaluation: true }, ['sales-7']],
    [{ minCostUsd: 1 }, ['sales-7']],
    [{ search: 'support' }, ['Support-42']],
    [{}, ['Support-42', 'sales-7']],
  ])('%j', (f, ids) => {
    expect(
      filterConversations(rows, f)
        .map((r) => r.conversationId)
        .sort()
    ).toEqual(ids);
  });
});
