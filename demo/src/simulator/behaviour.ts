import type { Incident } from '../incident';
import { Rng } from '../random';

/**
 * What the simulated provider does with one request: fail, stall, answer (maybe with a
 * different model), and how slowly. Decided from the request content + seed only.
 */
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

export interface Timing {
  /** Seconds until response headers (non-streaming: until the whole answer). */
  firstTokenS: number;
  perTokenS: number;
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
