import type { TraceSummary } from '../trace/traceSummary';
import type { TreeNode } from '../trace/spanTree';

/** Calls of one tool or model made inside an agent's runs. */
export interface CallStats {
  calls: number;
  errors: number;
}

export interface AgentVersionStats {
  version: string;
  runs: number;
  errors: number;
  firstSeenMs: number;
  lastSeenMs: number;
  /** Mean cost of the runs whose cost is known; `unknownCostRuns` are left out of it. */
  costPerRunUsd?: number;
  unknownCostRuns: number;
  latencyP50Ms?: number;
  latencyP90Ms?: number;
  /** Mean score per evaluation name, over the traces the runs are in. */
  quality: Record<string, number>;
}

export interface AgentEntry extends Omit<AgentVersionStats, 'version'> {
  name: string;
  /** Newest version (last seen) first. */
  versions: AgentVersionStats[];
  tools: Record<string, CallStats>;
  models: Record<string, CallStats>;
}

/** The unversioned agent runs' version label. */
export const NO_VERSION = '(no version)';

interface Run {
  agent: string;
  version: string;
  startMs: number;
  durationMs: number;
  error: boolean;
  costUsd?: number;
  scores: Record<string, number>;
}

/**
 * The agent catalog from trace summaries (the GenAI spans Tempo's searches return, as trees):
 * each `invoke_agent` run (an in-process continuation of a caller's run counts once) with its
 * version, latency, error, subtree cost; the tools and models called inside it, attributed to the
 * nearest agent above them. No request per agent.
 */
export function agentCatalog(summaries: TraceSummary[]): AgentEntry[] {
  const runs: Run[] = [];
  const tools = new Map<string, Map<string, CallStats>>();
  const models = new Map<string, Map<string, CallStats>>();
  const bump = (m: Map<string, Map<string, CallStats>>, agent: string, key: string, error: boolean) => {
    const byKey = m.get(agent) ?? new Map<string, CallStats>();
    m.set(agent, byKey);
    const s = byKey.get(key) ?? { calls: 0, errors: 0 };
    byKey.set(key, s);
    s.calls++;
    s.errors += error ? 1 : 0;
  };
  for (const summary of summaries) {
    const nodes = summary.tree?.nodes ?? [];
    const scores = Object.fromEntries(
      Object.entries(summary.scores)
        .filter(([, s]) => s.count > 0 && Number.isFinite(s.mean))
        .map(([n, s]) => [n, s.mean])
    );
    const agentOf = (i: number): string | undefined => {
      for (let p = nodes[i].parent; p >= 0; p = nodes[p].parent) {
        if (nodes[p].span.kind === 'agent' && nodes[p].span.agentName) {
          return nodes[p].span.agentName;
        }
      }
      return undefined;
    };
    nodes.forEach((n: TreeNode, i) => {
      if (n.synthetic) {
        return;
      }
      const s = n.span;
      if (s.kind === 'agent' && s.agentName && !n.continuesAgentRun) {
        runs.push({
          agent: s.agentName,
          version: s.version ?? NO_VERSION,
          startMs: s.startMs,
          durationMs: s.durationMs,
          error: Boolean(s.error) || n.subtree.errorCount > 0,
          costUsd: n.subtree.unknownCostSpans > 0 ? undefined : n.subtree.costUsd,
          scores,
        });
        return;
      }
      const agent = agentOf(i);
      if (!agent) {
        return;
      }
      if (s.kind === 'tool') {
        bump(tools, agent, s.toolName ?? s.name, Boolean(s.error));
      } else if (s.kind === 'llm' || s.kind === 'embedding') {
        bump(models, agent, s.responseModel ?? s.requestModel ?? '(unknown model)', Boolean(s.error));
      }
    });
  }
  const byAgent = new Map<string, Run[]>();
  for (const r of runs) {
    byAgent.set(r.agent, [...(byAgent.get(r.agent) ?? []), r]);
  }
  return [...byAgent]
    .map(([name, rs]) => {
      const byVersion = new Map<string, Run[]>();
      for (const r of rs) {
        byVersion.set(r.version, [...(byVersion.get(r.version) ?? []), r]);
      }
      const versions = [...byVersion]
        .map(([version, vr]) => ({ version, ...stats(vr) }))
        .sort((a, b) => b.lastSeenMs - a.lastSeenMs);
      return {
        name,
        ...stats(rs),
        versions,
        tools: Object.fromEntries(tools.get(name) ?? []),
        models: Object.fromEntries(models.get(name) ?? []),
      };
    })
    .sort((a, b) => b.runs - a.runs || a.name.localeCompare(b.name));
}

function stats(rs: Run[]): Omit<AgentVersionStats, 'version'> {
  const known = rs.filter((r) => r.costUsd !== undefined);
  const durations = rs.map((r) => r.durationMs).sort((a, b) => a - b);
  const quality: Record<string, { sum: number; n: number }> = {};
  for (const r of rs) {
    for (const [name, v] of Object.entries(r.scores)) {
      const q = (quality[name] ??= { sum: 0, n: 0 });
      q.sum += v;
      q.n++;
    }
  }
  return {
    runs: rs.length,
    errors: rs.filter((r) => r.error).length,
    firstSeenMs: Math.min(...rs.map((r) => r.startMs)),
    lastSeenMs: Math.max(...rs.map((r) => r.startMs)),
    costPerRunUsd: known.length ? known.reduce((s, r) => s + r.costUsd!, 0) / known.length : undefined,
    unknownCostRuns: rs.length - known.length,
    latencyP50Ms: quantile(durations, 0.5),
    latencyP90Ms: quantile(durations, 0.9),
    quality: Object.fromEntries(Object.entries(quality).map(([n, q]) => [n, q.sum / q.n])),
  };
}

/** Nearest-rank quantile of sorted values (what a reader can check by counting). */
function quantile(sorted: number[], q: number): number | undefined {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : undefined;
}
