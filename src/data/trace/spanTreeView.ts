import type { DataFrame } from '@grafana/data';
import { kindCode, readSpanTreeFrame, type SpanTreeTable } from '../frames/readSpanTreeFrame';
import { criticalPath } from './criticalPath';

/**
 * Everything a tree view needs per row, computed once per frame in typed arrays: tree order,
 * depth, parent, subtree extent, self time, own and subtree cost, shares, critical path.
 * Rows ("view rows") are in depth-first pre-order, children by start time; `tableRow` maps a view
 * row back to the frame row for the details pane. A 100k-span trace builds in tens of ms.
 */
export interface SpanTreeView {
  table: SpanTreeTable;
  size: number;
  tableRow: Int32Array;
  parent: Int32Array;
  depth: Int32Array;
  /** One past the last row of the subtree: row i's subtree is [i, subtreeEnd[i]). */
  subtreeEnd: Int32Array;
  childCount: Int32Array;
  /** `kindCode` of the span's GenAI kind. */
  kind: Uint8Array;
  error: Uint8Array;
  synthetic: Uint8Array;
  /** Start relative to the trace start, ms. */
  startMs: Float64Array;
  durationMs: Float64Array;
  /** Time not covered by any child (merged child intervals, clipped to the span). */
  selfTimeMs: Float64Array;
  /** The span's own cost (not counted again by a wrapper), USD. */
  costUsd: Float64Array;
  subtreeCostUsd: Float64Array;
  /** Spans in the subtree whose cost is unknown: its Σ cost is then a lower bound. */
  subtreeUnknownCostSpans: Int32Array;
  /** Subtree cost / trace cost, and duration / trace duration (0..1). */
  costShare: Float64Array;
  timeShare: Float64Array;
  critical: Uint8Array;
  roots: Int32Array;
  traceStartMs: number;
  traceDurationMs: number;
  totalCostUsd: number;
  /** Spans of the trace whose cost is unknown: `totalCostUsd` is incomplete when > 0. */
  unknownCostSpans: number;
  maxSelfCostUsd: number;
  maxSelfTimeMs: number;
  maxDepth: number;
  warnings: string[];
}

const cache = new WeakMap<DataFrame, SpanTreeView>();

/** The view of a frame, built on first use and kept while the frame lives. */
export function spanTreeViewOf(frame: DataFrame): SpanTreeView {
  let view = cache.get(frame);
  if (!view) {
    view = buildSpanTreeView(readSpanTreeFrame(frame));
    cache.set(frame, view);
  }
  return view;
}

