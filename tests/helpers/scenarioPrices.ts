// The price table as the data source uses it, for tests and scripts in Node.
import { calcPrice } from '@pydantic/genai-prices';
import { genaiPricesLookup, type PriceLookup } from '../../src/data/cost/priceLookup';

export async function scenarioPrices(): Promise<PriceLookup> {
  return genaiPricesLookup(calcPrice);
}
