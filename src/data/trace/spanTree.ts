import { hasTokenUsage, type SpanCost } from '../cost/spanCost';
import { SpanContent } from '../genai/messages';
import type { GenAiSpan } from '../genai/model';
import { addTotals, emptyTotals, type UsageTotals } from './totals';

export interface TreeNode {
  span: GenAiSpan;
  cost: SpanCost;
  /** Position in `SpanTree.nodes` of the parent; -1 for a root. */
  parent: number;
  depth: number;
  children: number[];
  /** The span's own usage counts towards roll-ups (false for wrappers whose children report it). */
  countsUsage: boolean;
  /**
   * The span's unknown cost counts towards roll-ups: a counted span without a price, or a model
   * call without usage that no other span reports (false for wrappers, whose reason is cleared).
   */
  countsUnknownCost: boolean;
  /** The whole subtree's usage, this span included (its own share: `span.tokens` when `countsUsage`). */
  subtree: UsageTotals;
  /** The parent span id is not in the trace (attached under the synthetic root). */
  orphan: boolean;
  /** An agent span that is the in-process side of its caller's `invoke_agent` call: not a run of its own. */
  continuesAgentRun: boolean;
  synthetic: boolean;
}

export interface SpanTree {
  /** Depth-first pre-order, children by start time: the order a tree view shows. */
  nodes: TreeNode[];
  totals: UsageTotals;
  startMs: number;
  endMs: number;
  warnings: string[];
}

export const SYNTHETIC_ROOT_ID = '0000000000000000';

// Leaves share one frozen empty list; a node gets its own on its first child.
const NO_CHILDREN: number[] = Object.freeze([]) as unknown as number[];

/**
 * Builds the span tree once per trace. Handles duplicate ids (exact repeats dropped, others
 * renamed), orphans (under a synthetic root), parent cycles (broken at the earliest span, with a
 * warning) and clock skew (kept, with a warning). Runs in O(n log n) without recursion, so a
 * 100k-span trace is fine.
 */
