/**
 * OTLP/HTTP exporters chosen by the standard protocol variables
 * (OTEL_EXPORTER_OTLP_{TRACES_,METRICS_,}PROTOCOL: `http/protobuf`, the default, or `http/json`).
 * Endpoints, headers, timeouts and compression are read by the exporters themselves from the
 * standard OTEL_EXPORTER_OTLP_* variables.
 */
import {
  AggregationTemporalityPreference,
  OTLPMetricExporter as JsonMetricExporter,
} from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace';

type Protocol = 'http/protobuf' | 'http/json';

type Signal = 'TRACES' | 'METRICS' | 'LOGS';

function protocol(signal: Signal): Protocol {
  const raw = (
    process.env[`OTEL_EXPORTER_OTLP_${signal}_PROTOCOL`] ||
    process.env.OTEL_EXPORTER_OTLP_PROTOCOL ||
    'http/protobuf'
  ).trim();
  if (raw === 'http/protobuf' || raw === 'http/json') {
    return raw;
  }
  throw new Error(`OTLP protocol ${JSON.stringify(raw)} is not supported by the demo (use http/protobuf or http/json)`);
}

/**
 * OTEL_TRACES_EXPORTER / OTEL_METRICS_EXPORTER / OTEL_LOGS_EXPORTER: `otlp` or `none`. Traces and
 * metrics default to `otlp`, as the SDK does; logs to `none`, so a demo without a log backend
 * sends nothing anywhere (the compose stack turns them on and sends them to Loki).
 */
export function exporterEnabled(signal: Signal): boolean {
  const v = (process.env[`OTEL_${signal}_EXPORTER`] || (signal === 'LOGS' ? 'none' : 'otlp')).trim().toLowerCase();
  if (v !== 'otlp' && v !== 'none') {
    throw new Error(`OTEL_${signal}_EXPORTER=${v} is not supported by the demo (use otlp or none)`);
  }
  return v === 'otlp';
}

export function traceExporter(): SpanExporter {
  return protocol('TRACES') === 'http/json' ? new JsonTraceExporter() : new ProtoTraceExporter();
}

/** The GenAI log records (prompts and completions of the instrumentation), e.g. to Loki's /otlp/v1/logs. */
export function logExporter(): LogRecordExporter {
  return protocol('LOGS') === 'http/json' ? new JsonLogExporter() : new ProtoLogExporter();
}

export function metricExporter(): PushMetricExporter {
  // Prometheus' OTLP receiver needs cumulative temporality, whatever the environment prefers.
  const options = { temporalityPreference: AggregationTemporalityPreference.CUMULATIVE };
  return protocol('METRICS') === 'http/json' ? new JsonMetricExporter(options) : new ProtoMetricExporter(options);
}

/** Throws a clear error for export settings the demo cannot honour (checked once at start-up). */
export function checkExportSettings(): void {
  for (const signal of ['TRACES', 'METRICS', 'LOGS'] as const) {
    if (exporterEnabled(signal)) {
      protocol(signal);
    }
  }
}
