/**
 * A deterministic OpenAI-compatible HTTP server on loopback: the demo's "LLM provider".
 * No key, no network. It serves the two endpoints the demo uses:
 *   POST /v1/chat/completions  (non-streaming and `stream: true` SSE with stream_options.include_usage)
 *   POST /v1/embeddings        (float or base64)
 * Tool calls: when a request offers tools and has no tool result yet, the model calls 1-2 of them.
 * Incidents change what it does (behaviour.ts). Every response is logged as one JSON line so a
 * test can compare the telemetry with what the "provider" really returned.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Incident } from '../incident';
import { hash32, Rng } from '../random';
import { countTokens, decideOutcome, generateText, outputTokens, timing, type Outcome } from './behaviour';

export const CREATED = 1767225600; // fixed `created` (2026-01-01T00:00:00Z)

/** One line of the simulator log. */
export interface SimulatorLogEntry {
  endpoint: 'chat' | 'embeddings';
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
  /** Parts of inputTokens (chat, with `cacheTokens`): read from / written to the prompt cache. */
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  fallback?: boolean;
  toolCalls?: number;
}

export interface SimulatorOptions {
  seed: string;
  incident: () => Incident;
  timeScale: number;
  logFile?: string;
  /**
   * Report prompt caching (DEMO_SEMCONV=2026): the system prompt and tools are written to the
   * cache by a conversation's first call and read by calls that continue one. Reads are
   * `prompt_tokens_details.cached_tokens` (OpenAI); writes `prompt_tokens_details.cache_write_tokens`
   * (not an OpenAI field: OpenAI reports no cache writes, Anthropic-style providers do).
   */
  cacheTokens?: boolean;
}

type Json = Record<string, any>;

/** A request the model answers (no injected failure): what the chat and embeddings handlers need. */
interface AnsweredRequest {
  res: http.ServerResponse;
  body: Json;
  rng: Rng;
  outcome: Extract<Outcome, { kind: 'answer' }>;
  /** The log fields known before the answer. */
  base: Pick<SimulatorLogEntry, 'endpoint' | 'version' | 'requestModel' | 'stream'>;
  incident: Incident;
}

export class OpenAISimulator {
  private server?: http.Server;
  private counter = 0;
  private readonly seedTag: string;
  private readonly pending = new Set<NodeJS.Timeout>();
  port = 0;

