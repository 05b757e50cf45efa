import { computeSpanCost, type CostSettings } from '../cost/spanCost';
import type { PriceLookup } from '../cost/priceLookup';
import { EVALUATION_EVENT } from '../genai/evaluations';
import { GENAI_ATTRIBUTES } from '../traceql/traceSearchQuery';
import { pricedModel } from '../genai/model';
import { normalizeSpan, type NormalizeOptions } from '../genai/normalizeSpan';
import { decodeKeyValues } from '../otlp/anyValue';
import { nanosToMs } from '../otlp/decodeTrace';
import { canonicalTraceId, normalizeId } from '../otlp/ids';
import type { RawSpan } from '../otlp/rawSpan';
import type { TempoSearchSpan, TempoTraceSearchResult } from '../tempo/searchTypes';
import { buildSpanTree, type SpanTree } from './spanTree';
import type { UsageTotals } from './totals';

export interface ScoreStat {
  mean: number;
  count: number;
  labels: string[];
  /** Results per label (`pass`: 3, `fail`: 1), for pass/fail counts. */
  labelCounts: Record<string, number>;
}

/** One trace as the search table, the quality-vs-cost points and version aggregates see it. */
export interface TraceSummary {
  traceId: string;
  startMs: number;
  durationMs: number;
  rootName: string;
  rootService: string;
  version?: string;
  models: string[];
  providers: string[];
  agents: string[];
  conversationId?: string;
  totals: UsageTotals;
  hasError: boolean;
  /** Mean score per evaluation name. */
  scores: Record<string, ScoreStat>;
  /** Spans Tempo matched vs. returned: totals are partial when returned < matched. */
  spansMatched: number;
  spansReturned: number;
  unknownCostReasons: string[];
  /** The GenAI spans Tempo returned for the trace, as a tree (the agent graph reads it). */
  tree?: SpanTree;
}

/** Rebuilds a decoded span from a search result span (selected attributes only). */
function searchSpanToRaw(traceId: string, s: TempoSearchSpan, resourceService: string): RawSpan {
  const all = decodeKeyValues(s.attributes);
  const attributes: RawSpan['attributes'] = {};
  const resource: RawSpan['resource'] = { 'service.name': resourceService };
  let statusCode: RawSpan['statusCode'] = 'unset';
  let parentSpanId = '';
  let name = s.name ?? '';
  // Selected event attributes come back flattened into the span's list, next to `event:name`.
  const fromEvaluationEvent = all['event:name'] === EVALUATION_EVENT;
  const eventAttributes: RawSpan['attributes'] = {};
  for (const [k, v] of Object.entries(all)) {
    if (fromEvaluationEvent && k.startsWith('gen_ai.evaluation.')) {
      eventAttributes[k] = v;
      continue;
    }
    // Tempo returns selected resource attributes without their scope prefix mixed in with span
    // ones; intrinsics come back as `status`, `name`, `parentID` (or with their `span:` prefix).
    if (k === 'status' || k === 'span:status') {
      statusCode = v === 'error' ? 'error' : v === 'ok' ? 'ok' : 'unset';
    } else if (k === 'parentID' || k === 'span:parentID') {
      parentSpanId = typeof v === 'string' ? normalizeId(v, 16) : '';
    } else if (k === 'name' || k === 'span:name') {
      name = typeof v === 'string' ? v : name;
    } else if (k === 'event:name') {
      continue;
    } else if (k === 'service.version' || k === 'service.name') {
      resource[k] = v;
    } else {
      attributes[k] = v;
    }
  }
  const startMs = nanosToMs(s.startTimeUnixNano) ?? 0;
  return {
    traceId,
    spanId: normalizeId(s.spanID, 16),
    parentSpanId,
    name,
    otelKind: 'unspecified',
    startMs,
    durationMs: nanosToMs(s.durationNanos) ?? 0,
    attributes,
    resource,
    scopeName: '',
    events: fromEvaluationEvent ? [{ name: EVALUATION_EVENT, timeMs: startMs, attributes: eventAttributes }] : [],
    statusCode,
    statusMessage: '',
    warnings: [],
  };
}

