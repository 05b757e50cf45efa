import { KEYS } from '../data/genai/dialects';
import type { TempoClient, TimeRangeSec } from '../data/tempo/tempoClient';
import { scopedAttribute } from '../data/traceql/escape';
import type { GenAiVariableKind } from './types';

/** Every variable kind, with the trace-search filter it feeds (if any); both editors use this. */
export const VARIABLE_KINDS: Array<{
  kind: GenAiVariableKind;
  label: string;
  singular: string;
  description: string;
  filter?: 'services' | 'providers' | 'models' | 'operations' | 'agents' | 'versions';
}> = [
  {
    kind: 'services',
    label: 'Services',
    singular: 'Service',
    description: 'resource service.name',
    filter: 'services',
  },
  {
    kind: 'providers',
    label: 'Providers',
    singular: 'Provider',
    description: 'gen_ai.provider.name, gen_ai.system, llm.provider',
    filter: 'providers',
  },
  {
    kind: 'models',
    label: 'Models',
    singular: 'Model',
    description: 'request/response model, llm.model_name',
    filter: 'models',
  },
  {
    kind: 'operations',
    label: 'Operations',
    singular: 'Operation',
    description: 'gen_ai.operation.name',
    filter: 'operations',
  },
  { kind: 'agents', label: 'Agents', singular: 'Agent', description: 'gen_ai.agent.name', filter: 'agents' },
  {
    kind: 'versions',
    label: 'Versions',
    singular: 'Version',
    description: 'the configured version attributes',
    filter: 'versions',
  },
  { kind: 'evaluationNames', label: 'Evaluation names', singular: 'Evaluation', description: 'gen_ai.evaluation.name' },
];

/** Tempo tag names (scope-qualified) whose values make up each variable kind. */
export function variableTags(kind: GenAiVariableKind, versionAttributes: string[]): string[] {
  const span = (keys: readonly string[]) => keys.map((k) => `span.${k}`);
  switch (kind) {
    case 'services':
      return ['resource.service.name'];
    case 'providers':
      return span(KEYS.provider);
    case 'models':
      return span([...KEYS.requestModel, ...KEYS.responseModel]);
    case 'operations':
      return span(KEYS.operation);
    case 'versions':
      return versionAttributes.map((k) => scopedAttribute(k).replace(/"/g, ''));
    case 'agents':
      return span(['gen_ai.agent.name']);
    case 'evaluationNames':
      return ['event.gen_ai.evaluation.name', 'span.gen_ai.evaluation.name'];
  }
}

/** Distinct values across the kind's attribute alternatives (Tempo tag-values API). */
export async function variableValues(
  tempo: TempoClient,
  kind: GenAiVariableKind,
  versionAttributes: string[],
  range?: TimeRangeSec
): Promise<string[]> {
  const tags = variableTags(kind, versionAttributes);
  const settled = await Promise.allSettled(tags.map((t) => tempo.tagValues(t, { range })));
  const ok = settled.filter((s): s is PromiseFulfilledResult<string[]> => s.status === 'fulfilled');
  // One missing attribute is normal (a dialect not in use); all failing means Tempo failed.
  if (!ok.length && settled.length) {
    throw (settled[0] as PromiseRejectedResult).reason;
  }
  return [...new Set(ok.flatMap((s) => s.value))].sort();
}
