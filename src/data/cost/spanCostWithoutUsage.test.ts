/** @jest-environment node */
import fc from 'fast-check';
import { decodeTrace } from '../otlp/decodeTrace';
import { normalizeSpan } from '../genai/normalizeSpan';
import { realPrices } from '../../../tests/helpers/pipeline';
import {
  callArb,
  callsTrace,
  hasInputOrOutput,
  isFailed,
  isModelCall,
  type CallSpec,
} from '../../../tests/helpers/modelCallArbitraries';
import { computeSpanCost, DEFAULT_COST_SETTINGS, NO_INPUT_OUTPUT_REASON, NO_USAGE_REASON } from './spanCost';

const spanOf = (c: CallSpec) => normalizeSpan(decodeTrace(callsTrace([c], [-1])).spans[0]);

/** A reported cost we accept: 0 means "unknown" next to usage, or on a successful call without usage. */
function usableReported(c: CallSpec, tokens: { input?: number; output?: number }): number | undefined {
  const r = c.reportedCostUsd;
  if (r === undefined) {
    return undefined;
  }
  // Normalised counts: reasoning above the output count is added to it.
  const usage = (tokens.input ?? 0) + (tokens.output ?? 0);
  const missingUsage = isModelCall(c) && !isFailed(c) && !hasInputOrOutput(c);
  return r === 0 && (usage > 0 || missingUsage) ? undefined : r;
}

describe('cost of a model call without token usage', () => {
  const base: CallSpec = {
    kind: 'llm',
    dialect: 'semconv',
    model: 'gpt-4o',
    usage: {},
    status: 'ok',
    errorType: false,
  };

  it('is unknown for a successful call, whatever the dialect, status unset or ok', () => {
    for (const c of [
      base,
      { ...base, status: 'unset' as const },
      { ...base, dialect: 'openinference' as const },
      { ...base, kind: 'embedding' as const },
    ]) {
      expect(computeSpanCost(spanOf(c), DEFAULT_COST_SETTINGS, realPrices)).toEqual({ unknownReason: NO_USAGE_REASON });
    }
  });

  it('names the missing counts when only cache or reasoning counts came', () => {
    const cost = computeSpanCost(spanOf({ ...base, usage: { cacheRead: 64 } }), DEFAULT_COST_SETTINGS, realPrices);
    expect(cost).toEqual({ unknownReason: NO_INPUT_OUTPUT_REASON });
  });

  it('is nothing for a failed call (status error or error.type)', () => {
    expect(computeSpanCost(spanOf({ ...base, status: 'error' }), DEFAULT_COST_SETTINGS, realPrices)).toEqual({});
    expect(computeSpanCost(spanOf({ ...base, errorType: true }), DEFAULT_COST_SETTINGS, realPrices)).toEqual({});
  });

  it('is the reported cost when the telemetry carries one (a reported 0 says nothing here)', () => {
    const reported = computeSpanCost(spanOf({ ...base, reportedCostUsd: 0.0021 }), DEFAULT_COST_SETTINGS, realPrices);
    expect(reported).toEqual({ usd: 0.0021, source: 'telemetry' });
    const zero = computeSpanCost(spanOf({ ...base, reportedCostUsd: 0 }), DEFAULT_COST_SETTINGS, realPrices);
    expect(zero).toEqual({ unknownReason: NO_USAGE_REASON });
  });

  it('is nothing for a tool or agent span without usage', () => {
    for (const kind of ['tool', 'agent', 'other'] as const) {
      const c = { ...base, kind, model: kind === 'other' ? undefined : base.model };
      expect(computeSpanCost(spanOf(c), DEFAULT_COST_SETTINGS, realPrices)).toEqual({});
    }
  });
});

describe('span cost invariants over any subset of usage fields (property)', () => {
  it('known ⇔ priced, unknown has a reason, failed calls without usage are free, no NaN, no silent 0', () => {
    fc.assert(
      fc.property(callArb, fc.boolean(), (c, preferReportedCost) => {
        const span = spanOf(c);
        if (isModelCall(c)) {
          expect(span.kind).toBe(c.kind); // the generator speaks the dialect it claims
        }
        const cost = computeSpanCost(span, { ...DEFAULT_COST_SETTINGS, preferReportedCost }, realPrices);
        for (const v of [cost.usd, cost.inputUsd, cost.outputUsd]) {
          expect(v === undefined || (Number.isFinite(v) && v >= 0)).toBe(true);
        }
        // A figure always says where it came from, and a reason is never empty.
        expect(cost.usd !== undefined).toBe(cost.source !== undefined);
        expect(cost.unknownReason === undefined || cost.unknownReason.length > 0).toBe(true);
        const known = cost.usd !== undefined && cost.unknownReason === undefined;
        const reported = usableReported(c, span.tokens);
        const priceable = c.model === 'gpt-4o' && (c.kind !== 'llm' || c.usage.output !== undefined);
        if (!hasInputOrOutput(c)) {
          if (reported !== undefined) {
            expect(cost).toEqual({ usd: reported, source: 'telemetry' });
          } else if (isModelCall(c) && !isFailed(c)) {
            // Never a silent 0 (or nothing) for a successful call without usage.
            expect(cost.usd).toBeUndefined();
            const anyCount = Object.values(c.usage).some((v) => v !== undefined);
            expect(cost.unknownReason).toBe(anyCount ? NO_INPUT_OUTPUT_REASON : NO_USAGE_REASON);
          } else {
            expect(cost).toEqual({});
          }
        } else if (preferReportedCost && reported !== undefined) {
          expect(cost).toEqual({ usd: reported, source: 'telemetry' });
        } else {
          // Tokens: known exactly when a price (or a usable reported cost) covers them.
          const viaTelemetry = c.model === 'acme-unknown-model-1' && reported !== undefined;
          expect(known).toBe(priceable || viaTelemetry);
          if (!known) {
            expect(cost.unknownReason).toBeDefined();
          }
          if (c.model === 'gpt-4o') {
            expect(cost.source).toBe('price-table');
          }
        }
      }),
      { numRuns: 1000 }
    );
  });
});
