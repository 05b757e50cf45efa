/** @jest-environment node */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DataFrame } from '@grafana/data';
import { readSpanTreeFrame, SpanTreeFrameError } from '../frames/readSpanTreeFrame';
import { spanTreeFrame } from '../frames/spanTreeFrame';
import { otlpTrace, type SpanSpec } from '../../../tests/helpers/otlpBuilders';
import { OTLP_FIXTURE_DIR } from '../../../tests/helpers/otlpIngest';
import { pipelineOptions } from '../../../tests/helpers/pipeline';
import { criticalPath } from './criticalPath';
import { buildTraceFromPayload } from './loadTrace';
import { filterSpans, topRows } from './spanFilters';
import { buildSpanTreeView, spanTreeViewOf } from './spanTreeView';
import { SYNTHETIC_ROOT_ID } from './spanTree';
import { initialCollapsed, revealRow, toggleCollapsed, visibleRows } from './visibleRows';

const chat = (input: number, output: number) => ({
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': 'gpt-4o-mini',
  'gen_ai.usage.input_tokens': input,
  'gen_ai.usage.output_tokens': output,
});
const tool = (name: string) => ({ 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': name });

function frameOf(specs: SpanSpec[]): DataFrame {
  return spanTreeFrame(buildTraceFromPayload('ab'.repeat(16), otlpTrace(specs), pipelineOptions()));
}

const names = (frame: DataFrame, rows: ArrayLike<number>) => {
  const view = spanTreeViewOf(frame);
  const name = view.table.name;
  return Array.from(rows, (r) => name[view.tableRow[r]]);
};

// root 0–100: a 0–5, b 10–90 (with d 20–50 inside), c 90–100 (LLM, error), e 12–30 parallel to b.
const AGENT: SpanSpec[] = [
  { id: 'r', name: 'invoke_agent root', durationMs: 100, attrs: { 'gen_ai.operation.name': 'invoke_agent' } },
  { id: 'a', parent: 'r', name: 'plan', startMs: 0, durationMs: 5, attrs: chat(100, 10) },
  { id: 'b', parent: 'r', name: 'search tool', startMs: 10, durationMs: 80, attrs: tool('web_search') },
  {
    id: 'd',
    parent: 'b',
    name: 'embed',
    startMs: 20,
    durationMs: 30,
    attrs: { 'gen_ai.operation.name': 'embeddings' },
  },
  { id: 'e', parent: 'r', name: 'side call', startMs: 12, durationMs: 18, attrs: chat(1000, 100) },
  { id: 'c', parent: 'r', name: 'answer', startMs: 90, durationMs: 10, attrs: chat(300, 30), error: true },
];

describe('spanTreeView', () => {
  it('counts spans of unknown cost per subtree and for the trace, with or without the roll-up column', () => {
    // "embed" is a successful embeddings call without usage: its cost is unknown.
    const frame = frameOf(AGENT);
    const v = spanTreeViewOf(frame);
    expect(v.unknownCostSpans).toBe(1);
    expect(Array.from(v.subtreeUnknownCostSpans)).toEqual([1, 0, 1, 1, 0, 0]);
    // A frame without `subtreeUnknownCostSpans` (e.g. after a transformation) counts rows with a reason.
    const bare = { ...frame, fields: frame.fields.filter((f) => f.name !== 'subtreeUnknownCostSpans') };
    const w = buildSpanTreeView(readSpanTreeFrame(bare));
    expect([w.unknownCostSpans, Array.from(w.subtreeUnknownCostSpans)]).toEqual([1, [1, 0, 1, 1, 0, 0]]);
  });

  it('keeps tree order and computes depth, parent, subtree extent, self time and costs', () => {
    const frame = frameOf(AGENT);
    const v = spanTreeViewOf(frame);
    expect(
      names(
        frame,
        v.tableRow.map((_, i) => i)
      )
    ).toEqual(['invoke_agent root', 'plan', 'search tool', 'embed', 'side call', 'answer']);
    expect(Array.from(v.depth)).toEqual([0, 1, 1, 2, 1, 1]);
    expect(Array.from(v.parent)).toEqual([-1, 0, 0, 2, 0, 0]);
    expect(Array.from(v.subtreeEnd)).toEqual([6, 2, 4, 4, 5, 6]);
    expect(Array.from(v.childCount)).toEqual([4, 0, 1, 0, 0, 0]);
    expect(v.traceDurationMs).toBeCloseTo(100, 6);
    // root: children cover 0–5 and 10–100 → 5 ms of its own; "search tool": 80 − 30.
    expect(v.selfTimeMs[0]).toBeCloseTo(5, 6);
    expect(v.selfTimeMs[2]).toBeCloseTo(50, 6);
    expect(v.selfTimeMs[3]).toBeCloseTo(30, 6);
    const costs = v.table.costUsd;
    const llmCosts = [1, 4, 5].map((r) => costs[r]!);
    llmCosts.forEach((c) => expect(c).toBeGreaterThan(0));
    const total = llmCosts.reduce((a, b) => a + b, 0);
    expect(v.totalCostUsd).toBeCloseTo(total, 15);
    expect(v.costUsd[4]).toBeCloseTo(costs[4]!, 15);
    expect(v.costUsd[0]).toBe(0);
    expect(v.costShare[0]).toBeCloseTo(1, 12);
    expect(v.costShare[4]).toBeCloseTo(costs[4]! / total, 12);
    expect(v.timeShare[2]).toBeCloseTo(0.8, 6);
    expect(v.maxSelfCostUsd).toBeCloseTo(costs[4]!, 15);
    expect(Array.from(v.error)).toEqual([0, 0, 0, 0, 0, 1]);
  });

  it('marks the critical path: the chain that ends last, not the spans running beside it', () => {
    const frame = frameOf(AGENT);
    const v = spanTreeViewOf(frame);
    const onPath = names(
      frame,
      Array.from(v.critical.keys()).filter((r) => v.critical[r])
    );
    // c ends the trace; before c starts (90) b runs up to 90; before b (10) a; e and d overlap b.
    expect(onPath).toEqual(['invoke_agent root', 'plan', 'search tool', 'embed', 'answer']);
    expect(v.critical[4]).toBe(0);
  });

  it('puts a child that outlives the cursor on the path only where it is the last to finish', () => {
    const frame = frameOf([
      { id: 'r', name: 'root', durationMs: 100 },
      { id: 'x', parent: 'r', name: 'long', startMs: 0, durationMs: 95 },
      { id: 'y', parent: 'r', name: 'short', startMs: 50, durationMs: 10 },
      { id: 'z', parent: 'r', name: 'early', startMs: 0, durationMs: 3 },
    ]);
    const v = spanTreeViewOf(frame);
    expect(
      names(
        frame,
        [...v.critical.keys()].filter((r) => v.critical[r])
      )
    ).toEqual(['root', 'long']);
  });

  it('leaves a call that ran in parallel with the one after it off the path', () => {
    // Two tool calls started together: "slow" 10–100 ends the agent, "fast" 5–95 ran beside it,
    // then "plan" 0–5 before both. Nobody waited for "fast".
    const frame = frameOf([
      { id: 'r', name: 'agent', durationMs: 100 },
      { id: 'p', parent: 'r', name: 'plan', startMs: 0, durationMs: 5 },
      { id: 'f', parent: 'r', name: 'fast', startMs: 5, durationMs: 90 },
      { id: 's', parent: 'r', name: 'slow', startMs: 10, durationMs: 90 },
    ]);
    const v = spanTreeViewOf(frame);
    const onPath = (f: DataFrame) =>
      names(
        f,
        [...v.critical.keys()].filter((r) => v.critical[r])
      );
    expect(onPath(frame)).toEqual(['agent', 'plan', 'slow']);
    // A child that outlives its parent (async) counts as ending with it.
    const late = frameOf([
      { id: 'r', name: 'agent', durationMs: 100 },
      { id: 'a', parent: 'r', name: 'async', startMs: 50, durationMs: 80 },
    ]);
    const w = spanTreeViewOf(late);
    expect(Array.from(w.critical)).toEqual([1, 1]);
  });

  it('marks only the roots on the path when a frame has several roots', () => {
    // Rows: A 20–50 (child 20–30) and B 0–100 (child 60–100): B alone decides when the trace ends.
    const subtreeEnd = [2, 2, 4, 4];
    expect(Array.from(criticalPath([20, 20, 0, 60], [30, 10, 100, 40], subtreeEnd, [0, 2]))).toEqual([0, 0, 1, 1]);
    // A 0–50 then B 60–100, one after the other: both are on it.
    expect(Array.from(criticalPath([0, 0, 60, 60], [50, 10, 40, 40], subtreeEnd, [0, 2]))).toEqual([1, 1, 1, 1]);
    // A lone zero-length root is still the path.
    expect(Array.from(criticalPath([5], [0], [1], [0]))).toEqual([1]);
  });

  it('computes the same view from a frame without depth whose rows were re-sorted', () => {
    const frame = frameOf(AGENT);
    const perm = [5, 3, 0, 4, 1, 2];
    const shuffled: DataFrame = {
      ...frame,
      meta: undefined,
      fields: frame.fields
        .filter((f) => f.name !== 'depth')
        .map((f) => ({ ...f, values: perm.map((i) => f.values[i]) })),
    };
    const a = spanTreeViewOf(frame);
    const b = spanTreeViewOf(shuffled);
    expect(
      names(
        shuffled,
        b.tableRow.map((_, i) => i)
      )
    ).toEqual(
      names(
        frame,
        a.tableRow.map((_, i) => i)
      )
    );
    expect(Array.from(b.depth)).toEqual(Array.from(a.depth));
    expect(Array.from(b.critical)).toEqual(Array.from(a.critical));
    expect(Array.from(b.costUsd)).toEqual(Array.from(a.costUsd));
  });

  it('puts roots and orphans back under the synthetic root when a re-sorted frame is ordered by ids', () => {
    const frame = frameOf([
      { id: 'r', name: 'root', durationMs: 50, attrs: chat(100, 10) },
      { id: 'o', parent: 'missing', name: 'orphan', startMs: 5, durationMs: 10, attrs: chat(1000, 100) },
    ]);
    const a = spanTreeViewOf(frame);
    // As after a "sort by" transformation: rows out of tree order, so the depth column cannot be used.
    const perm = [2, 0, 1];
    const sorted: DataFrame = {
      ...frame,
      fields: frame.fields.map((f) => ({ ...f, values: perm.map((i) => f.values[i]) })),
    };
    const b = spanTreeViewOf(sorted);
    expect(names(sorted, [0, 1, 2])).toEqual(names(frame, [0, 1, 2]));
    expect(Array.from(b.depth)).toEqual([0, 1, 1]);
    expect(b.roots.length).toBe(1);
    expect(a.totalCostUsd).toBeGreaterThan(0);
    expect(b.totalCostUsd).toBeCloseTo(a.totalCostUsd, 15);
    expect(Array.from(b.costUsd)).toEqual(Array.from(a.costUsd));
    expect(Array.from(b.critical)).toEqual(Array.from(a.critical));
  });

  it('does not trust a depth column whose rows were sorted by start time', () => {
    const frame = frameOf(AGENT);
    const a = spanTreeViewOf(frame);
    // "Sort by" start time keeps the depths in a plausible sequence (0 1 1 1 2 1), but "embed"
    // (inside "search tool") now follows "side call".
    const start = frame.fields.find((f) => f.name === 'startTime')!.values as number[];
    const perm = start.map((_, i) => i).sort((x, y) => start[x] - start[y] || x - y);
    const sorted: DataFrame = {
      ...frame,
      fields: frame.fields.map((f) => ({ ...f, values: perm.map((i) => f.values[i]) })),
    };
    const rawNames = (f: DataFrame) => f.fields.find((x) => x.name === 'name')!.values;
    expect(rawNames(sorted)).toEqual(['invoke_agent root', 'plan', 'search tool', 'side call', 'embed', 'answer']);
    const b = spanTreeViewOf(sorted);
    expect(
      names(
        sorted,
        b.tableRow.map((_, i) => i)
      )
    ).toEqual(
      names(
        frame,
        a.tableRow.map((_, i) => i)
      )
    );
    expect(Array.from(b.parent)).toEqual(Array.from(a.parent));
    expect(Array.from(b.selfTimeMs)).toEqual(Array.from(a.selfTimeMs));
    expect(Array.from(b.critical)).toEqual(Array.from(a.critical));
  });

  it('breaks a cycle in an id-ordered frame, with a warning', () => {
    const frame = frameOf([{ id: 'p', name: 'p', durationMs: 10 }]);
    const rows = (id: string, parent: string, name: string, start: number) => ({ id, parent, name, start });
    const data = [rows('a', 'b', 'A', 1), rows('b', 'a', 'B', 2), rows('c', 'z', 'C', 0)];
    const cyclic: DataFrame = {
      fields: [
        { name: 'spanId', type: frame.fields[0].type, config: {}, values: data.map((d) => d.id) },
        { name: 'parentSpanId', type: frame.fields[0].type, config: {}, values: data.map((d) => d.parent) },
        { name: 'name', type: frame.fields[0].type, config: {}, values: data.map((d) => d.name) },
        { name: 'startTime', type: frame.fields[0].type, config: {}, values: data.map((d) => d.start) },
        { name: 'durationMs', type: frame.fields[0].type, config: {}, values: [5, 5, 5] },
      ],
      length: 3,
    };
    const v = spanTreeViewOf(cyclic);
    expect(names(cyclic, [0, 1, 2])).toEqual(['C', 'A', 'B']);
    expect(Array.from(v.depth)).toEqual([0, 0, 1]);
    expect(v.warnings.join(' ')).toMatch(/cycle/);
  });

  it('shows orphans under the synthetic root and keeps the tree warnings', () => {
    const frame = frameOf([
      { id: 'r', name: 'root', durationMs: 50 },
      { id: 'o', parent: 'missing', name: 'orphan', startMs: 5, durationMs: 10, attrs: chat(10, 1) },
      { id: 'k', parent: 'r', name: 'skewed', startMs: -3, durationMs: 10 },
    ]);
    const v = spanTreeViewOf(frame);
    expect(v.table.spanId[v.tableRow[0]]).toBe(SYNTHETIC_ROOT_ID);
    expect(v.synthetic[0]).toBe(1);
    expect(names(frame, [1, 2, 3])).toEqual(['root', 'skewed', 'orphan']);
    expect(Array.from(v.depth)).toEqual([0, 1, 2, 1]);
    expect(v.warnings.join(' ')).toMatch(/parent that is not in the trace/);
    // The skewed child starts 3 ms before everything else: offsets stay ≥ 0 and the path is still found.
    expect(v.startMs[2]).toBe(0);
    expect(v.startMs[1]).toBeCloseTo(3, 6);
    expect(v.critical[0]).toBe(1);
    expect(v.costShare[3]).toBeCloseTo(1, 12);
  });

  it('shows a span whose id repeats with other content as its own row', () => {
    const frame = frameOf([
      { id: 'r', name: 'root', durationMs: 50 },
      { id: 'a', parent: 'r', name: 'first', startMs: 1, durationMs: 5 },
      { id: 'a', parent: 'r', name: 'second', startMs: 2, durationMs: 5 },
    ]);
    const v = spanTreeViewOf(frame);
    expect(names(frame, [0, 1, 2])).toEqual(['root', 'first', 'second']);
    expect(Array.from(v.parent)).toEqual([-1, 0, 0]);
    expect(v.warnings.join(' ')).toMatch(/Duplicate span id/);
  });

  it('handles a 50,000-deep chain without recursion', () => {
    const n = 50_000;
    const specs: SpanSpec[] = Array.from({ length: n }, (_, i) => ({
      id: (i + 1).toString(16),
      parent: i ? i.toString(16) : undefined,
      startMs: i,
      durationMs: 2 * n - 2 * i,
    }));
    const v = spanTreeViewOf(frameOf(specs));
    expect(v.maxDepth).toBe(n - 1);
    expect(v.subtreeEnd[0]).toBe(n);
    expect(v.critical.reduce((a, b) => a + b, 0)).toBe(n);
    expect(visibleRows(v, toggleCollapsed(new Uint8Array(n), 1)).length).toBe(2);
  });

  it('rejects a frame that is not a span tree with a clear error', () => {
    const notTree: DataFrame = { fields: [{ name: 'x', type: 'number' as never, config: {}, values: [1] }], length: 1 };
    expect(() => readSpanTreeFrame(notTree)).toThrow(SpanTreeFrameError);
    expect(() => readSpanTreeFrame(notTree)).toThrow(/lacks spanId, name, durationMs, startTime/);
  });

  it('builds views for every instrumentation dialect fixture, with totals that match the trace', () => {
    const files = readdirSync(OTLP_FIXTURE_DIR).filter((f) => f.endsWith('.otlp.json'));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const f of files) {
      const payload = JSON.parse(readFileSync(path.join(OTLP_FIXTURE_DIR, f), 'utf8'));
      const trace = buildTraceFromPayload('fixture', payload, pipelineOptions());
      const frame = spanTreeFrame(trace);
      const v = buildSpanTreeView(readSpanTreeFrame(frame));
      expect(v.size).toBe(frame.length);
      expect(v.totalCostUsd).toBeCloseTo(trace.totals.costUsd, 12);
      const ownSum = v.costUsd.reduce((a, b) => a + b, 0);
      expect(ownSum).toBeCloseTo(trace.totals.costUsd, 12);
      expect(v.critical[0]).toBe(1);
      expect(v.traceDurationMs).toBeCloseTo(trace.endMs - trace.startMs, 6);
    }
  });
});

describe('visibleRows', () => {
  const frame = frameOf(AGENT);
  const v = spanTreeViewOf(frame);

  it('skips collapsed subtrees and shows them again when expanded', () => {
    const open = new Uint8Array(v.size);
    expect(Array.from(visibleRows(v, open))).toEqual([0, 1, 2, 3, 4, 5]);
    const b = toggleCollapsed(open, 2);
    expect(open[2]).toBe(0);
    expect(Array.from(visibleRows(v, b))).toEqual([0, 1, 2, 4, 5]);
    expect(Array.from(visibleRows(v, toggleCollapsed(b, 0)))).toEqual([0]);
    expect(Array.from(visibleRows(v, toggleCollapsed(toggleCollapsed(b, 0), 0)))).toEqual([0, 1, 2, 4, 5]);
  });

  it('starts with only the root level open when not expanding all', () => {
    expect(Array.from(visibleRows(v, initialCollapsed(v, false)))).toEqual([0, 1, 2, 4, 5]);
    expect(Array.from(visibleRows(v, initialCollapsed(v, true)))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('reveals a row by expanding its ancestors only', () => {
    const c = toggleCollapsed(toggleCollapsed(new Uint8Array(v.size), 0), 2);
    const r = revealRow(v, c, 3);
    expect(Array.from(r)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(revealRow(v, r, 3)).toBe(r);
  });
});

describe('filterSpans', () => {
  const frame = frameOf(AGENT);
  const v = spanTreeViewOf(frame);
  const shownNames = (quick: Parameters<typeof filterSpans>[1]['quick'], search = '') => {
    const f = filterSpans(v, { quick, search })!;
    return { shown: names(frame, visibleRows(v, new Uint8Array(v.size), f.shown)), matches: names(frame, f.matches) };
  };

  it('is inactive without a filter', () => {
    expect(filterSpans(v, { quick: 'all', search: '  ' })).toBeUndefined();
  });

  it('errors only: the failing span with its ancestors', () => {
    expect(shownNames('errors')).toEqual({ shown: ['invoke_agent root', 'answer'], matches: ['answer'] });
  });

  it('LLM calls only', () => {
    expect(shownNames('llm').matches).toEqual(['plan', 'side call', 'answer']);
  });

  it('most expensive: spans by own cost, largest first cut at TOP_SPANS', () => {
    expect(shownNames('expensive').matches).toEqual(['plan', 'side call', 'answer']);
    expect(topRows([3, 9, 1, 9, 0, 5], [0, 0, 0, 1, 0, 0], 2)).toEqual([1, 5]);
    expect(topRows([1, 2, 3, 4, 5], [0, 0, 0, 0, 0], 3)).toEqual([4, 3, 2]);
  });

  it('slowest: spans by self time', () => {
    // Self times: root 5, plan 5, search tool 50, embed 30, side call 18, answer 10 — all positive.
    const f = filterSpans(v, { quick: 'slowest', search: '' })!;
    expect(names(frame, topRows(v.selfTimeMs, v.synthetic, 3))).toEqual(['search tool', 'embed', 'side call']);
    expect(f.matches.length).toBe(6);
  });

  it('searches names and attribute keys and values, case-insensitively, combined with a quick filter', () => {
    expect(shownNames('all', 'WEB_search')).toEqual({
      shown: ['invoke_agent root', 'search tool'],
      matches: ['search tool'],
    });
    expect(shownNames('all', 'embed').matches).toEqual(['embed']);
    expect(shownNames('all', 'gpt-4o').matches).toEqual(['plan', 'side call', 'answer']);
    expect(shownNames('errors', 'gpt-4o').matches).toEqual(['answer']);
    expect(shownNames('all', 'no such text').shown).toEqual([]);
    // The text is literal: "." is no wildcard (it would match "web_search"), "[" is no syntax error.
    expect(shownNames('all', 'web.search').matches).toEqual([]);
    expect(shownNames('all', '[').matches).toEqual([]);
    expect(shownNames('all', 'gpt-4o-mini').matches).toEqual(['plan', 'side call', 'answer']);
  });
});
