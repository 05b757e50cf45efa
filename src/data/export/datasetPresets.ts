import type { CallItem, DatasetItem, DatasetMessage } from './datasetItem';

/**
 * Line formats: ours (docs/dataset.schema.json), and what common eval tools import.
 * - `openai-evals`: openai/evals samples, `{"input": [chat messages], "ideal": ""}`;
 * - `promptfoo`: promptfoo test cases (`tests: file://dataset.jsonl`), `{description, vars, assert, metadata}`;
 * - `langfuse`: Langfuse dataset items (`POST /api/public/dataset-items` without `datasetName`),
 *   `{input, expectedOutput, metadata, sourceTraceId, sourceObservationId}`.
 * The expected answer is left blank in each, for a reviewer to fill.
 */
export type DatasetPreset = 'genai' | 'openai-evals' | 'promptfoo' | 'langfuse';

export const DATASET_PRESETS: Array<{ value: DatasetPreset; label: string; description: string }> = [
  {
    value: 'genai',
    label: 'GenAI Observability',
    description: 'Everything: messages, tool calls, scores, ids, usage, cost (documented schema)',
  },
  {
    value: 'openai-evals',
    label: 'OpenAI evals',
    description: 'openai/evals samples: input messages and a blank ideal',
  },
  { value: 'promptfoo', label: 'promptfoo', description: 'promptfoo test cases: vars, no assertions yet, metadata' },
  {
    value: 'langfuse',
    label: 'Langfuse',
    description: 'Langfuse dataset items with their source trace and observation',
  },
];

/** One JSONL line (no newline) of an item in a preset. */
export function presetLine(item: DatasetItem, preset: DatasetPreset): string {
  return JSON.stringify(presetValue(item, preset));
}

export function presetValue(item: DatasetItem, preset: DatasetPreset): unknown {
  switch (preset) {
    case 'genai':
      return item;
    case 'openai-evals':
      return { input: chatInput(item), ideal: '' };
    case 'promptfoo':
      return {
        description: `${item.granularity === 'call' ? item.span_id : item.trace_id}${item.agent ? ` ${item.agent}` : ''}`,
        vars: {
          input: lastUserText(item.input),
          messages: chatInput(item),
          output: item.output.map((m) => m.content).join('\n\n'),
        },
        assert: [],
        metadata: metadata(item),
      };
    case 'langfuse':
      return {
        input: chatInput(item),
        expectedOutput: null,
        metadata: { ...metadata(item), output: item.output },
        sourceTraceId: item.trace_id,
        ...(item.granularity === 'call' ? { sourceObservationId: item.span_id } : {}),
      };
  }
}

function chatInput(item: DatasetItem): DatasetMessage[] {
  const system = item.granularity === 'call' && (item as CallItem).system;
  const hasSystem = item.input.some((m) => m.role === 'system');
  return [...(system && !hasSystem ? [{ role: 'system', content: system }] : []), ...item.input];
}

function lastUserText(messages: DatasetMessage[]): string {
  return [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
}

function metadata(item: DatasetItem): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries({
      trace_id: item.trace_id,
      span_id: item.granularity === 'call' ? item.span_id : undefined,
      conversation_id: item.conversation_id,
      agent: item.agent,
      model: item.granularity === 'call' ? item.model : undefined,
      version: item.version,
      scores: item.scores,
      error: item.error,
      cost_usd: item.cost_usd,
      masked: item.masked,
    }).filter(([, v]) => v !== undefined)
  );
}
