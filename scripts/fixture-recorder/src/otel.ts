/**
 * OpenTelemetry SDK (3.x) set-up shared by the dialects that let us own the provider:
 * a TracerProvider (the 3.x successor of NodeTracerProvider: @opentelemetry/sdk-trace +
 * AsyncLocalStorage context manager) exporting to an in-memory exporter, plus an
 * optional LoggerProvider for libraries that put content into log events.
 */
import { context, logs, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { CapturingSpanExporter, fixtureResource, HAND_MADE_SCOPE, writeLogs, writeTraces } from './common.js';

export function setupOtel(dialect: string) {
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);

  const resource = fixtureResource(dialect);
  const spanExporter = new CapturingSpanExporter();
  const tracerProvider = new TracerProvider({
    resource,
    spanProcessors: [new SimpleSpanProcessor({ exporter: spanExporter as any })],
  });
  trace.setGlobalTracerProvider(tracerProvider);

  const logExporter = new InMemoryLogRecordExporter();
  const loggerProvider = new LoggerProvider({
    resource,
    processors: [new SimpleLogRecordProcessor({ exporter: logExporter })],
  });
  logs.setGlobalLoggerProvider(loggerProvider);

  return {
    tracerProvider,
    loggerProvider,
    /** Tracer for spans this recorder creates by hand (agent/tool spans where a library has no helper). */
    handTracer: tracerProvider.getTracer(HAND_MADE_SCOPE, '1.0.0'),
    async finish(opts: { logs?: boolean } = {}) {
      await tracerProvider.forceFlush();
      await loggerProvider.forceFlush();
      writeTraces(dialect, spanExporter.spans);
      if (opts.logs) {
        writeLogs(dialect, logExporter.getFinishedLogRecords());
      }
      await tracerProvider.shutdown();
      await loggerProvider.shutdown();
    },
  };
}
