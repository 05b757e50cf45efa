import { KEYS } from '../genai/dialects';
import { scopedAttribute, traceqlAttribute, traceqlDuration, traceqlString } from './escape';

/** Structured trace filters; every value list is OR-ed, lists are AND-ed. */
export interface TraceFilters {
  services?: string[];
  providers?: string[];
  models?: string[];
  operations?: string[];
  agents?: string[];
  versions?: string[];
  conversationIds?: string[];
  /** Trace ids (hex): e.g. a region selected in the quality-vs-cost panel. At most MAX_TRACE_ID_FILTER are used. */
  traceIds?: string[];
  errorsOnly?: boolean;
  minDurationMs?: number;
  /** Extra TraceQL spanset expression written by the user, AND-ed in as is. */
  traceql?: string;
}

export interface QueryBuildOptions {
  versionAttributes: string[];
}

// Attribute alternatives per filter, across dialects (same order as genai/dialects KEYS).
const FILTER_ATTRIBUTES = {
  providers: KEYS.provider.map((k) => traceqlAttribute('span', k)),
  models: [...KEYS.requestModel, ...KEYS.responseModel].map((k) => traceqlAttribute('span', k)),
  operations: KEYS.operation.map((k) => traceqlAttribute('span', k)),
  agents: ['gen_ai.agent.name'].map((k) => traceqlAttribute('span', k)),
  conversationIds: ['gen_ai.conversation.id', 'session.id'].map((k) => traceqlAttribute('span', k)),
};

/** True for any span that speaks a GenAI dialect. */
export const GENAI_ATTRIBUTES = [
  'gen_ai.operation.name',
  'gen_ai.provider.name',
  'gen_ai.system',
  'gen_ai.request.model',
  'gen_ai.evaluation.name',
  'gen_ai.agent.name',
  'gen_ai.tool.name',
  'openinference.span.kind',
  'traceloop.span.kind',
  'langfuse.observation.type',
  'llm.model_name',
];

export const GENAI_PREDICATE = GENAI_ATTRIBUTES.map((k) => `${traceqlAttribute('span', k)} != nil`).join(' || ');

export const GENAI_SPANSET = `{ ${GENAI_PREDICATE} }`;

function anyOf(attrs: string[], values: string[] | undefined, bare = false): string | undefined {
  const vs = (values ?? []).filter((v) => typeof v === 'string' && v !== '');
  if (!vs.length) {
    return undefined;
  }
  const terms: string[] = [];
  for (const a of attrs) {
    for (const v of vs) {
      terms.push(`${a} = ${traceqlString(v)}`);
    }
  }
  return bare ? `(${terms.join(' || ')})` : `{ ${terms.join(' || ')} }`;
}

/**
 * Conditions that hold for every span of a trace or resource go inside the GenAI spanset:
 * Tempo's `{A} && {B}` returns the spans of both sides, so a separate `{ traceDuration > x }`
 * would add every span of the trace to the result (and use up the spans-per-trace budget).
 */
function genaiSpanset(f: TraceFilters): string {
  const extra = [
    anyOf([traceqlAttribute('resource', 'service.name')], f.services, true),
    f.minDurationMs !== undefined && f.minDurationMs > 0
      ? `traceDuration >= ${traceqlDuration(f.minDurationMs)}`
      : undefined,
  ].filter((x): x is string => Boolean(x));
  return extra.length ? `{ (${GENAI_PREDICATE}) && ${extra.join(' && ')} }` : GENAI_SPANSET;
}

function genaiOnly(condition: string | undefined): string | undefined {
  return condition ? `{ (${GENAI_PREDICATE}) && ${condition} }` : undefined;
}

/** Trace ids one search filters on; more would make the URL too long for proxies (about 4 kB). */
export const MAX_TRACE_ID_FILTER = 100;

