// The agent graph: who calls whom in GenAI traces. Nodes are agents, tools and models; an edge is
// a call from the nearest enclosing agent (or the application, for calls outside any agent) with
// its count, error rate, p90 latency and cost. Pure; built from span trees, so it is exact for the
// traces it is given and says how many those are.
import type { SpanTree } from '../trace/spanTree';

export type GraphNodeKind = 'entry' | 'agent' | 'tool' | 'model';

export interface CallStats {
  calls: number;
  errors: number;
  /** Every call's duration (ms), for exact quantiles. */
  durationsMs: number[];
  /** Known cost in USD of the calls (for agents: their whole runs). */
  costUsd: number;
  /** Calls whose cost is unknown or only partly known: the cost is then a lower bound. */
  unknownCostCalls: number;
}

export interface GraphNode extends CallStats {
  id: string;
  kind: GraphNodeKind;
  name: string;
}

export interface GraphEdge extends CallStats {
  id: string;
  source: string;
  target: string;
}

export interface AgentGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  traces: number;
}

/** The application that starts agents or calls models outside any agent. */
export const ENTRY_NODE_ID = 'entry';

function stats(): CallStats {
  return { calls: 0, errors: 0, durationsMs: [], costUsd: 0, unknownCostCalls: 0 };
}

function add(into: CallStats, c: { error: boolean; durationMs: number; costUsd?: number; unknown: boolean }) {
  into.calls++;
  into.errors += c.error ? 1 : 0;
  if (Number.isFinite(c.durationMs)) {
    into.durationsMs.push(c.durationMs);
  }
  into.costUsd += c.costUsd ?? 0;
  into.unknownCostCalls += c.unknown ? 1 : 0;
}

/** Linear-interpolated quantile of the values (NaN for none), as Prometheus and Tempo estimate. */
export function quantile(values: number[], q: number): number {
  if (!values.length) {
    return NaN;
  }
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
}

export function agentGraph(trees: SpanTree[]): AgentGraph {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const nodeOf = (id: string, kind: GraphNodeKind, name: string) =>
    nodes.get(id) ?? nodes.set(id, { id, kind, name, ...stats() }).get(id)!;
  nodeOf(ENTRY_NODE_ID, 'entry', 'application');
  for (const tree of trees) {
    // Per span: the graph node of its nearest enclosing agent (the span itself when it is one).
    const agentAt: string[] = new Array(tree.nodes.length);
    // A model span wrapping another model span (one call seen by two instrumentations) is the
    // same call: only the innermost counts. Pre-order, so children come after their parent.
    const wrapsModelCall = new Uint8Array(tree.nodes.length);
    for (let i = tree.nodes.length - 1; i >= 0; i--) {
      const n = tree.nodes[i];
      const isModel = n.span.kind === 'llm' || n.span.kind === 'embedding';
      if (n.parent >= 0 && (isModel || wrapsModelCall[i])) {
        wrapsModelCall[n.parent] = 1;
      }
    }
    tree.nodes.forEach((n, i) => {
      const s = n.span;
      const caller = n.parent >= 0 ? agentAt[n.parent] : ENTRY_NODE_ID;
      let target: GraphNode | undefined;
      let cost: { costUsd?: number; unknown: boolean } = { unknown: false };
      if (s.kind === 'agent') {
        const name = s.agentName || s.name;
        target = nodeOf(`agent:${name}`, 'agent', name);
        agentAt[i] = target.id;
        // The in-process side of the caller's invoke_agent span is the same call, counted once.
        if (n.continuesAgentRun || caller === target.id) {
          return;
        }
        cost = { costUsd: n.subtree.costUsd, unknown: n.subtree.unknownCostSpans > 0 };
      } else {
        agentAt[i] = caller;
        if (n.synthetic) {
          return;
        }
        if (s.kind === 'tool') {
          const name = s.toolName || s.name;
          target = nodeOf(`tool:${name}`, 'tool', name);
          cost = { costUsd: n.subtree.costUsd, unknown: n.subtree.unknownCostSpans > 0 };
        } else if ((s.kind === 'llm' || s.kind === 'embedding') && !wrapsModelCall[i]) {
          const model = s.responseModel || s.requestModel || 'unknown model';
          target = nodeOf(`model:${model}`, 'model', model);
          cost = { costUsd: n.cost.usd, unknown: n.countsUnknownCost && n.cost.unknownReason !== undefined };
        }
      }
      if (!target) {
        return; // workflows, retrievals and other spans are passed through to their children
      }
      const call = { error: Boolean(s.error), durationMs: s.durationMs, ...cost };
      add(target, call);
      const id = `${caller}->${target.id}`;
      add(edges.get(id) ?? edges.set(id, { id, source: caller, target: target.id, ...stats() }).get(id)!, call);
    });
  }
  // The application node only when something was called from outside an agent; it calls, it is
  // not called, so its stats are those of the calls it makes.
  const fromEntry = [...edges.values()].filter((e) => e.source === ENTRY_NODE_ID);
  const entry = nodes.get(ENTRY_NODE_ID)!;
  for (const e of fromEntry) {
    entry.calls += e.calls;
    entry.errors += e.errors;
    entry.costUsd += e.costUsd;
    entry.unknownCostCalls += e.unknownCostCalls;
    for (const d of e.durationsMs) {
      entry.durationsMs.push(d); // no spread: an edge can hold more calls than arguments fit
    }
  }
  if (!fromEntry.length) {
    nodes.delete(ENTRY_NODE_ID);
  }
  return {
    nodes: [...nodes.values()].sort((a, b) => a.id.localeCompare(b.id)),
    edges: [...edges.values()].sort((a, b) => a.id.localeCompare(b.id)),
    traces: trees.length,
  };
}
