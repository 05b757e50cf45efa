/** @jest-environment node */
import { decodeTrace } from '../otlp/decodeTrace';
import { otlpTrace, type SpanSpec } from '../../../tests/helpers/otlpBuilders';
import { normalizeSpan } from './normalizeSpan';

function one(spec: Partial<SpanSpec>, resource?: Record<string, string>) {
  const { spans } = decodeTrace(otlpTrace([{ id: '1', ...spec }], resource));
  return normalizeSpan(spans[0]);
}

describe('normalizeSpan: current semconv', () => {
  const span = one({
    name: 'chat gpt-4o',
    attrs: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.response.model': 'gpt-4o-2024-08-06',
      'gen_ai.usage.input_tokens': 1000,
      'gen_ai.usage.output_tokens': 200,
      'gen_ai.usage.cache_read.input_tokens': 300,
      'gen_ai.usage.reasoning.output_tokens': 50,
      'gen_ai.response.finish_reasons': ['tool_calls'],
      'gen_ai.conversation.id': 'conv-1',
      'gen_ai.input.messages': JSON.stringify([
        { role: 'user', parts: [{ type: 'text', content: 'hi <b>there</b>' }] },
      ]),
      'gen_ai.output.messages': JSON.stringify([
        {
          role: 'assistant',
          parts: [{ type: 'tool_call', id: 'c1', name: 'search', arguments: { q: 'x' } }],
          finish_reason: 'tool_calls',
        },
      ]),
      'custom.thing': 'kept',
    },
  });
  it('reads kind, provider, models and usage; input keeps cache, output keeps reasoning', () => {
    expect(span.kind).toBe('llm');
    expect(span.provider).toBe('openai');
    expect(span.requestModel).toBe('gpt-4o');
    expect(span.responseModel).toBe('gpt-4o-2024-08-06');
    expect(span.tokens).toEqual({ input: 1000, output: 200, cacheRead: 300, reasoning: 50 });
    expect(span.finishReasons).toEqual(['tool_calls']);
    expect(span.conversationId).toBe('conv-1');
    expect(span.dialects).toEqual(['semconv']);
  });
  it('parses JSON-string messages into parts, and keeps content as text', () => {
    expect(span.content.input).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'hi <b>there</b>' }] }]);
    expect(span.content.output[0].parts[0]).toEqual({
      type: 'tool_call',
      id: 'c1',
      name: 'search',
      arguments: { q: 'x' },
    });
    expect(span.content.output[0].finishReason).toBe('tool_calls');
  });
  it('keeps unknown attributes', () => {
    expect(span.attributes['custom.thing']).toBe('kept');
  });
});

