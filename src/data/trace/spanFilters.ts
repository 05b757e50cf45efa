import { kindCode } from '../frames/readSpanTreeFrame';
import { searchIndexOf } from './spanSearchIndex';
import type { SpanTreeView } from './spanTreeView';

export type QuickFilter = 'all' | 'errors' | 'llm' | 'slowest' | 'expensive';

export interface SpanFilter {
  quick: QuickFilter;
  /** Case-insensitive text looked up in names, ids, models, tool/agent names and attribute keys and values. */
  search: string;
}

export interface FilterResult {
  /** Rows that match. */
  match: Uint8Array;
  /** Matches and their ancestors: what the tree shows. */
  shown: Uint8Array;
  /** Matching view rows in tree order. */
  matches: Int32Array;
}

/** How many spans "slowest" and "most expensive" keep. */
export const TOP_SPANS = 20;

const LLM = kindCode('llm');
export function isFilterActive(f: SpanFilter): boolean {
  return f.quick !== 'all' || f.search.trim() !== '';
}

/** Rows matching the quick filter AND the search text, plus their ancestors; undefined = no filter. */
export function filterSpans(view: SpanTreeView, filter: SpanFilter): FilterResult | undefined {
  if (!isFilterActive(filter)) {
    return undefined;
  }
  const n = view.size;
  const match = quickMatch(view, filter.quick);
  const needle = filter.search.trim();
  if (needle) {
    const found = searchIndexOf(view).rowsContaining(needle);
    for (let v = 0; v < n; v++) {
      if (match[v] && !found[view.tableRow[v]]) {
        match[v] = 0;
      }
    }
  }
  const shown = new Uint8Array(n);
  const matches: number[] = [];
  for (let v = 0; v < n; v++) {
    if (!match[v]) {
      continue;
    }
    matches.push(v);
    // Stop at the first ancestor already marked: its own ancestors are marked too.
    for (let a = v; a >= 0 && !shown[a]; a = view.parent[a]) {
      shown[a] = 1;
    }
  }
  return { match, shown, matches: Int32Array.from(matches) };
}

function quickMatch(view: SpanTreeView, quick: QuickFilter): Uint8Array {
  const n = view.size;
  const match = new Uint8Array(n);
  switch (quick) {
    case 'all':
      match.fill(1);
      break;
    case 'errors':
      for (let v = 0; v < n; v++) {
        match[v] = view.error[v];
      }
      break;
    case 'llm':
      for (let v = 0; v < n; v++) {
        match[v] = view.kind[v] === LLM ? 1 : 0;
      }
      break;
    case 'slowest':
      // Self time: an agent's duration is mostly its children's, so "slow" means time spent in the span itself.
      for (const v of topRows(view.selfTimeMs, view.synthetic, TOP_SPANS)) {
        match[v] = 1;
      }
      break;
    case 'expensive':
      for (const v of topRows(view.costUsd, view.synthetic, TOP_SPANS)) {
        match[v] = 1;
      }
      break;
  }
  return match;
}

/** Rows with the k largest positive values (ties: earlier row first); O(n·k) with small k. */
export function topRows(values: ArrayLike<number>, skip: ArrayLike<number>, k: number): number[] {
  const top: number[] = [];
  for (let v = 0; v < values.length; v++) {
    const x = values[v];
    if (skip[v] || !(x > 0) || (top.length === k && x <= values[top[k - 1]])) {
      continue;
    }
    let j = top.length < k ? top.length : k - 1;
    while (j > 0 && values[top[j - 1]] < x) {
      top[j] = top[j - 1];
      j--;
    }
    top[j] = v;
  }
  return top;
}
