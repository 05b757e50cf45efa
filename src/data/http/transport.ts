import { BackendError, errorText, excerpt } from './backendError';

export type QueryParams = Record<string, string | number | boolean | string[] | undefined>;

export interface HttpRequest {
  /** Path below the backend's base URL, e.g. `/api/search`. */
  path: string;
  params?: QueryParams;
  signal?: AbortSignal;
  /** Grafana cancels an in-flight request when another with the same id starts. */
  requestId?: string;
  headers?: Record<string, string>;
}

/** How clients reach a backend: through Grafana's proxy in the plugin, straight in tests. */
export interface HttpTransport {
  readonly backend: string;
  getJson<T = unknown>(req: HttpRequest): Promise<T>;
}

export function encodeParams(params: QueryParams | undefined): string {
  if (!params) {
    return '';
  }
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) {
      continue;
    }
    if (Array.isArray(v)) {
      v.forEach((x) => sp.append(k, x));
    } else {
      sp.append(k, String(v));
    }
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

export interface FetchTransportOptions {
  backend: string;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

/** A transport over `fetch` with a base URL; used by tests, scripts and the bench. */
export function fetchTransport(baseUrl: string, opts: FetchTransportOptions): HttpTransport {
  const base = baseUrl.replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const doFetch = opts.fetchImpl ?? fetch;
  return {
    backend: opts.backend,
    async getJson<T>(req: HttpRequest): Promise<T> {
      const url = base + req.path + encodeParams(req.params);
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
      let res: Response;
      let body: string;
      try {
        res = await doFetch(url, { headers: { Accept: 'application/json', ...req.headers }, signal });
        body = await res.text();
      } catch (e) {
        throw transportFailure(opts.backend, e, req.signal, timeout, timeoutMs, base);
      }
      return parseJsonResponse<T>(opts.backend, res.status, body);
    },
  };
}

function transportFailure(
  backend: string,
  e: unknown,
  user: AbortSignal | undefined,
  timeout: AbortSignal,
  timeoutMs: number,
  base: string
): BackendError {
  if (user?.aborted) {
    return new BackendError(backend, 'cancelled', `${backend} request cancelled`);
  }
  if (timeout.aborted) {
    const limit = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
    return new BackendError(backend, 'timeout', `${backend} did not answer within ${limit}`);
  }
  // fetch wraps the socket error in `cause` (duck-typed: errors may come from another realm).
  const err = e as { message?: string; cause?: { code?: string; message?: string } } | undefined;
  const cause = err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(e);
  return new BackendError(backend, 'unreachable', `${backend} is unreachable at ${base}: ${cause}`);
}

/** Turns a status and body into parsed JSON or a clear BackendError. */
export function parseJsonResponse<T>(backend: string, status: number, body: string): T {
  let parsed: unknown;
  let parseFailed = false;
  try {
    parsed = body === '' ? undefined : JSON.parse(body);
  } catch {
    parseFailed = true;
  }
  if (status < 200 || status >= 300) {
    const text = parseFailed ? excerpt(body) : (errorText(parsed) ?? excerpt(body));
    throw new BackendError(
      backend,
      'http',
      `${backend} answered HTTP ${status}${text ? `: ${text}` : ''}`,
      status,
      body
    );
  }
  if (parseFailed) {
    throw new BackendError(
      backend,
      'malformed',
      `${backend} returned malformed JSON: ${excerpt(body, 120)}`,
      status,
      body
    );
  }
  return parsed as T;
}
