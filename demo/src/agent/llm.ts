/**
 * Model calls through the instrumented `openai` client. The instrumentation makes one span per
 * attempt; retries (429, 5xx, timeouts) are done here so each attempt is visible in the trace.
 * Streaming calls also record the time to the first chunk (span attribute + metric), which the
 * instrumentation does not. In 2026 mode every attempt also records the 2026 inference metrics
 * (the instrumentation's old-name metrics are not exported then).
 */
import type { Attributes } from '@opentelemetry/api';
import { performance } from 'node:perf_hooks';
import type OpenAI from 'openai';
import { recordUsage, type ReportedUsage } from '../telemetry/genaiMetrics2026';
import { rememberUsage, reportedUsage } from '../telemetry/reportedUsage';
import { captureSpans } from '../telemetry/spanCapture';
import { countCall } from './agentTally';
import { errorType, sleep, type Runtime } from './runtime';

type Message = OpenAI.Chat.ChatCompletionMessageParam;
type Tool = OpenAI.Chat.ChatCompletionTool;

export interface ChatRequest {
  model: string;
  messages: Message[];
  tools?: Tool[];
  maxTokens: number;
  stream?: boolean;
  temperature?: number;
}

export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

export interface ChatResult {
  text: string;
  toolCalls: ToolCall[];
  responseId: string;
  requestModel: string;
  responseModel: string;
  /** The assistant message to append to the conversation. */
  message: Message;
  /** What the provider reported (the last stream chunk for streams). */
  usage: ReportedUsage;
}

const MAX_ATTEMPTS = 3;
const RETRYABLE = new Set(['RateLimitError', 'InternalServerError', 'APIConnectionTimeoutError', 'APIConnectionError']);

async function withRetries<T>(rt: Runtime, call: (attempt: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(attempt);
    } catch (e) {
      const name = (e as Error)?.constructor?.name ?? '';
      if (!RETRYABLE.has(name) || attempt >= MAX_ATTEMPTS) {
        throw e;
      }
      // Exponential back-off (scaled like every other delay of the demo).
      await sleep(rt, 0.5 * 2 ** (attempt - 1));
    }
  }
}

function requestOptions(rt: Runtime, attempt: number): OpenAI.RequestOptions {
  return { timeout: rt.llmTimeoutMs, headers: { 'x-demo-attempt': String(attempt) } };
}

export function chat(rt: Runtime, req: ChatRequest): Promise<ChatResult> {
  return withRetries(rt, (attempt) =>
    measured(
      rt,
      'chat',
      req.model,
      () => (req.stream ? chatStreamOnce(rt, req, attempt) : chatOnce(rt, req, attempt)),
      (r) => ({ responseModel: r.responseModel, usage: r.usage })
    )
  );
}

/** The attributes every inference metric point carries (as the instrumentation's did). */
function callAttributes(rt: Runtime, operation: string, requestModel: string, responseModel?: string): Attributes {
  const url = new URL(rt.client.baseURL);
  return {
    'gen_ai.operation.name': operation,
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': requestModel,
    ...(responseModel ? { 'gen_ai.response.model': responseModel } : {}),
    'server.address': url.hostname,
    'server.port': Number(url.port) || 80,
  };
}

/** One attempt; in 2026 mode its duration (with error.type when it failed) and usage are recorded. */
async function measured<T>(
  rt: Runtime,
  operation: 'chat' | 'embeddings',
  requestModel: string,
  call: () => Promise<T>,
  outcome: (r: T) => { responseModel?: string; usage: ReportedUsage }
): Promise<T> {
  const m = rt.metrics2026;
  if (!m) {
    return call();
  }
  // Embeddings are not inference: they keep gen_ai.client.operation.duration.
  const duration = operation === 'chat' ? m.inferenceDuration : m.operationDuration;
  if (operation === 'chat') {
    countCall('inferenceCalls');
  }
  const started = performance.now();
  try {
    const r = await call();
    const { responseModel, usage } = outcome(r);
    const attrs = callAttributes(rt, operation, requestModel, responseModel);
    duration.record((performance.now() - started) / 1000, attrs);
    recordUsage(m, usage, attrs);
    return r;
  } catch (e) {
    duration.record((performance.now() - started) / 1000, {
      ...callAttributes(rt, operation, requestModel),
      'error.type': errorType(e),
    });
    throw e;
  }
}

