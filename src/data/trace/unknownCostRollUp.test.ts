/** @jest-environment node */
import fc from 'fast-check';
import { computeSpanCost, hasTokenUsage, NO_USAGE_REASON } from '../cost/spanCost';
import { DEFAULT_NORMALIZE_OPTIONS } from '../genai/normalizeSpan';
import { traceSearchFrame, tracePointsFrame } from '../frames/traceSearchFrame';
import { summarySelectAttributes } from '../traceql/traceSearchQuery';
import { pipelineOptions } from '../../../tests/helpers/pipeline';
import { callsSearchResult, callsTrace, callTreeArb, type CallSpec } from '../../../tests/helpers/modelCallArbitraries';
import { buildTraceFromPayload } from './loadTrace';
import type { SpanTree } from './spanTree';
import { summarizeSearchResult } from './traceSummary';
import { aggregateByVersion } from './versionAggregates';

const opts = pipelineOptions();
const TRACE_ID = 'cd'.repeat(16);
// Attribute names the trace search selects (what a search summary can see of each span).
const SELECTED = new Set(
  summarySelectAttributes({ versionAttributes: DEFAULT_NORMALIZE_OPTIONS.versionAttributes })
    .filter((a) => a.startsWith('span.'))
    .map((a) => a.slice('span.'.length))
);

const full = (calls: CallSpec[], parents: number[]) =>
  buildTraceFromPayload(TRACE_ID, callsTrace(calls, parents), opts);
const searched = (calls: CallSpec[], parents: number[]) =>
  summarizeSearchResult(callsSearchResult(calls, parents, SELECTED), opts);

const llm = (over: Partial<CallSpec> = {}): CallSpec => ({
  kind: 'llm',
  dialect: 'semconv',
  model: 'gpt-4o',
  usage: { input: 356, output: 58 },
  status: 'ok',
  errorType: false,
  ...over,
});
const agent: CallSpec = { kind: 'agent', dialect: 'semconv', usage: {}, status: 'ok', errorType: false };
const streamed = llm({ usage: {}, dialect: 'openinference' });

describe('a model call without usage in trace totals', () => {
  it('makes the trace cost incomplete next to a priced sibling (tree, search row, points, versions)', () => {
    const calls = [agent, llm(), streamed];
    const parents = [-1, 0, 0];
    const t = full(calls, parents);
    expect(t.nodes[2].cost).toEqual({ unknownReason: NO_USAGE_REASON });
    expect(t.nodes[2].countsUnknownCost).toBe(true);
    expect(t.totals.unknownCostSpans).toBe(1);
    expect(t.totals.costUsd).toBeCloseTo(t.nodes[1].cost.usd!, 15);
    expect(t.totals.costUsd).toBeGreaterThan(0);
    const s = searched(calls, parents);
    expect(s.totals.unknownCostSpans).toBe(1);
    expect(s.unknownCostReasons).toEqual([NO_USAGE_REASON]);
    const row = traceSearchFrame([s]);
    expect(row.fields.find((f) => f.name === 'costComplete')!.values).toEqual([false]);
    expect(row.fields.find((f) => f.name === 'costUnknownReason')!.values).toEqual([NO_USAGE_REASON]);
    expect(tracePointsFrame([s]).fields.find((f) => f.name === 'costUsd')!.values).toEqual([null]);
    const [v] = aggregateByVersion([s]);
    expect([v.totalCostUsd, v.costPerRequestUsd, v.tracesWithUnknownCost]).toEqual([undefined, undefined, 1]);
  });

  it('keeps a failed call without usage cost-free', () => {
    const t = full([agent, llm(), llm({ usage: {}, status: 'error' })], [-1, 0, 0]);
    expect(t.nodes[2].cost).toEqual({});
    expect(t.totals.unknownCostSpans).toBe(0);
  });

  it('does not count a wrapper without usage whose child reports the call', () => {
    // e.g. an OpenInference LangChain LLM span around the OpenAI SDK span with usage.
    const calls = [agent, llm({ dialect: 'openinference', usage: {} }), llm()];
    const parents = [-1, 0, 1];
    const t = full(calls, parents);
    const wrapper = t.nodes[1];
    expect(wrapper.countsUnknownCost).toBe(false);
    expect(wrapper.cost.unknownReason).toBeUndefined();
    expect(t.totals.unknownCostSpans).toBe(0);
    expect(t.totals.costUsd).toBeCloseTo(t.nodes[2].cost.usd!, 15);
    const s = searched(calls, parents);
    expect([s.totals.unknownCostSpans, s.unknownCostReasons]).toEqual([0, []]);
  });

  it('does not count an inner streaming span without usage when its wrapper reports the call', () => {
    const calls = [agent, llm({ dialect: 'openinference' }), llm({ usage: {} })];
    const parents = [-1, 0, 1];
    const t = full(calls, parents);
    expect(t.nodes[1].countsUsage).toBe(true);
    expect(t.nodes[2].cost.unknownReason).toBeUndefined();
    expect(t.totals.unknownCostSpans).toBe(0);
    expect(searched(calls, parents).totals.unknownCostSpans).toBe(0);
  });

  it('counts one call once when neither the wrapper nor the inner span has usage', () => {
    const calls = [agent, llm({ dialect: 'openinference', usage: {} }), llm({ usage: {} })];
    const t = full(calls, [-1, 0, 1]);
    expect(t.totals.unknownCostSpans).toBe(1);
    expect(t.nodes.map((n) => n.countsUnknownCost)).toEqual([false, false, true]);
  });

  it('still counts a call without usage beside a sibling when only an uncounted ancestor has usage', () => {
    // The agent's own usage is not counted (its child reports usage), so it covers nothing.
    const calls = [{ ...agent, usage: { input: 500, output: 80 } }, llm(), streamed];
    const t = full(calls, [-1, 0, 0]);
    expect(t.nodes[0].countsUsage).toBe(false);
    expect(t.totals.unknownCostSpans).toBe(1);
  });

  it('counts a reported telemetry cost on a call without tokens as known', () => {
    const t = full([agent, llm({ usage: {}, reportedCostUsd: 0.0042 })], [-1, 0]);
    expect(t.totals.unknownCostSpans).toBe(0);
    expect(t.totals.costUsd).toBeCloseTo(0.0042, 15);
  });
});

