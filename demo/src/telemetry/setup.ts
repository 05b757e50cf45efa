/**
 * OpenTelemetry JS SDK set-up of one pipeline-version process: traces and metrics exported over
 * OTLP/HTTP (standard OTEL_EXPORTER_OTLP_* variables), resource from OTEL_SERVICE_NAME /
 * OTEL_RESOURCE_ATTRIBUTES plus `service.version`, and @opentelemetry/instrumentation-openai
 * with message content capture on (OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=false
 * turns it off). Must run before `openai` is loaded.
 * With DEMO_SEMCONV=2026 the instrumentation's metrics (old names) are not exported: the demo
 * records the 2026 names itself (genaiMetrics2026.ts), so a "new names only" Prometheus is real.
 */
import { context, logs, metrics, propagation, trace, type Meter, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CBaggagePropagator } from '@opentelemetry/core';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { OpenAIInstrumentation } from '@opentelemetry/instrumentation-openai';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { ConversationSpanProcessor } from './conversationSpanProcessor';
import type { Semconv } from '../config';
import { createDemoMetrics, type DemoMetrics } from './demoMetrics';
import { createGenAiMetrics2026, type GenAiMetrics2026 } from './genaiMetrics2026';
import { exporterEnabled, logExporter, metricExporter, traceExporter } from './exporters';
import { LogEventToSpanEventBridge } from './logEventBridge';
import { CacheUsageSpanProcessor } from './reportedUsage';
import { SpanCaptureProcessor } from './spanCapture';

export const SERVICE_NAME = 'genai-demo-agent';
export const DEMO_SCOPE = 'genai-demo-agent';

export interface Telemetry {
  tracer: Tracer;
  meter: Meter;
  metrics: DemoMetrics;
  /** Set with DEMO_SEMCONV=2026. */
  metrics2026?: GenAiMetrics2026;
  /** Flushes and stops every provider (call once, on exit). */
  shutdown(): Promise<void>;
}

/**
 * Prompt/completion capture: on unless OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=false.
 * The same switch governs the instrumentation and the demo's own content attributes.
 */
export function contentCaptureEnabled(): boolean {
  return (process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT ?? '').trim().toLowerCase() !== 'false';
}

/** DEMO_LOG_EVENTS_ON_SPANS=true: also copy the instrumentation's log events onto their spans. */
export function logEventsOnSpans(): boolean {
  return (process.env.DEMO_LOG_EVENTS_ON_SPANS ?? '').trim().toLowerCase() === 'true';
}

function intervalMs(): number {
  // Standard variable; the demo's default is shorter than the SDK's 60 s so dashboards move.
  const v = Number(process.env.OTEL_METRIC_EXPORT_INTERVAL);
  return Number.isFinite(v) && v > 0 ? v : 15000;
}

export function startTelemetry(version: string, scopeVersion: string, semconv: Semconv = 'legacy'): Telemetry {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CBaggagePropagator());

  const fromEnv = detectResources({ detectors: [envDetector] });
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': SERVICE_NAME }))
    .merge(fromEnv)
    // The process *is* this pipeline version, whatever the environment says.
    .merge(resourceFromAttributes({ 'service.version': version }));

  const tracerProvider = new TracerProvider({
    resource,
    spanProcessors: [
      new ConversationSpanProcessor(),
      new SpanCaptureProcessor(),
      ...(semconv === '2026' ? [new CacheUsageSpanProcessor()] : []),
      ...(exporterEnabled('TRACES') ? [new BatchSpanProcessor({ exporter: traceExporter() })] : []),
    ],
  });
  const meterProvider = new MeterProvider({
    resource,
    readers: exporterEnabled('METRICS')
      ? [new PeriodicExportingMetricReader({ exporter: metricExporter(), exportIntervalMillis: intervalMs() })]
      : [],
  });
  // The instrumentation writes prompts and completions as log records: exported as logs (to Loki
  // in the compose stack), and copied onto their spans only when DEMO_LOG_EVENTS_ON_SPANS=true
  // (the demo's behaviour before Loki; Tempo then holds the chats itself).
  const loggerProvider = new LoggerProvider({
    resource,
    processors: [
      ...(logEventsOnSpans() ? [new LogEventToSpanEventBridge()] : []),
      ...(exporterEnabled('LOGS') ? [new BatchLogRecordProcessor({ exporter: logExporter() })] : []),
    ],
  });

  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  logs.setGlobalLoggerProvider(loggerProvider);

  // A provider without readers: the instrumentation's old-name metrics go nowhere.
  const instrumentationMeters = semconv === '2026' ? new MeterProvider({ resource }) : meterProvider;
  registerInstrumentations({
    instrumentations: [new OpenAIInstrumentation({ captureMessageContent: contentCaptureEnabled() })],
    tracerProvider,
    meterProvider: instrumentationMeters,
    loggerProvider,
  });

  const meter = meterProvider.getMeter(DEMO_SCOPE, scopeVersion);
  return {
    tracer: tracerProvider.getTracer(DEMO_SCOPE, scopeVersion),
    meter,
    metrics: createDemoMetrics(meter),
    metrics2026: semconv === '2026' ? createGenAiMetrics2026(meter) : undefined,
    async shutdown() {
      // Spans first (they end before their metrics are final), then metrics.
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
      if (instrumentationMeters !== meterProvider) {
        await instrumentationMeters.shutdown();
      }
      await loggerProvider.shutdown();
    },
  };
}
