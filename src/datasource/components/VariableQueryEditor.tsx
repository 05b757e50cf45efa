import React from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { Combobox, InlineField } from '@grafana/ui';
import type { GenAiDataSource } from '../datasource';
import type { GenAiDataSourceOptions, GenAiQuery, GenAiVariableKind, GenAiVariableQuery } from '../types';
import { VARIABLE_KINDS } from '../variableQueries';

const KINDS = VARIABLE_KINDS.map((k) => ({ label: k.label, value: k.kind, description: k.description }));

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
