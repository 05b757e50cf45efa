/** @jest-environment node */
import { readFileSync } from 'node:fs';
import { NodeGraphDataFrameFieldNames } from '@grafana/data';
import path from 'node:path';
import { contractContext } from '../../../tests/helpers/contractScenarios';
import { replayTransport, type RecordingFile } from '../../../tests/helpers/recordedTransport';
import { TempoClient } from '../tempo/tempoClient';
import { buildTraceFromPayload } from '../trace/loadTrace';
import { agentGraphQueryFrames } from '../queries/traceQueries';
import { agentGraph, ENTRY_NODE_ID, quantile } from './agentGraph';
import { agentGraphFrames } from '../frames/agentGraphFrames';
import { chatAttrs, invokeAgentAttrs, otlpTrace, type SpanSpec } from '../../../tests/helpers/otlpBuilders';
import { pipelineOptions } from '../../../tests/helpers/pipeline';

const FIXTURES = path.resolve(__dirname, '../../../fixtures');
const demoRecordings: RecordingFile = JSON.parse(
  readFileSync(path.join(FIXTURES, 'tempo/demo-traces.recordings.json'), 'utf8')
);
const demoPayload = JSON.parse(readFileSync(path.join(FIXTURES, 'otlp/demo-2026.traces.json'), 'utf8'));

const col = (frame: { fields: Array<{ name: string; values: unknown[] }> }, name: string) =>
  frame.fields.find((f) => f.name === name)!.values;
const rows = (frame: { fields: Array<{ name: string; values: unknown[] }>; length?: number }, names: string[]) =>
  Array.from({ length: col(frame, names[0]).length }, (_, i) => names.map((n) => col(frame, n)[i]));

