/** @jest-environment node */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { spanTreeFrame } from '../frames/spanTreeFrame';
import { readSpanTreeFrame } from '../frames/readSpanTreeFrame';
import { buildTraceFromPayload, type LoadedTrace } from '../trace/loadTrace';
import { pipelineOptions } from '../../../tests/helpers/pipeline';
import { conversationTranscript } from './conversationTranscript';

// The demo agent app's own export (DEMO_SEMCONV=2026, chats on the spans).
const payload = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../../fixtures/otlp/demo-2026.traces.json'), 'utf8')
);
const byTrace = new Map<string, unknown[]>();
for (const rs of payload.resourceSpans) {
  for (const ss of rs.scopeSpans) {
    for (const span of ss.spans) {
      byTrace.set(span.traceId, [
        ...(byTrace.get(span.traceId) ?? []),
        { resource: rs.resource, scopeSpans: [{ scope: ss.scope, spans: [span] }] },
      ]);
    }
  }
}
const traces: LoadedTrace[] = [...byTrace].map(([id, resourceSpans]) =>
  buildTraceFromPayload(id, { resourceSpans }, pipelineOptions())
);
const conversationOf = (t: LoadedTrace) => t.nodes.find((n) => n.span.conversationId)?.span.conversationId;
const conversations = new Map<string, LoadedTrace[]>();
for (const t of traces) {
  const c = conversationOf(t);
  if (c) {
    conversations.set(c, [...(conversations.get(c) ?? []), t]);
  }
}

describe('conversationTranscript on the demo’s conversations', () => {
  const multi = [...conversations.values()].filter((ts) => ts.length >= 2);

  it('has conversations of several turns to check', () => {
    expect(multi.length).toBeGreaterThan(0);
  });

  it('orders turns oldest first; each turn’s input, answer, tools and totals are its trace’s', () => {
    for (const ts of multi) {
      // Given newest first: the transcript must reorder.
      const sorted = [...ts].sort((a, b) => b.startMs - a.startMs);
      const tr = conversationTranscript(sorted.map((t) => ({ table: readSpanTreeFrame(spanTreeFrame(t)) })));
      expect(tr.turns.map((x) => x.traceId)).toEqual(
        [...ts].sort((a, b) => a.startMs - b.startMs).map((t) => t.traceId)
      );
      for (const turn of tr.turns) {
        const t = ts.find((x) => x.traceId === turn.traceId)!;
        const llm = t.nodes.filter((n) => !n.synthetic && n.span.kind === 'llm');
        const firstPrompt = llm.find((n) => n.span.content.input.length > 0)!.span.content.input;
        const lastUser = [...firstPrompt].reverse().find((m) => m.role === 'user')!;
        expect(turn.userInput).toBe(lastUser.parts.map((p) => (p.type === 'text' ? p.content : '')).join('\n\n'));
        const answered = llm.filter((n) => n.span.content.output.length > 0).at(-1)!;
        expect(turn.answer).toContain(
          (answered.span.content.output[0].parts.find((p) => p.type === 'text') as { content: string } | undefined)
            ?.content ?? ''
        );
        expect(turn.tools.map((x) => x.span_id)).toEqual(
          t.nodes.filter((n) => n.span.kind === 'tool').map((n) => n.span.spanId)
        );
        expect(turn.inputTokens).toBe(llm.reduce((s, n) => s + (n.span.tokens.input ?? 0), 0));
        expect(turn.durationMs).toBeCloseTo(t.endMs - t.startMs, 3);
      }
      expect(tr.totals.inputTokens).toBe(tr.turns.reduce((s, x) => s + x.inputTokens, 0));
      expect(tr.totals.costUsd === null).toBe(tr.turns.some((x) => x.costUsd === null));
    }
  });

  it('points at the first error of the conversation, when there is one', () => {
    const withError = [...conversations.values()].find((ts) => ts.some((t) => t.nodes.some((n) => n.span.error)))!;
    expect(withError).toBeDefined();
    const tr = conversationTranscript(withError.map((t) => ({ table: readSpanTreeFrame(spanTreeFrame(t)) })));
    const firstTurn = [...withError]
      .sort((a, b) => a.startMs - b.startMs)
      .find((t) => t.nodes.some((n) => n.span.error))!;
    const firstSpan = firstTurn.nodes.find((n) => !n.synthetic && n.span.error)!;
    expect(tr.firstError).toEqual({ traceId: firstTurn.traceId, spanId: firstSpan.span.spanId });
    expect(tr.totals.errors).toBe(withError.filter((t) => t.nodes.some((n) => !n.synthetic && n.span.error)).length);
  });
});