export function buildSpanTree(spans: GenAiSpan[], costs: SpanCost[]): SpanTree {
  const warnings: string[] = [];
  const { kept, keptCosts } = dedupe(spans, costs, warnings);
  const n = kept.length;
  const indexById = new Map<string, number>();
  kept.forEach((s, i) => indexById.set(s.spanId, i));

  const parentOf = new Int32Array(n).fill(-1);
  const orphan = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const pid = kept[i].parentSpanId;
    if (!pid || /^0+$/.test(pid)) {
      continue;
    }
    const p = indexById.get(pid);
    if (p === undefined || p === i) {
      orphan[i] = 1;
    } else {
      parentOf[i] = p;
    }
  }
  // Children lists only for spans that have children (most spans are leaves).
  const childrenOf: Array<number[] | undefined> = new Array(n);
  for (let i = 0; i < n; i++) {
    const p = parentOf[i];
    if (p >= 0) {
      (childrenOf[p] ??= []).push(i);
    }
  }
  const byStart = (a: number, b: number) =>
    kept[a].startMs - kept[b].startMs || kept[a].name.localeCompare(kept[b].name);
  const reached = new Uint8Array(n);
  const markFrom = (root: number) => {
    const stack = [root];
    while (stack.length) {
      const i = stack.pop()!;
      if (reached[i]) {
        continue;
      }
      reached[i] = 1;
      const kids = childrenOf[i];
      if (kids) {
        for (const c of kids) {
          stack.push(c);
        }
      }
    }
  };
  const roots: number[] = [];
  for (let i = 0; i < n; i++) {
    if (parentOf[i] < 0) {
      roots.push(i);
      markFrom(i);
    }
  }
  const orphanCount = orphan.reduce((a, b) => a + b, 0);
  if (orphanCount > 0) {
    warnings.push(`${orphanCount} span(s) reference a parent that is not in the trace; shown under a synthetic root.`);
  }
  // Whatever is unreached sits on a parent cycle: cut each at its earliest span.
  const unreached = [];
  for (let i = 0; i < n; i++) {
    if (!reached[i]) {
      unreached.push(i);
    }
  }
  unreached.sort(byStart);
  for (const i of unreached) {
    if (reached[i]) {
      continue;
    }
    const p = parentOf[i];
    childrenOf[p] = childrenOf[p]?.filter((c) => c !== i);
    parentOf[i] = -1;
    orphan[i] = 1;
    roots.push(i);
    markFrom(i);
    const msg = `Parent cycle broken at span ${kept[i].spanId} ("${kept[i].name}"); it is shown under the trace root.`;
    kept[i].warnings.push(msg);
    warnings.push(msg);
  }

  const nodes: TreeNode[] = [];
  let startMs = Infinity;
  let endMs = -Infinity;
  for (const s of kept) {
    startMs = Math.min(startMs, s.startMs);
    endMs = Math.max(endMs, s.startMs + s.durationMs);
  }
  if (n === 0) {
    startMs = endMs = 0;
  }
  const needSynthetic = roots.length > 1 || orphan.some((o) => o === 1);
  roots.sort(byStart);
  let syntheticIndex = -1;
  if (needSynthetic) {
    syntheticIndex = nodes.length;
    nodes.push(makeNode(syntheticRootSpan(kept, startMs, endMs), {}, -1, 0, true));
  }
  // Iterative pre-order walk (parallel stacks: no tuple per span).
  const stackSpan: number[] = [];
  const stackParent: number[] = [];
  const stackDepth: number[] = [];
  for (let r = roots.length - 1; r >= 0; r--) {
    stackSpan.push(roots[r]);
    stackParent.push(syntheticIndex);
    stackDepth.push(needSynthetic ? 1 : 0);
  }
  while (stackSpan.length) {
    const i = stackSpan.pop()!;
    const parentNode = stackParent.pop()!;
    const depth = stackDepth.pop()!;
    const node = makeNode(kept[i], keptCosts[i], parentNode, depth, false);
    node.orphan = orphan[i] === 1;
    const myIndex = nodes.length;
    nodes.push(node);
    if (parentNode >= 0) {
      const parent = nodes[parentNode];
      if (parent.children === NO_CHILDREN) {
        parent.children = [];
      }
      parent.children.push(myIndex);
      checkSkew(parent, node);
    }
    const kids = childrenOf[i];
    if (kids) {
      kids.sort(byStart);
      for (let k = kids.length - 1; k >= 0; k--) {
        stackSpan.push(kids[k]);
        stackParent.push(myIndex);
        stackDepth.push(depth + 1);
      }
    }
  }
  markContinuedAgentRuns(nodes);
  rollUp(nodes);
  retargetEvaluations(nodes);
  const totals = emptyTotals();
  for (const node of nodes) {
    if (node.parent < 0) {
      addTotals(totals, node.subtree);
    }
  }
  return { nodes, totals, startMs, endMs, warnings };
}

/**
 * Decides which spans report usage and unknown cost, then sums subtrees. Children appear after
 * their parent in pre-order, so backward walks are post-order and forward walks top-down.
 */
function rollUp(nodes: TreeNode[]): void {
  const n = nodes.length;
  // A span with usage whose descendants report usage too wraps the same call(s): only they count.
  const descendantUsage = new Uint8Array(n);
  for (let i = n - 1; i >= 0; i--) {
    const node = nodes[i];
    node.countsUsage = !node.synthetic && hasTokenUsage(node.span) && !descendantUsage[i];
    if (node.parent >= 0 && (descendantUsage[i] || node.countsUsage)) {
      descendantUsage[node.parent] = 1;
    }
  }
  // Usage counted on an ancestor stands for its whole subtree (e.g. a framework LLM span with
  // usage around the SDK's streaming span without it).
  const usageAbove = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const p = nodes[i].parent;
    if (p >= 0 && (usageAbove[p] || nodes[p].countsUsage)) {
      usageAbove[i] = 1;
    }
  }
  // A model call without usage counts as unknown cost unless another span reports that call: a
  // descendant with usage (it is a wrapper), an ancestor with usage, or an inner span that is
  // itself counted as a call without usage (one call, counted once).
  const descendantMissing = new Uint8Array(n);
  for (let i = n - 1; i >= 0; i--) {
    const node = nodes[i];
    const missing = !node.synthetic && !hasTokenUsage(node.span) && node.cost.unknownReason !== undefined;
    if (missing && (descendantUsage[i] || usageAbove[i] || descendantMissing[i])) {
      // Reported elsewhere: this span's own cost is "none", like a wrapper's.
      const cleared = { ...node.cost };
      delete cleared.unknownReason;
      node.cost = cleared;
    }
    const counted = (node.countsUsage || missing) && node.cost.unknownReason !== undefined;
    node.countsUnknownCost = counted;
    addSelf(node);
    if (node.parent >= 0) {
      addTotals(nodes[node.parent].subtree, node.subtree);
      if (descendantMissing[i] || (missing && counted)) {
        descendantMissing[node.parent] = 1;
      }
    }
  }
}