  constructor(private readonly opts: SimulatorOptions) {
    this.seedTag = hash32(opts.seed).toString(16).padStart(8, '0');
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
    const ms = seconds * 1000 * this.opts.timeScale;
    return new Promise((resolve) => {
      if (res.destroyed || res.writableEnded) {
        resolve(false);
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

  private nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}-${this.seedTag}-${String(this.counter).padStart(6, '0')}`;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse, body: Json): Promise<void> {
    const endpoint =
      req.url === '/v1/chat/completions' ? 'chat' : req.url === '/v1/embeddings' ? 'embeddings' : undefined;
    if (req.method !== 'POST' || !endpoint) {
      sendError(res, 404, 'invalid_request_error', `unknown endpoint ${req.method} ${req.url}`, null);
      return;
    }
    const version = String(req.headers['x-demo-pipeline-version'] ?? 'unknown');
    const attempt = String(req.headers['x-demo-attempt'] ?? '1');
    const model = String(body.model ?? '');
    const incident = this.opts.incident();
    const rng = new Rng(this.opts.seed, version, attempt, hash32(JSON.stringify(body)));
    const outcome = decideOutcome(rng, model, incident);
    const stream = endpoint === 'chat' && Boolean(body.stream);
    const base = { endpoint, version, requestModel: model, stream } as const;

    if (outcome.kind === 'rate_limited' || outcome.kind === 'server_error') {
      await this.sleep(0.05, res);
      const status = outcome.kind === 'rate_limited' ? 429 : 500;
      this.log({ ...base, status });
      if (status === 429) {
        sendError(
          res,
          429,
          'requests',
          `Rate limit reached for ${model} in organization org-demo on requests per min (RPM): Limit 500, Used 500, Requested 1.`,
          'rate_limit_exceeded',
          { 'retry-after-ms': String(Math.round(400 * this.opts.timeScale)) }
        );
      } else {
        sendError(res, 500, 'server_error', 'The server had an error while processing your request.', null);
      }
      return;
    }
    if (outcome.kind === 'stall') {
      // Hangs until the client gives up (its timeout) or a long time has passed.
      this.log({ ...base, status: 'stalled' });
      const waited = await this.sleep(120, res);
      if (waited && !res.headersSent) {
        sendError(res, 500, 'server_error', 'upstream timeout', null);
      }
      return;
    }
    const answered: AnsweredRequest = { res, body, rng, outcome, base, incident };
    await (endpoint === 'embeddings' ? this.embeddings(answered) : this.chat(answered));
  }

  private async embeddings({ res, body, rng, outcome, base, incident }: AnsweredRequest): Promise<void> {
    const inputs: string[] = (Array.isArray(body.input) ? body.input : [body.input]).map(String);
    const tokens = inputs.reduce((n, t) => n + countTokens(t), 0);
    const dims = Number(body.dimensions) > 0 ? Number(body.dimensions) : 256;
    if (!(await this.sleep(timing(rng, outcome.responseModel, tokens, incident).firstTokenS, res))) {
      this.log({ ...base, status: 'aborted' });
      return;
    }
    const data = inputs.map((text, index) => {
      const v = embed(text, dims);
      return { object: 'embedding', index, embedding: body.encoding_format === 'base64' ? toBase64(v) : v };
    });
    this.log({ ...base, status: 200, responseModel: outcome.responseModel, inputTokens: tokens, outputTokens: 0 });
    sendJson(res, 200, {
      object: 'list',
      data,
      model: outcome.responseModel,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
  }

  private async chat({ res, body, rng, outcome, base, incident }: AnsweredRequest): Promise<void> {
    const messages: Json[] = Array.isArray(body.messages) ? body.messages : [];
    const tools: Json[] = Array.isArray(body.tools) ? body.tools : [];
    const inputTokens =
      3 +
      messages.reduce((n, m) => n + 4 + countTokens(messageText(m)), 0) +
      (tools.length ? countTokens(JSON.stringify(tools)) : 0);
    const wantsTools = tools.length > 0 && !messages.some((m) => m.role === 'tool');
    const maxTokens = Number(body.max_completion_tokens ?? body.max_tokens) || undefined;

    let text = '';
    let toolCalls: Json[] = [];
    let completionTokens: number;
    let finishReason: string;
    if (wantsTools) {
      toolCalls = chooseToolCalls(rng, tools, lastUserText(messages));
      completionTokens = toolCalls.reduce((n, tc) => n + 6 + countTokens(tc.function.arguments), 0);
      finishReason = 'tool_calls';
    } else {
      completionTokens = outputTokens(rng, maxTokens, incident);
      text = generateText(rng, completionTokens);
      finishReason = maxTokens !== undefined && completionTokens >= maxTokens ? 'length' : 'stop';
    }
    let cacheRead = 0;
    let cacheWrite = 0;
    if (this.opts.cacheTokens) {
      const prefix =
        messages.filter((m) => m.role === 'system').reduce((n, m) => n + 4 + countTokens(messageText(m)), 0) +
        (tools.length ? countTokens(JSON.stringify(tools)) : 0);
      if (messages.some((m) => m.role === 'assistant' || m.role === 'tool')) {
        cacheRead = prefix;
      } else {
        cacheWrite = prefix;
      }
    }
    const usage = {
      prompt_tokens: inputTokens,
      completion_tokens: completionTokens,
      total_tokens: inputTokens + completionTokens,
      prompt_tokens_details: {
        cached_tokens: cacheRead,
        audio_tokens: 0,
        ...(this.opts.cacheTokens ? { cache_write_tokens: cacheWrite } : {}),
      },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    };
    const id = this.nextId('chatcmpl-sim');
    const t = timing(rng, outcome.responseModel, inputTokens, incident);
    const logDone = () =>
      this.log({
        ...base,
        status: 200,
        responseModel: outcome.responseModel,
        responseId: id,
        inputTokens,
        outputTokens: completionTokens,
        ...(this.opts.cacheTokens ? { cacheReadTokens: cacheRead, cacheWriteTokens: cacheWrite } : {}),
        fallback: outcome.fallback,
        toolCalls: toolCalls.length,
      });

    if (!base.stream) {
      if (!(await this.sleep(t.firstTokenS + t.perTokenS * completionTokens, res))) {
        this.log({ ...base, status: 'aborted' });
        return;
      }
      const message: Json = toolCalls.length
        ? { role: 'assistant', content: null, refusal: null, tool_calls: toolCalls, annotations: [] }
        : { role: 'assistant', content: text, refusal: null, annotations: [] };
      logDone();
      sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created: CREATED,
        model: outcome.responseModel,
        choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
        usage,
        service_tier: 'default',
        system_fingerprint: 'fp_demo_sim',
      });
      return;
    }

    if (!(await this.sleep(t.firstTokenS, res))) {
      this.log({ ...base, status: 'aborted' });
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-request-id': this.nextId('req-sim'),
    });
    const includeUsage = Boolean(body.stream_options?.include_usage);
    const chunkBase = {
      id,
      object: 'chat.completion.chunk',
      created: CREATED,
      model: outcome.responseModel,
      service_tier: 'default',
      system_fingerprint: 'fp_demo_sim',
    };
    const send = (choices: Json[], extra: Json = {}) =>
      res.write(
        `data: ${JSON.stringify({ ...chunkBase, choices, ...(includeUsage ? { usage: null } : {}), ...extra })}\n\n`
      );
    send([{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }]);
    if (toolCalls.length) {
      toolCalls.forEach((tc, index) =>
        send([{ index: 0, delta: { tool_calls: [{ index, ...tc }] }, logprobs: null, finish_reason: null }])
      );
    } else {
      const words = text.split(' ');
      for (let i = 0; i < words.length; i += 4) {
        const piece = (i ? ' ' : '') + words.slice(i, i + 4).join(' ');
        send([{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }]);
        if (!(await this.sleep(t.perTokenS * 4, res))) {
          this.log({ ...base, status: 'aborted' });
          return;
        }
      }
    }
    send([{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason }]);
    if (includeUsage) {
      res.write(`data: ${JSON.stringify({ ...chunkBase, choices: [], usage })}\n\n`);
    }
    res.write('data: [DONE]\n\n');
    logDone();
    res.end();
  }
}

function messageText(m: Json): string {
  const content =
    typeof m.content === 'string'
      ? m.content
      : Array.isArray(m.content)
        ? m.content.map((p: Json) => p.text ?? '').join('')
        : '';
  return content + (m.tool_calls ? JSON.stringify(m.tool_calls) : '');
}

function lastUserText(messages: Json[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].role === 'user') {
      return messageText(messages[i]);
    }
  }
  return '';
}

/** The model calls one or two of the offered tools, with arguments that fit their JSON schema. */
function chooseToolCalls(rng: Rng, tools: Json[], question: string): Json[] {
  const fns = tools.filter((t) => t.type === 'function' && t.function?.name);
  const count = Math.min(fns.length, rng.chance(0.4) ? 2 : 1);
  const start = rng.int(0, fns.length - 1);
  const calls: Json[] = [];
  for (let i = 0; i < count; i++) {
    const fn = fns[(start + i) % fns.length].function;
    const args: Json = {};
    const props: Json = fn.parameters?.properties ?? {};
    for (const [name, schema] of Object.entries<Json>(props)) {
      if (schema.type === 'number' || schema.type === 'integer') {
        args[name] = rng.int(1, 10);
      } else if (Array.isArray(schema.enum)) {
        args[name] = rng.pick(schema.enum);
      } else {
        args[name] = question.slice(0, 80);
      }
    }
    calls.push({
      id: `call_${rng.int(0, 0xffffff).toString(16).padStart(6, '0')}${rng.int(0, 0xffffff).toString(16).padStart(6, '0')}`,
      type: 'function',
      function: { name: fn.name, arguments: JSON.stringify(args) },
    });
  }
  return calls;
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
function embed(text: string, dims: number): number[] {
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