export function buildSpanTreeView(table: SpanTreeTable): SpanTreeView {
  const n = table.length;
  const warnings = [...table.warnings];
  const { order, parent, depth } = treeOrder(table, warnings);
  const subtreeEnd = new Int32Array(n);
  const childCount = new Int32Array(n);
  const kind = new Uint8Array(n);
  const error = new Uint8Array(n);
  const synthetic = new Uint8Array(n);
  // Absolute starts first; made relative to the trace start below (one array, not two).
  const startMs = new Float64Array(n);
  const durationMs = new Float64Array(n);
  const costUsd = new Float64Array(n);
  const subtreeCostUsd = new Float64Array(n);
  const hasSubtreeCost = Boolean(table.subtreeCostUsd);
  const subtreeUnknownCostSpans = new Int32Array(n);
  // The data source's frame carries deduplicated counts; any other frame counts rows with a reason.
  const subtreeUnknownCol = table.column<number>('subtreeUnknownCostSpans');
  const unknownReasonCol = subtreeUnknownCol ? undefined : table.column<string>('costUnknownReason');
  let traceStart = Infinity;
  let traceEnd = -Infinity;
  let maxDepth = 0;
  for (let v = 0; v < n; v++) {
    const t = order[v];
    kind[v] = kindCode(table.kind[t]);
    error[v] = table.error[t] ? 1 : 0;
    synthetic[v] = table.synthetic[t] ? 1 : 0;
    const s = Number(table.startMs[t] ?? 0);
    const d = Math.max(0, Number(table.durationMs[t] ?? 0));
    startMs[v] = s;
    durationMs[v] = d;
    traceStart = Math.min(traceStart, s);
    traceEnd = Math.max(traceEnd, s + d);
    if (hasSubtreeCost) {
      subtreeCostUsd[v] = Number(table.subtreeCostUsd![t] ?? 0) || 0;
    } else {
      costUsd[v] = Number(table.costUsd[t] ?? 0) || 0;
    }
    if (subtreeUnknownCol) {
      subtreeUnknownCostSpans[v] = Math.max(0, Math.trunc(Number(subtreeUnknownCol[t] ?? 0)) || 0);
    } else if (unknownReasonCol?.[t]) {
      subtreeUnknownCostSpans[v] = 1;
    }
    maxDepth = Math.max(maxDepth, depth[v]);
  }
  if (n === 0) {
    traceStart = traceEnd = 0;
  }
  // Post-order pass (children follow their parent in pre-order): subtree extent, roll-ups.
  for (let v = n - 1; v >= 0; v--) {
    if (subtreeEnd[v] <= v) {
      subtreeEnd[v] = v + 1;
    }
    const p = parent[v];
    if (p >= 0) {
      childCount[p]++;
      if (subtreeEnd[p] < subtreeEnd[v]) {
        subtreeEnd[p] = subtreeEnd[v];
      }
      if (!hasSubtreeCost) {
        subtreeCostUsd[p] += subtreeCostUsd[v] + costUsd[v];
      }
      if (!subtreeUnknownCol) {
        subtreeUnknownCostSpans[p] += subtreeUnknownCostSpans[v];
      }
    }
  }
  if (hasSubtreeCost) {
    // The frame's roll-up skips wrapper spans that repeat their children's usage: own = subtree − children.
    for (let v = 0; v < n; v++) {
      let children = 0;
      for (let c = v + 1; c < subtreeEnd[v]; c = subtreeEnd[c]) {
        children += subtreeCostUsd[c];
      }
      const own = subtreeCostUsd[v] - children;
      costUsd[v] = own > 1e-12 ? own : 0;
    }
  } else {
    for (let v = 0; v < n; v++) {
      subtreeCostUsd[v] += costUsd[v];
    }
  }
  for (let v = 0; v < n; v++) {
    startMs[v] -= traceStart;
  }
  const selfTimeMs = selfTimes(startMs, durationMs, subtreeEnd);
  const roots: number[] = [];
  let totalCostUsd = 0;
  let unknownCostSpans = 0;
  for (let v = 0; v < n; v = subtreeEnd[v]) {
    roots.push(v);
    totalCostUsd += subtreeCostUsd[v];
    unknownCostSpans += subtreeUnknownCostSpans[v];
  }
  const traceDurationMs = traceEnd - traceStart;
  const costShare = new Float64Array(n);
  const timeShare = new Float64Array(n);
  let maxSelfCostUsd = 0;
  let maxSelfTimeMs = 0;
  for (let v = 0; v < n; v++) {
    costShare[v] = totalCostUsd > 0 ? subtreeCostUsd[v] / totalCostUsd : 0;
    timeShare[v] = traceDurationMs > 0 ? durationMs[v] / traceDurationMs : 0;
    maxSelfCostUsd = Math.max(maxSelfCostUsd, costUsd[v]);
    if (!synthetic[v]) {
      maxSelfTimeMs = Math.max(maxSelfTimeMs, selfTimeMs[v]);
    }
  }
  return {
    table,
    size: n,
    tableRow: order,
    parent,
    depth,
    subtreeEnd,
    childCount,
    kind,
    error,
    synthetic,
    startMs,
    durationMs,
    selfTimeMs,
    costUsd,
    subtreeCostUsd,
    subtreeUnknownCostSpans,
    costShare,
    timeShare,
    critical: criticalPath(startMs, durationMs, subtreeEnd, roots),
    roots: Int32Array.from(roots),
    traceStartMs: traceStart,
    traceDurationMs,
    totalCostUsd,
    unknownCostSpans,
    maxSelfCostUsd,
    maxSelfTimeMs,
    maxDepth,
    warnings,
  };
}

/**
 * Tree order of the frame's rows. A frame from the data source is already in pre-order with a
 * depth column (checked, O(n)); anything else (sorted by a transformation, no depth) is
 * re-ordered from span and parent ids, children by start time.
 */
function treeOrder(table: SpanTreeTable, warnings: string[]) {
  const n = table.length;
  const depthCol = table.depth;
  if (depthCol && preOrderConsistent(depthCol, n)) {
    const order = new Int32Array(n);
    const parent = new Int32Array(n);
    const depth = new Int32Array(n);
    const lastAtDepth: number[] = [];
    let consistent = true;
    for (let v = 0; v < n && consistent; v++) {
      const d = Number(depthCol[v]);
      order[v] = v;
      depth[v] = d;
      parent[v] = d > 0 ? lastAtDepth[d - 1] : -1;
      lastAtDepth[d] = v;
      // Rows re-sorted by a transformation (e.g. by start time) can keep a plausible depth
      // sequence: each row's parent must also be the span its parent id names (the synthetic
      // root's children keep their own, missing or empty, parent ids).
      const p = parent[v];
      consistent =
        p < 0 || Boolean(table.synthetic[p]) || String(table.parentSpanId[v] ?? '') === String(table.spanId[p]);
    }
    if (consistent) {
      return { order, parent, depth };
    }
  }
  return orderFromIds(table, warnings);
}

