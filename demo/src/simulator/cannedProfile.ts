/**
 * The fixture recorder's provider (scripts/fixture-recorder): canned answers and usage, fixed
 * ids, no waiting, so every recording gets the same payloads. Chosen from the request only:
 *   - the request offers a `web_search` tool and the conversation has no tool result yet
 *                                  -> a `web_search` tool call (TOOL_CALL_ID, TOOL_ARGUMENTS)
 *   - otherwise                    -> a canned text answer chosen by model name
 * (and, as with any profile, `x-simulate-status: 429` -> an OpenAI-style rate-limit error).
 */
import type { ModelAnswer, SimulatorProfile, Timing, Usage } from './openaiSimulator';

export const TOOL_CALL_ID = 'call_sim_web_search_0001';
export const TOOL_ARGUMENTS = JSON.stringify({ query: 'OpenTelemetry GenAI semantic conventions latest release' });

/** Canned answers + token usage, keyed by "scenario step". */
export const ANSWERS: Record<'tool_call' | 'summary' | 'title' | 'default', { text: string; usage: Usage }> = {
  tool_call: { text: '', usage: { input: 182, output: 26, cacheRead: 64, reasoning: 8 } },
  summary: {
    text:
      'The GenAI semantic conventions are still marked "Development". The latest release renames ' +
      'gen_ai.system to gen_ai.provider.name and records chat history in gen_ai.input.messages / ' +
      'gen_ai.output.messages. I did not render any of the HTML you pasted.',
    usage: { input: 356, output: 58, cacheRead: 256, reasoning: 16 },
  },
  title: {
    text: 'GenAI Semantic Conventions: Where They Stand Today',
    usage: { input: 48, output: 11, cacheRead: 0, reasoning: 0 },
  },
  default: { text: 'OK.', usage: { input: 20, output: 2, cacheRead: 0, reasoning: 0 } },
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

const NO_WAIT: Timing = { firstTokenS: 0, perTokenS: 0 };

const ID_PREFIX = {
  request: 'req_sim_',
  chat: 'chatcmpl-sim',
  response: 'resp_sim',
  message: 'msg_sim',
  function_call: 'fc_sim',
} as const;

export function cannedProfile(): SimulatorProfile {
  return {
    id: (kind, n) => `${ID_PREFIX[kind]}${String(n).padStart(4, '0')}`,
    headers: { 'openai-organization': 'sim-org', 'openai-processing-ms': '42', 'openai-version': '2020-10-01' },
    requestIds: 'all',
    systemFingerprint: 'fp_sim0001',
    embeddingDimensions: 8,
    failureDelayS: 0,
    rateLimitError: (model) => ({
      message:
        `Rate limit reached for ${model} in organization org-sim on requests per min (RPM): ` +
        'Limit 500, Used 500, Requested 1. Please try again in 20s.',
      headers: {
        'retry-after': '20',
        'x-ratelimit-limit-requests': '500',
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': '20s',
      },
    }),

    chat(req) {
      const offersSearch = req.tools.some((t) => t.function?.name === 'web_search');
      const wantsToolCall = offersSearch && !req.messages.some((m) => m.role === 'tool');
      const { text, usage } = pickAnswer(req.model, wantsToolCall);
      const answer: ModelAnswer = {
        model: req.model,
        text,
        toolCalls: wantsToolCall ? [{ id: TOOL_CALL_ID, name: 'web_search', arguments: TOOL_ARGUMENTS }] : [],
        finishReason: wantsToolCall ? 'tool_calls' : 'stop',
        usage,
        timing: NO_WAIT,
      };
      return { kind: 'answer', answer };
    },

    embeddings(req) {
      const tokens = req.inputs.reduce((n, t) => n + t.split(/\s+/).length + 1, 0);
      return { kind: 'answer', answer: { model: req.model, inputTokens: tokens, timing: NO_WAIT } };
    },
  };
}
