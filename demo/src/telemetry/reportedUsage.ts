import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { ReportedUsage } from './genaiMetrics2026';

/**
 * 2026 mode: cache token counts on the instrumentation's model-call spans under their 2026 names
 * (@opentelemetry/instrumentation-openai 0.22 records none). The demo remembers what the provider
 * reported per response id (from the response body, see `usageRecordingFetch`, or the last stream
 * chunk); the processor writes it onto the span that carries that `gen_ai.response.id` as it ends.
 */
const byResponseId = new Map<string, ReportedUsage>();

export function rememberUsage(responseId: string | undefined, usage: ReportedUsage): void {
  if (responseId) {
    byResponseId.set(responseId, usage);
  }
}

/** The provider's usage object → our usage kinds (cache_write_tokens: the simulator's extension). */
export function reportedUsage(usage: any): ReportedUsage {
  if (!usage || typeof usage !== 'object') {
    return {};
  }
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  return {
    input: num(usage.prompt_tokens),
    output: num(usage.completion_tokens),
    cacheRead: num(usage.prompt_tokens_details?.cached_tokens),
    cacheWrite: num(usage.prompt_tokens_details?.cache_write_tokens),
    reasoning: num(usage.completion_tokens_details?.reasoning_tokens),
  };
}

/** A `fetch` for the OpenAI client that remembers the usage of non-streamed JSON answers. */
export const usageRecordingFetch: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  if (res.ok && (res.headers.get('content-type') ?? '').includes('application/json')) {
    try {
      const body = (await res.clone().json()) as { id?: string; usage?: unknown };
      rememberUsage(body.id, reportedUsage(body.usage));
    } catch {
      // Not our business: the client reports unreadable bodies itself.
    }
  }
  return res;
};

export class CacheUsageSpanProcessor implements SpanProcessor {
  onStart(_span: Span, _parentContext: Context): void {}

  onEnding(span: Span): void {
    const id = span.attributes['gen_ai.response.id'];
    const usage = typeof id === 'string' ? byResponseId.get(id) : undefined;
    if (!usage) {
      return;
    }
    byResponseId.delete(id as string);
    if (usage.cacheRead !== undefined) {
      span.setAttribute('gen_ai.usage.cache_read.input_tokens', usage.cacheRead);
    }
    if (usage.cacheWrite !== undefined) {
      span.setAttribute('gen_ai.usage.cache_write.input_tokens', usage.cacheWrite);
    }
  }

  onEnd(_span: ReadableSpan): void {}

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {}
}
