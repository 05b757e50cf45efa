/**
 * The one deterministic OpenAI-compatible HTTP server on loopback: the demo's "LLM provider" and
 * the fixture recorder's (scripts/fixture-recorder). No key, no network, Node built-ins only.
 *   POST /v1/chat/completions  (non-streaming and `stream: true` SSE with stream_options.include_usage)
 *   POST /v1/embeddings        (float or base64, honours `dimensions`)
 *   POST /v1/responses         (Responses API, non-streaming and streaming SSE)
 * This file speaks the protocol; what the "model" answers comes from a profile:
 *   - demoProfile (behaviour.ts): seeded from the request, incidents change what it does
 *     (failures, stalls, fallbacks, slowness), tool calls fit the offered tools;
 *   - cannedProfile (cannedProfile.ts): the fixture recorder's fixed answers, usage and ids,
 *     a `web_search` tool call, no waiting, so every recording gets the same payloads.
 * Whatever the profile, the request header `x-simulate-status: 429` (or `500`) makes the request
 * fail that way. With `logFile` every response is logged as one JSON line, so a test can compare
 * the telemetry with what the "provider" really returned.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { hash32 } from '../random';

export const CREATED = 1767225600; // fixed `created` / `created_at` (2026-01-01T00:00:00Z)

type Json = Record<string, any>;

/** One line of the simulator log. */
export interface SimulatorLogEntry {
  endpoint: 'chat' | 'embeddings' | 'responses';
  /** The pipeline version that sent the request (`x-demo-pipeline-version`). */
  version: string;
  requestModel: string;
  /** `stalled`: held until the client gave up; `aborted`: the client went away mid-answer. */
  status: 200 | 429 | 500 | 'stalled' | 'aborted';
  stream: boolean;
  responseModel?: string;
  responseId?: string;
  inputTokens?: number;
  outputTokens?: number;
  /** Parts of inputTokens (when the profile reports cache writes): read from / written to the prompt cache. */
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  fallback?: boolean;
  toolCalls?: number;
}

export interface Timing {
  /** Seconds until the response headers (non-streaming: plus perTokenS for every output token). */
  firstTokenS: number;
  /** Seconds per output token (streams: the wait after every 4-word chunk is 4 of them). */
  perTokenS: number;
}

/**
 * A chat or Responses request as the profile sees it: always in Chat Completions shape (a
 * Responses request's `instructions` become a system message, `function_call` items assistant
 * tool calls, `function_call_output` items `tool` messages, its function tools chat tools).
 */
export interface ModelRequest {
  endpoint: 'chat' | 'responses';
  model: string;
  messages: Json[];
  tools: Json[];
  /** max_completion_tokens / max_tokens / max_output_tokens. */
  maxTokens?: number;
  stream: boolean;
  /** The request body as sent, and its headers. */
  body: Json;
  headers: http.IncomingHttpHeaders;
}

export interface EmbeddingsRequest {
  model: string;
  inputs: string[];
  body: Json;
  headers: http.IncomingHttpHeaders;
}

export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

export interface Usage {
  input: number;
  output: number;
  /** Part of `input` read from the prompt cache. */
  cacheRead: number;
  /** Part of `input` written to the prompt cache; reported (`cache_write_tokens`, not an OpenAI field) only when set. */
  cacheWrite?: number;
  /** Part of `output`. */
  reasoning: number;
}

export interface ModelAnswer {
  /** The model that answered (`model` of the response). */
  model: string;
  /** The text (empty when the model calls tools). */
  text: string;
  toolCalls: ToolCall[];
  finishReason: 'stop' | 'length' | 'tool_calls';
  usage: Usage;
  timing: Timing;
  /** Logged: the provider answered with another model than the one asked for. */
  fallback?: boolean;
}

export interface EmbeddingsAnswer {
  model: string;
  inputTokens: number;
  timing: Timing;
}

/** What the profile does with a request: fail, hang until the client gives up, or answer. */
export type Decision<A> =
  { kind: 'rate_limited' } | { kind: 'server_error' } | { kind: 'stall' } | { kind: 'answer'; answer: A };