describe('normalizeSpan: other dialects', () => {
  it('deprecated semconv: gen_ai.system, prompt/completion tokens, per-message events', () => {
    const s = one({
      attrs: {
        'gen_ai.system': 'az.ai.openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.usage.prompt_tokens': 10,
        'gen_ai.usage.completion_tokens': 5,
      },
      events: [
        { name: 'gen_ai.system.message', attrs: { 'gen_ai.event.content': JSON.stringify({ content: 'be brief' }) } },
        { name: 'gen_ai.user.message', attrs: { 'gen_ai.event.content': JSON.stringify({ content: 'hello' }) } },
        {
          name: 'gen_ai.choice',
          attrs: {
            'gen_ai.event.content': JSON.stringify({ index: 0, finish_reason: 'stop', message: { content: 'hi!' } }),
          },
        },
      ],
    });
    expect(s.provider).toBe('azure.ai.openai');
    expect(s.kind).toBe('llm');
    expect(s.tokens).toEqual({ input: 10, output: 5 });
    expect(s.content.input.map((m) => [m.role, m.parts[0]])).toEqual([
      ['system', { type: 'text', content: 'be brief' }],
      ['user', { type: 'text', content: 'hello' }],
    ]);
    expect(s.content.output[0]).toEqual({
      role: 'assistant',
      parts: [{ type: 'text', content: 'hi!' }],
      finishReason: 'stop',
    });
    expect(s.finishReasons).toEqual(['stop']);
    expect(s.dialects).toContain('semconv-deprecated');
  });

  it('OpenLLMetry: indexed prompt/completion attributes with tool calls', () => {
    const s = one({
      name: 'openai.chat',
      attrs: {
        'gen_ai.system': 'OpenAI',
        'llm.request.type': 'chat',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.usage.prompt_tokens': 120,
        'gen_ai.usage.completion_tokens': 30,
        'gen_ai.usage.cache_read_input_tokens': 20,
        'gen_ai.prompt.0.role': 'system',
        'gen_ai.prompt.0.content': 'sys',
        'gen_ai.prompt.1.role': 'user',
        'gen_ai.prompt.1.content': 'question',
        'gen_ai.completion.0.role': 'assistant',
        'gen_ai.completion.0.finish_reason': 'tool_calls',
        'gen_ai.completion.0.tool_calls.0.name': 'web_search',
        'gen_ai.completion.0.tool_calls.0.arguments': '{"q":"otel"}',
        'traceloop.workflow.name': 'research',
      },
    });
    expect(s.kind).toBe('llm');
    expect(s.provider).toBe('openai');
    expect(s.tokens).toEqual({ input: 120, output: 30, cacheRead: 20 });
    expect(s.content.input.map((m) => m.role)).toEqual(['system', 'user']);
    expect(s.content.output[0].parts).toEqual([
      { type: 'tool_call', id: undefined, name: 'web_search', arguments: { q: 'otel' } },
    ]);
    expect(s.dialects).toEqual(expect.arrayContaining(['openllmetry']));
  });

  it('OpenInference: span kind, llm.* counts, indexed messages, reported cost', () => {
    const s = one({
      name: 'ChatCompletion',
      attrs: {
        'openinference.span.kind': 'LLM',
        'llm.provider': 'anthropic',
        'llm.model_name': 'claude-sonnet-4-20250514',
        'llm.token_count.prompt': 100,
        'llm.token_count.completion': 40,
        'llm.token_count.prompt_details.cache_read': 30,
        'llm.cost.total': 0.0123,
        'llm.input_messages.0.message.role': 'user',
        'llm.input_messages.0.message.content': 'hello',
        'llm.output_messages.0.message.role': 'assistant',
        'llm.output_messages.0.message.tool_calls.0.tool_call.function.name': 'lookup',
        'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments': '{"id":7}',
        'session.id': 'sess-9',
      },
    });
    expect(s.kind).toBe('llm');
    expect(s.provider).toBe('anthropic');
    expect(s.requestModel).toBe('claude-sonnet-4-20250514');
    expect(s.tokens).toEqual({ input: 100, output: 40, cacheRead: 30 });
    expect(s.reportedCostUsd).toBe(0.0123);
    expect(s.conversationId).toBe('sess-9');
    expect(s.content.input).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'hello' }] }]);
    expect(s.content.output[0].parts[0]).toEqual({
      type: 'tool_call',
      id: undefined,
      name: 'lookup',
      arguments: { id: 7 },
    });
    expect(s.dialects).toEqual(['openinference']);
  });

  it('OpenInference tool and agent spans take names from attributes or the span name', () => {
    expect(
      one({
        name: 'web_search',
        attrs: { 'openinference.span.kind': 'TOOL', 'tool.name': 'web_search', 'tool.parameters': '{"q":1}' },
      })
    ).toMatchObject({
      kind: 'tool',
      toolName: 'web_search',
      toolArguments: { q: 1 },
    });
    expect(one({ name: 'retrieve', attrs: { 'openinference.span.kind': 'RETRIEVER' } }).kind).toBe('retrieval');
    expect(one({ name: 'pipeline', attrs: { 'openinference.span.kind': 'CHAIN' } }).kind).toBe('workflow');
  });

  it('OpenLIT: sdk resource, content attributes, cost', () => {
    const s = one(
      {
        attrs: {
          'gen_ai.system': 'openai',
          'gen_ai.operation.name': 'chat',
          'gen_ai.request.model': 'gpt-4o-mini',
          'gen_ai.usage.input_tokens': 50,
          'gen_ai.usage.output_tokens': 10,
          'gen_ai.usage.cost': 0.00002,
          'gen_ai.content.prompt': 'user: what is 2+2',
          'gen_ai.content.completion': '4',
        },
      },
      { 'service.name': 'lit', 'telemetry.sdk.name': 'openlit' }
    );
    expect(s.reportedCostUsd).toBe(0.00002);
    expect(s.content.input[0]).toEqual({ role: 'user', parts: [{ type: 'text', content: 'user: what is 2+2' }] });
    expect(s.content.output[0].parts[0]).toEqual({ type: 'text', content: '4' });
    expect(s.dialects).toEqual(expect.arrayContaining(['openlit']));
  });

  it('Langfuse: observation type, usage/cost JSON maps with disjoint cache buckets', () => {
    const s = one({
      attrs: {
        'langfuse.observation.type': 'generation',
        'langfuse.observation.model.name': 'claude-3-5-haiku',
        'langfuse.observation.usage_details': JSON.stringify({ input: 100, output: 20, cache_read_input_tokens: 400 }),
        'langfuse.observation.cost_details': JSON.stringify({ input: 0.001, output: 0.002 }),
        'langfuse.observation.input': JSON.stringify([{ role: 'user', content: 'q' }]),
        'langfuse.observation.output': JSON.stringify({ role: 'assistant', content: 'a' }),
      },
    });
    expect(s.kind).toBe('llm');
    expect(s.requestModel).toBe('claude-3-5-haiku');
    // Langfuse buckets are disjoint; semconv input includes the cache read.
    expect(s.tokens).toEqual({ input: 500, output: 20, cacheRead: 400 });
    expect(s.reportedCostUsd).toBeCloseTo(0.003, 12);
    expect(s.content.input[0].parts[0]).toEqual({ type: 'text', content: 'q' });
    expect(s.content.output[0].role).toBe('assistant');
    expect(s.dialects).toEqual(['langfuse']);
  });
});

