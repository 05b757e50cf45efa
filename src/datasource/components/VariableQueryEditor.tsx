import React from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { Combobox, InlineField } from '@grafana/ui';
import type { GenAiDataSource } from '../datasource';
import type { GenAiDataSourceOptions, GenAiQuery, GenAiVariableKind, GenAiVariableQuery } from '../types';

const KINDS: Array<{ label: string; value: GenAiVariableKind; description: string }> = [
  { label: 'Services', value: 'services', description: 'resource service.name' },
  { label: 'Providers', value: 'providers', description: 'gen_ai.provider.name, gen_ai.system, llm.provider' },
  { label: 'Models', value: 'models', description: 'request/response model, llm.model_name' },
  { label: 'Operations', value: 'operations', description: 'gen_ai.operation.name' },
  { label: 'Versions', value: 'versions', description: 'the configured version attributes' },
  { label: 'Agents', value: 'agents', description: 'gen_ai.agent.name' },
  { label: 'Evaluation names', value: 'evaluationNames', description: 'gen_ai.evaluation.name' },
];

type Props = QueryEditorProps<GenAiDataSource, GenAiQuery, GenAiDataSourceOptions, GenAiVariableQuery>;

export function VariableQueryEditor({ query, onChange }: Props) {
  const kind: GenAiVariableKind = query?.kind ?? 'models';
  return (
    <InlineField label="Values of" labelWidth={16}>
      <Combobox<GenAiVariableKind>
        width={40}
        aria-label="Variable values"
        options={KINDS}
        value={kind}
        onChange={(v) => onChange({ ...query, kind: v.value, refId: query?.refId ?? 'GenAiVariable' })}
      />
    </InlineField>
  );
}
