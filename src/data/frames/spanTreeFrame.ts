import { FieldType, type DataFrame } from '@grafana/data';
import type { LoadedTrace } from '../trace/loadTrace';
import type { TreeNode } from '../trace/spanTree';
import { FrameBuilder, MS, TOKENS, USD, warningNotices } from './fieldBuilder';

export const SPAN_TREE_FRAME_TYPE = 'genai-span-tree';

/**
 * One row per span in tree order, with per-span and per-subtree usage; structured content
 * (messages, evaluations, attributes, events) stays as objects in `other` fields.
 */
const spanTreeColumns = (trace: LoadedTrace) =>
  new FrameBuilder<TreeNode>()
    .add('traceId', FieldType.string, (n) => n.span.traceId || trace.traceId)
    .add('spanId', FieldType.string, (n) => n.span.spanId)
    .add('parentSpanId', FieldType.string, (n) => (n.synthetic ? '' : n.span.parentSpanId))
    .add('depth', FieldType.number, (n) => n.depth)
    .add('childCount', FieldType.number, (n) => n.children.length)
    .add('name', FieldType.string, (n) => n.span.name)
    .add('kind', FieldType.string, (n) => n.span.kind)
    .add('operation', FieldType.string, (n) => n.span.operation)
    .add('serviceName', FieldType.string, (n) => n.span.serviceName)
    .add('version', FieldType.string, (n) => n.span.version)
    .add('provider', FieldType.string, (n) => n.span.provider)
    .add('requestModel', FieldType.string, (n) => n.span.requestModel)
    .add('responseModel', FieldType.string, (n) => n.span.responseModel)
    .add('startTime', FieldType.time, (n) => n.span.startMs)
    .add('startOffsetMs', FieldType.number, (n) => n.span.startMs - trace.startMs, MS)
    .add('durationMs', FieldType.number, (n) => n.span.durationMs, MS)
    .add('status', FieldType.string, (n) => n.span.status)
    .add('error', FieldType.boolean, (n) => Boolean(n.span.error))
    .add('errorType', FieldType.string, (n) => n.span.error?.type)
    .add('errorMessage', FieldType.string, (n) => n.span.error?.message)
    .add('inputTokens', FieldType.number, (n) => n.span.tokens.input, TOKENS)
    .add('outputTokens', FieldType.number, (n) => n.span.tokens.output, TOKENS)
    .add('cacheReadTokens', FieldType.number, (n) => n.span.tokens.cacheRead, TOKENS)
    .add('cacheCreationTokens', FieldType.number, (n) => n.span.tokens.cacheCreation, TOKENS)
    .add('reasoningTokens', FieldType.number, (n) => n.span.tokens.reasoning, TOKENS)
    .add('costUsd', FieldType.number, (n) => n.cost.usd, USD)
    .add('costSource', FieldType.string, (n) => n.cost.source)
    .add('costUnknownReason', FieldType.string, (n) => n.cost.unknownReason)
    .add('countsUsage', FieldType.boolean, (n) => n.countsUsage)
    .add('countsUnknownCost', FieldType.boolean, (n) => n.countsUnknownCost)
    .add('subtreeInputTokens', FieldType.number, (n) => n.subtree.inputTokens, TOKENS)
    .add('subtreeOutputTokens', FieldType.number, (n) => n.subtree.outputTokens, TOKENS)
    .add('subtreeCacheReadTokens', FieldType.number, (n) => n.subtree.cacheReadTokens, TOKENS)
    .add('subtreeReasoningTokens', FieldType.number, (n) => n.subtree.reasoningTokens, TOKENS)
    .add('subtreeCostUsd', FieldType.number, (n) => n.subtree.costUsd, USD)
    .add('subtreeUnknownCostSpans', FieldType.number, (n) => n.subtree.unknownCostSpans)
    .add('subtreeLlmCalls', FieldType.number, (n) => n.subtree.llmCalls)
    .add('subtreeToolCalls', FieldType.number, (n) => n.subtree.toolCalls)
    .add('subtreeAgentRuns', FieldType.number, (n) => n.subtree.agentRuns)
    .add('retrievalTopK', FieldType.number, (n) => n.span.retrievalTopK)
    .add('subtreeErrors', FieldType.number, (n) => n.subtree.errorCount)
    .add('subtreeSpans', FieldType.number, (n) => n.subtree.spanCount)
    .add('conversationId', FieldType.string, (n) => n.span.conversationId)
    .add('agentName', FieldType.string, (n) => n.span.agentName)
    .add('toolName', FieldType.string, (n) => n.span.toolName)
    .add('toolArguments', FieldType.other, (n) => n.span.toolArguments)
    .add('toolResult', FieldType.other, (n) => n.span.toolResult)
    .add('finishReasons', FieldType.other, (n) => n.span.finishReasons)
    // SpanContent: `.systemInstructions`, `.input`, `.output` decode on first access.
    .add('content', FieldType.other, (n) => n.span.content)
    .add('evaluations', FieldType.other, (n) => n.span.evaluations)
    .add('dialects', FieldType.other, (n) => n.span.dialects)
    .add('attributes', FieldType.other, (n) => n.span.attributes)
    .add('resourceAttributes', FieldType.other, (n) => n.span.resource)
    .add('events', FieldType.other, (n) => n.span.events)
    .add('warnings', FieldType.other, (n) => n.span.warnings)
    .add('orphan', FieldType.boolean, (n) => n.orphan)
    .add('synthetic', FieldType.boolean, (n) => n.synthetic);

export function spanTreeFrame(trace: LoadedTrace, refId?: string): DataFrame {
  return spanTreeColumns(trace).build(trace.nodes, {
    name: `Trace ${trace.traceId}`,
    refId,
    notices: warningNotices(trace.warnings),
    custom: {
      frameType: SPAN_TREE_FRAME_TYPE,
      traceId: trace.traceId,
      partial: trace.partial,
      totals: trace.totals,
      startMs: trace.startMs,
      endMs: trace.endMs,
      warnings: trace.warnings,
    },
  });
}
