import type { Attributes } from './anyValue';

export type OtelSpanKind = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';
export type StatusCode = 'unset' | 'ok' | 'error';

export interface RawEvent {
  name: string;
  timeMs: number;
  attributes: Attributes;
}

/** One span as decoded from OTLP, before any GenAI interpretation. */
export interface RawSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  otelKind: OtelSpanKind;
  /** Unix epoch milliseconds (fractional part keeps microseconds). */
  startMs: number;
  durationMs: number;
  attributes: Attributes;
  /** Shared by every span of the same resource. */
  resource: Attributes;
  scopeName: string;
  events: RawEvent[];
  statusCode: StatusCode;
  statusMessage: string;
  /** Problems met while decoding this span. */
  warnings: string[];
}
