import { genaiPricesLookup, type PriceLookup } from './priceLookup';

let pending: Promise<PriceLookup> | undefined;

/** Loads the price table once, in its own chunk, so no plugin entry carries ~0.8 MB of prices. */
export function loadPriceTable(): Promise<PriceLookup> {
  if (!pending) {
    pending = import(/* webpackChunkName: "genai-prices" */ '@pydantic/genai-prices').then((m) =>
      genaiPricesLookup(m.calcPrice)
    );
    pending.catch(() => {
      pending = undefined;
    });
  }
  return pending;
}
