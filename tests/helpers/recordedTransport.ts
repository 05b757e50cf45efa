// Record/replay of real Tempo HTTP exchanges. Recordings key on path + query parameters, minus
// the time range (start/end), which differs between the recording run and any later run.
import { BackendError } from '../../src/data/http/backendError';
import {
  parseJsonResponse,
  type HttpRequest,
  type HttpTransport,
  type QueryParams,
} from '../../src/data/http/transport';

export interface Exchange {
  path: string;
  params: Record<string, string | string[]>;
  status: number;
  body: string;
}

export interface RecordingFile {
  /** The Tempo a recording came from (Tempo recordings). */
  tempoVersion?: string;
  /** The Loki a recording came from (Loki recordings). */
  lokiVersion?: string;
  recordedAt: string;
  note: string;
  exchanges: Exchange[];
}

const VOLATILE = new Set(['start', 'end']);

function stableParams(params: QueryParams | undefined): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const k of Object.keys(params ?? {}).sort()) {
    const v = params![k];
    if (v === undefined || VOLATILE.has(k)) {
      continue;
    }
    out[k] = Array.isArray(v) ? v.map(String) : String(v);
  }
  return out;
}

export function exchangeKey(path: string, params: Record<string, string | string[]>): string {
  return `${path}?${JSON.stringify(params)}`;
}

export function replayTransport(file: RecordingFile, backend = 'Tempo'): HttpTransport & { misses: string[] } {
  const byKey = new Map(file.exchanges.map((e) => [exchangeKey(e.path, e.params), e]));
  const misses: string[] = [];
  return {
    backend,
    misses,
    async getJson<T>(req: HttpRequest): Promise<T> {
      if (req.signal?.aborted) {
        throw new BackendError(backend, 'cancelled', `${backend} request cancelled`);
      }
      const key = exchangeKey(req.path, stableParams(req.params));
      const ex = byKey.get(key);
      if (!ex) {
        misses.push(key);
        throw new Error(`No recorded ${backend} response for ${key}: re-record with npm run fixtures:record`);
      }
      return parseJsonResponse<T>(backend, ex.status, ex.body);
    },
  };
}

/** Wraps a live transport (base URL) and keeps every exchange it makes. */
export function recordingTransport(baseUrl: string, backend = 'Tempo'): HttpTransport & { exchanges: Exchange[] } {
  const base = baseUrl.replace(/\/+$/, '');
  const exchanges: Exchange[] = [];
  return {
    backend,
    exchanges,
    async getJson<T>(req: HttpRequest): Promise<T> {
      const sp = new URLSearchParams();
      for (const [k, v] of Object.entries(req.params ?? {})) {
        if (v !== undefined) {
          (Array.isArray(v) ? v : [v]).forEach((x) => sp.append(k, String(x)));
        }
      }
      const res = await fetch(`${base}${req.path}${sp.size ? `?${sp}` : ''}`, {
        headers: { Accept: 'application/json', ...req.headers },
      });
      const body = await res.text();
      const ex = { path: req.path, params: stableParams(req.params), status: res.status, body };
      if (!exchanges.some((e) => exchangeKey(e.path, e.params) === exchangeKey(ex.path, ex.params))) {
        exchanges.push(ex);
      }
      return parseJsonResponse<T>(backend, res.status, body);
    },
  };
}
