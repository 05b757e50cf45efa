import React, { useCallback, useId } from 'react';
import type { QueryEditorProps, SelectableValue } from '@grafana/data';
import { InlineSwitch, Input, MultiCombobox, RadioButtonGroup, TagsInput, Text } from '@grafana/ui';
import { EditorField, EditorFieldGroup, EditorRow, EditorRows } from '@grafana/plugin-ui';
import { HighlightedTraceQL, syntaxOf, useTraceQLParser } from './HighlightedTraceQL';
import { TraceQLInput } from './TraceQLInput';
import type { GenAiDataSource } from '../datasource';
import { MetricQueryEditor, TraceqlMetricsEditor } from './MetricQueryEditor';
import { VersionComparisonEditor } from './VersionComparisonEditor';
import { nonNegativeNumber } from './nonNegativeNumber';
import type { GenAiDataSourceOptions, GenAiQuery, GenAiQueryType, GenAiVariableKind } from '../types';
import { VARIABLE_KINDS } from '../variableQueries';
import type { TraceFilters } from '../../data/traceql/traceSearchQuery';
import type { MinimumFilters } from '../../data/queries/traceQueries';

type Props = QueryEditorProps<GenAiDataSource, GenAiQuery, GenAiDataSourceOptions>;
type Filters = TraceFilters & MinimumFilters;

const QUERY_TYPES: Array<SelectableValue<GenAiQueryType>> = [
  {
    label: 'Trace search',
    value: 'traceSearch',
    description: 'One row per trace: models, tokens, cost, duration, scores',
  },
  { label: 'Trace by id', value: 'traceById', description: 'Span tree of one trace for the span-tree panel' },
  {
    label: 'Trace points',
    value: 'tracePoints',
    description: 'Per-trace cost, latency, tokens and scores (quality vs cost)',
  },
  {
    label: 'Version aggregates',
    value: 'versionAggregates',
    description: 'Per-version cost, tokens, latency quantiles, error rate, scores',
  },
  {
    label: 'Metrics',
    value: 'metrics',
    description: 'Rate, errors, latency, TTFT, tokens, cost and quality from Prometheus',
  },
  {
    label: 'TraceQL metrics',
    value: 'traceqlMetrics',
    description: 'Breakdowns Prometheus does not hold, computed by Tempo',
  },
  {
    label: 'Agent graph',
    value: 'agentGraph',
    description: 'Agents, tools and models and the calls between them, for the Node Graph panel',
  },
  {
    label: 'Version comparison',
    value: 'versionComparison',
    description: 'Each version against a baseline over all traffic, with intervals and significance',
  },
];

const LIST_FILTERS = VARIABLE_KINDS.flatMap((k) =>
  k.filter ? [{ key: k.filter, label: k.singular, kind: k.kind }] : []
);

export function QueryEditor({ query, onChange, onRunQuery, datasource }: Props) {
  const queryType = query.queryType ?? 'traceSearch';
  const editorProps = { query, onChange, onRunQuery, datasource };
  return (
    <div data-testid="genai-query-editor">
      <EditorRows>
        <EditorRow>
          <EditorField label="Query type">
            <RadioButtonGroup
              options={QUERY_TYPES}
              value={queryType}
              onChange={(v) => {
                onChange({ ...query, queryType: v });
                onRunQuery();
              }}
            />
          </EditorField>
        </EditorRow>
        {queryType === 'metrics' && <MetricQueryEditor {...editorProps} />}
        {queryType === 'traceqlMetrics' && <TraceqlMetricsEditor {...editorProps} />}
        {queryType === 'versionComparison' && <VersionComparisonEditor {...editorProps} />}
        {queryType === 'traceById' && (
          <TraceIdField
            {...editorProps}
            tooltip="A trace id, or a variable such as $traceId"
            placeholder="e.g. 2f1c… or $traceId"
          />
        )}
        {queryType === 'agentGraph' && (
          <TraceIdField
            {...editorProps}
            optional
            tooltip="One trace's graph (exact), e.g. $traceId; empty: the traces of the range that match the filters below, sampled over time (the result says how many)"
            placeholder="empty: the range"
          />
        )}
        {(queryType === 'traceSearch' ||
          queryType === 'tracePoints' ||
          queryType === 'versionAggregates' ||
          (queryType === 'agentGraph' && !query.traceId?.trim())) && <TraceFilterEditor {...editorProps} />}
      </EditorRows>
    </div>
  );
}

/** The trace id of a Trace by id or one-trace Agent graph query; runs on blur. */
function TraceIdField({
  query,
  onChange,
  onRunQuery,
  tooltip,
  placeholder,
  optional,
}: Pick<Props, 'query' | 'onChange' | 'onRunQuery'> & { tooltip: string; placeholder: string; optional?: boolean }) {
  return (
    <EditorRow>
      <EditorField label="Trace ID" tooltip={tooltip} optional={optional}>
        <Input
          width={50}
          value={query.traceId ?? ''}
          placeholder={placeholder}
          onChange={(e) => onChange({ ...query, traceId: e.currentTarget.value })}
          onBlur={onRunQuery}
        />
      </EditorField>
    </EditorRow>
  );
}

