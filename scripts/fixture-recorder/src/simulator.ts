/**
 * A tiny, deterministic OpenAI-compatible HTTP server used instead of the real API.
 *
 * Endpoints:
 *   POST /v1/chat/completions  (non-streaming and `stream: true` SSE, honours stream_options.include_usage)
 *   POST /v1/embeddings        (float or base64 encoding, honours `dimensions`)
 *   POST /v1/responses         (Responses API, non-streaming and streaming; used by the `semconv` dialect)
 *
 * Behaviour is chosen from the request only, so every run produces the same payloads:
 *   - request header `x-simulate-status: 429`          -> OpenAI-style rate-limit error
 *   - the request offers a `web_search` tool and the conversation has no tool result yet
 *                                                       -> the model asks for a `web_search` tool call
 *   - otherwise                                         -> a canned text answer chosen by model name
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const CREATED = 1767225600; // 2026-01-01T00:00:00Z, fixed for determinism

export const TOOL_CALL_ID = 'call_sim_web_search_0001';
export const TOOL_ARGUMENTS = JSON.stringify({ query: 'OpenTelemetry GenAI semantic conventions latest release' });

interface Usage {
  prompt: number;
  completion: number;
  cached: number;
  reasoning: number;
}

/** Canned answers + token usage, keyed by "scenario step". */
const ANSWERS: Record<string, { text: string; usage: Usage }> = {
  tool_call: { text: '', usage: { prompt: 182, completion: 26, cached: 64, reasoning: 8 } },
  summary: {
    text:
      'The GenAI semantic conventions are still marked "Development". The latest release renames ' +
      'gen_ai.system to gen_ai.provider.name and records chat history in gen_ai.input.messages / ' +
      'gen_ai.output.messages. I did not render any of the HTML you pasted.',
    usage: { prompt: 356, completion: 58, cached: 256, reasoning: 16 },
  },
  title: {
    text: 'GenAI Semantic Conventions: Where They Stand Today',
    usage: { prompt: 48, completion: 11, cached: 0, reasoning: 0 },
  },
  default: { text: 'OK.', usage: { prompt: 20, completion: 2, cached: 0, reasoning: 0 } },
};

function pickAnswer(model: string, wantsToolCall: boolean) {
  if (wantsToolCall) {
    return ANSWERS.tool_call;
  }
  if (model === 'acme-unknown-model-1') {
    return ANSWERS.title;
  }
  if (model.startsWith('gpt-4o') && !model.includes('mini')) {
    return ANSWERS.summary;
  }
  return ANSWERS.default;
}

