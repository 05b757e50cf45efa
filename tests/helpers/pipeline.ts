import { calcPrice } from '@pydantic/genai-prices';
import { genaiPricesLookup } from '../../src/data/cost/priceLookup';
import { DEFAULT_COST_SETTINGS, type CostSettings } from '../../src/data/cost/spanCost';
import { DEFAULT_NORMALIZE_OPTIONS } from '../../src/data/genai/normalizeSpan';
import type { TracePipelineOptions } from '../../src/data/trace/loadTrace';

/** The real price table, loaded the way Node scripts load it. */
export const realPrices = genaiPricesLookup(calcPrice);

export function pipelineOptions(cost: Partial<CostSettings> = {}): TracePipelineOptions {
  return { normalize: DEFAULT_NORMALIZE_OPTIONS, cost: { ...DEFAULT_COST_SETTINGS, ...cost }, prices: realPrices };
}