/** `trace:id = "…"` terms of the first MAX_TRACE_ID_FILTER ids (Tempo compares lowercase hex). */
function traceIdCondition(ids: string[] | undefined): string | undefined {
  const vs = [
    ...new Set((ids ?? []).map((v) => (typeof v === 'string' ? v.trim().toLowerCase() : '')).filter(Boolean)),
  ];
  if (!vs.length) {
    return undefined;
  }
  return `(${vs
    .slice(0, MAX_TRACE_ID_FILTER)
    .map((v) => `trace:id = ${traceqlString(v)}`)
    .join(' || ')})`;
}

/** The filter spansets (each matching GenAI spans), without the GenAI selector or pipeline. */
export function buildFilterSpansets(f: TraceFilters, opts: QueryBuildOptions): string[] {
  const sets = [
    anyOf(FILTER_ATTRIBUTES.providers, f.providers),
    anyOf(FILTER_ATTRIBUTES.models, f.models),
    anyOf(FILTER_ATTRIBUTES.operations, f.operations),
    anyOf(FILTER_ATTRIBUTES.agents, f.agents),
    // Version and conversation attributes also sit on non-GenAI spans (resource.service.version
    // on every span of the service): keep these spansets to GenAI spans.
    genaiOnly(anyOf(opts.versionAttributes.map(scopedAttribute), f.versions, true)),
    genaiOnly(anyOf(FILTER_ATTRIBUTES.conversationIds, f.conversationIds, true)),
    genaiOnly(traceIdCondition(f.traceIds)),
    // Errors of GenAI spans: `{ status = error }` alone would add every failed span of the trace.
    f.errorsOnly ? genaiOnly('status = error') : undefined,
  ].filter((s): s is string => Boolean(s));
  const extra = f.traceql?.trim();
  if (extra) {
    sets.push(`(${extra})`);
  }
  return sets;
}

/** Attributes the per-trace summaries need from every GenAI span, in one search. */
export function summarySelectAttributes(opts: QueryBuildOptions): string[] {
  const spanKeys = [
    ...KEYS.operation,
    ...KEYS.provider,
    ...KEYS.requestModel,
    ...KEYS.responseModel,
    ...KEYS.inputTokens,
    ...KEYS.outputTokens,
    ...KEYS.cacheRead,
    ...KEYS.cacheCreation,
    ...KEYS.reasoning,
    ...KEYS.agentName,
    ...KEYS.agentVersion,
    ...KEYS.toolName,
    ...KEYS.reportedCost,
    ...KEYS.conversationId,
    'error.type',
    'gen_ai.response.id',
    'gen_ai.evaluation.name',
    'gen_ai.evaluation.score.value',
    'gen_ai.evaluation.score.label',
    'openinference.span.kind',
    'traceloop.span.kind',
    'llm.request.type',
    'langfuse.observation.type',
    'langfuse.observation.usage_details',
    'langfuse.observation.cost_details',
    'langfuse.observation.level',
    'langfuse.observation.status_message',
  ];
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (a: string) => {
    if (!seen.has(a)) {
      seen.add(a);
      out.push(a);
    }
  };
  spanKeys.forEach((k) => add(traceqlAttribute('span', k)));
  // Evaluation events come back flattened into their span's attributes, next to `event:name`.
  ['gen_ai.evaluation.name', 'gen_ai.evaluation.score.value', 'gen_ai.evaluation.score.label'].forEach((k) =>
    add(traceqlAttribute('event', k))
  );
  add(traceqlAttribute('resource', 'service.version'));
  opts.versionAttributes.forEach((k) => add(scopedAttribute(k)));
  ['span:name', 'span:status', 'span:parentID', 'event:name'].forEach(add);
  return out;
}

/**
 * One TraceQL query that finds traces matching the filters and returns every GenAI span of each
 * with the attributes summaries need: `({genai} && {filter} && …) | select(…)`.
 */
export function buildTraceSearchQuery(f: TraceFilters, opts: QueryBuildOptions): string {
  const sets = [genaiSpanset(f), ...buildFilterSpansets(f, opts)];
  const body = sets.length === 1 ? sets[0] : `(${sets.join(' && ')})`;
  return `${body} | select(${summarySelectAttributes(opts).join(', ')})`;
}
