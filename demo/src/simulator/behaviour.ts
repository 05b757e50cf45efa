/**
 * The demo's simulated provider (demoProfile): what it does with one request (fail, stall,
 * answer, maybe with a different model) and how slowly, decided from the request content, the
 * seed and the current incident only. Tool calls: when a request offers tools and has no tool
 * result yet, the model calls 1-2 of them.
 */
import type { Incident } from '../incident';
import { hash32, Rng } from '../random';
import type {
  Decision,
  EmbeddingsAnswer,
  ModelAnswer,
  ModelRequest,
  SimulatorProfile,
  Timing,
} from './openaiSimulator';

/** What the provider does with one request, before the answer's content is chosen. */
export type Outcome =
  | { kind: 'rate_limited' }
  | { kind: 'server_error' }
  | { kind: 'stall' }
  | { kind: 'answer'; responseModel: string; fallback: boolean };

/** Per-incident failure and fallback probabilities. */
const RATES: Record<Incident, { rateLimit: number; serverError: number; stall: number; fallback: number }> = {
  none: { rateLimit: 0.03, serverError: 0.01, stall: 0.005, fallback: 0.06 },
  cost: { rateLimit: 0.03, serverError: 0.01, stall: 0.005, fallback: 0.6 },
  latency: { rateLimit: 0.03, serverError: 0.01, stall: 0.12, fallback: 0.06 },
  quality: { rateLimit: 0.03, serverError: 0.01, stall: 0.005, fallback: 0.06 },
  errors: { rateLimit: 0.22, serverError: 0.1, stall: 0.02, fallback: 0.06 },
};

/** A cheap model that the simulated router escalates to a bigger one (a "fallback"). */
const FALLBACK_MODEL: Record<string, string> = { 'gpt-4o-mini': 'gpt-4o' };

export function decideOutcome(rng: Rng, requestModel: string, incident: Incident): Outcome {
  const r = RATES[incident];
  const x = rng.float();
  if (x < r.rateLimit) {
    return { kind: 'rate_limited' };
  }
  if (x < r.rateLimit + r.serverError) {
    return { kind: 'server_error' };
  }
  if (x < r.rateLimit + r.serverError + r.stall) {
    return { kind: 'stall' };
  }
  const upgrade = FALLBACK_MODEL[requestModel];
  if (upgrade && rng.chance(r.fallback)) {
    return { kind: 'answer', responseModel: upgrade, fallback: true };
  }
  return { kind: 'answer', responseModel: requestModel, fallback: false };
}

/** Seconds before the first token and per output token, by model family. */
function speed(model: string): { firstToken: number; perToken: number } {
  if (model.startsWith('text-embedding')) {
    return { firstToken: 0.08, perToken: 0 };
  }
  if (model.includes('mini')) {
    return { firstToken: 0.25, perToken: 0.006 };
  }
  if (model.startsWith('gpt-4o')) {
    return { firstToken: 0.5, perToken: 0.012 };
  }
  return { firstToken: 0.2, perToken: 0.004 };
}

export function timing(rng: Rng, model: string, inputTokens: number, incident: Incident): Timing {
  const s = speed(model);
  const slow = incident === 'latency' ? 5 : 1;
  const jitter = 0.7 + rng.float() * 0.6;
  return {
    firstTokenS: (s.firstToken + inputTokens * 0.00004) * jitter * slow,
    perTokenS: s.perToken * jitter * slow,
  };
}

const WORDS = (
  'revenue grew in the northern region while churn fell slightly ; the model suggests that ' +
  'pricing changes explain most of the variance , although seasonality and the delayed ' +
  'marketing campaign also matter . according to the retrieved documents the forecast ' +
  'remains within the expected range and no anomaly needs escalation ; confidence is moderate ' +
  'because two sources disagree on the baseline , so we recommend a follow-up review next quarter .'
).split(' ');

/** Deterministic text of exactly `tokens` words (the simulator counts one token per word). */
export function generateText(rng: Rng, tokens: number): string {
  const out: string[] = [];
  let i = rng.int(0, WORDS.length - 1);
  for (let n = 0; n < tokens; n++) {
    out.push(WORDS[i % WORDS.length]);
    i += rng.chance(0.85) ? 1 : rng.int(2, 9);
  }
  return out.join(' ');
}

/** How many output tokens to produce for a `max_tokens` budget. */
export function outputTokens(rng: Rng, maxTokens: number | undefined, incident: Incident): number {
  const budget = maxTokens ?? 400;
  if (incident === 'cost') {
    // The "runaway verbosity" incident: answers use the whole (raised) budget.
    return budget;
  }
  return Math.max(1, Math.round(budget * (0.35 + rng.float() * 0.5)));
}

