import { computeSpanCost, type CostSettings, type SpanCost } from '../cost/spanCost';
import type { PriceLookup } from '../cost/priceLookup';
import type { GenAiSpan } from '../genai/model';
import { normalizeSpan, type NormalizeOptions } from '../genai/normalizeSpan';
import { forEachDecodedSpan } from '../otlp/decodeTrace';
import { buildSpanTree, type SpanTree } from './spanTree';

export interface TracePipelineOptions {
  normalize: NormalizeOptions;
  cost: CostSettings;
  prices?: PriceLookup;
}

export interface LoadedTrace extends SpanTree {
  traceId: string;
  /** Tempo said the trace is incomplete (status PARTIAL) or the payload had problems. */
  partial: boolean;
}

/** Tempo trace-by-id payload → normalised, priced span tree. */
export function buildTraceFromPayload(traceId: string, payload: unknown, opts: TracePipelineOptions): LoadedTrace {
  const spans: GenAiSpan[] = [];
  const costs: SpanCost[] = [];
  const decodeWarnings = forEachDecodedSpan(payload, (raw) => {
    const span = normalizeSpan(raw, opts.normalize);
    spans.push(span);
    costs.push(computeSpanCost(span, opts.cost, opts.prices));
  });
  const tree = buildSpanTree(spans, costs);
  const status = payload && typeof payload === 'object' ? (payload as { status?: string; message?: string }) : {};
  const warnings = [...decodeWarnings, ...tree.warnings];
  const partial = status.status === 'PARTIAL' || status.status === 'TRACE_STATUS_PARTIAL';
  if (partial) {
    warnings.unshift(
      `Tempo returned a partial trace${status.message ? `: ${status.message}` : ''}. Totals cover only the spans received.`
    );
  }
  return { ...tree, warnings, traceId, partial };
}
