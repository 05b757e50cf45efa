/** @jest-environment node */
import { calcPrice } from '@pydantic/genai-prices';
import { decodeTrace } from '../otlp/decodeTrace';
import { normalizeSpan } from '../genai/normalizeSpan';
import { otlpTrace } from '../../../tests/helpers/otlpBuilders';
import { realPrices } from '../../../tests/helpers/pipeline';
import { computeSpanCost, DEFAULT_COST_SETTINGS, priceWithOverride } from './spanCost';

function llm(attrs: Record<string, string | number>) {
  return normalizeSpan(
    decodeTrace(otlpTrace([{ id: '1', attrs: { 'gen_ai.operation.name': 'chat', ...attrs } }])).spans[0]
  );
}

/** Rates straight from the price table's own record for the model, in $/token. */
function rates(model: string, provider: string) {
  const r = calcPrice({ input_tokens: 1 }, model, { providerId: provider })!;
  const p = r.model_price as Record<string, number>;
  return {
    input: p.input_mtok / 1e6,
    output: p.output_mtok / 1e6,
    cacheRead: (p.cache_read_mtok ?? p.input_mtok) / 1e6,
    cacheWrite: (p.cache_write_mtok ?? p.input_mtok) / 1e6,
  };
}

describe('computeSpanCost', () => {
  it('prices uncached input, cache reads and output at their own rates (semconv: input includes cache)', () => {
    const span = llm({
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': 10_000,
      'gen_ai.usage.cache_read.input_tokens': 4_000,
      'gen_ai.usage.output_tokens': 1_000,
      'gen_ai.usage.reasoning.output_tokens': 300,
    });
    const r = rates('gpt-4o', 'openai');
    const expected = 6_000 * r.input + 4_000 * r.cacheRead + 1_000 * r.output;
    const cost = computeSpanCost(span, DEFAULT_COST_SETTINGS, realPrices);
    expect(cost.source).toBe('price-table');
    expect(cost.usd).toBeCloseTo(expected, 12);
    expect(r.cacheRead).toBeLessThan(r.input); // the test would not tell cache handling apart otherwise
  });

  it('prices Anthropic cache writes (Langfuse disjoint buckets folded into the total first)', () => {
    const span = normalizeSpan(
      decodeTrace(
        otlpTrace([
          {
            id: '1',
            attrs: {
              'langfuse.observation.type': 'generation',
              'langfuse.observation.model.name': 'claude-sonnet-4-20250514',
              'langfuse.observation.usage_details': JSON.stringify({
                input: 5,
                output: 255,
                cache_creation_input_tokens: 4735,
              }),
            },
          },
        ])
      ).spans[0]
    );
    const r = rates('claude-sonnet-4-20250514', 'anthropic');
    expect(span.tokens.input).toBe(4740);
    expect(computeSpanCost(span, DEFAULT_COST_SETTINGS, realPrices).usd).toBeCloseTo(
      5 * r.input + 4735 * r.cacheWrite + 255 * r.output,
      12
    );
  });

  it('uses the response model, then the request model, and maps semconv provider names', () => {
    const span = llm({
      'gen_ai.provider.name': 'gcp.gemini',
      'gen_ai.request.model': 'my-alias',
      'gen_ai.response.model': 'gemini-2.0-flash',
      'gen_ai.usage.input_tokens': 1000,
      'gen_ai.usage.output_tokens': 100,
    });
    const quote = calcPrice({ input_tokens: 1000, output_tokens: 100 }, 'gemini-2.0-flash', { providerId: 'google' })!;
    expect(computeSpanCost(span, DEFAULT_COST_SETTINGS, realPrices).usd).toBeCloseTo(quote.total_price, 12);
  });

  it('says "unknown" for a model the table lacks — never 0', () => {
    const cost = computeSpanCost(
      llm({
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'acme-unknown-model-1',
        'gen_ai.usage.input_tokens': 10,
        'gen_ai.usage.output_tokens': 1,
      }),
      DEFAULT_COST_SETTINGS,
      realPrices
    );
    expect(cost.usd).toBeUndefined();
    expect(cost.unknownReason).toBe('no price for model "acme-unknown-model-1" (provider openai)');
    const noModel = computeSpanCost(llm({ 'gen_ai.usage.input_tokens': 10 }), DEFAULT_COST_SETTINGS, realPrices);
    expect(noModel.unknownReason).toMatch(/no model attribute/);
  });

  it('applies per-model overrides (exact and wildcard) before the table', () => {
    const span = llm({
      'gen_ai.request.model': 'ft:gpt-4o:acme:2024',
      'gen_ai.usage.input_tokens': 2_000_000,
      'gen_ai.usage.cache_read.input_tokens': 1_000_000,
      'gen_ai.usage.output_tokens': 500_000,
    });
    const settings = {
      ...DEFAULT_COST_SETTINGS,
      overrides: [{ model: 'ft:gpt-4o:*', inputPerMTok: 3, outputPerMTok: 12, cacheReadPerMTok: 1.5 }],
    };
    const cost = computeSpanCost(span, settings, realPrices);
    expect(cost).toEqual({ usd: 3 + 1.5 + 6, inputUsd: 4.5, outputUsd: 6, source: 'override' });
    expect(
      priceWithOverride(
        { input: 100, output: 0, cacheRead: 0, cacheCreation: 100 },
        { model: 'x', inputPerMTok: 1, outputPerMTok: 1, cacheWritePerMTok: 2 }
      ).usd
    ).toBeCloseTo(200 / 1e6, 15);
  });

  it('lets a telemetry cost win only when the setting says so', () => {
    const span = llm({
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': 1000,
      'gen_ai.usage.output_tokens': 100,
      'gen_ai.usage.cost': 42,
    });
    expect(computeSpanCost(span, DEFAULT_COST_SETTINGS, realPrices).source).toBe('price-table');
    expect(computeSpanCost(span, { ...DEFAULT_COST_SETTINGS, preferReportedCost: true }, realPrices)).toEqual({
      usd: 42,
      source: 'telemetry',
    });
  });

  it('falls back to a telemetry cost when the table lacks the model', () => {
    const span = llm({
      'gen_ai.request.model': 'acme-unknown-model-1',
      'gen_ai.usage.input_tokens': 5,
      'llm.cost.total': 0.5,
    });
    expect(computeSpanCost(span, DEFAULT_COST_SETTINGS, realPrices)).toEqual({ usd: 0.5, source: 'telemetry' });
  });

  it('treats a reported cost of 0 next to real usage as unknown (OpenLIT does that for models it lacks)', () => {
    const span = llm({
      'gen_ai.request.model': 'acme-unknown-model-1',
      'gen_ai.usage.input_tokens': 48,
      'gen_ai.usage.output_tokens': 11,
      'gen_ai.usage.cost': 0,
    });
    for (const preferReportedCost of [false, true]) {
      const cost = computeSpanCost(span, { ...DEFAULT_COST_SETTINGS, preferReportedCost }, realPrices);
      expect(cost.usd).toBeUndefined();
      expect(cost.unknownReason).toMatch(/acme-unknown-model-1/);
    }
  });

  it('prices a model whose span names no provider by trying the major providers', () => {
    const span = llm({ 'gen_ai.request.model': 'text-embedding-3-small', 'gen_ai.usage.input_tokens': 12 });
    const expected = calcPrice({ input_tokens: 12 }, 'text-embedding-3-small', { providerId: 'openai' })!.total_price;
    expect(calcPrice({ input_tokens: 12 }, 'text-embedding-3-small')).toBeNull(); // the table alone would not find it
    expect(computeSpanCost(span, DEFAULT_COST_SETTINGS, realPrices).usd).toBeCloseTo(expected, 15);
  });

  it('prices at the span’s own time (time-of-day and dated prices)', () => {
    const at = (iso: string) => {
      const span = llm({
        'gen_ai.provider.name': 'deepseek',
        'gen_ai.request.model': 'deepseek-chat',
        'gen_ai.usage.input_tokens': 1_000_000,
        'gen_ai.usage.output_tokens': 0,
      });
      span.startMs = Date.parse(iso);
      return computeSpanCost(span, DEFAULT_COST_SETTINGS, realPrices).usd!;
    };
    const expected = (iso: string) =>
      calcPrice({ input_tokens: 1_000_000, output_tokens: 0 }, 'deepseek-chat', {
        providerId: 'deepseek',
        timestamp: new Date(iso),
      })!.total_price;
    for (const iso of ['2026-06-01T03:00:00Z', '2026-06-01T20:00:00Z']) {
      expect(at(iso)).toBeCloseTo(expected(iso), 15);
    }
    // Both points in time must not price the same, or this test would not tell them apart.
    expect(expected('2026-06-01T03:00:00Z')).not.toBeCloseTo(expected('2026-06-01T20:00:00Z'), 6);
  });

  it('marks a model call without an output count as incomplete, pricing its input', () => {
    const cost = computeSpanCost(
      llm({ 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 1000 }),
      DEFAULT_COST_SETTINGS,
      realPrices
    );
    expect(cost.usd).toBeCloseTo(1000 * rates('gpt-4o', 'openai').input, 15);
    expect(cost.unknownReason).toBe('no output token count: only the input is priced');
  });

  it('rejects negative reported costs with a warning', () => {
    const span = llm({ 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.cost': -3 });
    expect(span.reportedCostUsd).toBeUndefined();
    expect(span.warnings.join(' ')).toMatch(/gen_ai.usage.cost is not a valid count: -3/);
  });

  it('says "unknown" for a successful model call without token usage, and nothing for a failed one', () => {
    // Was `{}` (no cost, no reason): such a call made its trace look completely priced.
    expect(computeSpanCost(llm({ 'gen_ai.request.model': 'gpt-4o' }), DEFAULT_COST_SETTINGS, realPrices)).toEqual({
      unknownReason: 'no token usage recorded',
    });
    expect(
      computeSpanCost(llm({ 'gen_ai.request.model': 'gpt-4o', 'error.type': '429' }), DEFAULT_COST_SETTINGS, realPrices)
    ).toEqual({});
  });
});