/** The ids the simulator hands out; one counter numbers all of them. */
export type IdKind = 'request' | 'chat' | 'response' | 'message' | 'function_call';

/** What a "model" answers and how the provider looks (ids, headers, errors). */
export interface SimulatorProfile {
  /**
   * The n-th id. `request`, `chat` and `response` ids each take the next number; a Responses
   * output item (`message` / `function_call`) has the number of its response.
   */
  id(kind: IdKind, n: number): string;
  /** Headers on every response besides content-type (e.g. `openai-organization`). */
  headers: Record<string, string>;
  /**
   * Which responses carry an `x-request-id`: `all` (taken when the request arrives, before any
   * other id, as OpenAI does) or only `streams` (taken when the stream starts).
   */
  requestIds: 'all' | 'streams';
  systemFingerprint: string;
  /** Embedding length when the request has no `dimensions`. */
  embeddingDimensions: number;
  /** Seconds (before time scaling) an injected failure takes. */
  failureDelayS: number;
  /** The HTTP 429 error message and its extra headers. */
  rateLimitError(model: string, timeScale: number): { message: string; headers: Record<string, string> };
  chat(req: ModelRequest): Decision<ModelAnswer>;
  embeddings(req: EmbeddingsRequest): Decision<EmbeddingsAnswer>;
}

export interface SimulatorOptions {
  profile: SimulatorProfile;
  /** Multiplies every wait (default 1; 0: no waiting). */
  timeScale?: number;
  /** JSON-lines file that gets one SimulatorLogEntry per response. */
  logFile?: string;
}

type Endpoint = SimulatorLogEntry['endpoint'];

const ENDPOINTS: Record<string, Endpoint> = {
  '/v1/chat/completions': 'chat',
  '/v1/embeddings': 'embeddings',
  '/v1/responses': 'responses',
};

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' };

/** What every answered chat / Responses request needs while it is rendered. */
interface Answering {
  req: ModelRequest;
  res: http.ServerResponse;
  answer: ModelAnswer;
  /** Headers of every response of this request. */
  headers: Record<string, string>;
  /** The log fields known before the answer. */
  base: LogBase;
}

type LogBase = Pick<SimulatorLogEntry, 'endpoint' | 'version' | 'requestModel' | 'stream'>;

export class OpenAISimulator {
  private server?: http.Server;
  private counter = 0;
  private readonly pending = new Set<NodeJS.Timeout>();
  private readonly profile: SimulatorProfile;
  private readonly timeScale: number;
  port = 0;

  constructor(private readonly opts: SimulatorOptions) {
    this.profile = opts.profile;
    this.timeScale = opts.timeScale ?? 1;
  }

