/** Token counts in semconv terms (input includes cache reads and writes). */
export interface PricedUsage {
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
}

export interface PriceQuote {
  totalUsd: number;
  inputUsd: number;
  outputUsd: number;
  /** The price table's id for the model that matched. */
  matchedModel: string;
  matchedProvider?: string;
}

/** Prices a usage for a model at a time (ms; default now); undefined when the model is not known. */
export type PriceLookup = (
  usage: PricedUsage,
  model: string,
  provider?: string,
  atMs?: number
) => PriceQuote | undefined;

// semconv gen_ai.provider.name → @pydantic/genai-prices provider id
const PROVIDER_IDS: Record<string, string> = {
  'gcp.gemini': 'google',
  'gcp.vertex_ai': 'google',
  'gcp.gen_ai': 'google',
  'aws.bedrock': 'aws',
  'azure.ai.openai': 'azure',
  'azure.ai.inference': 'azure',
  x_ai: 'x-ai',
  mistral_ai: 'mistral',
  ibm: 'ibm',
};

const PROVIDERLESS_FALLBACKS = ['openai', 'anthropic', 'google', 'mistral', 'x-ai', 'deepseek', 'cohere'];

export function priceProviderId(provider: string | undefined): string | undefined {
  if (!provider) {
    return undefined;
  }
  return PROVIDER_IDS[provider] ?? provider;
}

type CalcPrice = typeof import('@pydantic/genai-prices').calcPrice;
type Calc = NonNullable<ReturnType<CalcPrice>>;

/** Per-token rates of a model whose price is linear in the usage we pass (no tiers). */
interface LinearRates {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  perRequest: number;
  quote: Pick<PriceQuote, 'matchedModel' | 'matchedProvider'>;
  expiresAt: number;
}

// Time-of-day prices exist (off-peak rates), so cached rates are re-checked now and then.
const RATE_TTL_MS = 10 * 60_000;

/**
 * Wraps @pydantic/genai-prices. The module is passed in (not imported here) so bundles can
 * load its ~0.8 MB price data lazily and Node scripts can import it directly.
 *
 * calcPrice matches the model name against the table on every call, which dominates the cost
 * of big traces. The first call per model also derives its per-token rates; later calls use
 * them, but only for models whose price the rates reproduce exactly (tiered prices never).
 */
export function genaiPricesLookup(calcPrice: CalcPrice, now: () => number = Date.now): PriceLookup {
  const providerKnown = new Map<string, boolean>();
  // Per model: linear rates (fast path), null (price needs calcPrice every time), or 'unpriced'.
  const rates = new Map<string, LinearRates | null | { unpriced: true; expiresAt: number }>();

  const slowQuote = (
    u: Record<string, number>,
    model: string,
    providerId: string | undefined,
    at: Date | undefined
  ): Calc | null => {
    const key = `${providerId ?? ''}\u0000${model}`;
    let result: Calc | null = null;
    // A provider id the table does not know (or a model served by a gateway) retries on model alone.
    if (providerId && providerKnown.get(key) !== false) {
      result = safeCalc(calcPrice, u, model, providerId, at);
      providerKnown.set(key, result !== null);
    }
    if (!result) {
      result = safeCalc(calcPrice, u, model, undefined, at);
    }
    // Telemetry without a provider (Langfuse, some OpenInference spans): model names are unique
    // enough across the big providers to try them in turn; the quote says which one matched.
    if (!result && !providerId) {
      for (const fallback of PROVIDERLESS_FALLBACKS) {
        result = safeCalc(calcPrice, u, model, fallback, at);
        if (result) {
          break;
        }
      }
    }
    return result;
  };

  return (usage, model, provider, atMs) => {
    const at = atMs === undefined ? undefined : new Date(atMs);
    const u = {
      input_tokens: usage.input,
      output_tokens: usage.output,
      cache_read_tokens: Math.min(usage.cacheRead, usage.input),
      cache_write_tokens: Math.min(usage.cacheCreation, Math.max(0, usage.input - usage.cacheRead)),
    };
    const providerId = priceProviderId(provider);
    const key = `${providerId ?? ''}\u0000${model}`;
    const cached = rates.get(key);
    if (cached && cached.expiresAt > now()) {
      return 'unpriced' in cached ? undefined : linearQuote(cached, u);
    }
    if (cached === null) {
      const slow = slowQuote(u, model, providerId, at);
      return slow ? toQuote(slow) : undefined;
    }
    const result = slowQuote(u, model, providerId, at);
    if (!result) {
      // Unknown models recur on every span of a trace: remember the miss for a while.
      rates.set(key, { unpriced: true, expiresAt: now() + RATE_TTL_MS });
      return undefined;
    }
    const quote = toQuote(result);
    // Prices that change with time (dated changes, off-peak hours) are always computed for the span's time.
    const derived = Array.isArray(result.model.prices) ? undefined : deriveRates(result, now() + RATE_TTL_MS);
    // Keep the fast path only where it reproduces the table's own answer.
    const ok =
      derived &&
      Math.abs(linearQuote(derived, u).totalUsd - quote.totalUsd) <= 1e-12 * Math.max(1, Math.abs(quote.totalUsd));
    rates.set(key, ok ? derived : null);
    return quote;
  };
}

function toQuote(result: Calc): PriceQuote {
  return {
    totalUsd: result.total_price,
    inputUsd: result.input_price,
    outputUsd: result.output_price,
    matchedModel: result.model.id,
    matchedProvider: result.provider.id,
  };
}

function deriveRates(result: Calc, expiresAt: number): LinearRates | undefined {
  const p = result.model_price as Record<string, unknown>;
  for (const v of Object.values(p)) {
    if (v !== undefined && typeof v !== 'number') {
      return undefined; // tiered
    }
  }
  const num = (k: string) => (typeof p[k] === 'number' ? (p[k] as number) : undefined);
  const input = num('input_mtok') ?? 0;
  return {
    input: input / 1e6,
    output: (num('output_mtok') ?? 0) / 1e6,
    cacheRead: (num('cache_read_mtok') ?? input) / 1e6,
    cacheWrite: (num('cache_write_mtok') ?? input) / 1e6,
    perRequest: (num('requests_kcount') ?? 0) / 1000,
    quote: { matchedModel: result.model.id, matchedProvider: result.provider.id },
    expiresAt,
  };
}

function linearQuote(
  r: LinearRates,
  u: { input_tokens: number; output_tokens: number; cache_read_tokens: number; cache_write_tokens: number }
): PriceQuote {
  const uncached = u.input_tokens - u.cache_read_tokens - u.cache_write_tokens;
  const inputUsd = uncached * r.input + u.cache_read_tokens * r.cacheRead + u.cache_write_tokens * r.cacheWrite;
  const outputUsd = u.output_tokens * r.output;
  return { totalUsd: inputUsd + outputUsd + r.perRequest, inputUsd, outputUsd, ...r.quote };
}

function safeCalc(
  calcPrice: CalcPrice,
  u: Record<string, number>,
  model: string,
  providerId: string | undefined,
  timestamp?: Date
): Calc | null {
  try {
    return calcPrice(u, model, { ...(providerId ? { providerId } : {}), ...(timestamp ? { timestamp } : {}) });
  } catch {
    return null;
  }
}
