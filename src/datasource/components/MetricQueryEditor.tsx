import React, { useEffect, useState } from 'react';
import { Combobox, Input, MultiCombobox, RadioButtonGroup, TagsInput, Text, TextArea } from '@grafana/ui';
import { EditorField, EditorRow } from '@grafana/plugin-ui';
import type { MetricDimension, MetricSignal } from '../../data/metrics/metricQueryBuilder';
import type { GenAiDataSource } from '../datasource';
import type { GenAiMetricQuery, GenAiQuery } from '../types';

export const SIGNALS: Array<{ label: string; value: MetricSignal; description: string }> = [
  { label: 'Request rate', value: 'requestRate', description: 'Model calls per second' },
  { label: 'Error rate', value: 'errorRate', description: 'Share of calls with error.type' },
  { label: 'Latency', value: 'latency', description: 'Model call and operation duration quantile' },
  { label: 'Time to first token', value: 'ttft', description: 'TTFT quantile' },
  { label: 'Tokens per request', value: 'tokensPerRequest', description: 'By token type' },
  { label: 'Tokens per second', value: 'tokensPerSecond', description: 'By token type' },
  { label: 'Cost per hour', value: 'costPerHour', description: 'USD/h from the cost recording rules' },
  { label: 'Cost per request', value: 'costPerRequest', description: 'USD per model call' },
  { label: 'Cost over the range', value: 'costCumulative', description: 'USD spent in the time range' },
  { label: 'Quality score (mean)', value: 'qualityMean', description: 'gen_ai.evaluation.score by evaluation' },
  { label: 'Quality score (distribution)', value: 'qualityDistribution', description: 'Score buckets over the range' },
  { label: 'Agent invocations', value: 'agentRate', description: 'gen_ai.invoke_agent.duration calls per second' },
  { label: 'Agent latency', value: 'agentLatency', description: 'gen_ai.invoke_agent.duration quantile' },
  { label: 'Tool calls', value: 'toolRate', description: 'gen_ai.execute_tool.duration calls per second' },
  { label: 'Tool latency', value: 'toolLatency', description: 'gen_ai.execute_tool.duration quantile' },
  { label: 'Workflow latency', value: 'workflowLatency', description: 'gen_ai.invoke_workflow.duration quantile' },
];

const QUANTILE_SIGNALS: MetricSignal[] = ['latency', 'ttft', 'agentLatency', 'toolLatency', 'workflowLatency'];

const DIMENSIONS: Array<{ label: string; value: MetricDimension }> = [
  { label: 'Model', value: 'model' },
  { label: 'Provider', value: 'provider' },
  { label: 'Operation', value: 'operation' },
  { label: 'Service', value: 'service' },
  { label: 'Version', value: 'version' },
  { label: 'Agent', value: 'agent' },
];

const QUANTILES = [0.5, 0.9, 0.95, 0.99].map((q) => ({ label: `p${Math.round(q * 100)}`, value: String(q) }));

interface Props {
  query: GenAiQuery;
  datasource: GenAiDataSource;
  onChange: (q: GenAiQuery) => void;
  onRunQuery: () => void;
}

/** The metric picker: a signal, a group-by and filters; shows the PromQL it builds. */
export function MetricQueryEditor({ query, datasource, onChange, onRunQuery }: Props) {
  const m: GenAiMetricQuery = query.metric ?? {};
  const set = (patch: Partial<GenAiMetricQuery>, run = true) => {
    onChange({ ...query, metric: { ...m, ...patch } });
    if (run) {
      onRunQuery();
    }
  };
  const [promql, setPromql] = useState<{ text: string; error?: boolean }>({ text: '' });
  useEffect(() => {
    let live = true;
    datasource.describePromQL(query).then(
      (text) => live && setPromql({ text }),
      (e: Error) => live && setPromql({ text: e.message, error: true })
    );
    return () => {
      live = false;
    };
  }, [datasource, query]);

  const signal = m.signal ?? 'requestRate';
  return (
    <>
      <EditorRow>
        <EditorField label="Mode">
          <RadioButtonGroup<'builder' | 'promql'>
            size="sm"
            options={[
              { label: 'Builder', value: 'builder' },
              { label: 'PromQL', value: 'promql' },
            ]}
            value={m.mode ?? 'builder'}
            onChange={(mode) => set({ mode, expr: mode === 'promql' && !m.expr ? promql.text : m.expr }, false)}
          />
        </EditorField>
      </EditorRow>
      {m.mode === 'promql' ? (
        <EditorRow>
          <EditorField label="PromQL" width="100%">
            <TextArea
              aria-label="PromQL"
              rows={3}
              defaultValue={m.expr ?? ''}
              placeholder="sum(rate(gen_ai_client_operation_duration_seconds_count[$__rate_interval]))"
              onBlur={(e) => set({ expr: e.currentTarget.value })}
            />
          </EditorField>
        </EditorRow>
      ) : (
        <EditorRow>
          <EditorField label="Signal">
            <Combobox<MetricSignal>
              width={30}
              aria-label="Signal"
              options={SIGNALS}
              value={signal}
              onChange={(o) => set({ signal: o.value })}
            />
          </EditorField>
          {QUANTILE_SIGNALS.includes(signal) && (
            <EditorField label="Quantile">
              <Combobox
                width={10}
                aria-label="Quantile"
                options={QUANTILES}
                value={String(m.quantile ?? 0.9)}
                onChange={(o) => set({ quantile: Number(o.value) })}
              />
            </EditorField>
          )}
          <EditorField label="Group by">
            <MultiCombobox<MetricDimension>
              width="auto"
              minWidth={20}
              aria-label="Group by"
              options={DIMENSIONS}
              value={m.groupBy ?? []}
              onChange={(vals) => set({ groupBy: vals.map((v) => v.value) })}
            />
          </EditorField>
          {DIMENSIONS.filter((d) => d.value !== 'service' && d.value !== 'operation').map((d) => (
            <EditorField key={d.value} label={d.label}>
              <TagsInput
                width={28}
                tags={m.filters?.[d.value] ?? []}
                placeholder="any"
                onChange={(tags) => set({ filters: { ...m.filters, [d.value]: tags } })}
              />
            </EditorField>
          ))}
        </EditorRow>
      )}
      <Text color={promql.error ? 'error' : 'secondary'} variant="code" element="p" data-testid="genai-built-promql">
        {promql.text}
      </Text>
    </>
  );
}

/** A TraceQL metrics query for breakdowns Prometheus does not hold. */
export function TraceqlMetricsEditor({ query, onChange, onRunQuery }: Omit<Props, 'datasource'>) {
  return (
    <EditorRow>
      <EditorField
        label="TraceQL metrics"
        width="100%"
        tooltip="Runs on Tempo's /api/metrics/query_range (TraceQL metrics, Tempo ≥ 2.4)"
      >
        <Input
          aria-label="TraceQL metrics"
          defaultValue={query.traceqlMetrics ?? ''}
          placeholder="{ span.gen_ai.usage.input_tokens != nil } | sum_over_time(span.gen_ai.usage.input_tokens) by (span.gen_ai.agent.name)"
          onBlur={(e) => {
            onChange({ ...query, traceqlMetrics: e.currentTarget.value });
            onRunQuery();
          }}
        />
      </EditorField>
    </EditorRow>
  );
}
