/** @jest-environment node */
import fc from 'fast-check';
import { SpanSearchIndex } from './spanFilters';
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
