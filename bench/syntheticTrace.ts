// A realistic agent trace of any size, as Tempo's /api/v2/traces returns it (base64 ids,
// int64 strings, string enums), built as a JSON string the way it arrives over HTTP.

function b64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}

const kv = (key: string, v: string | number) =>
  typeof v === 'number' ? { key, value: Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v } } : { key, value: { stringValue: v } };

export function syntheticTracePayload(spanCount: number): string {
  const traceId = b64('5b8efff798038103d269b633813fc60c');
  const t0 = 1_790_000_000_000_000_000n;
  const spans: unknown[] = [];
  const agents: number[] = [];
  for (let i = 0; i < spanCount; i++) {
    const id = (i + 1).toString(16).padStart(16, '0');
    let parent = '';
    let attrs: unknown[];
    let name: string;
    if (i === 0) {
      name = 'invoke_agent orchestrator';
      attrs = [kv('gen_ai.operation.name', 'invoke_agent'), kv('gen_ai.agent.name', 'orchestrator'), kv('gen_ai.agent.version', 'v2')];
      agents.push(0);
    } else if (i % 25 === 1) {
      parent = (1).toString(16).padStart(16, '0');
      name = `invoke_agent worker-${i}`;
      attrs = [kv('gen_ai.operation.name', 'invoke_agent'), kv('gen_ai.agent.name', `worker-${i % 7}`)];
      agents.push(i);
    } else {
      const a = agents[agents.length - 1];
      parent = (a + 1).toString(16).padStart(16, '0');
      if (i % 3 === 0) {
        name = 'execute_tool web_search';
        attrs = [kv('gen_ai.operation.name', 'execute_tool'), kv('gen_ai.tool.name', 'web_search'), kv('gen_ai.tool.call.arguments', '{"query":"otel genai"}')];
      } else {
        const model = i % 2 ? 'gpt-4o-mini' : 'claude-sonnet-4-20250514';
        name = `chat ${model}`;
        attrs = [
          kv('gen_ai.operation.name', 'chat'),
          kv('gen_ai.provider.name', i % 2 ? 'openai' : 'anthropic'),
          kv('gen_ai.request.model', model),
          kv('gen_ai.response.model', model),
          kv('gen_ai.usage.input_tokens', 1000 + (i % 500)),
          kv('gen_ai.usage.output_tokens', 100 + (i % 50)),
          kv('gen_ai.usage.cache_read.input_tokens', 200),
          kv('gen_ai.response.finish_reasons', 'stop'),
          kv('gen_ai.input.messages', JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `Question ${i}: summarise the findings so far.` }] }])),
          kv('gen_ai.output.messages', JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: `Answer ${i}.` }], finish_reason: 'stop' }])),
        ];
      }
    }
    const start = t0 + BigInt(i) * 1_000_000n;
    spans.push({
      traceId,
      spanId: b64(id),
      parentSpanId: parent ? b64(parent) : undefined,
      name,
      kind: 'SPAN_KIND_INTERNAL',
      startTimeUnixNano: start.toString(),
      endTimeUnixNano: (start + 5_000_000n).toString(),
      attributes: attrs,
      status: {},
    });
  }
  return JSON.stringify({
    trace: {
      resourceSpans: [
        {
          resource: { attributes: [kv('service.name', 'bench-agent'), kv('service.version', '2.0.0')] },
          scopeSpans: [{ scope: { name: 'bench' }, spans }],
        },
      ],
    },
  });
}
