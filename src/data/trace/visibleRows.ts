import type { SpanTreeView } from './spanTreeView';

/**
 * The rows a tree view shows: pre-order, skipping the subtree of every collapsed row and, when a
 * filter is active, every row outside `shown` (a row outside it has no match below it, so its
 * whole subtree is skipped). Jumps over skipped subtrees, so the cost is O(rows shown + jumps).
 */
export function visibleRows(
  view: Pick<SpanTreeView, 'size' | 'subtreeEnd'>,
  collapsed: Uint8Array,
  shown?: Uint8Array
): Int32Array {
  const { size, subtreeEnd } = view;
  const out = new Int32Array(size);
  let k = 0;
  let i = 0;
  while (i < size) {
    if (shown && !shown[i]) {
      i = subtreeEnd[i];
      continue;
    }
    out[k++] = i;
    i = collapsed[i] ? subtreeEnd[i] : i + 1;
  }
  return out.subarray(0, k);
}

/** Collapse flags for the initial state: everything open, or only the roots' children shown. */
export function initialCollapsed(view: Pick<SpanTreeView, 'size' | 'childCount' | 'depth'>, expandAll: boolean) {
  const collapsed = new Uint8Array(view.size);
  if (!expandAll) {
    for (let i = 0; i < view.size; i++) {
      // Depth 0 is the root (or the synthetic root), depth 1 its direct children.
      collapsed[i] = view.childCount[i] > 0 && view.depth[i] >= 1 ? 1 : 0;
    }
  }
  return collapsed;
}

/** A copy of `collapsed` with row `row` toggled (state stays immutable for React). */
export function toggleCollapsed(collapsed: Uint8Array, row: number): Uint8Array {
  const next = collapsed.slice();
  next[row] = next[row] ? 0 : 1;
  return next;
}

/** A copy with every ancestor of `row` expanded, so that the row is visible. */
export function revealRow(view: Pick<SpanTreeView, 'parent'>, collapsed: Uint8Array, row: number): Uint8Array {
  let next = collapsed;
  for (let p = view.parent[row]; p >= 0; p = view.parent[p]) {
    if (next[p]) {
      if (next === collapsed) {
        next = collapsed.slice();
      }
      next[p] = 0;
    }
  }
  return next;
}