function body(req: ChatRequest) {
  return {
    model: req.model,
    messages: req.messages,
    max_tokens: req.maxTokens,
    temperature: req.temperature ?? 0.3,
    ...(req.tools?.length ? { tools: req.tools, tool_choice: 'auto' as const } : {}),
  };
}

async function chatOnce(rt: Runtime, req: ChatRequest, attempt: number): Promise<ChatResult> {
  const r = await rt.client.chat.completions.create(body(req), requestOptions(rt, attempt));
  const choice = r.choices[0];
  const toolCalls: ToolCall[] = (choice?.message.tool_calls ?? [])
    .filter((tc) => tc.type === 'function')
    .map((tc) => ({ id: tc.id, name: tc.function.name, arguments: tc.function.arguments }));
  return {
    text: choice?.message.content ?? '',
    toolCalls,
    responseId: r.id,
    requestModel: req.model,
    responseModel: r.model,
    message: assistantMessage(choice?.message.content ?? '', toolCalls),
    usage: reportedUsage(r.usage),
  };
}

async function chatStreamOnce(rt: Runtime, req: ChatRequest, attempt: number): Promise<ChatResult> {
  const started = performance.now();
  const { result, spans } = captureSpans(() =>
    rt.client.chat.completions.create(
      { ...body(req), stream: true, stream_options: { include_usage: true } },
      requestOptions(rt, attempt)
    )
  );
  const stream = await result;
  let firstChunkS: number | undefined;
  let lastChunkMs = started;
  let usage: ReportedUsage = {};
  let text = '';
  let responseId = '';
  let responseModel = req.model;
  const calls: ToolCall[] = [];
  for await (const chunk of stream) {
    const now = performance.now();
    if (firstChunkS !== undefined && rt.metrics2026) {
      rt.metrics2026.timePerOutputChunk.record(
        (now - lastChunkMs) / 1000,
        callAttributes(rt, 'chat', req.model, chunk.model)
      );
    }
    lastChunkMs = now;
    if (chunk.usage) {
      // The usage chunk comes last, while the instrumentation's span is still open.
      usage = reportedUsage(chunk.usage);
      if (rt.semconv === '2026') {
        rememberUsage(chunk.id, usage);
      }
    }
    if (firstChunkS === undefined) {
      firstChunkS = (now - started) / 1000;
      // The instrumentation's span is still open while we iterate.
      spans[0]?.setAttribute('gen_ai.response.time_to_first_chunk', firstChunkS);
      if (rt.metrics2026) {
        rt.metrics2026.timeToFirstChunk.record(firstChunkS, callAttributes(rt, 'chat', req.model, chunk.model));
      } else {
        rt.metrics.timeToFirstChunk.record(firstChunkS, {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'openai',
          // Same attribute set as the instrumentation's gen_ai.client.operation.duration, so they join.
          'gen_ai.system': 'openai',
          'gen_ai.request.model': req.model,
          'gen_ai.response.model': chunk.model,
          'server.address': rt.client.baseURL ? new URL(rt.client.baseURL).hostname : 'unknown',
          'server.port': Number(new URL(rt.client.baseURL).port) || 80,
        });
      }
    }
    responseId ||= chunk.id;
    responseModel = chunk.model || responseModel;
    const delta = chunk.choices[0]?.delta;
    text += delta?.content ?? '';
    for (const tc of delta?.tool_calls ?? []) {
      const slot = (calls[tc.index] ??= { id: '', name: '', arguments: '' });
      slot.id ||= tc.id ?? '';
      slot.name ||= tc.function?.name ?? '';
      slot.arguments += tc.function?.arguments ?? '';
    }
  }
  return {
    text,
    toolCalls: calls,
    responseId,
    requestModel: req.model,
    responseModel,
    message: assistantMessage(text, calls),
    usage,
  };
}

function assistantMessage(text: string, calls: ToolCall[]): Message {
  if (calls.length) {
    return {
      role: 'assistant',
      content: text || null,
      tool_calls: calls.map((c) => ({
        id: c.id,
        type: 'function',
        function: { name: c.name, arguments: c.arguments },
      })),
    };
  }
  return { role: 'assistant', content: text };
}

export async function embed(rt: Runtime, model: string, input: string[]): Promise<number> {
  return withRetries(rt, async (attempt) => {
    const r = await measured(
      rt,
      'embeddings',
      model,
      () => rt.client.embeddings.create({ model, input, dimensions: 256 }, requestOptions(rt, attempt)),
      (res) => ({ responseModel: res.model, usage: { input: res.usage?.prompt_tokens } })
    );
    return r.data.length;
  });
}
