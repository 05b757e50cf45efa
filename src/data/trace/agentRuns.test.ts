/** @jest-environment node */
import {
  chatAttrs,
  invokeAgentAttrs,
  kvs,
  otlpSpan,
  otlpTrace,
  T0_MS,
  type SpanSpec,
} from '../../../tests/helpers/otlpBuilders';
import { pipelineOptions } from '../../../tests/helpers/pipeline';
import type { TempoTraceSearchResult } from '../tempo/searchTypes';
import { buildTraceFromPayload } from './loadTrace';
import { summarizeSearchResult } from './traceSummary';

// 2026 conventions: a remote agent call is a CLIENT `invoke_agent` span in the caller; the agent
// itself records an INTERNAL `invoke_agent` span (usually below the HTTP client/server spans).
const CLIENT = 3;
const SERVER = 2;
const TRACE_ID = 'cd'.repeat(16);
const agent = invokeAgentAttrs;
const chat = (input: number, output: number) => chatAttrs('gpt-4o-mini', input, output);

/** orchestrator → remote call to `research` over HTTP → research's own span with one model call. */
const REMOTE_CALL: SpanSpec[] = [
  { id: '1', name: 'invoke_agent orchestrator', durationMs: 100, attrs: agent('orchestrator') },
  {
    id: '2',
    parent: '1',
    name: 'invoke_agent research',
    otelKind: CLIENT,
    startMs: 5,
    durationMs: 60,
    attrs: agent('research'),
  },
  {
    id: '3',
    parent: '2',
    name: 'POST /agents/research',
    otelKind: CLIENT,
    startMs: 6,
    durationMs: 58,
    attrs: { 'http.request.method': 'POST' },
  },
  {
    id: '4',
    parent: '3',
    name: 'POST /agents/research',
    otelKind: SERVER,
    startMs: 7,
    durationMs: 56,
    attrs: { 'http.route': '/agents/research' },
  },
  { id: '5', parent: '4', name: 'invoke_agent research', startMs: 8, durationMs: 54, attrs: agent('research') },
  { id: '6', parent: '5', name: 'chat gpt-4o-mini', startMs: 10, durationMs: 20, attrs: chat(100, 10) },
];

function tree(specs: SpanSpec[]) {
  return buildTraceFromPayload(TRACE_ID, otlpTrace(specs), pipelineOptions());
}

/** The search hit Tempo returns for these spans: GenAI spans only, no span kind, selected attributes. */
function searchHit(specs: SpanSpec[]): TempoTraceSearchResult {
  const genai = specs.filter((s) => Object.keys(s.attrs ?? {}).some((k) => k.startsWith('gen_ai.')));
  return {
    traceID: TRACE_ID,
    rootServiceName: 'test-svc',
    rootTraceName: specs[0].name,
    startTimeUnixNano: String(BigInt(T0_MS) * BigInt(1e6)),
    durationMs: 100,
    spanSets: [
      {
        matched: genai.length,
        spans: genai.map((s) => {
          const o = otlpSpan(TRACE_ID, s);
          const start = String(o.startTimeUnixNano);
          return {
            spanID: String(o.spanId),
            name: o.name,
            startTimeUnixNano: start,
            durationNanos: String(BigInt(String(o.endTimeUnixNano)) - BigInt(start)),
            attributes: [...kvs(s.attrs ?? {}), ...kvs(s.parent ? { 'span:parentID': String(o.parentSpanId) } : {})],
          };
        }),
      },
    ],
  };
}

function summary(specs: SpanSpec[]) {
  const o = pipelineOptions();
  return summarizeSearchResult(searchHit(specs), { normalize: o.normalize, cost: o.cost, prices: o.prices });
}

