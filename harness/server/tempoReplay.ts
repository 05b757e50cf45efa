// Answers Tempo (or Loki) HTTP requests from recorded real exchanges (fixtures/{tempo,loki}/*recordings.json),
// keyed like tests/helpers/recordedTransport.ts: path + query parameters without start/end.
import { exchangeKey, type Exchange, type RecordingFile } from '../../tests/helpers/recordedTransport';

const VOLATILE = new Set(['start', 'end']);

function stableParams(search: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const k of [...new Set(search.keys())].sort()) {
    if (VOLATILE.has(k)) {
      continue;
    }
    const vs = search.getAll(k);
    out[k] = vs.length > 1 ? vs : vs[0];
  }
  return out;
}

export class TempoReplay {
  private readonly byKey: Map<string, Exchange>;
  readonly misses: string[] = [];

  /** Several recordings answer together; on the same request the first file wins. */
  constructor(
    readonly file: RecordingFile,
    ...more: RecordingFile[]
  ) {
    this.byKey = new Map();
    for (const f of [file, ...more]) {
      for (const e of f.exchanges) {
        const key = exchangeKey(e.path, e.params);
        if (!this.byKey.has(key)) {
          this.byKey.set(key, e);
        }
      }
    }
  }

  lookup(pathname: string, search: URLSearchParams): Exchange | undefined {
    const key = exchangeKey(pathname, stableParams(search));
    const ex = this.byKey.get(key);
    if (!ex) {
      this.misses.push(key);
    }
    return ex;
  }

  /** Trace ids with a recorded trace-by-id response, largest trace first. */
  traceIds(): string[] {
    return this.file.exchanges
      .filter((e) => e.status === 200 && /^\/api\/v2\/traces\/[0-9a-f]+$/.test(e.path))
      .sort((a, b) => b.body.length - a.body.length)
      .map((e) => e.path.split('/').pop()!);
  }
}