function makeNode(span: GenAiSpan, cost: SpanCost, parent: number, depth: number, synthetic: boolean): TreeNode {
  return {
    span,
    cost,
    parent,
    depth,
    children: NO_CHILDREN,
    countsUsage: false,
    countsUnknownCost: false,
    subtree: emptyTotals(),
    orphan: false,
    continuesAgentRun: false,
    synthetic,
  };
}

/** Adds the span's own contribution to its subtree totals. */
function addSelf(node: TreeNode): void {
  const s = node.span;
  const t = node.subtree;
  if (node.synthetic) {
    return;
  }
  t.spanCount += 1;
  t.llmCalls += s.kind === 'llm' ? 1 : 0;
  t.toolCalls += s.kind === 'tool' ? 1 : 0;
  t.agentRuns += isAgentRun(s) && !node.continuesAgentRun ? 1 : 0;
  t.errorCount += s.error ? 1 : 0;
  if (node.countsUsage) {
    t.inputTokens += s.tokens.input ?? 0;
    t.outputTokens += s.tokens.output ?? 0;
    t.cacheReadTokens += s.tokens.cacheRead ?? 0;
    t.cacheCreationTokens += s.tokens.cacheCreation ?? 0;
    t.reasoningTokens += s.tokens.reasoning ?? 0;
    t.costUsd += node.cost.usd ?? 0;
  } else if (!hasTokenUsage(s) && node.cost.usd !== undefined) {
    // A cost carried without tokens (e.g. a tool with a metered API) still counts.
    t.costUsd += node.cost.usd;
  }
  t.unknownCostSpans += node.countsUnknownCost ? 1 : 0;
}

/** An agent span that runs the agent (not `create_agent`). */
function isAgentRun(s: GenAiSpan): boolean {
  return s.kind === 'agent' && (s.operation ?? s.name.split(' ', 1)[0]) !== 'create_agent';
}

// Search results carry no span kind ('unspecified'): there the agent name alone pairs the spans.
const CALLER_KINDS = new Set(['client', 'unspecified']);
const CALLEE_KINDS = new Set(['internal', 'server', 'unspecified']);

function callsSameAgent(caller: GenAiSpan, callee: GenAiSpan): boolean {
  return (
    isAgentRun(caller) &&
    caller.agentName === callee.agentName &&
    CALLER_KINDS.has(caller.otelKind) &&
    CALLEE_KINDS.has(callee.otelKind)
  );
}

/**
 * A remote agent call is a CLIENT `invoke_agent` span; the agent it reaches records an INTERNAL
 * `invoke_agent` span of the same agent below it (often under HTTP spans): one run, counted once.
 */
function markContinuedAgentRuns(nodes: TreeNode[]): void {
  // Nearest ancestor that is a GenAI span, skipping plain spans (HTTP client/server) in between.
  const nearest = new Int32Array(nodes.length).fill(-1);
  const orphans: TreeNode[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    const p = node.parent;
    if (p >= 0 && !nodes[p].synthetic) {
      nearest[i] = nodes[p].span.kind === 'other' ? nearest[p] : p;
    }
    const s = node.span;
    if (node.synthetic || !s.agentName || !isAgentRun(s)) {
      continue;
    }
    if (nearest[i] >= 0) {
      node.continuesAgentRun = callsSameAgent(nodes[nearest[i]].span, s);
    } else if (node.orphan) {
      orphans.push(node);
    }
  }
  if (orphans.length) {
    pairOrphanRuns(orphans, agentCallers(nodes));
  }
}

/**
 * Search results hold GenAI spans only, so the HTTP spans linking a remote agent call to the run
 * it started are missing: an orphan run continues a childless caller of the same agent (its work
 * ran elsewhere) whose time holds the orphan's start. Pairs are one-to-one (the latest such caller
 * first), so parallel runs of one agent are not folded into a single caller.
 */