function chatUsage(u: Usage) {
  return {
    prompt_tokens: u.prompt,
    completion_tokens: u.completion,
    total_tokens: u.prompt + u.completion,
    prompt_tokens_details: { cached_tokens: u.cached, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: u.reasoning,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function responsesUsage(u: Usage) {
  return {
    input_tokens: u.prompt,
    input_tokens_details: { cached_tokens: u.cached },
    output_tokens: u.completion,
    output_tokens_details: { reasoning_tokens: u.reasoning },
    total_tokens: u.prompt + u.completion,
  };
}

/** Split text into deterministic ~4-word chunks for streaming. */
function chunks(text: string): string[] {
  const words = text.split(/(?<= )/);
  const out: string[] = [];
  for (let i = 0; i < words.length; i += 4) {
    out.push(words.slice(i, i + 4).join(''));
  }
  return out;
}

/** Deterministic pseudo-embedding in [-1, 1]. */
function embed(text: string, dims: number): number[] {
  let h = 2166136261;
  for (const ch of text) {
    h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  }
  const v: number[] = [];
  for (let i = 0; i < dims; i++) {
    h = Math.imul(h ^ (i + 1), 2654435761) >>> 0;
    v.push(Math.round(((h / 0xffffffff) * 2 - 1) * 1e6) / 1e6);
  }
  return v;
}

function toBase64(v: number[]): string {
  const buf = Buffer.alloc(v.length * 4);
  v.forEach((x, i) => buf.writeFloatLE(x, i * 4));
  return buf.toString('base64');
}

type Json = Record<string, any>;

/** Port the most recently started simulator listens on (used to normalise fixtures). */
export let simulatorPort = 0;

/** The random simulator port is rewritten to this value in the fixtures so that re-recording is deterministic. */
export const FIXTURE_PORT = 8080;

export class OpenAISimulator {
  private server?: http.Server;
  private counter = 0;
  port = 0;

  get baseURL() {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  private nextId(prefix: string) {
    this.counter += 1;
    return `${prefix}${String(this.counter).padStart(4, '0')}`;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        try {
          this.handle(req, res, body ? JSON.parse(body) : {});
        } catch (e) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { message: String(e), type: 'server_error', param: null, code: null } }));
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as AddressInfo).port;
    simulatorPort = this.port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse, body: Json) {
    const commonHeaders = {
      'content-type': 'application/json',
      'openai-organization': 'sim-org',
      'openai-processing-ms': '42',
      'openai-version': '2020-10-01',
      'x-request-id': this.nextId('req_sim_'),
    };
    if (req.method !== 'POST') {
      res.writeHead(404, commonHeaders);
      res.end(
        JSON.stringify({ error: { message: 'not found', type: 'invalid_request_error', param: null, code: null } })
      );
      return;
    }
    if (req.headers['x-simulate-status'] === '429') {
      res.writeHead(429, {
        ...commonHeaders,
        'retry-after': '20',
        'x-ratelimit-limit-requests': '500',
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': '20s',
      });
      res.end(
        JSON.stringify({
          error: {
            message:
              `Rate limit reached for ${body.model} in organization org-sim on requests per min (RPM): ` +
              'Limit 500, Used 500, Requested 1. Please try again in 20s.',
            type: 'requests',
            param: null,
            code: 'rate_limit_exceeded',
          },
        })
      );
      return;
    }
    switch (req.url) {
      case '/v1/chat/completions':
        return this.chat(res, body, commonHeaders);
      case '/v1/embeddings':
        return this.embeddings(res, body, commonHeaders);
      case '/v1/responses':
        return this.responses(res, body, commonHeaders);
      default:
        res.writeHead(404, commonHeaders);
        res.end(
          JSON.stringify({
            error: { message: `unknown path ${req.url}`, type: 'invalid_request_error', param: null, code: null },
          })
        );
    }
  }

  private embeddings(res: http.ServerResponse, body: Json, headers: Json) {
    const inputs: string[] = Array.isArray(body.input) ? body.input : [body.input];
    const dims = body.dimensions ?? 8;
    const data = inputs.map((text, index) => {
      const v = embed(String(text), dims);
      return { object: 'embedding', index, embedding: body.encoding_format === 'base64' ? toBase64(v) : v };
    });
    const tokens = inputs.reduce((n, t) => n + String(t).split(/\s+/).length + 1, 0);
    res.writeHead(200, headers);
    res.end(
      JSON.stringify({
        object: 'list',
        data,
        model: body.model,
        usage: { prompt_tokens: tokens, total_tokens: tokens },
      })
    );
  }

  private chat(res: http.ServerResponse, body: Json, headers: Json) {
    const messages: Json[] = body.messages ?? [];
    const offersSearch = (body.tools ?? []).some((t: Json) => t.function?.name === 'web_search');
    const hasToolResult = messages.some((m) => m.role === 'tool');
    const wantsToolCall = offersSearch && !hasToolResult;
    const answer = pickAnswer(body.model, wantsToolCall);
    const id = this.nextId('chatcmpl-sim');
    const fingerprint = 'fp_sim0001';

    if (!body.stream) {
      const message: Json = wantsToolCall
        ? {
            role: 'assistant',
            content: null,
            refusal: null,
            tool_calls: [
              { id: TOOL_CALL_ID, type: 'function', function: { name: 'web_search', arguments: TOOL_ARGUMENTS } },
            ],
            annotations: [],
          }
        : { role: 'assistant', content: answer.text, refusal: null, annotations: [] };
      res.writeHead(200, headers);
      res.end(
        JSON.stringify({
          id,
          object: 'chat.completion',
          created: CREATED,
          model: body.model,
          choices: [{ index: 0, message, logprobs: null, finish_reason: wantsToolCall ? 'tool_calls' : 'stop' }],
          usage: chatUsage(answer.usage),
          service_tier: 'default',
          system_fingerprint: fingerprint,
        })
      );
      return;
    }

    // Streaming (SSE)
    res.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    const base = {
      id,
      object: 'chat.completion.chunk',
      created: CREATED,
      model: body.model,
      service_tier: 'default',
      system_fingerprint: fingerprint,
    };
    const includeUsage = !!body.stream_options?.include_usage;
    const send = (obj: Json) => res.write(`data: ${JSON.stringify(obj)}\n\n`);
    const withUsageNull = (obj: Json) => (includeUsage ? { ...obj, usage: null } : obj);
    send(
      withUsageNull({
        ...base,
        choices: [
          { index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null },
        ],
      })
    );
    if (wantsToolCall) {
      send(
        withUsageNull({
          ...base,
          choices: [
            {
              index: 0,
              delta: {
                tool_calls: [
                  { index: 0, id: TOOL_CALL_ID, type: 'function', function: { name: 'web_search', arguments: '' } },
                ],
              },
              logprobs: null,
              finish_reason: null,
            },
          ],
        })
      );
      send(
        withUsageNull({
          ...base,
          choices: [
            {
              index: 0,
              delta: { tool_calls: [{ index: 0, function: { arguments: TOOL_ARGUMENTS } }] },
              logprobs: null,
              finish_reason: null,
            },
          ],
        })
      );
    } else {
      for (const part of chunks(answer.text)) {
        send(
          withUsageNull({
            ...base,
            choices: [{ index: 0, delta: { content: part }, logprobs: null, finish_reason: null }],
          })
        );
      }
    }
    send(
      withUsageNull({
        ...base,
        choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: wantsToolCall ? 'tool_calls' : 'stop' }],
      })
    );
    if (includeUsage) {
      send({ ...base, choices: [], usage: chatUsage(answer.usage) });
    }
    res.write('data: [DONE]\n\n');
    res.end();
  }

  private responses(res: http.ServerResponse, body: Json, headers: Json) {
    const input: Json[] = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : (body.input ?? []);
    const offersSearch = (body.tools ?? []).some((t: Json) => t.name === 'web_search');
    const hasToolResult = input.some((m) => m.type === 'function_call_output');
    const wantsToolCall = offersSearch && !hasToolResult;
    const answer = pickAnswer(body.model, wantsToolCall);
    const id = this.nextId('resp_sim');
    const itemId = wantsToolCall ? `fc_sim${id.slice(-4)}` : `msg_sim${id.slice(-4)}`;
    const outputItem: Json = wantsToolCall
      ? {
          type: 'function_call',
          id: itemId,
          call_id: TOOL_CALL_ID,
          name: 'web_search',
          arguments: TOOL_ARGUMENTS,
          status: 'completed',
        }
      : {
          type: 'message',
          id: itemId,
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'output_text', text: answer.text, annotations: [], logprobs: [] }],
        };
    const response = (status: string, output: Json[], usage: Json | null) => ({
      id,
      object: 'response',
      created_at: CREATED,
      status,
      background: false,
      error: null,
      incomplete_details: null,
      instructions: body.instructions ?? null,
      max_output_tokens: body.max_output_tokens ?? null,
      model: body.model,
      output,
      parallel_tool_calls: true,
      previous_response_id: null,
      reasoning: { effort: null, summary: null },
      service_tier: 'default',
      store: true,
      temperature: body.temperature ?? 1,
      text: { format: { type: 'text' }, verbosity: 'medium' },
      tool_choice: body.tool_choice ?? 'auto',
      tools: body.tools ?? [],
      top_p: body.top_p ?? 1,
      truncation: 'disabled',
      usage,
      metadata: {},
    });

    if (!body.stream) {
      res.writeHead(200, headers);
      res.end(JSON.stringify(response('completed', [outputItem], responsesUsage(answer.usage))));
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    let seq = 0;
    const send = (obj: Json) => {
      const ev = { ...obj, sequence_number: seq++ };
      res.write(`event: ${obj.type}\ndata: ${JSON.stringify(ev)}\n\n`);
    };
    send({ type: 'response.created', response: response('in_progress', [], null) });
    send({ type: 'response.in_progress', response: response('in_progress', [], null) });
    if (wantsToolCall) {
      send({
        type: 'response.output_item.added',
        output_index: 0,
        item: { ...outputItem, arguments: '', status: 'in_progress' },
      });
      send({ type: 'response.function_call_arguments.delta', item_id: itemId, output_index: 0, delta: TOOL_ARGUMENTS });
      send({
        type: 'response.function_call_arguments.done',
        item_id: itemId,
        output_index: 0,
        arguments: TOOL_ARGUMENTS,
      });
    } else {
      send({
        type: 'response.output_item.added',
        output_index: 0,
        item: { ...outputItem, status: 'in_progress', content: [] },
      });
      send({
        type: 'response.content_part.added',
        item_id: itemId,
        output_index: 0,
        content_index: 0,
        part: { type: 'output_text', text: '', annotations: [], logprobs: [] },
      });
      for (const part of chunks(answer.text)) {
        send({
          type: 'response.output_text.delta',
          item_id: itemId,
          output_index: 0,
          content_index: 0,
          delta: part,
          logprobs: [],
        });
      }
      send({
        type: 'response.output_text.done',
        item_id: itemId,
        output_index: 0,
        content_index: 0,
        text: answer.text,
        logprobs: [],
      });
      send({
        type: 'response.content_part.done',
        item_id: itemId,
        output_index: 0,
        content_index: 0,
        part: outputItem.content[0],
      });
    }
    send({ type: 'response.output_item.done', output_index: 0, item: outputItem });
    send({ type: 'response.completed', response: response('completed', [outputItem], responsesUsage(answer.usage)) });
    res.end();
  }
}
