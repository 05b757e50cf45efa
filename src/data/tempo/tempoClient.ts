import { BackendError } from '../http/backendError';
import type { HttpTransport } from '../http/transport';
import { padForTempoLexer } from '../traceql/lexerBoundaryPadding';
import type {
  TempoInstantMetricsResponse,
  TempoMetricsResponse,
  TempoSearchResponse,
  TempoTagValuesResponse,
  TempoTagsResponse,
  TempoTraceByIdResponse,
} from './searchTypes';

export interface TimeRangeSec {
  start: number;
  end: number;
}

export interface SearchOptions {
  limit?: number;
  /** Spans per span set Tempo returns (its own default is 3). */
  spss?: number;
  range?: TimeRangeSec;
  signal?: AbortSignal;
  requestId?: string;
}

const TRACE_ID_RE = /^[0-9a-fA-F]{1,32}$/;

/** Tempo's HTTP API, over any transport. */
export class TempoClient {
  constructor(readonly http: HttpTransport) {}

  async search(q: string, opts: SearchOptions = {}): Promise<TempoSearchResponse> {
    const res = await this.http.getJson<TempoSearchResponse>({
      path: '/api/search',
      params: {
        q: padForTempoLexer(q),
        limit: opts.limit,
        spss: opts.spss,
        start: opts.range?.start,
        end: opts.range?.end,
      },
      signal: opts.signal,
      requestId: opts.requestId,
    });
    if (!res || typeof res !== 'object' || (res.traces !== undefined && !Array.isArray(res.traces))) {
      throw new BackendError(this.http.backend, 'malformed', 'Tempo search response has no traces list');
    }
    return res;
  }

  /** Fetches a whole trace (v2 API). A PARTIAL status is passed on for the caller to surface. */
  async traceById(
    traceId: string,
    opts: { range?: TimeRangeSec; signal?: AbortSignal; requestId?: string } = {}
  ): Promise<TempoTraceByIdResponse> {
    const id = traceId.trim();
    if (!TRACE_ID_RE.test(id)) {
      throw new BackendError(
        this.http.backend,
        'http',
        `"${traceId.slice(0, 64)}" is not a trace id (1–32 hex digits)`,
        400
      );
    }
    try {
      return await this.http.getJson<TempoTraceByIdResponse>({
        path: `/api/v2/traces/${id}`,
        params: opts.range ? { start: opts.range.start, end: opts.range.end } : undefined,
        signal: opts.signal,
        requestId: opts.requestId,
      });
    } catch (e) {
      if (e instanceof BackendError && e.status === 404) {
        throw new BackendError(
          this.http.backend,
          'http',
          `Trace ${id} was not found in Tempo (it may be outside retention or the time range)`,
          404
        );
      }
      throw e;
    }
  }

  async tags(scope: 'span' | 'resource' | 'event' | 'intrinsic' = 'span', signal?: AbortSignal): Promise<string[]> {
    const res = await this.http.getJson<TempoTagsResponse>({ path: '/api/v2/search/tags', params: { scope }, signal });
    return (res?.scopes ?? []).flatMap((s) => s.tags ?? []);
  }

  /** Values of a scoped tag, e.g. `span.gen_ai.request.model`, optionally narrowed by a TraceQL query. */
  async tagValues(
    scopedTag: string,
    opts: { q?: string; range?: TimeRangeSec; signal?: AbortSignal } = {}
  ): Promise<string[]> {
    const res = await this.http.getJson<TempoTagValuesResponse>({
      path: `/api/v2/search/tag/${encodeURIComponent(scopedTag)}/values`,
      params: { q: opts.q, start: opts.range?.start, end: opts.range?.end },
      signal: opts.signal,
    });
    const values = (res?.tagValues ?? []).map((v) => v.value).filter((v): v is string => typeof v === 'string');
    return [...new Set(values)].sort();
  }

  /** TraceQL metrics over a range; `stepSec` is the sample interval. */
  async metricsQueryRange(
    q: string,
    range: TimeRangeSec & { stepSec: number },
    opts: { signal?: AbortSignal; requestId?: string } = {}
  ): Promise<TempoMetricsResponse> {
    const res = await this.http.getJson<TempoMetricsResponse>({
      path: '/api/metrics/query_range',
      params: { q: padForTempoLexer(q), start: range.start, end: range.end, step: `${range.stepSec}s` },
      signal: opts.signal,
      requestId: opts.requestId,
    });
    if (!res || typeof res !== 'object' || (res.series !== undefined && !Array.isArray(res.series))) {
      throw new BackendError(this.http.backend, 'malformed', 'Tempo metrics response has no series list');
    }
    return res;
  }

  /** TraceQL metrics, one value per series over the whole range (Tempo 2.7+). */
  async metricsQueryInstant(
    q: string,
    range: TimeRangeSec,
    opts: { signal?: AbortSignal; requestId?: string } = {}
  ): Promise<TempoInstantMetricsResponse> {
    const res = await this.http.getJson<TempoInstantMetricsResponse>({
      path: '/api/metrics/query',
      params: { q: padForTempoLexer(q), start: range.start, end: range.end },
      signal: opts.signal,
      requestId: opts.requestId,
    });
    if (!res || typeof res !== 'object' || (res.series !== undefined && !Array.isArray(res.series))) {
      throw new BackendError(this.http.backend, 'malformed', 'Tempo metrics response has no series list');
    }
    return res;
  }

  async buildInfo(signal?: AbortSignal): Promise<{ version?: string }> {
    return this.http.getJson<{ version?: string }>({ path: '/api/status/buildinfo', signal });
  }
}
