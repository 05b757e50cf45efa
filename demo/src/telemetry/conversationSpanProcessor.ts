import { propagation, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';

export const CONVERSATION_ID = 'gen_ai.conversation.id';

/**
 * Puts `gen_ai.conversation.id` (carried as baggage by the agent loop) on every span started
 * inside a conversation, including the instrumentation's LLM spans, which cannot know it.
 */
export class ConversationSpanProcessor implements SpanProcessor {
  onStart(span: Span, parentContext: Context): void {
    const id = propagation.getBaggage(parentContext)?.getEntry(CONVERSATION_ID)?.value;
    if (id && span.attributes[CONVERSATION_ID] === undefined) {
      span.setAttribute(CONVERSATION_ID, id);
    }
  }

  onEnd(_span: ReadableSpan): void {}

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {}
}