function preOrderConsistent(depth: ArrayLike<number | null>, n: number): boolean {
  let prev = -1;
  for (let i = 0; i < n; i++) {
    const d = depth[i];
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0 || d > prev + 1) {
      return false;
    }
    prev = d;
  }
  return true;
}

function orderFromIds(table: SpanTreeTable, warnings: string[]) {
  const n = table.length;
  const indexById = new Map<string, number>();
  let duplicates = 0;
  for (let t = 0; t < n; t++) {
    const id = String(table.spanId[t] ?? '');
    if (indexById.has(id)) {
      duplicates++;
    } else {
      indexById.set(id, t);
    }
  }
  if (duplicates) {
    warnings.push(`${duplicates} row(s) repeat a span id; they are shown under their parent as separate rows.`);
  }
  // The data source's synthetic root has no child pointing at it (its children keep their own,
  // missing or empty, parent ids): every other row without a parent in the frame belongs under it.
  let syntheticRoot = -1;
  for (let t = 0; t < n && syntheticRoot < 0; t++) {
    if (table.synthetic[t]) {
      syntheticRoot = t;
    }
  }
  const parentRow = new Int32Array(n).fill(-1);
  const children: Array<number[] | undefined> = new Array(n);
  for (let t = 0; t < n; t++) {
    let p = indexById.get(String(table.parentSpanId[t] ?? ''));
    if ((p === undefined || p === t) && t !== syntheticRoot) {
      p = syntheticRoot >= 0 ? syntheticRoot : undefined;
    }
    if (p !== undefined && p !== t) {
      parentRow[t] = p;
      (children[p] ??= []).push(t);
    }
  }
  const start = (t: number) => Number(table.startMs[t] ?? 0);
  const byStart = (a: number, b: number) => start(a) - start(b) || a - b;
  const order = new Int32Array(n);
  const parent = new Int32Array(n);
  const depth = new Int32Array(n);
  const placed = new Uint8Array(n);
  let v = 0;
  const walk = (root: number) => {
    const stackRow = [root];
    const stackParent = [-1];
    const stackDepth = [0];
    while (stackRow.length) {
      const t = stackRow.pop()!;
      const p = stackParent.pop()!;
      const d = stackDepth.pop()!;
      if (placed[t]) {
        continue;
      }
      placed[t] = 1;
      order[v] = t;
      parent[v] = p;
      depth[v] = d;
      const me = v++;
      const kids = children[t];
      if (kids) {
        kids.sort(byStart);
        for (let k = kids.length - 1; k >= 0; k--) {
          stackRow.push(kids[k]);
          stackParent.push(me);
          stackDepth.push(d + 1);
        }
      }
    }
  };
  const roots: number[] = [];
  for (let t = 0; t < n; t++) {
    if (parentRow[t] < 0) {
      roots.push(t);
    }
  }
  roots.sort(byStart).forEach(walk);
  // Rows still unplaced sit on a parent cycle: start each at its earliest row.
  const rest: number[] = [];
  for (let t = 0; t < n; t++) {
    if (!placed[t]) {
      rest.push(t);
    }
  }
  if (rest.length) {
    warnings.push(`${rest.length} row(s) form parent cycles; each cycle is cut at its earliest span.`);
    rest.sort(byStart).forEach((t) => !placed[t] && walk(t));
  }
  return { order, parent, depth };
}

function selfTimes(startMs: Float64Array, durationMs: Float64Array, subtreeEnd: Int32Array): Float64Array {
  const n = startMs.length;
  const self = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    const s = startMs[v];
    const e = s + durationMs[v];
    let covered = 0;
    let runStart = s;
    let runEnd = s;
    // Children are in start order, so their intervals merge in one pass.
    for (let c = v + 1; c < subtreeEnd[v]; c = subtreeEnd[c]) {
      const cs = Math.max(s, startMs[c]);
      const ce = Math.min(e, startMs[c] + durationMs[c]);
      if (ce <= cs) {
        continue;
      }
      if (cs > runEnd) {
        covered += runEnd - runStart;
        runStart = cs;
        runEnd = ce;
      } else if (ce > runEnd) {
        runEnd = ce;
      }
    }
    covered += runEnd - runStart;
    self[v] = Math.max(0, durationMs[v] - covered);
  }
  return self;
}
