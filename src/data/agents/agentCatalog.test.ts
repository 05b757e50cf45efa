/** @jest-environment node */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { summarizeSearchResult, type TraceSummary } from '../trace/traceSummary';
import { decodeKeyValues } from '../otlp/anyValue';
import { pipelineOptions } from '../../../tests/helpers/pipeline';
import type { RecordingFile } from '../../../tests/helpers/recordedTransport';
import { agentCatalog } from './agentCatalog';

// The demo agent app's traces as a real Tempo returned them to the data source's search.
const demo: RecordingFile = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../../fixtures/tempo/demo-traces.recordings.json'), 'utf8')
);
const raw = new Map<string, Parameters<typeof summarizeSearchResult>[0]>();
for (const e of demo.exchanges.filter((x) => x.path === '/api/search' && x.status === 200)) {
  for (const t of JSON.parse(e.body).traces ?? []) {
    raw.set(t.traceID, t);
  }
}
const summaries: TraceSummary[] = [...raw.values()].map((t) => summarizeSearchResult(t, pipelineOptions()));

/**
 * From the raw search answer, independently of the tree: invoke_agent spans per agent; and the
 * versions of the traces each agent ran in (the demo's version is its service.version).
 */
function rawRuns() {
  const runs: Record<string, number> = {};
  const versions: Record<string, Set<string>> = {};
  for (const s of summaries) {
    s.agents.forEach((a) => (versions[a] ??= new Set()).add(String(s.version)));
  }
  for (const t of raw.values()) {
    for (const set of t.spanSets ?? []) {
      for (const s of set.spans ?? []) {
        const a = decodeKeyValues(s.attributes);
        if (a['gen_ai.operation.name'] === 'invoke_agent') {
          const name = String(a['gen_ai.agent.name']);
          runs[name] = (runs[name] ?? 0) + 1;
        }
      }
    }
  }
  return { runs, versions };
}

describe('agentCatalog on the demo’s traces', () => {
  const catalog = agentCatalog(summaries);
  const { runs, versions } = rawRuns();

  it('lists every agent with its runs and versions as the spans say, busiest first', () => {
    expect(Object.fromEntries(catalog.map((a) => [a.name, a.runs]))).toEqual(runs);
    for (const a of catalog) {
      expect(new Set(a.versions.map((v) => v.version))).toEqual(versions[a.name]);
      expect(a.versions.reduce((n, v) => n + v.runs, 0)).toBe(a.runs);
      expect(a.versions.reduce((n, v) => n + v.errors, 0)).toBe(a.errors);
      expect(a.latencyP50Ms!).toBeLessThanOrEqual(a.latencyP90Ms!);
    }
    expect(catalog.map((a) => a.runs)).toEqual([...catalog.map((a) => a.runs)].sort((x, y) => y - x));
  });

  it('attributes tools and models to the agent that called them (the demo’s research and analysis tools)', () => {
    const by = Object.fromEntries(catalog.map((a) => [a.name, a]));
    expect(Object.keys(by.research.tools).sort()).toEqual(['fetch_page', 'web_search']);
    expect(Object.keys(by.analysis.tools).sort()).toEqual(['calculator', 'sql_query']);
    expect(Object.keys(by.orchestrator.tools)).toEqual([]);
    expect(Object.keys(by.review.models)).toEqual(['gpt-4o']);
  });
});

describe('agentCatalog rules', () => {
  const node = (over: Record<string, unknown>) => over;
  function summaryWith(nodes: Array<Record<string, unknown>>): TraceSummary {
    return {
      traceId: 't',
      startMs: 0,
      durationMs: 1,
      rootName: '',
      rootService: '',
      models: [],
      providers: [],
      agents: [],
      totals: {} as TraceSummary['totals'],
      hasError: false,
      scores: { judge: { mean: 0.5, count: 2, labels: [], labelCounts: {} } },
      spansMatched: 1,
      spansReturned: 1,
      unknownCostReasons: [],
      tree: { nodes, totals: {}, startMs: 0, endMs: 1, warnings: [] } as unknown as TraceSummary['tree'],
    };
  }
  const agent = (name: string, version: string | undefined, durationMs: number, extra: Record<string, unknown> = {}) =>
    node({
      span: { kind: 'agent', agentName: name, version, startMs: 0, durationMs },
      parent: -1,
      subtree: { errorCount: 0, unknownCostSpans: 0, costUsd: 0.01 },
      continuesAgentRun: false,
      synthetic: false,
      ...extra,
    });

  it('counts a caller’s run and its in-process continuation once, leaves unknown cost out of the mean, says no version', () => {
    const [a] = agentCatalog([
      summaryWith([
        agent('a', 'v1', 100),
        agent('a', 'v1', 90, { parent: 0, continuesAgentRun: true }),
        agent('a', undefined, 300, { subtree: { errorCount: 1, unknownCostSpans: 1, costUsd: 0.02 } }),
        node({
          span: { kind: 'tool', toolName: 'search', name: 'execute_tool search', error: { type: 'x' } },
          parent: 1,
          synthetic: false,
        }),
      ]),
    ]);
    expect(a).toMatchObject({
      name: 'a',
      runs: 2,
      errors: 1,
      costPerRunUsd: 0.01,
      unknownCostRuns: 1,
      quality: { judge: 0.5 },
    });
    expect(a.versions.map((v) => v.version).sort()).toEqual(['(no version)', 'v1']);
    expect(a.tools).toEqual({ search: { calls: 1, errors: 1 } });
    expect([a.latencyP50Ms, a.latencyP90Ms]).toEqual([100, 300]);
  });
});
