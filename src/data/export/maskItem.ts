import type { DatasetItem } from './datasetItem';

/** Keys whose values are ids, names of things or numbers, never user content: left as they are. */
const NOT_CONTENT = new Set([
  'schema',
  'granularity',
  'id',
  'trace_id',
  'span_id',
  'service',
  'provider',
  'model',
  'version',
  'role',
  'tool_call_id',
  'content_source',
  'cost_unknown_reason',
  'evaluator_error',
]);

/**
 * The item with every text that can hold user content masked (messages, system instructions,
 * tool arguments and results, explanations, error messages, conversation ids, agent and tool
 * names), recursively and without touching the original. `masked` says it was.
 */
export function maskItem<T extends DatasetItem>(item: T, mask: (text: string) => string): T {
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === 'string') {
      return key !== undefined && NOT_CONTENT.has(key) ? v : mask(v);
    }
    if (Array.isArray(v)) {
      return v.map((x) => walk(x));
    }
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    }
    return v;
  };
  const out = walk(item) as T;
  out.masked = true;
  if (out.granularity === 'trace') {
    out.calls.forEach((c) => (c.masked = true));
  }
  return out;
}
