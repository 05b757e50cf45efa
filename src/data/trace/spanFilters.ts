import { kindCode } from '../frames/readSpanTreeFrame';
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
const TEXT_COLUMNS = [
  'name',
  'spanId',
  'kind',
  'operation',
  'serviceName',
  'version',
  'provider',
  'requestModel',
  'responseModel',
  'toolName',
  'agentName',
  'errorType',
  'errorMessage',
];

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

/**
 * Every row's searchable text (the text columns, attribute keys and values) as a dictionary: each
 * distinct string once, lowercased once and joined into one string, and per row the ids of its
 * strings. A search is a few `indexOf` calls over the distinct strings, then one pass over the
 * ids. Spans repeat most of their strings (attribute keys, models, operations, services): at 100k
 * synthetic spans 87 MB of text hold 1.7 MB of distinct strings (one string over all rows, before,
 * took 32–45 ms to scan for a miss; a regex over every field, 97–174 ms).
 */
export class SpanSearchIndex {
  /** Distinct strings, lowercased, each followed by a separator no search text holds. */
  private readonly text: string;
  /** Start offset of each distinct string in `text` (one more entry: the end). */
  private readonly starts: Int32Array;
  /** Row t's string ids are ids[rowStart[t] .. rowStart[t + 1]). */
  private readonly rowStart: Int32Array;
  private readonly ids: Int32Array;

  constructor(view: SpanTreeView) {
    const rows = view.table.length;
    const columns = TEXT_COLUMNS.map((c) => view.table.column<unknown>(c)).filter((c) => c !== undefined);
    const attributes = view.table.column<Record<string, unknown> | null>('attributes');
    const idOf = new Map<string, number>();
    const parts: string[] = [];
    let ids = new Int32Array(Math.max(16, rows * 8));
    let n = 0;
    const add = (x: string) => {
      let id = idOf.get(x);
      if (id === undefined) {
        id = parts.length;
        idOf.set(x, id);
        parts.push(x.toLowerCase());
      }
      if (n === ids.length) {
        const grown = new Int32Array(ids.length * 2);
        grown.set(ids);
        ids = grown;
      }
      ids[n++] = id;
    };
    this.rowStart = new Int32Array(rows + 1);
    for (let t = 0; t < rows; t++) {
      this.rowStart[t] = n;
      for (const c of columns) {
        const x = c[t];
        if (typeof x === 'string' && x) {
          add(x);
        }
      }
      const attrs = attributes?.[t];
      if (attrs && typeof attrs === 'object') {
        for (const key of Object.keys(attrs)) {
          const value = attrs[key];
          add(key);
          add(typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value));
        }
      }
    }
    this.rowStart[rows] = n;
    this.ids = ids.subarray(0, n);
    this.starts = new Int32Array(parts.length + 1);
    let offset = 0;
    for (let k = 0; k < parts.length; k++) {
      this.starts[k] = offset;
      offset += parts[k].length + 1;
    }
    this.starts[parts.length] = offset;
    // The separator keeps a match inside one string (never across a key and its value).
    this.text = parts.join('\u0000') + '\u0000';
  }

  /** 1 for each table row whose text contains `needle` (case-insensitive). */
  rowsContaining(needle: string): Uint8Array {
    const rows = this.rowStart.length - 1;
    const out = new Uint8Array(rows);
    const q = needle.toLowerCase();
    if (!q || q.includes('\u0000')) {
      return out;
    }
    const strings = this.starts.length - 1;
    const hit = new Uint8Array(strings);
    let any = false;
    let pos = this.text.indexOf(q);
    while (pos >= 0) {
      const k = this.stringAt(pos);
      hit[k] = 1;
      any = true;
      pos = this.text.indexOf(q, this.starts[k + 1]);
    }
    if (!any) {
      return out;
    }
    const { ids, rowStart } = this;
    for (let t = 0; t < rows; t++) {
      for (let j = rowStart[t]; j < rowStart[t + 1]; j++) {
        if (hit[ids[j]]) {
          out[t] = 1;
          break;
        }
      }
    }
    return out;
  }

  private stringAt(pos: number): number {
    let lo = 0;
    let hi = this.starts.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= pos) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }
}

const indexes = new WeakMap<SpanTreeView, SpanSearchIndex>();

/** The view's search index, built on first use (the panel builds it when idle after painting). */
export function searchIndexOf(view: SpanTreeView): SpanSearchIndex {
  let index = indexes.get(view);
  if (!index) {
    index = new SpanSearchIndex(view);
    indexes.set(view, index);
  }
  return index;
}
