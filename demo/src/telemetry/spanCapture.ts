import { context, createContextKey, type Context, type Span as ApiSpan } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';

const CAPTURE = createContextKey('genai-demo span capture');

/**
 * Lets the demo reach the span an instrumentation starts inside `fn` (the instrumentation does
 * not hand it out), to add what only the caller knows, e.g. the time to the first streamed chunk.
 */
export function captureSpans<T>(fn: () => T): { result: T; spans: ApiSpan[] } {
  const spans: ApiSpan[] = [];
  const result = context.with(context.active().setValue(CAPTURE, spans), fn);
  return { result, spans };
}

export class SpanCaptureProcessor implements SpanProcessor {
  onStart(span: Span, parentContext: Context): void {
    const holder = parentContext.getValue(CAPTURE) as ApiSpan[] | undefined;
    holder?.push(span);
  }

  onEnd(_span: ReadableSpan): void {}

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {}
}