describe('normalizeSpan: errors, evaluations, warnings', () => {
  it('detects errors from status, error.type and exception events', () => {
    expect(one({ error: true }).error).toEqual({ type: undefined, message: 'failed' });
    expect(one({ attrs: { 'error.type': 'rate_limit' } }).error?.type).toBe('rate_limit');
    expect(
      one({
        events: [{ name: 'exception', attrs: { 'exception.type': 'RateLimitError', 'exception.message': '429' } }],
      }).error
    ).toEqual({
      type: 'RateLimitError',
      message: '429',
    });
    expect(one({}).error).toBeUndefined();
  });

  it('reads evaluation events (target: the span) and evaluator spans (target: the parent)', () => {
    const evented = one({
      events: [
        {
          name: 'gen_ai.evaluation.result',
          attrs: {
            'gen_ai.evaluation.name': 'relevance',
            'gen_ai.evaluation.score.value': 0.75,
            'gen_ai.evaluation.score.label': 'pass',
          },
        },
        { name: 'gen_ai.evaluation.result', attrs: { 'gen_ai.evaluation.score.value': 1 } },
      ],
    });
    expect(evented.evaluations).toEqual([
      {
        name: 'relevance',
        scoreValue: 0.75,
        scoreLabel: 'pass',
        sourceSpanId: '0000000000000001',
        targetSpanId: '0000000000000001',
      },
    ]);
    expect(evented.warnings.join(' ')).toMatch(/without gen_ai.evaluation.name/);
    const { spans } = decodeTrace(
      otlpTrace([
        {
          id: '2',
          parent: '1',
          attrs: {
            'gen_ai.evaluation.name': 'faithfulness',
            'gen_ai.evaluation.score.value': 0.4,
            'gen_ai.evaluation.explanation': 'made up a fact',
          },
        },
      ])
    );
    expect(normalizeSpan(spans[0]).evaluations[0]).toMatchObject({
      name: 'faithfulness',
      scoreValue: 0.4,
      explanation: 'made up a fact',
      targetSpanId: '0000000000000001',
    });
  });

  it('turns malformed values into warnings and keeps going', () => {
    const s = one({
      attrs: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.usage.input_tokens': 'lots',
        'gen_ai.usage.prompt_tokens': 42,
        'gen_ai.usage.output_tokens': -3,
        'gen_ai.input.messages': '[{"role": "user", "parts": [',
      },
    });
    expect(s.tokens.input).toBe(42); // falls through to the next dialect's key
    expect(s.tokens.output).toBeUndefined();
    expect(s.warnings.join('\n')).toMatch(/input_tokens is not a valid count/);
    expect(s.warnings.join('\n')).toMatch(/output_tokens is not a valid count/);
    expect(s.warnings.join('\n')).toMatch(/does not parse/);
    expect(s.content.input[0].parts[0]).toEqual({ type: 'text', content: '[{"role": "user", "parts": [' });
  });

  it('resolves the version from the configured attributes, span first then resource', () => {
    const { spans } = decodeTrace(
      otlpTrace([{ id: '1', attrs: { 'gen_ai.agent.version': 'v3' } }, { id: '2' }], {
        'service.name': 's',
        'service.version': '1.4.0',
      })
    );
    expect(normalizeSpan(spans[0]).version).toBe('v3');
    expect(normalizeSpan(spans[1]).version).toBe('1.4.0');
    expect(normalizeSpan(spans[0], { versionAttributes: ['resource.service.version'] }).version).toBe('1.4.0');
    expect(normalizeSpan(spans[1], { versionAttributes: ['deployment.id'] }).version).toBeUndefined();
  });
});

