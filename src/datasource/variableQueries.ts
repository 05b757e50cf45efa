import { KEYS } from '../data/genai/dialects';
import type { TempoClient, TimeRangeSec } from '../data/tempo/tempoClient';
import { scopedAttribute } from '../data/traceql/escape';
import type { GenAiVariableKind } from './types';

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
export async function variableValues(tempo: TempoClient, kind: GenAiVariableKind, versionAttributes: string[], range?: TimeRangeSec): Promise<string[]> {
  const tags = variableTags(kind, versionAttributes);
  const settled = await Promise.allSettled(tags.map((t) => tempo.tagValues(t, { range })));
  const ok = settled.filter((s): s is PromiseFulfilledResult<string[]> => s.status === 'fulfilled');
  // One missing attribute is normal (a dialect not in use); all failing means Tempo failed.
  if (!ok.length && settled.length) {
    throw (settled[0] as PromiseRejectedResult).reason;
  }
  return [...new Set(ok.flatMap((s) => s.value))].sort();
}