  get baseURL(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (c: Buffer) => parts.push(c));
      req.on('end', () => {
        let body: Json;
        try {
          body = parts.length ? JSON.parse(Buffer.concat(parts).toString('utf8')) : {};
        } catch (e) {
          sendError(res, 400, 'invalid_request_error', `invalid JSON body: ${String(e)}`, null);
          return;
        }
        this.handle(req, res, body).catch((e) => {
          if (!res.headersSent) {
            sendError(res, 500, 'server_error', String(e), null);
          } else {
            res.destroy();
          }
        });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const t of this.pending) {
      clearTimeout(t);
    }
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Waits (scaled); false when the client went away meanwhile (the response closed early). */
  private sleep(seconds: number, res: http.ServerResponse): Promise<boolean> {
    const ms = seconds * 1000 * this.timeScale;
    return new Promise((resolve) => {
      if (res.destroyed || res.writableEnded) {
        resolve(false);
        return;
      }
      if (!(ms > 0)) {
        resolve(true);
        return;
      }
      const t = setTimeout(() => {
        this.pending.delete(t);
        res.off('close', onClose);
        resolve(true);
      }, ms);
      const onClose = () => {
        clearTimeout(t);
        this.pending.delete(t);
        resolve(false);
      };
      this.pending.add(t);
      res.once('close', onClose);
    });
  }

  private log(entry: SimulatorLogEntry): void {
    if (this.opts.logFile) {
      fs.appendFileSync(this.opts.logFile, JSON.stringify(entry) + '\n');
    }
  }

  private nextNumber(): number {
    this.counter += 1;
    return this.counter;
  }

  private nextId(kind: IdKind): string {
    return this.profile.id(kind, this.nextNumber());
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse, body: Json): Promise<void> {
    const headers: Record<string, string> = {
      ...this.profile.headers,
      ...(this.profile.requestIds === 'all' ? { 'x-request-id': this.nextId('request') } : {}),
    };
    const endpoint = req.method === 'POST' ? ENDPOINTS[req.url ?? ''] : undefined;
    if (!endpoint) {
      sendError(res, 404, 'invalid_request_error', `unknown endpoint ${req.method} ${req.url}`, null, headers);
      return;
    }
    const model = String(body.model ?? '');
    const base: LogBase = {
      endpoint,
      version: String(req.headers['x-demo-pipeline-version'] ?? 'unknown'),
      requestModel: model,
      stream: endpoint !== 'embeddings' && Boolean(body.stream),
    };
    const forced = forcedFailure(req.headers['x-simulate-status']);
    if (endpoint === 'embeddings') {
      const inputs: string[] = (Array.isArray(body.input) ? body.input : [body.input]).map(String);
      const decision = forced ?? this.profile.embeddings({ model, inputs, body, headers: req.headers });
      const answer = await this.answerOrFail(decision, res, base, headers);
      if (answer) {
        await this.embeddings(inputs, body, answer, res, base, headers);
      }
      return;
    }
    const modelReq = endpoint === 'chat' ? chatRequest(body, req.headers) : responsesRequest(body, req.headers);
    const answer = await this.answerOrFail(forced ?? this.profile.chat(modelReq), res, base, headers);
    if (answer) {
      const answering: Answering = { req: modelReq, res, answer, headers, base };
      await (endpoint === 'chat' ? this.chat(answering) : this.responses(answering));
    }
  }

  /** The answer to send, or undefined once the injected failure was sent (or the stall ended). */
  private async answerOrFail<A>(
    decision: Decision<A>,
    res: http.ServerResponse,
    base: LogBase,
    headers: Record<string, string>
  ): Promise<A | undefined> {
    if (decision.kind === 'answer') {
      return decision.answer;
    }
    if (decision.kind === 'rate_limited' || decision.kind === 'server_error') {
      await this.sleep(this.profile.failureDelayS, res);
      const status = decision.kind === 'rate_limited' ? 429 : 500;
      this.log({ ...base, status });
      if (status === 429) {
        const err = this.profile.rateLimitError(base.requestModel, this.timeScale);
        sendError(res, 429, 'requests', err.message, 'rate_limit_exceeded', { ...headers, ...err.headers });
      } else {
        sendError(res, 500, 'server_error', 'The server had an error while processing your request.', null, headers);
      }
      return undefined;
    }
    // A stall: hangs until the client gives up (its timeout) or a long time has passed.
    this.log({ ...base, status: 'stalled' });
    const waited = await this.sleep(120, res);
    if (waited && !res.headersSent) {
      sendError(res, 500, 'server_error', 'upstream timeout', null, headers);
    }
    return undefined;
  }

  private async embeddings(
    inputs: string[],
    body: Json,
    answer: EmbeddingsAnswer,
    res: http.ServerResponse,
    base: LogBase,
    headers: Record<string, string>
  ): Promise<void> {
    const dims = Number(body.dimensions) > 0 ? Number(body.dimensions) : this.profile.embeddingDimensions;
    if (!(await this.waitOrAbort(answer.timing.firstTokenS, res, base))) {
      return;
    }
    const data = inputs.map((text, index) => {
      const v = embed(text, dims);
      return { object: 'embedding', index, embedding: body.encoding_format === 'base64' ? toBase64(v) : v };
    });
    const tokens = answer.inputTokens;
    this.log({ ...base, status: 200, responseModel: answer.model, inputTokens: tokens, outputTokens: 0 });
    sendJson(
      res,
      200,
      { object: 'list', data, model: answer.model, usage: { prompt_tokens: tokens, total_tokens: tokens } },
      headers
    );
  }

  private logAnswered({ answer, base }: Answering, responseId: string): void {
    const u = answer.usage;
    this.log({
      ...base,
      status: 200,
      responseModel: answer.model,
      responseId,
      inputTokens: u.input,
      outputTokens: u.output,
      ...(u.cacheWrite !== undefined ? { cacheReadTokens: u.cacheRead, cacheWriteTokens: u.cacheWrite } : {}),
      fallback: answer.fallback,
      toolCalls: answer.toolCalls.length,
    });
  }

  /** Waits (scaled); when the client went away meanwhile, logs the request as aborted: false. */
  private async waitOrAbort(seconds: number, res: http.ServerResponse, base: LogBase): Promise<boolean> {
    if (await this.sleep(seconds, res)) {
      return true;
    }
    this.log({ ...base, status: 'aborted' });
    return false;
  }

  /** Waits for a non-streamed answer: the first token, then every output token. */
  private wholeAnswer({ answer, res, base }: Answering): Promise<boolean> {
    return this.waitOrAbort(answer.timing.firstTokenS + answer.timing.perTokenS * answer.usage.output, res, base);
  }

  /** Waits for a streamed text chunk (4 words). */
  private nextChunk({ answer, res, base }: Answering): Promise<boolean> {
    return this.waitOrAbort(answer.timing.perTokenS * 4, res, base);
  }

  /** Opens the SSE stream after the time to the first token; false when the client went away. */
  private async openStream(a: Answering): Promise<boolean> {
    if (!(await this.waitOrAbort(a.answer.timing.firstTokenS, a.res, a.base))) {
      return false;
    }
    a.res.writeHead(200, {
      ...a.headers,
      ...SSE_HEADERS,
      ...(a.headers['x-request-id'] ? {} : { 'x-request-id': this.nextId('request') }),
    });
    return true;
  }

  private async chat(a: Answering): Promise<void> {
    const { req, res, answer } = a;
    const id = this.nextId('chat');
    const usage = chatUsage(answer.usage);
    const fingerprint = this.profile.systemFingerprint;
    const toolCalls = answer.toolCalls.map((tc) => ({
      id: tc.id,
      type: 'function',
      function: { name: tc.name, arguments: tc.arguments },
    }));

    if (!req.stream) {
      if (!(await this.wholeAnswer(a))) {
        return;
      }
      const message: Json = toolCalls.length
        ? { role: 'assistant', content: null, refusal: null, tool_calls: toolCalls, annotations: [] }
        : { role: 'assistant', content: answer.text, refusal: null, annotations: [] };
      this.logAnswered(a, id);
      const completion = {
        id,
        object: 'chat.completion',
        created: CREATED,
        model: answer.model,
        choices: [{ index: 0, message, logprobs: null, finish_reason: answer.finishReason }],
        usage,
        service_tier: 'default',
        system_fingerprint: fingerprint,
      };
      sendJson(res, 200, completion, a.headers);
      return;
    }

    if (!(await this.openStream(a))) {
      return;
    }
    const includeUsage = Boolean(req.body.stream_options?.include_usage);
    const chunkBase = {
      id,
      object: 'chat.completion.chunk',
      created: CREATED,
      model: answer.model,
      service_tier: 'default',
      system_fingerprint: fingerprint,
    };
    const delta = (d: Json, finishReason: string | null = null) =>
      writeEvent(res, undefined, {
        ...chunkBase,
        choices: [{ index: 0, delta: d, logprobs: null, finish_reason: finishReason }],
        ...(includeUsage ? { usage: null } : {}),
      });
    delta({ role: 'assistant', content: '', refusal: null });
    // As OpenAI streams them: a tool call's id and name first, its arguments in the next chunk.
    toolCalls.forEach((tc, index) => {
      delta({ tool_calls: [{ index, id: tc.id, type: tc.type, function: { name: tc.function.name, arguments: '' } }] });
      delta({ tool_calls: [{ index, function: { arguments: tc.function.arguments } }] });
    });
    if (!toolCalls.length) {
      for (const piece of textChunks(answer.text)) {
        delta({ content: piece });
        if (!(await this.nextChunk(a))) {
          return;
        }
      }
    }
    delta({}, answer.finishReason);
    if (includeUsage) {
      writeEvent(res, undefined, { ...chunkBase, choices: [], usage });
    }
    res.write('data: [DONE]\n\n');
    this.logAnswered(a, id);
    res.end();
  }

  private async responses(a: Answering): Promise<void> {
    const { req, res, answer } = a;
    const body = req.body;
    const n = this.nextNumber();
    const id = this.profile.id('response', n);
    const usage = responsesUsage(answer.usage);
    const output: Json[] = answer.toolCalls.length
      ? answer.toolCalls.map((tc, i) => ({
          type: 'function_call',
          id: this.profile.id('function_call', n) + (i ? `_${i}` : ''),
          call_id: tc.id,
          name: tc.name,
          arguments: tc.arguments,
          status: 'completed',
        }))
      : [
          {
            type: 'message',
            id: this.profile.id('message', n),
            role: 'assistant',
            status: 'completed',
            content: [{ type: 'output_text', text: answer.text, annotations: [], logprobs: [] }],
          },
        ];
    const response = (status: string, items: Json[], u: Json | null) => ({
      id,
      object: 'response',
      created_at: CREATED,
      status,
      background: false,
      error: null,
      incomplete_details: null,
      instructions: body.instructions ?? null,
      max_output_tokens: body.max_output_tokens ?? null,
      model: answer.model,
      output: items,
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
      usage: u,
      metadata: {},
    });

    if (!req.stream) {
      if (!(await this.wholeAnswer(a))) {
        return;
      }
      this.logAnswered(a, id);
      sendJson(res, 200, response('completed', output, usage), a.headers);
      return;
    }
    if (!(await this.openStream(a))) {
      return;
    }
    let seq = 0;
    const send = (ev: Json) => writeEvent(res, ev.type, { ...ev, sequence_number: seq++ });
    send({ type: 'response.created', response: response('in_progress', [], null) });
    send({ type: 'response.in_progress', response: response('in_progress', [], null) });
    if (answer.toolCalls.length) {
      for (const [index, item] of output.entries()) {
        const ref = { item_id: item.id, output_index: index };
        send({
          type: 'response.output_item.added',
          output_index: index,
          item: { ...item, arguments: '', status: 'in_progress' },
        });
        send({ type: 'response.function_call_arguments.delta', ...ref, delta: item.arguments });
        send({ type: 'response.function_call_arguments.done', ...ref, arguments: item.arguments });
        send({ type: 'response.output_item.done', output_index: index, item });
      }
    } else {
      const item = output[0];
      const ref = { item_id: item.id, output_index: 0, content_index: 0 };
      send({
        type: 'response.output_item.added',
        output_index: 0,
        item: { ...item, status: 'in_progress', content: [] },
      });
      send({
        type: 'response.content_part.added',
        ...ref,
        part: { type: 'output_text', text: '', annotations: [], logprobs: [] },
      });
      for (const piece of textChunks(answer.text)) {
        send({ type: 'response.output_text.delta', ...ref, delta: piece, logprobs: [] });
        if (!(await this.nextChunk(a))) {
          return;
        }
      }
      send({ type: 'response.output_text.done', ...ref, text: answer.text, logprobs: [] });
      send({ type: 'response.content_part.done', ...ref, part: item.content[0] });
      send({ type: 'response.output_item.done', output_index: 0, item });
    }
    send({ type: 'response.completed', response: response('completed', output, usage) });
    this.logAnswered(a, id);
    res.end();
  }
}

/** `x-simulate-status: 429 | 500`: the request fails that way whatever the profile decides. */
function forcedFailure(header: string | string[] | undefined): Decision<never> | undefined {
  const status = Array.isArray(header) ? header[0] : header;
  return status === '429' ? { kind: 'rate_limited' } : status === '500' ? { kind: 'server_error' } : undefined;
}

function chatRequest(body: Json, headers: http.IncomingHttpHeaders): ModelRequest {
  return {
    endpoint: 'chat',
    model: String(body.model ?? ''),
    messages: Array.isArray(body.messages) ? body.messages : [],
    tools: Array.isArray(body.tools) ? body.tools : [],
    maxTokens: Number(body.max_completion_tokens ?? body.max_tokens) || undefined,
    stream: Boolean(body.stream),
    body,
    headers,
  };
}

/** A Responses API request in Chat Completions shape (see ModelRequest). */
function responsesRequest(body: Json, headers: http.IncomingHttpHeaders): ModelRequest {
  const input: Json[] =
    typeof body.input === 'string'
      ? [{ role: 'user', content: body.input }]
      : Array.isArray(body.input)
        ? body.input
        : [];
  const messages: Json[] = body.instructions ? [{ role: 'system', content: String(body.instructions) }] : [];
  for (const item of input) {
    if (item.type === 'function_call') {
      messages.push({
        role: 'assistant',
        content: null,
        tool_calls: [{ id: item.call_id, type: 'function', function: { name: item.name, arguments: item.arguments } }],
      });
    } else if (item.type === 'function_call_output') {
      messages.push({
        role: 'tool',
        tool_call_id: item.call_id,
        content: typeof item.output === 'string' ? item.output : JSON.stringify(item.output),
      });
    } else if (item.role) {
      messages.push({ role: item.role, content: item.content });
    }
  }
  const tools = (Array.isArray(body.tools) ? body.tools : [])
    .filter((t: Json) => t.type === 'function')
    .map((t: Json) => ({
      type: 'function',
      function: { name: t.name, description: t.description, parameters: t.parameters },
    }));
  return {
    endpoint: 'responses',
    model: String(body.model ?? ''),
    messages,
    tools,
    maxTokens: Number(body.max_output_tokens) || undefined,
    stream: Boolean(body.stream),
    body,
    headers,
  };
}

function chatUsage(u: Usage): Json {
  return {
    prompt_tokens: u.input,
    completion_tokens: u.output,
    total_tokens: u.input + u.output,
    prompt_tokens_details: {
      cached_tokens: u.cacheRead,
      audio_tokens: 0,
      ...(u.cacheWrite !== undefined ? { cache_write_tokens: u.cacheWrite } : {}),
    },
    completion_tokens_details: {
      reasoning_tokens: u.reasoning,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function responsesUsage(u: Usage): Json {
  return {
    input_tokens: u.input,
    input_tokens_details: {
      cached_tokens: u.cacheRead,
      ...(u.cacheWrite !== undefined ? { cache_write_tokens: u.cacheWrite } : {}),
    },
    output_tokens: u.output,
    output_tokens_details: { reasoning_tokens: u.reasoning },
    total_tokens: u.input + u.output,
  };
}

/** The streamed pieces of a text: 4 words each, a word keeping the space after it. */
export function textChunks(text: string): string[] {
  const words = text.split(/(?<= )/);
  const out: string[] = [];
  for (let i = 0; i < words.length; i += 4) {
    out.push(words.slice(i, i + 4).join(''));
  }
  return out;
}

function writeEvent(res: http.ServerResponse, event: string | undefined, data: Json): void {
  res.write(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function sendError(
  res: http.ServerResponse,
  status: number,
  type: string,
  message: string,
  code: string | null,
  headers: Record<string, string> = {}
) {
  sendJson(res, status, { error: { message, type, param: null, code } }, headers);
}

/** Deterministic pseudo-embedding in [-1, 1]. */
export function embed(text: string, dims: number): number[] {
  let h = hash32(text);
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
