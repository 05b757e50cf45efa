/** @jest-environment node */
import fc from 'fast-check';
import { buildSearchIndexWhenIdle, searchIndexOf, SpanSearchIndex, SpanSearchIndexBuilder } from './spanSearchIndex';
import type { SpanTreeView } from './spanTreeView';

/** A view with just the table columns the index reads. */
function fakeView(rows: Array<{ name: string; toolName?: string; attributes?: Record<string, unknown> | null }>) {
  const columns: Record<string, unknown[]> = {
    name: rows.map((r) => r.name),
    toolName: rows.map((r) => r.toolName ?? null),
    attributes: rows.map((r) => r.attributes ?? null),
  };
  return { table: { length: rows.length, column: (c: string) => columns[c] } } as unknown as SpanTreeView;
}

/** The definition: a case-insensitive literal match in any one field (name, tool, attribute key or value). */
function naive(rows: Parameters<typeof fakeView>[0], needle: string): number[] {
  const q = needle.toLowerCase();
  return rows.map((r) => {
    const fields = [r.name, r.toolName ?? ''];
    for (const [k, v] of Object.entries(r.attributes ?? {})) {
      fields.push(k, typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));
    }
    return q !== '' && fields.some((f) => f.toLowerCase().includes(q)) ? 1 : 0;
  });
}

describe('span search index', () => {
  it('finds exactly the rows with a field containing the text, any case, never across fields or rows', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'B', 'c', 'É', 'é', ' ', '-', '"', 'İ', 'x'), maxLength: 8 });
    const row = fc.record({
      name: text,
      toolName: fc.option(text, { nil: undefined }),
      attributes: fc.option(fc.dictionary(text, fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null))), {
        nil: undefined,
      }),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), text, (rows, needle) => {
        const index = new SpanSearchIndex(fakeView(rows));
        expect(Array.from(index.rowsContaining(needle))).toEqual(naive(rows, needle));
      }),
      { numRuns: 500 }
    );
  });

  it('matches a long attribute value and nothing for an empty needle', () => {
    const rows = [
      { name: 'chat gpt-4o', attributes: { 'gen_ai.input.messages': '[{"role":"user","content":"Refund?"}]' } },
    ];
    const index = new SpanSearchIndex(fakeView(rows));
    expect(Array.from(index.rowsContaining('REFUND'))).toEqual([1]);
    expect(Array.from(index.rowsContaining(''))).toEqual([0]);
    expect(Array.from(index.rowsContaining('gpt-4o chat'))).toEqual([0]);
  });
});

describe('span search index built in slices', () => {
  const rowsOf = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      name: `span ${i % 7}`,
      toolName: i % 3 ? `tool-${i % 5}` : undefined,
      attributes: { 'gen_ai.request.model': i % 2 ? 'gpt-4o' : 'Claude', n: i, nested: { k: `v${i % 11}` } },
    }));
  const all = (index: SpanSearchIndex, needles: string[]) => needles.map((q) => Array.from(index.rowsContaining(q)));
  const needles = ['gpt', 'CLAUDE', 'tool-4', 'span 6', '"v10"', 'model', '123', 'nothing'];

  it('gives the same index whatever the slices', () => {
    const rows = rowsOf(1500);
    const whole = all(new SpanSearchIndex(fakeView(rows)), needles);
    expect(whole[0].filter(Boolean)).toHaveLength(750);
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }), (stops) => {
        const b = new SpanSearchIndexBuilder(fakeView(rows));
        let k = 0;
        let slices = 0;
        while (!b.step(() => stops[k++ % stops.length])) {
          slices++;
        }
        // Every slice stops at a multiple of 256 rows, so 1500 rows take at most 6 slices.
        expect(slices).toBeLessThanOrEqual(5);
        expect(all(b.build(), needles)).toEqual(whole);
      }),
      { numRuns: 50 }
    );
  });

  it('builds in idle periods, stops when cancelled, and a search mid-way finishes it', () => {
    const rows = rowsOf(3000);
    const whole = all(new SpanSearchIndex(fakeView(rows)), needles);
    const queue: Array<(d: { timeRemaining(): number }) => void> = [];
    const win = {
      requestIdleCallback: (cb: (d: { timeRemaining(): number }) => void) => queue.push(cb),
      cancelIdleCallback: jest.fn(),
    };
    // An idle period with no time left after the first slice: one slice of 256 rows per period.
    const onePeriod = () => queue.shift()!({ timeRemaining: () => 0 });
    const view = fakeView(rows);
    const stop = buildSearchIndexWhenIdle(view, win);
    expect(queue).toHaveLength(1);
    onePeriod();
    onePeriod();
    expect(queue).toHaveLength(1); // not done after two slices of 256 rows: asks for more idle time
    stop();
    expect(win.cancelIdleCallback).toHaveBeenCalledTimes(1);
    queue.length = 0; // what cancelIdleCallback does
    // A search now finishes what the idle slices left, with the same result as a whole build.
    expect(all(searchIndexOf(view), needles)).toEqual(whole);

    const view2 = fakeView(rows);
    buildSearchIndexWhenIdle(view2, win);
    let periods = 0;
    while (queue.length) {
      queue.shift()!({ timeRemaining: () => 0 });
      periods++;
    }
    // One slice of 256 rows per period, then one that joins the dictionary.
    expect(periods).toBe(Math.ceil(3000 / 256) + 1);
    expect(all(searchIndexOf(view2), needles)).toEqual(whole);
    // Already built: nothing more is scheduled.
    buildSearchIndexWhenIdle(view2, win)();
    expect(queue).toHaveLength(0);
  });
});
