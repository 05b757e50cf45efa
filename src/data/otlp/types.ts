// OTLP/JSON shapes as Tempo returns them from /api/v2/traces/<id> (protobuf JSON mapping:
// int64 values arrive as strings, bytes ids as base64 or hex depending on the endpoint).

export interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number | string;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
  bytesValue?: string;
}

export interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}

export interface OtlpEvent {
  timeUnixNano?: string | number;
  name?: string;
  attributes?: OtlpKeyValue[];
}

export interface OtlpStatus {
  code?: number | string; // 0 unset, 1 ok, 2 error (or STATUS_CODE_* names)
  message?: string;
}

export interface OtlpSpan {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  kind?: number | string;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  attributes?: OtlpKeyValue[];
  events?: OtlpEvent[];
  status?: OtlpStatus;
  links?: unknown[];
}

export interface OtlpScopeSpans {
  scope?: { name?: string; version?: string };
  spans?: OtlpSpan[];
}

export interface OtlpResourceSpans {
  resource?: { attributes?: OtlpKeyValue[] };
  scopeSpans?: OtlpScopeSpans[];
  /** Older exporters used this name. */
  instrumentationLibrarySpans?: OtlpScopeSpans[];
}

export interface OtlpTrace {
  resourceSpans?: OtlpResourceSpans[];
  /** Tempo v1 and some tools use `batches`. */
  batches?: OtlpResourceSpans[];
}
