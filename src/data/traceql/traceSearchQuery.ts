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

/** Any span that speaks a GenAI dialect. */
export const GENAI_SPANSET =
  '{ ' +
  [
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
  ]
    .map((k) => `${traceqlAttribute('span', k)} != nil`)
    .join(' || ') +
  ' }';

function anyOf(attrs: string[], values: string[] | undefined): string | undefined {
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
  return `{ ${terms.join(' || ')} }`;
}

/** The filter spansets, without the GenAI selector or pipeline. */
export function buildFilterSpansets(f: TraceFilters, opts: QueryBuildOptions): string[] {
  const sets = [
    anyOf([traceqlAttribute('resource', 'service.name')], f.services),
    anyOf(FILTER_ATTRIBUTES.providers, f.providers),
    anyOf(FILTER_ATTRIBUTES.models, f.models),
    anyOf(FILTER_ATTRIBUTES.operations, f.operations),
    anyOf(FILTER_ATTRIBUTES.agents, f.agents),
    anyOf(opts.versionAttributes.map(scopedAttribute), f.versions),
    anyOf(FILTER_ATTRIBUTES.conversationIds, f.conversationIds),
    f.errorsOnly ? '{ status = error }' : undefined,
    f.minDurationMs !== undefined && f.minDurationMs > 0 ? `{ traceDuration >= ${traceqlDuration(f.minDurationMs)} }` : undefined,
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
  ['gen_ai.evaluation.name', 'gen_ai.evaluation.score.value', 'gen_ai.evaluation.score.label'].forEach((k) => add(traceqlAttribute('event', k)));
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
  const sets = [GENAI_SPANSET, ...buildFilterSpansets(f, opts)];
  const body = sets.length === 1 ? sets[0] : `(${sets.join(' && ')})`;
  return `${body} | select(${summarySelectAttributes(opts).join(', ')})`;
}