/** Which spans' unknown cost the trace total must count, from the definitions, span by span. */
function expectedUnknown(t: SpanTree): Set<number> {
  const nodes = t.nodes;
  const ancestors = (i: number) => {
    const out: number[] = [];
    for (let p = nodes[i].parent; p >= 0; p = nodes[p].parent) {
      out.push(p);
    }
    return out;
  };
  const descendants = (i: number) => nodes.map((_, j) => j).filter((j) => ancestors(j).includes(i));
  const usage = (i: number) => !nodes[i].synthetic && hasTokenUsage(nodes[i].span);
  const reportsUsage = (i: number) => usage(i) && !descendants(i).some(usage);
  const ownReason = (i: number) => computeSpanCost(nodes[i].span, opts.cost, opts.prices).unknownReason;
  const uncoveredMissing = (i: number) =>
    !nodes[i].synthetic &&
    !usage(i) &&
    ownReason(i) !== undefined &&
    !descendants(i).some(usage) &&
    !ancestors(i).some(reportsUsage);
  const out = new Set<number>();
  nodes.forEach((_, i) => {
    if ((reportsUsage(i) && ownReason(i)) || (uncoveredMissing(i) && !descendants(i).some(uncoveredMissing))) {
      out.add(i);
    }
  });
  return out;
}

describe('trace cost completeness over random trees (property)', () => {
  it('is incomplete exactly when a call’s cost is unknown and no other span reports it; search agrees', () => {
    fc.assert(
      fc.property(callTreeArb(8), ({ calls, parents }) => {
        const t = full(calls, parents);
        const expected = expectedUnknown(t);
        const counted = new Set(t.nodes.flatMap((n, i) => (n.countsUnknownCost ? [i] : [])));
        expect(counted).toEqual(expected);
        expect(t.totals.unknownCostSpans).toBe(expected.size);
        for (const n of t.nodes) {
          // A reason left on an uncounted span belongs to a wrapper whose own tokens its children repeat.
          if (n.cost.unknownReason && !n.countsUnknownCost) {
            expect(hasTokenUsage(n.span) && !n.countsUsage).toBe(true);
          }
          expect(Number.isFinite(n.subtree.costUsd) && n.subtree.costUsd >= 0).toBe(true);
        }
        // A successful model call without usage, alone in its trace, is never a complete 0.
        if (calls.length === 1 && t.nodes[0].cost.unknownReason === NO_USAGE_REASON) {
          expect(t.totals.unknownCostSpans).toBe(1);
        }
        const s = searched(calls, parents);
        expect(s.totals.unknownCostSpans).toBe(t.totals.unknownCostSpans);
        expect(s.totals.costUsd).toBeCloseTo(t.totals.costUsd, 12);
        expect(new Set(s.unknownCostReasons)).toEqual(
          new Set(t.nodes.filter((n) => n.countsUnknownCost).map((n) => n.cost.unknownReason))
        );
      }),
      { numRuns: 400 }
    );
  });
});
