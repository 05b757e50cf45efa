import { pricedModel, type GenAiSpan } from '../genai/model';
import type { PriceLookup, PricedUsage } from './priceLookup';

/** Per-model prices set in the datasource settings, in USD per million tokens. */
export interface ModelPriceOverride {
  /** Exact model name, or a pattern with `*` wildcards (e.g. `my-finetune-*`). */
  model: string;
  inputPerMTok: number;
  outputPerMTok: number;
  cacheReadPerMTok?: number;
  cacheWritePerMTok?: number;
}

export interface CostSettings {
  overrides: ModelPriceOverride[];
  /** When true, a cost attribute carried by the telemetry wins over our computation. */
  preferReportedCost: boolean;
}

export const DEFAULT_COST_SETTINGS: CostSettings = { overrides: [], preferReportedCost: false };

export type CostSource = 'telemetry' | 'override' | 'price-table';

export interface SpanCost {
  /** USD; undefined when the span has no tokens or the cost is unknown. */
  usd?: number;
  inputUsd?: number;
  outputUsd?: number;
  source?: CostSource;
  /**
   * Set when the cost cannot be known: tokens without a price, or a successful model call that
   * recorded no usage. Never reported as 0.
   */
  unknownReason?: string;
}

export function hasTokenUsage(span: Pick<GenAiSpan, 'tokens'>): boolean {
  return span.tokens.input !== undefined || span.tokens.output !== undefined;
}

/** Reason given to a successful model call without input and output counts (e.g. a stream whose usage was dropped). */
export const NO_USAGE_REASON = 'no token usage recorded';
export const NO_INPUT_OUTPUT_REASON = 'no input or output token count recorded';

/**
 * A model call that succeeded but says nothing of its input and output tokens: its cost is
 * unknown, not 0. A failed call without usage cost nothing we can know of.
 */
export function isModelCallWithoutUsage(span: Pick<GenAiSpan, 'kind' | 'tokens' | 'error' | 'status'>): boolean {
  return (
    (span.kind === 'llm' || span.kind === 'embedding') && !span.error && span.status !== 'error' && !hasTokenUsage(span)
  );
}

function noUsageReason(span: Pick<GenAiSpan, 'tokens'>): string {
  const t = span.tokens;
  const partial = t.cacheRead !== undefined || t.cacheCreation !== undefined || t.reasoning !== undefined;
  return partial ? NO_INPUT_OUTPUT_REASON : NO_USAGE_REASON;
}

/** Shared by every span that has nothing to price. */
const NO_COST: SpanCost = Object.freeze({});

function hasNonZeroUsage(span: Pick<GenAiSpan, 'tokens'>): boolean {
  return (span.tokens.input ?? 0) + (span.tokens.output ?? 0) > 0;
}

/** Prices one span: telemetry cost (if preferred), then a settings override, then the price table. */
export function computeSpanCost(span: GenAiSpan, settings: CostSettings, lookup: PriceLookup | undefined): SpanCost {
  // OpenLIT writes cost 0 for models its own table lacks: a zero next to real token usage is
  // "unknown", not "free"; so is a zero on a successful call that recorded no usage to price.
  const missingUsage = isModelCallWithoutUsage(span);
  const reported =
    span.reportedCostUsd === 0 && (hasNonZeroUsage(span) || missingUsage) ? undefined : span.reportedCostUsd;
  if (settings.preferReportedCost && reported !== undefined) {
    return { usd: reported, source: 'telemetry' };
  }
  if (!hasTokenUsage(span)) {
    if (reported !== undefined) {
      return { usd: reported, source: 'telemetry' };
    }
    return missingUsage ? { unknownReason: noUsageReason(span) } : NO_COST;
  }
  const model = pricedModel(span);
  if (!model) {
    return { unknownReason: 'no model attribute on a span with token usage' };
  }
  const usage: PricedUsage = {
    input: span.tokens.input ?? 0,
    output: span.tokens.output ?? 0,
    cacheRead: span.tokens.cacheRead ?? 0,
    cacheCreation: span.tokens.cacheCreation ?? 0,
  };
  const override =
    findOverride(settings.overrides, model) ??
    (span.requestModel ? findOverride(settings.overrides, span.requestModel) : undefined);
  if (override) {
    return withMissingOutput(span, { ...priceWithOverride(usage, override), source: 'override' });
  }
  if (!lookup) {
    return { unknownReason: 'price table not loaded' };
  }
  const at = span.startMs > 0 ? span.startMs : undefined;
  const quote =
    lookup(usage, model, span.provider, at) ??
    (span.requestModel && span.requestModel !== model
      ? lookup(usage, span.requestModel, span.provider, at)
      : undefined);
  if (!quote) {
    if (reported !== undefined) {
      return { usd: reported, source: 'telemetry' };
    }
    return { unknownReason: `no price for model "${model}"${span.provider ? ` (provider ${span.provider})` : ''}` };
  }
  return withMissingOutput(span, {
    usd: quote.totalUsd,
    inputUsd: quote.inputUsd,
    outputUsd: quote.outputUsd,
    source: 'price-table',
  });
}

/** A model call that reports input but no output count is priced for its input only, and says so. */
function withMissingOutput(span: GenAiSpan, cost: SpanCost): SpanCost {
  if (span.kind === 'llm' && span.tokens.output === undefined && span.tokens.input !== undefined) {
    return { ...cost, unknownReason: 'no output token count: only the input is priced' };
  }
  return cost;
}

export function priceWithOverride(
  u: PricedUsage,
  o: ModelPriceOverride
): Pick<SpanCost, 'usd' | 'inputUsd' | 'outputUsd'> {
  const cacheRead = Math.min(u.cacheRead, u.input);
  const cacheWrite = Math.min(u.cacheCreation, u.input - cacheRead);
  const uncached = u.input - cacheRead - cacheWrite;
  const inputUsd =
    (uncached * o.inputPerMTok +
      cacheRead * (o.cacheReadPerMTok ?? o.inputPerMTok) +
      cacheWrite * (o.cacheWritePerMTok ?? o.inputPerMTok)) /
    1e6;
  const outputUsd = (u.output * o.outputPerMTok) / 1e6;
  return { usd: inputUsd + outputUsd, inputUsd, outputUsd };
}

function findOverride(overrides: ModelPriceOverride[], model: string): ModelPriceOverride | undefined {
  for (const o of overrides) {
    if (o.model === model || (o.model.includes('*') && wildcard(o.model).test(model))) {
      return o;
    }
  }
  return undefined;
}

function wildcard(pattern: string): RegExp {
  return new RegExp(
    '^' +
      pattern
        .split('*')
        .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*') +
      '$'
  );
}
