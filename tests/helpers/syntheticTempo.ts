// A stand-in Tempo for exports too large to record: `count` agent traces, one every `spacingMs`
// back from `endMs`, each an agent run with one chat call whose prompt holds an email address and
// a faithfulness score. It answers /api/search (start/end/limit honoured, newest first, as Tempo's
// search does within a range) and /api/v2/traces/<id> with the same shapes as the real Tempo
// recordings. Used by the export tests and the harness (data source `genai-synthetic`).
import { kvs } from './otlpBuilders';

export interface SyntheticTempo {
  traceIds: string[];
  startMs(i: number): number;
  /** Status and JSON body for a Tempo HTTP request, or undefined for one it does not serve. */
  answer(pathname: string, search: URLSearchParams): { status: number; body: string } | undefined;
}

/** The chat span's model, provider and usage (messages aside), in the trace and in search answers alike. */
function chatAttributes(i: number) {
  return {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.response.model': 'gpt-4o-mini',
    'gen_ai.usage.input_tokens': 120 + (i % 50),
    'gen_ai.usage.output_tokens': 30 + (i % 20),
  };
}

export function syntheticTraceId(i: number): string {
  return `5e${i.toString(16).padStart(30, '0')}`;
}

export function syntheticTempo(opts: { count: number; endMs: number; spacingMs: number }): SyntheticTempo {
  const startMs = (i: number) => opts.endMs - (i + 1) * opts.spacingMs;
  const traceIds = Array.from({ length: opts.count }, (_, i) => syntheticTraceId(i));
  const indexOf = new Map(traceIds.map((id, i) => [id, i]));
  const ns = (ms: number) => `${Math.round(ms)}000000`;

  function trace(i: number) {
    const id = traceIds[i];
    const t0 = startMs(i);
    const span = (
      spanId: string,
      parent: string,
      name: string,
      offMs: number,
      durMs: number,
      attrs: Record<string, string | number>,
      events: Array<{ name: string; attrs: Record<string, string | number> }> = []
    ) => ({
      traceId: id,
      spanId,
      parentSpanId: parent,
      name,
      kind: 1,
      startTimeUnixNano: ns(t0 + offMs),
      endTimeUnixNano: ns(t0 + offMs + durMs),
      attributes: kvs(attrs),
      events: events.map((e) => ({ name: e.name, timeUnixNano: ns(t0 + offMs + durMs), attributes: kvs(e.attrs) })),
      status: {},
    });
    return {
      trace: {
        resourceSpans: [
          {
            resource: {
              attributes: kvs({ 'service.name': 'synthetic-support', 'service.version': `v${(i % 3) + 1}` }),
            },
            scopeSpans: [
              {
                scope: { name: 'synthetic' },
                spans: [
                  span('a'.padStart(16, '0'), '', 'invoke_agent support', 0, 40 + (i % 37), {
                    'gen_ai.operation.name': 'invoke_agent',
                    'gen_ai.agent.name': 'support',
                    'gen_ai.conversation.id': `conv-${Math.floor(i / 3)}`,
                  }),
                  span(
                    'b'.padStart(16, '0'),
                    'a'.padStart(16, '0'),
                    'chat gpt-4o-mini',
                    5,
                    30,
                    {
                      ...chatAttributes(i),
                      'gen_ai.input.messages': JSON.stringify([
                        { role: 'system', parts: [{ type: 'text', content: 'You are a support agent.' }] },
                        {
                          role: 'user',
                          parts: [
                            {
                              type: 'text',
                              content: `Order ${i} never arrived. Reach me at customer${i}@example.com.`,
                            },
                          ],
                        },
                      ]),
                      'gen_ai.output.messages': JSON.stringify([
                        {
                          role: 'assistant',
                          parts: [{ type: 'text', content: `Sorry about order ${i}; a replacement is on its way.` }],
                          finish_reason: 'stop',
                        },
                      ]),
                    },
                    [
                      {
                        name: 'gen_ai.evaluation.result',
                        attrs: {
                          'gen_ai.evaluation.name': 'faithfulness',
                          'gen_ai.evaluation.score.value': (i % 10) / 10,
                        },
                      },
                    ]
                  ),
                ],
              },
            ],
          },
        ],
      },
    };
  }

  function search(params: URLSearchParams) {
    const start = Number(params.get('start') ?? 0) * 1000;
    const end = Number(params.get('end') ?? Number.MAX_SAFE_INTEGER / 1000) * 1000;
    const limit = Number(params.get('limit') ?? 20);
    const found: object[] = [];
    // Newest first: index 0 is the latest trace.
    for (let i = 0; i < opts.count && found.length < limit; i++) {
      const s = startMs(i);
      if (s >= start && s < end) {
        found.push({
          traceID: traceIds[i],
          rootServiceName: 'synthetic-support',
          rootTraceName: 'invoke_agent support',
          startTimeUnixNano: ns(s),
          durationMs: 40 + (i % 37),
          spanSets: [
            {
              matched: 1,
              spans: [
                {
                  spanID: 'b'.padStart(16, '0'),
                  name: 'chat gpt-4o-mini',
                  startTimeUnixNano: ns(s + 5),
                  durationNanos: '30000000',
                  // What a search selects of the chat span: the same values as the trace's.
                  attributes: kvs(chatAttributes(i)),
                },
              ],
            },
          ],
        });
      }
    }
    return { traces: found, metrics: { inspectedTraces: found.length } };
  }

  return {
    traceIds,
    startMs,
    answer(pathname, params) {
      if (pathname === '/api/search') {
        return { status: 200, body: JSON.stringify(search(params)) };
      }
      const m = /^\/api\/v2\/traces\/([0-9a-f]+)$/.exec(pathname);
      if (m) {
        const i = indexOf.get(m[1]);
        return i === undefined
          ? { status: 404, body: 'trace not found' }
          : { status: 200, body: JSON.stringify(trace(i)) };
      }
      if (pathname === '/api/status/buildinfo') {
        return { status: 200, body: JSON.stringify({ version: 'synthetic' }) };
      }
      return undefined;
    },
  };
}
