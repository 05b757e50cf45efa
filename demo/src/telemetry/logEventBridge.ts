import { trace, type Context } from '@opentelemetry/api';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';

/**
 * Used only with DEMO_LOG_EVENTS_ON_SPANS=true (by default the records go to Loki as logs).
 * @opentelemetry/instrumentation-openai reports prompts and completions as log *events*
 * (gen_ai.user.message, gen_ai.choice, ...) parented to the LLM span. Tempo stores spans only, so
 * this processor copies each such event onto its span as a span event: the event's attributes,
 * plus its body as JSON in `gen_ai.event.content` (the name span-event bridges use). The span
 * tree panel reads messages from there. Nothing else is done with the log records.
 */
export class LogEventToSpanEventBridge implements LogRecordProcessor {
  onEmit(record: ReadWriteLogRecord, context?: Context): void {
    const span = context ? trace.getSpan(context) : undefined;
    if (!span || !span.isRecording()) {
      return;
    }
    const name = record.eventName ?? stringAttr(record.attributes['event.name']);
    if (!name) {
      return;
    }
    const attributes: Record<string, string | number | boolean> = {};
    for (const [key, value] of Object.entries(record.attributes)) {
      if (key === 'event.name' || value === undefined || value === null) {
        continue;
      }
      attributes[key] = typeof value === 'object' ? JSON.stringify(value) : (value as string | number | boolean);
    }
    if (record.body !== undefined && record.body !== null) {
      attributes['gen_ai.event.content'] = typeof record.body === 'string' ? record.body : JSON.stringify(record.body);
    }
    span.addEvent(name, attributes, record.hrTime);
  }

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {}
}

function stringAttr(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