describe('normalizeSpan: 2026 GenAI conventions (semantic-conventions-genai)', () => {
  const chat = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'anthropic',
    'gen_ai.request.model': 'claude-sonnet-4',
    'gen_ai.usage.input_tokens': 1200,
    'gen_ai.usage.output_tokens': 80,
    'gen_ai.usage.cache_read.input_tokens': 700,
  };

  it('reads cache writes under the 2026 name and under the old cache_creation name', () => {
    const now = one({ attrs: { ...chat, 'gen_ai.usage.cache_write.input_tokens': 300 } });
    const before = one({ attrs: { ...chat, 'gen_ai.usage.cache_creation.input_tokens': 300 } });
    expect(now.tokens).toEqual({ input: 1200, output: 80, cacheRead: 700, cacheCreation: 300 });
    expect(before.tokens).toEqual(now.tokens);
    expect(now.dialects).toEqual(['semconv']);
  });

  it('prefers the 2026 cache-write name when a span mid-migration carries both', () => {
    const both = one({
      attrs: {
        ...chat,
        'gen_ai.usage.cache_creation.input_tokens': 999,
        'gen_ai.usage.cache_write.input_tokens': 300,
      },
    });
    expect(both.tokens.cacheCreation).toBe(300);
    expect(both.warnings).toEqual([]);
  });

  it('reads top_k of retrieval spans as gen_ai.retrieval.top_k, else gen_ai.request.top_k', () => {
    const retrieval = (attrs: Record<string, number | string>) =>
      one({ name: 'retrieval kb', attrs: { 'gen_ai.operation.name': 'retrieval', ...attrs } });
    expect(retrieval({ 'gen_ai.retrieval.top_k': 8 }).retrievalTopK).toBe(8);
    expect(retrieval({ 'gen_ai.request.top_k': 5 }).retrievalTopK).toBe(5);
    expect(retrieval({ 'gen_ai.retrieval.top_k': 8, 'gen_ai.request.top_k': 5 }).retrievalTopK).toBe(8);
    expect(retrieval({}).retrievalTopK).toBeUndefined();
    // A broken value is a warning, not a number.
    const bad = retrieval({ 'gen_ai.retrieval.top_k': -3 });
    expect(bad.retrievalTopK).toBeUndefined();
    expect(bad.warnings.join(' ')).toContain('gen_ai.retrieval.top_k');
    // Sampling top_k of a model call is not a retrieval setting.
    expect(one({ attrs: { ...chat, 'gen_ai.request.top_k': 40 } }).retrievalTopK).toBeUndefined();
  });

  it.each([
    ['invoke_workflow', 'workflow'],
    ['plan', 'workflow'],
    ['search_memory', 'memory'],
    ['create_memory', 'memory'],
    ['update_memory', 'memory'],
    ['upsert_memory', 'memory'],
    ['delete_memory', 'memory'],
    ['create_memory_store', 'memory'],
    ['delete_memory_store', 'memory'],
    ['fetch_response', 'retrieval'],
  ])('operation %s is a %s span, by attribute and by span name', (op, kind) => {
    expect(one({ name: 'x', attrs: { 'gen_ai.operation.name': op } }).kind).toBe(kind);
    expect(one({ name: `${op} thing` }).kind).toBe(kind);
  });

  it('memory searches keep their top_k', () => {
    const s = one({ attrs: { 'gen_ai.operation.name': 'search_memory', 'gen_ai.retrieval.top_k': 3 } });
    expect([s.kind, s.retrievalTopK]).toEqual(['memory', 3]);
  });

  it('an internal invoke_agent span without gen_ai.agent.version takes its version from service.version', () => {
    const { spans } = decodeTrace(
      otlpTrace(
        [
          {
            id: '1',
            name: 'invoke_agent research',
            otelKind: 3,
            attrs: {
              'gen_ai.operation.name': 'invoke_agent',
              'gen_ai.agent.name': 'research',
              'gen_ai.agent.version': '7',
            },
          },
          {
            id: '2',
            parent: '1',
            name: 'invoke_agent research',
            attrs: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'research' },
          },
        ],
        { 'service.name': 'research-svc', 'service.version': '2.3.1' }
      )
    );
    const [client, internal] = spans.map((s) => normalizeSpan(s));
    expect([client.otelKind, client.agentVersion, client.version]).toEqual(['client', '7', '7']);
    expect([internal.otelKind, internal.agentVersion, internal.version]).toEqual(['internal', undefined, '2.3.1']);
    expect(internal.warnings).toEqual([]);
    // Without a service.version either, the version is unknown rather than made up.
    const { spans: bare } = decodeTrace(
      otlpTrace([{ id: '3', attrs: { 'gen_ai.operation.name': 'invoke_agent' } }], { 'service.name': 's' })
    );
    expect(normalizeSpan(bare[0]).version).toBeUndefined();
  });
});