/** Summarises one search hit from the spans Tempo returned for it (no extra request). */
export function summarizeSearchResult(
  t: TempoTraceSearchResult,
  opts: { normalize: NormalizeOptions; cost: CostSettings; prices?: PriceLookup }
): TraceSummary {
  const traceId = canonicalTraceId(t.traceID ?? '');
  const sets = t.spanSets ?? (t.spanSet ? [t.spanSet] : []);
  const seen = new Set<string>();
  const raws: RawSpan[] = [];
  let matched = 0;
  let returned = 0;
  for (const set of sets) {
    matched = Math.max(matched, set.matched ?? 0);
    for (const s of set.spans ?? []) {
      if (!s || seen.has(s.spanID)) {
        continue;
      }
      seen.add(s.spanID);
      returned++;
      const raw = searchSpanToRaw(traceId, s, '');
      // A user's extra TraceQL can bring non-GenAI spans along; they are not summarised.
      if (GENAI_ATTRIBUTES.some((k) => raw.attributes[k] !== undefined)) {
        raws.push(raw);
      }
    }
  }
  const spans = raws.map((r) => normalizeSpan(r, opts.normalize));
  const costs = spans.map((s) => computeSpanCost(s, opts.cost, opts.prices));
  const tree = buildSpanTree(spans, costs);
  const models = new Set<string>();
  const providers = new Set<string>();
  const agents = new Set<string>();
  const unknown = new Set<string>();
  const scoreAcc: Record<string, { sum: number; count: number; labels: Map<string, number> }> = {};
  let version: string | undefined;
  let conversationId: string | undefined;
  let hasError = false;
  for (const node of tree.nodes) {
    const s = node.span;
    if (node.synthetic) {
      continue;
    }
    const m = pricedModel(s);
    if (m && (s.kind === 'llm' || s.kind === 'embedding')) {
      models.add(m);
    }
    if (s.provider) {
      providers.add(s.provider);
    }
    if (s.agentName) {
      agents.add(s.agentName);
    }
    version ??= s.version;
    conversationId ??= s.conversationId;
    hasError ||= Boolean(s.error);
    // Only reasons behind `totals.unknownCostSpans`: a wrapper's are reported by its children.
    if (node.countsUnknownCost && node.cost.unknownReason) {
      unknown.add(node.cost.unknownReason);
    }
    for (const ev of s.evaluations) {
      const acc = (scoreAcc[ev.name] ??= { sum: 0, count: 0, labels: new Map() });
      if (ev.scoreValue !== undefined) {
        acc.sum += ev.scoreValue;
        acc.count++;
      }
      if (ev.scoreLabel) {
        acc.labels.set(ev.scoreLabel, (acc.labels.get(ev.scoreLabel) ?? 0) + 1);
      }
    }
  }
  const scores: Record<string, ScoreStat> = {};
  for (const [name, acc] of Object.entries(scoreAcc)) {
    scores[name] = {
      mean: acc.count ? acc.sum / acc.count : NaN,
      count: acc.count,
      labels: [...acc.labels.keys()],
      labelCounts: Object.fromEntries(acc.labels),
    };
  }
  const startMs = nanosToMs(t.startTimeUnixNano) ?? tree.startMs;
  return {
    tree,
    traceId,
    startMs,
    durationMs: typeof t.durationMs === 'number' ? t.durationMs : tree.endMs - tree.startMs,
    rootName: t.rootTraceName ?? '',
    rootService: t.rootServiceName ?? '',
    version,
    models: [...models].sort(),
    providers: [...providers].sort(),
    agents: [...agents].sort(),
    conversationId,
    totals: tree.totals,
    hasError: hasError || tree.totals.errorCount > 0,
    scores,
    spansMatched: Math.max(matched, returned),
    spansReturned: returned,
    unknownCostReasons: [...unknown],
  };
}