function pairOrphanRuns(orphans: TreeNode[], callersByAgent: Map<string, GenAiSpan[]>): void {
  const used = new Set<GenAiSpan>();
  orphans.sort((a, b) => a.span.startMs - b.span.startMs);
  for (const node of orphans) {
    const s = node.span;
    let best: GenAiSpan | undefined;
    for (const c of callersByAgent.get(s.agentName!) ?? []) {
      if (
        c !== s &&
        !used.has(c) &&
        callsSameAgent(c, s) &&
        c.startMs <= s.startMs &&
        s.startMs <= c.startMs + c.durationMs
      ) {
        best = !best || c.startMs > best.startMs ? c : best;
      }
    }
    if (best) {
      used.add(best);
      used.add(s); // a continued run is not also the caller of another
      node.continuesAgentRun = true;
    }
  }
}

function agentCallers(nodes: TreeNode[]): Map<string, GenAiSpan[]> {
  const out = new Map<string, GenAiSpan[]>();
  for (const n of nodes) {
    const s = n.span;
    if (!n.synthetic && n.children.length === 0 && s.agentName && isAgentRun(s) && CALLER_KINDS.has(s.otelKind)) {
      const list = out.get(s.agentName);
      list ? list.push(s) : out.set(s.agentName, [s]);
    }
  }
  return out;
}

function checkSkew(parent: TreeNode, child: TreeNode): void {
  if (parent.synthetic) {
    return;
  }
  const p = parent.span;
  const c = child.span;
  const early = p.startMs - c.startMs;
  const late = c.startMs + c.durationMs - (p.startMs + p.durationMs);
  // Async children may legitimately outlive a parent; only flag starts before the parent.
  if (early > 0.001) {
    c.warnings.push(`Clock skew: starts ${early.toFixed(3)} ms before its parent.`);
  } else if (late > 0.001 && c.otelKind !== 'producer' && c.otelKind !== 'consumer' && late > p.durationMs) {
    c.warnings.push(`Ends ${late.toFixed(3)} ms after its parent (async work or clock skew).`);
  }
}

/** Evaluations that name a response id move to the span that produced that response. */
function retargetEvaluations(nodes: TreeNode[]): void {
  const byResponseId = new Map<string, GenAiSpan>();
  for (const node of nodes) {
    // An evaluator span may repeat the evaluated response id; the producer is the span without evaluation attributes.
    if (node.span.responseId && node.span.attributes['gen_ai.evaluation.name'] === undefined) {
      byResponseId.set(node.span.responseId, node.span);
    }
  }
  for (const node of nodes) {
    for (const ev of node.span.evaluations) {
      if (ev.responseId) {
        const target = byResponseId.get(ev.responseId);
        if (target) {
          ev.targetSpanId = target.spanId;
        }
      }
    }
  }
}

function dedupe(spans: GenAiSpan[], costs: SpanCost[], warnings: string[]) {
  const seen = new Map<string, GenAiSpan>();
  const kept: GenAiSpan[] = [];
  const keptCosts: SpanCost[] = [];
  let dropped = 0;
  spans.forEach((s, i) => {
    const prior = seen.get(s.spanId);
    if (prior) {
      if (prior.startMs === s.startMs && prior.durationMs === s.durationMs && prior.name === s.name) {
        dropped++;
        return;
      }
      let k = 2;
      while (seen.has(`${s.spanId}~${k}`)) {
        k++;
      }
      const newId = `${s.spanId}~${k}`;
      s.warnings.push(`Duplicate span id ${s.spanId}: shown as ${newId}.`);
      warnings.push(`Duplicate span id ${s.spanId} with different content; the later one is shown as ${newId}.`);
      s.spanId = newId;
    }
    seen.set(s.spanId, s);
    kept.push(s);
    keptCosts.push(costs[i] ?? {});
  });
  if (dropped) {
    warnings.push(`${dropped} exact duplicate span(s) dropped (the same span stored twice).`);
  }
  return { kept, keptCosts };
}

function syntheticRootSpan(spans: GenAiSpan[], startMs: number, endMs: number): GenAiSpan {
  const first = spans[0];
  return {
    traceId: first?.traceId ?? '',
    spanId: SYNTHETIC_ROOT_ID,
    parentSpanId: '',
    name: '(trace root — spans without a common parent)',
    otelKind: 'internal',
    startMs,
    durationMs: endMs - startMs,
    serviceName: first?.serviceName ?? '',
    kind: 'other',
    tokens: {},
    finishReasons: [],
    content: new SpanContent({}, [], []),
    evaluations: [],
    status: 'unset',
    dialects: [],
    attributes: {},
    resource: {},
    events: [],
    warnings: [],
  };
}
