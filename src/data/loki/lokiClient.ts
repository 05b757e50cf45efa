import { BackendError } from '../http/backendError';
import type { HttpTransport } from '../http/transport';

/** One log line of a `streams` result: nanosecond timestamp, line, labels it carries besides the stream's. */
export interface LokiEntry {
  /** Unix epoch nanoseconds, as Loki sends them (a decimal string). */
  tsNs: string;
  line: string;
  /** The stream's labels, its structured metadata and parsed labels, merged (Loki's own names). */
  labels: Record<string, string>;
}

export interface LokiStreamsResult {
  entries: LokiEntry[];
}

export interface QueryRangeOptions {
  /** Unix epoch milliseconds. */
  startMs: number;
  endMs: number;
  limit: number;
  signal?: AbortSignal;
  requestId?: string;
}

type LokiValue = [string, string] | [string, string, { structuredMetadata?: unknown; parsed?: unknown }];

interface LokiQueryRangeResponse {
  status?: string;
  error?: string;
  data?: { resultType?: string; result?: Array<{ stream?: Record<string, unknown>; values?: LokiValue[] }> };
}

/**
 * Loki's HTTP API, over any transport. Log queries ask for categorized labels so structured
 * metadata (where OTLP ingestion keeps `trace_id`, `span_id` and the record's attributes) comes
 * apart from the stream labels; a Loki or proxy that ignores the flag merges them, which reads the same.
 */
export class LokiClient {
  constructor(readonly http: HttpTransport) {}

  async queryRange(query: string, opts: QueryRangeOptions): Promise<LokiStreamsResult> {
    const res = await this.http.getJson<LokiQueryRangeResponse>({
      path: '/loki/api/v1/query_range',
      params: {
        query,
        // Nanoseconds: Loki reads integers as such, and milliseconds would lose the edges of the window.
        start: `${Math.floor(opts.startMs)}000000`,
        end: `${Math.ceil(opts.endMs)}000000`,
        limit: opts.limit,
        direction: 'forward',
      },
      headers: { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' },
      signal: opts.signal,
      requestId: opts.requestId,
    });
    return { entries: readStreams(this.http.backend, res) };
  }

  /** Loki's version, or undefined when it does not say. */
  async buildInfo(opts: { signal?: AbortSignal } = {}): Promise<{ version?: string }> {
    const res = await this.http.getJson<{ version?: unknown }>({
      path: '/loki/api/v1/status/buildinfo',
      signal: opts.signal,
    });
    return { version: typeof res?.version === 'string' ? res.version : undefined };
  }
}

function readStreams(backend: string, res: LokiQueryRangeResponse): LokiEntry[] {
  if (!res || typeof res !== 'object' || !res.data || typeof res.data !== 'object') {
    throw new BackendError(backend, 'malformed', 'Loki answered without a data object');
  }
  if (res.data.resultType !== 'streams') {
    throw new BackendError(
      backend,
      'malformed',
      `Loki answered a log query with a "${String(res.data.resultType)}" result instead of streams`
    );
  }
  if (!Array.isArray(res.data.result)) {
    throw new BackendError(backend, 'malformed', 'Loki answered without a result list');
  }
  const out: LokiEntry[] = [];
  for (const stream of res.data.result) {
    const streamLabels = stringRecord(stream?.stream);
    for (const v of Array.isArray(stream?.values) ? stream.values : []) {
      if (!Array.isArray(v) || typeof v[0] !== 'string' || typeof v[1] !== 'string' || !/^\d+$/.test(v[0])) {
        continue;
      }
      const extra = v[2] && typeof v[2] === 'object' ? v[2] : undefined;
      out.push({
        tsNs: v[0],
        line: v[1],
        labels: { ...streamLabels, ...stringRecord(extra?.structuredMetadata), ...stringRecord(extra?.parsed) },
      });
    }
  }
  return out;
}

function stringRecord(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (typeof x === 'string') {
        out[k] = x;
      }
    }
  }
  return out;
}
