import React from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { Input, RadioButtonGroup, TagsInput } from '@grafana/ui';
import { EditorField, EditorFieldGroup, EditorRow } from '@grafana/plugin-ui';
import type { GenAiDataSource } from '../datasource';
import type { GenAiDataSourceOptions, GenAiQuery } from '../types';
import type { VersionComparisonOptions } from '../../data/queries/versionComparison';

type Props = QueryEditorProps<GenAiDataSource, GenAiQuery, GenAiDataSourceOptions>;

const BASELINES = [
  { label: 'Previous version', value: 'previous' as const, description: 'The version first seen before the newest' },
  { label: 'Fixed version', value: 'fixed' as const, description: 'A version name or a variable such as $baseline' },
];

/** Baseline, candidates and filters of a version comparison; values may be template variables. */
export function VersionComparisonEditor({ query, onChange, onRunQuery }: Props) {
  const o: VersionComparisonOptions = query.versionComparison ?? {};
  const set = (patch: Partial<VersionComparisonOptions>, run = false) => {
    onChange({ ...query, versionComparison: { ...o, ...patch } });
    if (run) {
      onRunQuery();
    }
  };
  const setFilter = (key: 'service' | 'model' | 'agent', values: string[]) =>
    set({ filters: { ...o.filters, [key]: values } }, true);
  return (
    <EditorRow>
      <EditorFieldGroup>
        <EditorField label="Baseline">
          <RadioButtonGroup
            options={BASELINES}
            value={o.baseline ?? 'previous'}
            onChange={(v) => set({ baseline: v }, true)}
          />
        </EditorField>
        {o.baseline === 'fixed' && (
          <EditorField label="Baseline version">
            <Input
              width={24}
              value={o.baselineVersion ?? ''}
              placeholder="e.g. v1 or $baseline"
              onChange={(e) => set({ baselineVersion: e.currentTarget.value })}
              onBlur={onRunQuery}
            />
          </EditorField>
        )}
      </EditorFieldGroup>
      <EditorFieldGroup>
        <EditorField label="Versions" tooltip="Columns besides the baseline; empty: every version">
          <TagsInput tags={o.versions ?? []} onChange={(v) => set({ versions: v }, true)} width={40} />
        </EditorField>
        {(['service', 'model', 'agent'] as const).map((k) => (
          <EditorField key={k} label={k[0].toUpperCase() + k.slice(1)}>
            <TagsInput tags={o.filters?.[k] ?? []} onChange={(v) => setFilter(k, v)} width={30} />
          </EditorField>
        ))}
      </EditorFieldGroup>
    </EditorRow>
  );
}
