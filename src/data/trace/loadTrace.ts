import { computeSpanCost, type CostSettings } from '../cost/spanCost';
import type { PriceLookup } from '../cost/priceLookup';
import { normalizeSpan, type NormalizeOptions } from '../genai/normalizeSpan';
import { decodeTrace } from '../otlp/decodeTrace';
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
  const decoded = decodeTrace(payload);
  const spans = decoded.spans.map((raw) => normalizeSpan(raw, opts.normalize));
  const costs = spans.map((s) => computeSpanCost(s, opts.cost, opts.prices));
  const tree = buildSpanTree(spans, costs);
  const status = payload && typeof payload === 'object' ? (payload as { status?: string; message?: string }) : {};
  const warnings = [...decoded.warnings, ...tree.warnings];
  const partial = status.status === 'PARTIAL' || status.status === 'TRACE_STATUS_PARTIAL';
  if (partial) {
    warnings.unshift(`Tempo returned a partial trace${status.message ? `: ${status.message}` : ''}. Totals cover only the spans received.`);
  }
  return { ...tree, warnings, traceId, partial };
}
