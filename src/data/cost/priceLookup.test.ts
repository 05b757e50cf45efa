/** @jest-environment node */
import fc from 'fast-check';
import { calcPrice } from '@pydantic/genai-prices';
import { genaiPricesLookup, priceProviderId } from './priceLookup';

const MODELS: Array<[string, string]> = [
  ['gpt-4o', 'openai'],
  ['gpt-4o-mini', 'openai'],
  ['o3-mini', 'openai'],
  ['text-embedding-3-small', 'openai'],
  ['claude-sonnet-4-20250514', 'anthropic'],
  ['claude-3-5-haiku-latest', 'anthropic'],
  ['gemini-2.0-flash', 'gcp.gemini'],
  ['gemini-2.5-pro', 'gcp.gemini'], // tiered by prompt size
  ['mistral-large-latest', 'mistral_ai'],
  ['deepseek-chat', 'deepseek'],
];

const usageArb = fc
  .record({
    input: fc.integer({ min: 0, max: 400_000 }),
    output: fc.integer({ min: 0, max: 50_000 }),
    cacheShare: fc.double({ min: 0, max: 1, noNaN: true }),
    writeShare: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ input, output, cacheShare, writeShare }) => {
    const cacheRead = Math.floor(input * cacheShare);
    return { input, output, cacheRead, cacheCreation: Math.floor((input - cacheRead) * writeShare) };
  });

describe('genaiPricesLookup', () => {
  // Fixed instants on both sides of DeepSeek's off-peak change, so the test means the same at any hour.
  it.each(['2026-12-01T08:00:00Z', '2026-12-01T17:00:00Z'])(
    'agrees with calcPrice on every call at %s, including after rates are cached',
    (iso) => {
      const at = Date.parse(iso);
      for (const [model, provider] of MODELS) {
        const lookup = genaiPricesLookup(calcPrice, () => at);
        // Warm the rate cache with a usage that has no cache tokens, the case a cached rate could get wrong later.
        lookup({ input: 10, output: 10, cacheRead: 0, cacheCreation: 0 }, model, provider, at);
        fc.assert(
          fc.property(usageArb, (u) => {
            const direct = calcPrice(
              {
                input_tokens: u.input,
                output_tokens: u.output,
                cache_read_tokens: u.cacheRead,
                cache_write_tokens: u.cacheCreation,
              },
              model,
              { providerId: priceProviderId(provider), timestamp: new Date(at) }
            );
            const ours = lookup(u, model, provider, at);
            if (!direct) {
              expect(ours).toBeUndefined();
              return;
            }
            expect(ours).toBeDefined();
            expect(Math.abs(ours!.totalUsd - direct.total_price)).toBeLessThanOrEqual(
              1e-12 * Math.max(1, direct.total_price)
            );
          }),
          { numRuns: 200 }
        );
      }
    }
  );

  it('finds every model in the list (the test above would be vacuous otherwise)', () => {
    const lookup = genaiPricesLookup(calcPrice);
    for (const [model, provider] of MODELS) {
      expect(
        lookup({ input: 1000, output: 100, cacheRead: 0, cacheCreation: 0 }, model, provider)?.totalUsd
      ).toBeGreaterThan(0);
    }
  });

  it('remembers that a model has no price instead of searching the table on every span', () => {
    let calls = 0;
    const spy: typeof calcPrice = (u, m, o) => {
      calls++;
      return calcPrice(u, m, o);
    };
    const lookup = genaiPricesLookup(spy);
    const u = { input: 10, output: 1, cacheRead: 0, cacheCreation: 0 };
    expect(lookup(u, 'acme-unknown-model-1', 'openai')).toBeUndefined();
    const first = calls;
    expect(lookup(u, 'acme-unknown-model-1', 'openai')).toBeUndefined();
    expect(calls).toBe(first);
  });

  it('re-derives rates after they expire', () => {
    let t = 0;
    const calls: string[] = [];
    const spy: typeof calcPrice = (u, m, o) => {
      calls.push(m);
      return calcPrice(u, m, o);
    };
    const lookup = genaiPricesLookup(spy, () => t);
    const u = { input: 100, output: 10, cacheRead: 0, cacheCreation: 0 };
    lookup(u, 'gpt-4o', 'openai');
    lookup(u, 'gpt-4o', 'openai');
    expect(calls).toHaveLength(1);
    t += 11 * 60_000;
    lookup(u, 'gpt-4o', 'openai');
    expect(calls).toHaveLength(2);
  });
});
