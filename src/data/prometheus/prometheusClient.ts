import { BackendError } from '../http/backendError';
import type { HttpTransport } from '../http/transport';

interface PromEnvelope<T> {
  status?: 'success' | 'error';
  data?: T;
  error?: string;
  errorType?: string;
  warnings?: string[];
}

export interface PromSeries {
  metric: Record<string, string>;
  values?: Array<[number, string]>;
  /** Native-histogram samples (instead of `values`). */
  histograms?: unknown[];
}

export interface PromMatrix {
  resultType: 'matrix';
  result: PromSeries[];
}

export interface PromVectorResult {
  resultType: 'vector' | 'scalar' | 'matrix' | 'string';
  result: Array<{ metric: Record<string, string>; value: [number, string] }>;
}

/** Prometheus HTTP API v1, over any transport. */
export class PrometheusClient {
  constructor(readonly http: HttpTransport) {}

  private async get<T>(
    path: string,
    params: Record<string, string | number | string[] | undefined>,
    signal?: AbortSignal
  ): Promise<T> {
    const res = await this.http.getJson<PromEnvelope<T>>({ path, params, signal });
    if (!res || typeof res !== 'object' || res.status !== 'success') {
      const msg = res && typeof res === 'object' && res.error ? res.error : 'unexpected response shape';
      throw new BackendError(this.http.backend, 'malformed', `Prometheus: ${msg}`);
    }
    return res.data as T;
  }

  buildInfo(signal?: AbortSignal): Promise<{ version?: string }> {
    return this.get('/api/v1/status/buildinfo', {}, signal);
  }

  /** Label names present on series matching a selector. */
  labelNames(match: string, signal?: AbortSignal): Promise<string[]> {
    return this.get('/api/v1/labels', { 'match[]': [match] }, signal);
  }

  /** A range query; the matrix comes back as is. */
  queryRange(
    query: string,
    range: { start: number; end: number; step: number },
    signal?: AbortSignal
  ): Promise<PromMatrix> {
    return this.get('/api/v1/query_range', { query, start: range.start, end: range.end, step: range.step }, signal);
  }

  /** An instant query. */
  query(query: string, time: number | undefined, signal?: AbortSignal): Promise<PromVectorResult> {
    return this.get('/api/v1/query', { query, time }, signal);
  }

  /** Metric names matching a selector, e.g. `{__name__=~"gen_ai.*"}`. */
  metricNames(match: string, range?: { start: number; end: number }, signal?: AbortSignal): Promise<string[]> {
    return this.get(
      '/api/v1/label/__name__/values',
      { 'match[]': [match], start: range?.start, end: range?.end },
      signal
    );
  }
}
