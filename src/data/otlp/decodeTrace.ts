import { decodeKeyValues, type Attributes } from './anyValue';
import { normalizeId } from './ids';
import type { RawEvent, RawSpan, OtelSpanKind, StatusCode } from './rawSpan';
import type { OtlpEvent, OtlpResourceSpans, OtlpSpan, OtlpTrace } from './types';

export interface DecodedTrace {
  spans: RawSpan[];
  /** Trace-level problems (bad shapes that were skipped). */
  warnings: string[];
}

// Most spans have no events; they share one frozen empty list.
const NO_EVENTS: RawEvent[] = Object.freeze([]) as unknown as RawEvent[];

const KIND_BY_NUMBER: OtelSpanKind[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

/** Accepts Tempo's v2 `{trace:{resourceSpans}}`, v1 `{batches}` or a bare `{resourceSpans}`. */
export function decodeTrace(payload: unknown): DecodedTrace {
  const spans: RawSpan[] = [];
  const warnings = forEachDecodedSpan(payload, (s) => spans.push(s));
  return { spans, warnings };
}

/**
 * Decodes span by span, handing each to `visit` before the next is decoded, so a caller that
 * converts spans further keeps no decoded span alive (big traces make much less garbage).
 * Returns trace-level warnings.
 */
export function forEachDecodedSpan(payload: unknown, visit: (span: RawSpan) => void): string[] {
  const warnings: string[] = [];
  const trace = unwrapTrace(payload);
  if (!trace) {
    warnings.push('Response holds no OTLP trace (expected resourceSpans or batches).');
    return warnings;
  }
  const batches = trace.resourceSpans ?? trace.batches ?? [];
  if (!Array.isArray(batches)) {
    warnings.push('resourceSpans is not an array; nothing decoded.');
    return warnings;
  }
  for (const rs of batches) {
    decodeResourceSpans(rs, visit, warnings);
  }
  return warnings;
}

function unwrapTrace(payload: unknown): OtlpTrace | undefined {
  if (!payload || typeof payload !== 'object') {
    return undefined;
  }
  const p = payload as { trace?: OtlpTrace } & OtlpTrace;
  if (p.trace && typeof p.trace === 'object') {
    return p.trace;
  }
  if (p.resourceSpans || p.batches) {
    return p;
  }
  return undefined;
}

function decodeResourceSpans(rs: OtlpResourceSpans, visit: (span: RawSpan) => void, warnings: string[]): void {
  if (!rs || typeof rs !== 'object') {
    warnings.push('Skipped a resourceSpans entry that is not an object.');
    return;
  }
  const resource = decodeKeyValues(rs.resource?.attributes);
  const scopes = rs.scopeSpans ?? rs.instrumentationLibrarySpans ?? [];
  if (!Array.isArray(scopes)) {
    return;
  }
  for (const ss of scopes) {
    const scopeName = ss?.scope?.name ?? '';
    if (!Array.isArray(ss?.spans)) {
      continue;
    }
    for (const span of ss.spans) {
      if (!span || typeof span !== 'object') {
        warnings.push('Skipped a span that is not an object.');
        continue;
      }
      visit(decodeSpan(span, resource, scopeName));
    }
  }
}

export function decodeSpan(span: OtlpSpan, resource: Attributes, scopeName: string): RawSpan {
  const warnings: string[] = [];
  const start = nanosToMs(span.startTimeUnixNano);
  const end = nanosToMs(span.endTimeUnixNano);
  if (start === undefined) {
    warnings.push('Span has no valid startTimeUnixNano.');
  }
  let durationMs = start !== undefined && end !== undefined ? end - start : 0;
  if (durationMs < 0) {
    warnings.push(`Span ends before it starts (${durationMs.toFixed(3)} ms); duration set to 0.`);
    durationMs = 0;
  }
  const spanId = normalizeId(span.spanId, 16);
  if (!spanId) {
    warnings.push('Span has no spanId.');
  }
  return {
    traceId: normalizeId(span.traceId, 32),
    spanId,
    parentSpanId: normalizeId(span.parentSpanId, 16),
    name: typeof span.name === 'string' ? span.name : '',
    otelKind: decodeKind(span.kind),
    startMs: start ?? 0,
    durationMs,
    attributes: decodeKeyValues(span.attributes),
    resource,
    scopeName,
    events: Array.isArray(span.events) && span.events.length ? span.events.map(decodeEvent) : NO_EVENTS,
    statusCode: decodeStatus(span.status?.code),
    statusMessage: span.status?.message ?? '',
    warnings,
  };
}

function decodeEvent(e: OtlpEvent): RawEvent {
  return {
    name: typeof e?.name === 'string' ? e.name : '',
    timeMs: nanosToMs(e?.timeUnixNano) ?? 0,
    attributes: decodeKeyValues(e?.attributes),
  };
}

export function nanosToMs(v: string | number | undefined): number | undefined {
  if (v === undefined || v === null || v === '') {
    return undefined;
  }
  if (typeof v === 'number') {
    return Number.isFinite(v) ? v / 1e6 : undefined;
  }
  // Split so the millisecond part keeps its precision beyond 2^53 nanoseconds.
  if (!/^\d+$/.test(v)) {
    return undefined;
  }
  if (v.length <= 6) {
    return Number(v) / 1e6;
  }
  return Number(v.slice(0, -6)) + Number(v.slice(-6)) / 1e6;
}

function decodeKind(k: number | string | undefined): OtelSpanKind {
  if (typeof k === 'number') {
    return KIND_BY_NUMBER[k] ?? 'unspecified';
  }
  if (typeof k === 'string') {
    const s = k.replace(/^SPAN_KIND_/, '').toLowerCase();
    return (KIND_BY_NUMBER as string[]).includes(s) ? (s as OtelSpanKind) : 'unspecified';
  }
  return 'unspecified';
}

function decodeStatus(code: number | string | undefined): StatusCode {
  if (code === 2 || code === 'STATUS_CODE_ERROR' || code === 'ERROR') {
    return 'error';
  }
  if (code === 1 || code === 'STATUS_CODE_OK' || code === 'OK') {
    return 'ok';
  }
  return 'unset';
}