/** Rough OpenAI-like token estimate: ~4 characters per token plus per-message overhead. */
export function countTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export interface DemoProfileOptions {
  seed: string;
  /** The incident in force (read once per request). */
  incident: () => Incident;
  /**
   * Report prompt caching (DEMO_SEMCONV=2026): the system prompt and tools are written to the
   * cache by a conversation's first call and read by calls that continue one. Reads are
   * `prompt_tokens_details.cached_tokens` (OpenAI); writes `prompt_tokens_details.cache_write_tokens`
   * (not an OpenAI field: OpenAI reports no cache writes, Anthropic-style providers do).
   */
  cacheTokens?: boolean;
}

const DEMO_ID_PREFIX = {
  request: 'req-sim',
  chat: 'chatcmpl-sim',
  response: 'resp-sim',
  message: 'msg-sim',
  function_call: 'fc-sim',
} as const;

/**
 * The demo's provider: each request's fate is seeded by the seed, the pipeline version
 * (`x-demo-pipeline-version`), the attempt (`x-demo-attempt`) and the body, so a run with the
 * same seed sends the same traffic whatever the timing.
 */
export function demoProfile(opts: DemoProfileOptions): SimulatorProfile {
  const seedTag = hash32(opts.seed).toString(16).padStart(8, '0');
  const decide = (body: unknown, headers: Record<string, unknown>, model: string) => {
    const version = String(headers['x-demo-pipeline-version'] ?? 'unknown');
    const attempt = String(headers['x-demo-attempt'] ?? '1');
    const incident = opts.incident();
    const rng = new Rng(opts.seed, version, attempt, hash32(JSON.stringify(body)));
    return { rng, incident, outcome: decideOutcome(rng, model, incident) };
  };
  return {
    id: (kind, n) => `${DEMO_ID_PREFIX[kind]}-${seedTag}-${String(n).padStart(6, '0')}`,
    headers: {},
    requestIds: 'streams',
    systemFingerprint: 'fp_demo_sim',
    embeddingDimensions: 256,
    failureDelayS: 0.05,
    rateLimitError: (model, timeScale) => ({
      message: `Rate limit reached for ${model} in organization org-demo on requests per min (RPM): Limit 500, Used 500, Requested 1.`,
      headers: { 'retry-after-ms': String(Math.round(400 * timeScale)) },
    }),

    chat(req: ModelRequest): Decision<ModelAnswer> {
      const { rng, incident, outcome } = decide(req.body, req.headers, req.model);
      if (outcome.kind !== 'answer') {
        return outcome;
      }
      const { messages, tools, maxTokens } = req;
      const toolsTokens = tools.length ? countTokens(JSON.stringify(tools)) : 0;
      const input = 3 + messages.reduce((n, m) => n + 4 + countTokens(messageText(m)), 0) + toolsTokens;
      const wantsTools = tools.length > 0 && !messages.some((m) => m.role === 'tool');
      let text = '';
      let toolCalls: Json[] = [];
      let output: number;
      let finishReason: ModelAnswer['finishReason'];
      if (wantsTools) {
        toolCalls = chooseToolCalls(rng, tools, lastUserText(messages));
        output = toolCalls.reduce((n, tc) => n + 6 + countTokens(tc.function.arguments), 0);
        finishReason = 'tool_calls';
      } else {
        output = outputTokens(rng, maxTokens, incident);
        text = generateText(rng, output);
        finishReason = maxTokens !== undefined && output >= maxTokens ? 'length' : 'stop';
      }
      let cacheRead = 0;
      let cacheWrite = 0;
      if (opts.cacheTokens) {
        const prefix =
          messages.filter((m) => m.role === 'system').reduce((n, m) => n + 4 + countTokens(messageText(m)), 0) +
          toolsTokens;
        if (messages.some((m) => m.role === 'assistant' || m.role === 'tool')) {
          cacheRead = prefix;
        } else {
          cacheWrite = prefix;
        }
      }
      return {
        kind: 'answer',
        answer: {
          model: outcome.responseModel,
          text,
          toolCalls: toolCalls.map((tc) => ({ id: tc.id, name: tc.function.name, arguments: tc.function.arguments })),
          finishReason,
          usage: { input, output, cacheRead, cacheWrite: opts.cacheTokens ? cacheWrite : undefined, reasoning: 0 },
          timing: timing(rng, outcome.responseModel, input, incident),
          fallback: outcome.fallback,
        },
      };
    },

    embeddings(req): Decision<EmbeddingsAnswer> {
      const { rng, incident, outcome } = decide(req.body, req.headers, req.model);
      if (outcome.kind !== 'answer') {
        return outcome;
      }
      const tokens = req.inputs.reduce((n, t) => n + countTokens(t), 0);
      return {
        kind: 'answer',
        answer: {
          model: outcome.responseModel,
          inputTokens: tokens,
          timing: timing(rng, outcome.responseModel, tokens, incident),
        },
      };
    },
  };
}

type Json = Record<string, any>;

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