/** Structured trace filters for search, points and version aggregates; shows the TraceQL. */
function TraceFilterEditor({ query, onChange, onRunQuery, datasource }: Props) {
  const filters: Filters = query.filters ?? {};
  const setFilters = (patch: Partial<Filters>) => onChange({ ...query, filters: { ...filters, ...patch } });
  const apply = (patch: Partial<Filters>) => {
    setFilters(patch);
    onRunQuery();
  };
  const loadValues = useCallback(
    async (kind: GenAiVariableKind, input: string) =>
      (await datasource.metricFindQuery({ refId: 'filter-values', kind }))
        .map((v) => String(v.text))
        .filter((v) => v.toLowerCase().includes(input.toLowerCase()))
        .map((v) => ({ label: v, value: v })),
    [datasource]
  );
  const parser = useTraceQLParser();
  const extra = filters.traceql ?? '';
  const extraSyntax = syntaxOf(parser, extra);
  const extraError = extraSyntax?.errors[0];
  const extraId = useId();
  const runIfValid = () => !extraError && onRunQuery();
  let traceql = '';
  let traceqlError = '';
  try {
    traceql = datasource.describeTraceQL(query);
  } catch (e) {
    traceqlError = e instanceof Error ? e.message : String(e);
  }
  return (
    <>
      <EditorRow>
        <EditorFieldGroup>
          {LIST_FILTERS.map((f) => (
            <EditorField key={f.key} label={f.label}>
              <MultiCombobox<string>
                width="auto"
                minWidth={20}
                maxWidth={40}
                createCustomValue
                options={(input) => loadValues(f.kind, input)}
                placeholder="any"
                aria-label={`${f.label} filter`}
                value={(filters[f.key] as string[] | undefined) ?? []}
                onChange={(vals) => apply({ [f.key]: vals.map((v) => v.value).filter(Boolean) })}
              />
            </EditorField>
          ))}
        </EditorFieldGroup>
      </EditorRow>
      <EditorRow>
        <EditorFieldGroup>
          <EditorField label="Conversation" tooltip="gen_ai.conversation.id (or the dialects' session ids)">
            <TagsInput
              width={40}
              tags={filters.conversationIds ?? []}
              onChange={(tags) => apply({ conversationIds: tags })}
            />
          </EditorField>
          <EditorField
            label="Trace ids"
            tooltip="Only these traces, e.g. $selectedTraces set by a region selected in the quality-vs-cost panel"
          >
            <TagsInput width={40} tags={filters.traceIds ?? []} onChange={(tags) => apply({ traceIds: tags })} />
          </EditorField>
          <EditorField label="Errors only">
            <InlineSwitch
              value={Boolean(filters.errorsOnly)}
              onChange={(e) => apply({ errorsOnly: e.currentTarget.checked })}
            />
          </EditorField>
        </EditorFieldGroup>
        <EditorFieldGroup>
          <NumberFilter
            label="Min duration (ms)"
            value={filters.minDurationMs}
            onChange={(v) => apply({ minDurationMs: v })}
          />
          <NumberFilter
            label="Min tokens"
            value={filters.minTotalTokens}
            onChange={(v) => apply({ minTotalTokens: v })}
          />
          <NumberFilter label="Min cost ($)" value={filters.minCostUsd} onChange={(v) => apply({ minCostUsd: v })} />
          <NumberFilter
            label="Trace limit"
            value={query.limit}
            onChange={(v) => {
              onChange({ ...query, limit: v });
              onRunQuery();
            }}
          />
        </EditorFieldGroup>
      </EditorRow>
      <EditorRow>
        <EditorField
          label="Extra TraceQL"
          description='A spanset expression AND-ed with the filters, e.g. { span.gen_ai.tool.name = "search" }'
          invalid={Boolean(extraError)}
          error={extraError ? `TraceQL: ${extraError.message}` : undefined}
          width="100%"
        >
          <TraceQLInput
            id={extraId}
            value={extra}
            syntax={extraSyntax}
            placeholder='{ span.gen_ai.tool.name = "web_search" }'
            aria-label="Extra TraceQL"
            onChange={(traceql) => setFilters({ traceql })}
            // A query that does not parse is not sent: the error under the field says what is wrong.
            onBlur={runIfValid}
            onRunQuery={runIfValid}
          />
        </EditorField>
      </EditorRow>
      {traceqlError ? (
        <Text color="error" variant="code" element="p" data-testid="genai-built-traceql">
          {traceqlError}
        </Text>
      ) : (
        <HighlightedTraceQL text={traceql} syntax={syntaxOf(parser, traceql)} testId="genai-built-traceql" />
      )}
    </>
  );
}

function NumberFilter({
  label,
  value,
  onChange,
}: {
  label: string;
  value?: number;
  onChange: (v: number | undefined) => void;
}) {
  return (
    <EditorField label={label}>
      <Input
        type="number"
        width={12}
        min={0}
        step="any"
        defaultValue={value ?? ''}
        onBlur={(e) => onChange(nonNegativeNumber(e.currentTarget.value))}
      />
    </EditorField>
  );
}