describe('agentGraph on the demo agent app’s traces', () => {
  const ctx = contractContext(new TempoClient(replayTransport(demoRecordings)));
  const full = buildTraceFromPayload('demo', demoPayload, ctx);
  const expected = agentGraph([full]);

  it('finds the demo’s agents, tools and models, with calls from the agents that make them', () => {
    const kinds = new Set(expected.nodes.map((n) => n.kind));
    expect(kinds).toEqual(new Set(['agent', 'tool', 'model', 'entry']));
    // Every model and tool call is counted once: as many as the trace has such spans, wrappers aside.
    const llmSpans = full.nodes.filter((n) => n.span.kind === 'llm' || n.span.kind === 'embedding').length;
    const modelCalls = expected.nodes.filter((n) => n.kind === 'model').reduce((a, n) => a + n.calls, 0);
    expect(modelCalls).toBeGreaterThan(0);
    expect(modelCalls).toBeLessThanOrEqual(llmSpans);
    const toolSpans = full.nodes.filter((n) => n.span.kind === 'tool').length;
    expect(expected.nodes.filter((n) => n.kind === 'tool').reduce((a, n) => a + n.calls, 0)).toBe(toolSpans);
    // Agent runs as the span tree counts them (an invoke_agent call and its in-process side once).
    expect(expected.nodes.filter((n) => n.kind === 'agent').reduce((a, n) => a + n.calls, 0)).toBe(
      full.totals.agentRuns
    );
    // Edge counts add up to node counts (every call has exactly one caller).
    for (const n of expected.nodes.filter((x) => x.id !== ENTRY_NODE_ID)) {
      const incoming = expected.edges.filter((e) => e.target === n.id);
      expect([n.id, incoming.reduce((a, e) => a + e.calls, 0)]).toEqual([n.id, n.calls]);
      expect([n.id, incoming.reduce((a, e) => a + e.errors, 0)]).toEqual([n.id, n.errors]);
    }
    // Tools are called by agents, not by the application.
    expect(expected.edges.filter((e) => e.target.startsWith('tool:')).every((e) => e.source.startsWith('agent:'))).toBe(
      true
    );
  });

  it('gives the same graph from the replayed Tempo search of the range (GenAI spans only), stating the sample', async () => {
    const [nodes, edges] = await agentGraphQueryFrames(ctx, { filters: { services: ['genai-demo-agent'] } }, 'G');
    expect(nodes.name).toBe('nodes');
    expect(edges.name).toBe('edges');
    expect(nodes.meta?.preferredVisualisationType).toBe('nodeGraph');
    // Only field names Grafana's Node Graph panel reads (its own enum in @grafana/data).
    const known = new Set<string>(Object.values(NodeGraphDataFrameFieldNames));
    for (const f of [...nodes.fields, ...edges.fields]) {
      expect([f.name, known.has(f.name) || /^(arc|detail)__\w+$/.test(f.name)]).toEqual([f.name, true]);
    }
    expect(nodes.meta?.notices?.[0].text).toMatch(/traces shown of \d+ matching/);
    const got = rows(edges, ['id', 'mainstat']);
    const want = expected.edges.map((e) => [e.id, e.calls]);
    expect(got).toEqual(want);
    const errs = rows(edges, ['id', 'detail__errorRate']);
    expect(errs).toEqual(expected.edges.map((e) => [e.id, e.errors / e.calls]));
    // Durations: Tempo's search gives nanoseconds, the OTLP file start and end times (µs apart).
    const p90 = rows(edges, ['id', 'secondarystat']);
    expected.edges.forEach((e, i) => {
      expect(p90[i][0]).toBe(e.id);
      expect(Math.abs((p90[i][1] as number) - quantile(e.durationsMs, 0.9))).toBeLessThan(0.01);
    });
    // Cost: a number only where every call is priced; otherwise empty, and the status says why.
    const cost = rows(edges, ['id', 'detail__cost', 'detail__costStatus']);
    expected.edges.forEach((e, i) => {
      if (e.unknownCostCalls) {
        expect(cost[i][1]).toBeNull();
        expect(cost[i][2]).toMatch(new RegExp(`^unknown: ${e.unknownCostCalls} of ${e.calls} calls unpriced`));
      } else {
        expect(cost[i][1]).toBeCloseTo(e.costUsd, 12);
        expect(cost[i][2]).toBe('complete');
      }
    });
    expect(rows(nodes, ['id', 'mainstat'])).toEqual(expected.nodes.map((n) => [n.id, n.calls]));
  });

  it('gives one trace’s graph from trace by id', async () => {
    const traceId = full.nodes.find((n) => n.span.kind === 'tool')!.span.traceId;
    const one = buildTraceFromPayload(traceId, demoPayload, ctx);
    const spansOfTrace = { ...one, nodes: one.nodes.filter((n) => n.span.traceId === traceId || n.synthetic) };
    const g = agentGraph([spansOfTrace]);
    expect(g.traces).toBe(1);
    expect(g.edges.reduce((a, e) => a + e.calls, 0)).toBeGreaterThan(0);
    expect(g.edges.reduce((a, e) => a + e.calls, 0)).toBeLessThan(expected.edges.reduce((a, e) => a + e.calls, 0));
  });
});

describe('quantile', () => {
  it('interpolates linearly between order statistics', () => {
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 12);
    expect(quantile([5], 0.9)).toBe(5);
    expect(quantile([], 0.9)).toBeNaN();
  });
});

describe('agentGraph on every recorded instrumentation (fixtures/otlp)', () => {
  const ctx = contractContext(new TempoClient(replayTransport(demoRecordings)));
  const files = ['semconv', 'semconv-deprecated', 'openllmetry', 'openinference', 'openlit', 'langfuse', 'agento11y'];
  it.each(files)('%s: one call per agent run, tool span and model call, each with one caller', (name) => {
    const payload = JSON.parse(readFileSync(path.join(FIXTURES, `otlp/${name}.otlp.json`), 'utf8'));
    const trace = buildTraceFromPayload(name, payload, ctx);
    const g = agentGraph([trace]);
    const calls = (kind: string) => g.nodes.filter((n) => n.kind === kind).reduce((a, n) => a + n.calls, 0);
    expect(calls('agent')).toBe(trace.totals.agentRuns);
    expect(calls('tool')).toBe(trace.nodes.filter((n) => n.span.kind === 'tool').length);
    // Model calls: the innermost model span of each call (instrumentations that wrap one call in two
    // spans count it once), so never more than the llm calls the tree counts with usage or errors.
    expect(calls('model')).toBeGreaterThan(0);
    for (const n of g.nodes.filter((x) => x.id !== ENTRY_NODE_ID)) {
      expect([n.id, g.edges.filter((e) => e.target === n.id).reduce((a, e) => a + e.calls, 0)]).toEqual([
        n.id,
        n.calls,
      ]);
    }
  });
});

