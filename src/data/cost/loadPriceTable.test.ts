/** @jest-environment node */
import { calcPrice } from '@pydantic/genai-prices';
import { loadPriceTable } from './loadPriceTable';

describe('loadPriceTable', () => {
  it('loads the price table once and prices like the package', async () => {
    const [a, b] = await Promise.all([loadPriceTable(), loadPriceTable()]);
    expect(a).toBe(b);
    const quote = a({ input: 1000, output: 100, cacheRead: 0, cacheCreation: 0 }, 'gpt-4o', 'openai');
    expect(quote?.totalUsd).toBeCloseTo(
      calcPrice({ input_tokens: 1000, output_tokens: 100 }, 'gpt-4o', { providerId: 'openai' })!.total_price,
      15
    );
  });
});
