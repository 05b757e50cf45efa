import type { SpanTreeView } from './spanTreeView';

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

  /** The whole index at once; `SpanSearchIndexBuilder` builds it in slices. */
  constructor(view: SpanTreeView);
  constructor(parts: { parts: string[]; rowStart: Int32Array; ids: Int32Array });
  constructor(from: SpanTreeView | { parts: string[]; rowStart: Int32Array; ids: Int32Array }) {
    const built = 'table' in from ? new SpanSearchIndexBuilder(from).buildParts() : from;
    const { parts } = built;
    this.rowStart = built.rowStart;
    this.ids = built.ids;
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

/**
 * Builds a SpanSearchIndex a slice of rows at a time, so that building it for a 100k-span trace
 * (a few hundred ms) never holds one frame: the panel gives it the idle time between frames.
 */
export class SpanSearchIndexBuilder {
  private readonly columns: Array<ArrayLike<unknown>>;
  private readonly attributes: ArrayLike<Record<string, unknown> | null> | undefined;
  private readonly rows: number;
  private readonly idOf = new Map<string, number>();
  private readonly parts: string[] = [];
  private readonly rowStart: Int32Array;
  private ids: Int32Array;
  private n = 0;
  /** The next table row to index. */
  private next = 0;

  constructor(view: SpanTreeView) {
    this.rows = view.table.length;
    this.columns = TEXT_COLUMNS.map((c) => view.table.column<unknown>(c)).filter((c) => c !== undefined);
    this.attributes = view.table.column<Record<string, unknown> | null>('attributes');
    this.rowStart = new Int32Array(this.rows + 1);
    this.ids = new Int32Array(Math.max(16, this.rows * 8));
  }

  get done(): boolean {
    return this.next >= this.rows;
  }

  /** Indexes rows until `shouldStop()` says so (asked every 256 rows) or all are done; true when done. */
  step(shouldStop: () => boolean): boolean {
    while (this.next < this.rows) {
      const end = Math.min(this.rows, this.next + 256);
      for (let t = this.next; t < end; t++) {
        this.addRow(t);
      }
      this.next = end;
      if (shouldStop()) {
        break;
      }
    }
    return this.done;
  }

  /** The rest of the rows, then the index. */
  build(): SpanSearchIndex {
    return new SpanSearchIndex(this.buildParts());
  }

  buildParts(): { parts: string[]; rowStart: Int32Array; ids: Int32Array } {
    this.step(() => false);
    this.rowStart[this.rows] = this.n;
    return { parts: this.parts, rowStart: this.rowStart, ids: this.ids.subarray(0, this.n) };
  }

  private addRow(t: number) {
    this.rowStart[t] = this.n;
    for (const c of this.columns) {
      const x = c[t];
      if (typeof x === 'string' && x) {
        this.add(x);
      }
    }
    const attrs = this.attributes?.[t];
    if (attrs && typeof attrs === 'object') {
      for (const key of Object.keys(attrs)) {
        const value = attrs[key];
        this.add(key);
        this.add(typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value));
      }
    }
  }

  private add(x: string) {
    let id = this.idOf.get(x);
    if (id === undefined) {
      id = this.parts.length;
      this.idOf.set(x, id);
      this.parts.push(x.toLowerCase());
    }
    if (this.n === this.ids.length) {
      const grown = new Int32Array(this.ids.length * 2);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[this.n++] = id;
  }
}

const indexes = new WeakMap<SpanTreeView, SpanSearchIndex>();
const builders = new WeakMap<SpanTreeView, SpanSearchIndexBuilder>();

/** The view's search index; what an idle build left undone is finished now. */
export function searchIndexOf(view: SpanTreeView): SpanSearchIndex {
  let index = indexes.get(view);
  if (!index) {
    index = (builders.get(view) ?? new SpanSearchIndexBuilder(view)).build();
    builders.delete(view);
    indexes.set(view, index);
  }
  return index;
}

/** Whether the view's index is built (by a search or in idle time). */
export function isSearchIndexReady(view: SpanTreeView): boolean {
  return indexes.has(view);
}

/** The longest an idle slice of index building runs. */
const SLICE_MS = 8;

interface IdleDeadline {
  timeRemaining(): number;
}
type IdleWindow = {
  requestIdleCallback?: (cb: (d: IdleDeadline) => void) => number;
  cancelIdleCallback?: (id: number) => void;
};

/**
 * Builds the view's index in the browser's idle time, a slice per idle period, so the first search
 * finds it ready and neither the first paint nor a scroll right after it waits for it. Returns a
 * function that stops (what was indexed is kept for `searchIndexOf`).
 */
export function buildSearchIndexWhenIdle(view: SpanTreeView, win: IdleWindow = globalThis as IdleWindow): () => void {
  if (indexes.has(view)) {
    return () => {};
  }
  let builder = builders.get(view);
  if (!builder) {
    builder = new SpanSearchIndexBuilder(view);
    builders.set(view, builder);
  }
  const b = builder;
  let cancelled = false;
  let pending: number | undefined;
  const finish = () => {
    if (!indexes.has(view)) {
      searchIndexOf(view);
    }
  };
  // A slice also ends after SLICE_MS when the browser has more idle time: a scroll or a key that
  // comes in the middle of a long idle period then waits for at most one slice.
  const slice = (deadline: IdleDeadline) => {
    pending = undefined;
    if (cancelled || indexes.has(view)) {
      return;
    }
    if (b.done) {
      finish(); // the dictionary joined into one string: a slice of its own
      return;
    }
    const t0 = Date.now();
    b.step(() => deadline.timeRemaining() < 2 || Date.now() - t0 >= SLICE_MS);
    schedule();
  };
  const schedule = () => {
    pending = win.requestIdleCallback
      ? win.requestIdleCallback(slice)
      : (setTimeout(() => slice({ timeRemaining: () => 8 }), 50) as unknown as number);
  };
  schedule();
  return () => {
    cancelled = true;
    if (pending !== undefined) {
      if (win.requestIdleCallback) {
        win.cancelIdleCallback?.(pending);
      } else {
        clearTimeout(pending);
      }
    }
  };
}
