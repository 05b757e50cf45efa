import { FieldType, type DataFrame, type DataLink } from '@grafana/data';
import type { TraceSummary } from '../trace/traceSummary';
import { FrameBuilder, MS, TOKENS, USD, warningNotices } from './fieldBuilder';

export const TRACE_SEARCH_FRAME_TYPE = 'genai-trace-search';

/** Evaluation names present in any summary, sorted, for one column each. */
export function scoreNames(summaries: TraceSummary[]): string[] {
  return [...new Set(summaries.flatMap((s) => Object.keys(s.scores)))].sort();
}

export function traceSearchFrame(
  summaries: TraceSummary[],
  opts: { refId?: string; traceLinks?: DataLink[]; warnings?: string[] } = {}
): DataFrame {
  const b = new FrameBuilder<TraceSummary>()
    .add('traceId', FieldType.string, (s) => s.traceId, { links: opts.traceLinks, displayName: 'Trace' })
    .add('startTime', FieldType.time, (s) => s.startMs, { displayName: 'Start' })
    .add('rootName', FieldType.string, (s) => s.rootName, { displayName: 'Root span' })
    .add('service', FieldType.string, (s) => s.rootService, { displayName: 'Service' })
    .add('version', FieldType.string, (s) => s.version, { displayName: 'Version' })
    .add('models', FieldType.string, (s) => s.models.join(', '), { displayName: 'Models' })
    .add('llmCalls', FieldType.number, (s) => s.totals.llmCalls, { displayName: 'LLM calls' })
    .add('toolCalls', FieldType.number, (s) => s.totals.toolCalls, { displayName: 'Tool calls' })
    .add('agentRuns', FieldType.number, (s) => s.totals.agentRuns, { displayName: 'Agent runs' })
    .add('inputTokens', FieldType.number, (s) => s.totals.inputTokens, { ...TOKENS, displayName: 'Tokens in' })
    .add('outputTokens', FieldType.number, (s) => s.totals.outputTokens, { ...TOKENS, displayName: 'Tokens out' })
    .add('costUsd', FieldType.number, (s) => s.totals.costUsd, { ...USD, displayName: 'Cost' })
    .add('costComplete', FieldType.boolean, (s) => s.totals.unknownCostSpans === 0, { displayName: 'Cost complete' })
    .add('costUnknownReason', FieldType.string, (s) => s.unknownCostReasons.join('; ') || undefined, {
      displayName: 'Cost unknown because',
    })
    .add('durationMs', FieldType.number, (s) => s.durationMs, { ...MS, displayName: 'Duration' })
    .add('error', FieldType.boolean, (s) => s.hasError, { displayName: 'Error' })
    .add('conversationId', FieldType.string, (s) => s.conversationId, { displayName: 'Conversation' })
    .add('spansComplete', FieldType.boolean, (s) => s.spansReturned >= s.spansMatched, {
      displayName: 'All GenAI spans seen',
    });
  for (const name of scoreNames(summaries)) {
    b.add(`score:${name}`, FieldType.number, (s) => (s.scores[name]?.count ? s.scores[name].mean : undefined), {
      displayName: `Score ${name}`,
      decimals: 3,
    });
  }
  return b.build(summaries, {
    name: 'GenAI traces',
    refId: opts.refId,
    notices: warningNotices(opts.warnings ?? []),
    custom: { frameType: TRACE_SEARCH_FRAME_TYPE },
    preferredVisualisationType: 'table',
  });
}

/** Points for a quality-vs-cost scatter: one per trace. */
export function tracePointsFrame(
  summaries: TraceSummary[],
  opts: { refId?: string; warnings?: string[] } = {}
): DataFrame {
  const b = new FrameBuilder<TraceSummary>()
    .add('time', FieldType.time, (s) => s.startMs)
    .add('traceId', FieldType.string, (s) => s.traceId)
    .add('version', FieldType.string, (s) => s.version)
    .add('model', FieldType.string, (s) => s.models[0])
    .add('models', FieldType.string, (s) => s.models.join(', ') || undefined)
    .add('agent', FieldType.string, (s) => s.agents.join(', ') || undefined)
    .add('costUsd', FieldType.number, (s) => (s.totals.unknownCostSpans ? undefined : s.totals.costUsd), USD)
    // A cost is complete only with every GenAI span priced and returned (the scatter's points).
    .add('costComplete', FieldType.boolean, (s) => !s.totals.unknownCostSpans && s.spansReturned >= s.spansMatched)
    .add('costUnknownReason', FieldType.string, (s) => pointCostUnknownReason(s))
    .add('latencyMs', FieldType.number, (s) => s.durationMs, MS)
    .add('inputTokens', FieldType.number, (s) => s.totals.inputTokens, TOKENS)
    .add('outputTokens', FieldType.number, (s) => s.totals.outputTokens, TOKENS)
    .add('totalTokens', FieldType.number, (s) => s.totals.inputTokens + s.totals.outputTokens, TOKENS)
    .add('error', FieldType.boolean, (s) => s.hasError);
  for (const name of scoreNames(summaries)) {
    b.add(`score:${name}`, FieldType.number, (s) => (s.scores[name]?.count ? s.scores[name].mean : undefined), {
      decimals: 3,
    });
  }
  return b.build(summaries, {
    name: 'GenAI trace points',
    refId: opts.refId,
    notices: warningNotices(opts.warnings ?? []),
  });
}

function pointCostUnknownReason(s: TraceSummary): string | undefined {
  const reasons = [...s.unknownCostReasons];
  if (s.totals.unknownCostSpans && !reasons.length) {
    reasons.push(`${s.totals.unknownCostSpans} span(s) without a known cost`);
  }
  if (s.spansReturned < s.spansMatched) {
    reasons.push(`only ${s.spansReturned} of ${s.spansMatched} GenAI spans returned (raise "Spans per trace")`);
  }
  return reasons.join('; ') || undefined;
}