describe('agentGraph: edges exactly', () => {
  const TRACE = 'ef'.repeat(16);
  const agent = invokeAgentAttrs;
  const chat = (model: string) => chatAttrs(model, 100, 10);
  const specs: SpanSpec[] = [
    { id: '1', name: 'invoke_agent orchestrator', durationMs: 100, attrs: agent('orchestrator') },
    // A remote call of `research`: the CLIENT span here, the agent's own INTERNAL span behind HTTP.
    {
      id: '2',
      parent: '1',
      name: 'invoke_agent research',
      otelKind: 3,
      startMs: 5,
      durationMs: 60,
      attrs: agent('research'),
    },
    { id: '3', parent: '2', name: 'POST /agents/research', otelKind: 3, startMs: 6, durationMs: 58 },
    { id: '4', parent: '3', name: 'invoke_agent research', startMs: 8, durationMs: 54, attrs: agent('research') },
    { id: '5', parent: '4', name: 'chat gpt-4o-mini', startMs: 10, durationMs: 20, attrs: chat('gpt-4o-mini') },
    {
      id: '6',
      parent: '4',
      name: 'execute_tool search',
      startMs: 31,
      durationMs: 4,
      error: true,
      attrs: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'search' },
    },
    {
      id: '7',
      parent: '4',
      name: 'execute_tool search',
      startMs: 36,
      durationMs: 8,
      attrs: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'search' },
    },
    // One model call seen by two instrumentations: a wrapper span and the client span inside it.
    { id: '8', parent: '1', name: 'llm', startMs: 70, durationMs: 12, attrs: chat('gpt-4o') },
    { id: '9', parent: '8', name: 'chat gpt-4o', startMs: 71, durationMs: 10, attrs: chat('gpt-4o') },
  ];
  const outside: SpanSpec[] = [{ id: 'a', name: 'chat titler', durationMs: 5, attrs: chat('acme-unknown-model-1') }];

  it('one edge per caller and callee with counts, errors, p90 and cost; unknown prices make the cost unknown', () => {
    const o = pipelineOptions();
    const t1 = buildTraceFromPayload(TRACE, otlpTrace(specs, undefined, TRACE), o);
    const t2 = buildTraceFromPayload('ab'.repeat(16), otlpTrace(outside), o);
    const g = agentGraph([t1, t2]);
    expect(g.traces).toBe(2);
    expect(g.edges.map((e) => [e.id, e.calls, e.errors, quantile(e.durationsMs, 0.9)])).toEqual([
      ['agent:orchestrator->agent:research', 1, 0, 60],
      ['agent:orchestrator->model:gpt-4o', 1, 0, 10],
      ['agent:research->model:gpt-4o-mini', 1, 0, 20],
      ['agent:research->tool:search', 2, 1, expect.closeTo(7.6, 9)],
      ['entry->agent:orchestrator', 1, 0, 100],
      ['entry->model:acme-unknown-model-1', 1, 0, 5],
    ]);
    const edge = (id: string) => g.edges.find((e) => e.id === id)!;
    const gpt4oMini = t1.nodes.find((n) => n.span.spanId.endsWith('5'))!.cost.usd!;
    expect(gpt4oMini).toBeGreaterThan(0);
    expect(edge('agent:research->model:gpt-4o-mini').costUsd).toBeCloseTo(gpt4oMini, 15);
    // The research run costs what its model call did; the orchestrator's run includes everything.
    expect(edge('agent:orchestrator->agent:research').costUsd).toBeCloseTo(gpt4oMini, 15);
    expect(edge('entry->agent:orchestrator').costUsd).toBeCloseTo(t1.totals.costUsd, 15);
    expect(edge('entry->model:acme-unknown-model-1').unknownCostCalls).toBe(1);
    const [, edges] = agentGraphFrames(g, 'G');
    const i = col(edges, 'id').indexOf('entry->model:acme-unknown-model-1');
    expect(col(edges, 'detail__cost')[i]).toBeNull();
    expect(col(edges, 'detail__costStatus')[i]).toBe('unknown: 1 of 1 calls unpriced (known part $0.000)');
  });
});