describe('agent runs: a CLIENT invoke_agent and the INTERNAL span of the same agent are one run', () => {
  it('counts the remote call once in the trace, across the HTTP spans between the two', () => {
    const t = tree(REMOTE_CALL);
    expect(t.nodes.map((n) => [n.span.name, n.span.otelKind])).toEqual([
      ['invoke_agent orchestrator', 'internal'],
      ['invoke_agent research', 'client'],
      ['POST /agents/research', 'client'],
      ['POST /agents/research', 'server'],
      ['invoke_agent research', 'internal'],
      ['chat gpt-4o-mini', 'internal'],
    ]);
    expect(t.totals.agentRuns).toBe(2);
    expect(t.nodes.map((n) => n.continuesAgentRun)).toEqual([false, false, false, false, true, false]);
    // Sub-totals agree: the remote call's subtree holds one run of `research`.
    expect(t.nodes[1].subtree.agentRuns).toBe(1);
    expect(t.nodes[4].subtree.agentRuns).toBe(0);
    expect([t.totals.llmCalls, t.totals.inputTokens]).toEqual([1, 100]);
  });

  it('counts the same once in a search summary, where the HTTP spans and span kinds are missing', () => {
    const s = summary(REMOTE_CALL);
    expect(s.spansReturned).toBe(4);
    expect(s.totals.agentRuns).toBe(tree(REMOTE_CALL).totals.agentRuns);
    expect(s.agents).toEqual(['orchestrator', 'research']);
  });

  it('counts a direct CLIENT → INTERNAL pair once', () => {
    const t = tree([
      { id: '1', name: 'invoke_agent research', otelKind: CLIENT, durationMs: 50, attrs: agent('research') },
      { id: '2', parent: '1', name: 'invoke_agent research', startMs: 1, durationMs: 40, attrs: agent('research') },
    ]);
    expect(t.totals.agentRuns).toBe(1);
  });

  it('two remote calls of the same agent are two runs', () => {
    const second = REMOTE_CALL.slice(1).map((s) => ({
      ...s,
      id: `${s.id}b`,
      parent: s.parent === '1' ? '1' : `${s.parent}b`,
      startMs: (s.startMs ?? 0) + 30,
      durationMs: Math.min(s.durationMs ?? 10, 60),
    }));
    const specs = [REMOTE_CALL[0], ...REMOTE_CALL.slice(1), ...second];
    expect(tree(specs).totals.agentRuns).toBe(3);
    expect(summary(specs).totals.agentRuns).toBe(3);
  });

  it('keeps separate runs separate: other agents, INTERNAL parents, create_agent', () => {
    const t = tree([
      { id: '1', name: 'invoke_agent planner', durationMs: 100, attrs: agent('planner') },
      // An in-process sub-agent of another name: its own run.
      { id: '2', parent: '1', name: 'invoke_agent writer', startMs: 1, durationMs: 40, attrs: agent('writer') },
      // A remote call to `critic` answered by an agent that calls itself `reviewer`: two runs.
      {
        id: '3',
        parent: '1',
        name: 'invoke_agent critic',
        otelKind: CLIENT,
        startMs: 50,
        durationMs: 40,
        attrs: agent('critic'),
      },
      { id: '4', parent: '3', name: 'invoke_agent reviewer', startMs: 51, durationMs: 30, attrs: agent('reviewer') },
      // An INTERNAL parent of the same name is a nested run (recursion), not the far side of a call.
      { id: '5', parent: '2', name: 'invoke_agent writer', startMs: 2, durationMs: 10, attrs: agent('writer') },
      {
        id: '6',
        parent: '1',
        name: 'create_agent writer',
        startMs: 95,
        durationMs: 1,
        attrs: { 'gen_ai.operation.name': 'create_agent', 'gen_ai.agent.name': 'writer' },
      },
    ]);
    expect(t.totals.agentRuns).toBe(5);
    expect(t.nodes.every((n) => !n.continuesAgentRun)).toBe(true);
  });

  it('a caller span with GenAI children of its own does not absorb an orphan of the same agent', () => {
    // Two overlapping in-process runs of `research` under a parent missing from the result.
    const specs: SpanSpec[] = [
      { id: '1', parent: 'f0', name: 'invoke_agent research', durationMs: 50, attrs: agent('research') },
      { id: '2', parent: '1', name: 'chat gpt-4o-mini', startMs: 1, durationMs: 5, attrs: chat(10, 1) },
      { id: '3', parent: 'f1', name: 'invoke_agent research', startMs: 10, durationMs: 20, attrs: agent('research') },
      { id: '4', parent: '3', name: 'chat gpt-4o-mini', startMs: 11, durationMs: 5, attrs: chat(10, 1) },
    ];
    expect(summary(specs).totals.agentRuns).toBe(2);
    expect(tree(specs).totals.agentRuns).toBe(2);
  });

  it('pairs orphan runs with childless callers one to one: parallel runs are not folded into one caller', () => {
    // One remote call of `research` (childless in the search result) and two orphan runs whose
    // starts both fall inside it: one continues the call, the other is a run of its own.
    const specs: SpanSpec[] = [
      { id: '1', name: 'invoke_agent research', otelKind: CLIENT, durationMs: 100, attrs: agent('research') },
      { id: '2', parent: 'f0', name: 'invoke_agent research', startMs: 5, durationMs: 40, attrs: agent('research') },
      { id: '3', parent: '2', name: 'chat gpt-4o-mini', startMs: 6, durationMs: 5, attrs: chat(10, 1) },
      { id: '4', parent: 'f1', name: 'invoke_agent research', startMs: 20, durationMs: 40, attrs: agent('research') },
      { id: '5', parent: '4', name: 'chat gpt-4o-mini', startMs: 21, durationMs: 5, attrs: chat(10, 1) },
    ];
    expect(summary(specs).totals.agentRuns).toBe(2);
  });
});
