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

/** Prices a usage for a model; undefined when the model is not known. */
export type PriceLookup = (usage: PricedUsage, model: string, provider?: string) => PriceQuote | undefined;

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

export function priceProviderId(provider: string | undefined): string | undefined {
  if (!provider) {
    return undefined;
  }
  return PROVIDER_IDS[provider] ?? provider;
}

type CalcPrice = typeof import('@pydantic/genai-prices').calcPrice;

/**
 * Wraps @pydantic/genai-prices. The module is passed in (not imported here) so bundles can
 * load its ~0.8 MB price data lazily and Node scripts can import it directly.
 */
export function genaiPricesLookup(calcPrice: CalcPrice): PriceLookup {
  const cache = new Map<string, boolean>();
  return (usage, model, provider) => {
    const u = {
      input_tokens: usage.input,
      output_tokens: usage.output,
      cache_read_tokens: Math.min(usage.cacheRead, usage.input),
      cache_write_tokens: Math.min(usage.cacheCreation, Math.max(0, usage.input - usage.cacheRead)),
    };
    const providerId = priceProviderId(provider);
    const key = `${providerId ?? ''}\u0000${model}`;
    let result = null;
    // A provider id the table does not know (or a model served by a gateway) retries on model alone.
    if (providerId && cache.get(key) !== false) {
      result = safeCalc(calcPrice, u, model, providerId);
      cache.set(key, result !== null);
    }
    if (!result) {
      result = safeCalc(calcPrice, u, model, undefined);
    }
    if (!result) {
      return undefined;
    }
    return {
      totalUsd: result.total_price,
      inputUsd: result.input_price,
      outputUsd: result.output_price,
      matchedModel: result.model.id,
      matchedProvider: result.provider.id,
    };
  };
}

function safeCalc(calcPrice: CalcPrice, u: Record<string, number>, model: string, providerId: string | undefined) {
  try {
    return calcPrice(u, model, providerId ? { providerId } : {});
  } catch {
    return null;
  }
}
