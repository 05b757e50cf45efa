import React from 'react';
import { InlineField, Select } from '@grafana/ui';
import type { GenAiVariableKind, GenAiVariableQuery } from '../types';

const KINDS: Array<{ label: string; value: GenAiVariableKind; description: string }> = [
  { label: 'Services', value: 'services', description: 'resource service.name' },
  { label: 'Providers', value: 'providers', description: 'gen_ai.provider.name, gen_ai.system, llm.provider' },
  { label: 'Models', value: 'models', description: 'request/response model, llm.model_name' },
  { label: 'Operations', value: 'operations', description: 'gen_ai.operation.name' },
  { label: 'Versions', value: 'versions', description: 'the configured version attributes' },
  { label: 'Agents', value: 'agents', description: 'gen_ai.agent.name' },
  { label: 'Evaluation names', value: 'evaluationNames', description: 'gen_ai.evaluation.name' },
];

interface Props {
  query: GenAiVariableQuery | string;
  onChange: (query: GenAiVariableQuery, definition: string) => void;
}

export function VariableQueryEditor({ query, onChange }: Props) {
  const kind = typeof query === 'string' ? (query as GenAiVariableKind) || 'models' : query.kind;
  return (
    <InlineField label="Values of" labelWidth={16}>
      <Select
        width={40}
        options={KINDS}
        value={kind}
        onChange={(v) => onChange({ kind: v.value!, refId: 'GenAiVariable' }, `GenAI ${v.label}`)}
      />
    </InlineField>
  );
}
