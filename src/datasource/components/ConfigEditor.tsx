import React from 'react';
import type { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { DataSourcePicker } from '@grafana/runtime';
import { Button, Field, FieldSet, Input, InlineField, InlineSwitch, Stack, TagsInput, Text } from '@grafana/ui';
import type { ModelPriceOverride } from '../../data/cost/spanCost';
import { DEFAULT_VERSION_ATTRIBUTES } from '../../data/genai/normalizeSpan';
import { DEFAULT_SEARCH_LIMIT, DEFAULT_SPANS_PER_TRACE } from '../../data/queries/traceQueries';
import type { GenAiDataSourceOptions } from '../types';
import { nonNegativeNumber } from './nonNegativeNumber';
import { PrivacySettings } from './PrivacySettings';
import { validateStreamSelector } from '../../data/loki/traceLogQuery';

type Props = DataSourcePluginOptionsEditorProps<GenAiDataSourceOptions>;

const BACKENDS = [
  {
    pluginId: 'tempo',
    label: 'Tempo',
    description: 'Traces: search, trace by id, tag values, TraceQL metrics.',
    key: 'tempoDatasourceUid',
  },
  {
    pluginId: 'prometheus',
    label: 'Prometheus',
    description: 'Metrics: request rate, latency, tokens, cost recording rules.',
    key: 'prometheusDatasourceUid',
  },
  {
    pluginId: 'loki',
    label: 'Loki (optional)',
    description:
      'Logs: the prompts and completions of apps whose instrumentation writes them as log records (OpenTelemetry’s instrumentation-openai, OpenLIT), shown in the span tree’s chat.',
    key: 'lokiDatasourceUid',
  },
] as const;

const LIMITS = [
  {
    key: 'searchLimit',
    label: 'Trace limit',
    tooltip: 'Traces one search, scatter or version query covers.',
    max: 5000,
    placeholder: DEFAULT_SEARCH_LIMIT,
  },
  {
    key: 'spansPerTrace',
    label: 'Spans per trace',
    tooltip:
      "GenAI spans fetched per trace in searches (Tempo's max_spans_per_span_set caps it); totals are flagged partial beyond it.",
    max: 1000,
    placeholder: DEFAULT_SPANS_PER_TRACE,
  },
  {
    key: 'scrapeIntervalSec',
    label: 'Scrape interval (s)',
    tooltip: 'Your Prometheus scrape (or OTLP push) interval; metric queries use rate windows of at least four of it.',
    max: 3600,
    placeholder: 15,
  },
] as const;

export function ConfigEditor({ options, onOptionsChange }: Props) {
  const jsonData = options.jsonData ?? {};
  const update = (patch: Partial<GenAiDataSourceOptions>) =>
    onOptionsChange({ ...options, jsonData: { ...jsonData, ...patch } });
  const overrides = jsonData.priceOverrides ?? [];
  const setOverride = (i: number, patch: Partial<ModelPriceOverride>) =>
    update({ priceOverrides: overrides.map((o, j) => (j === i ? { ...o, ...patch } : o)) });

  return (
    <>
      <FieldSet label="Backends">
        <Text color="secondary" element="p">
          Pick the Tempo and Prometheus (and optionally Loki) data sources that already hold your OpenTelemetry GenAI
          telemetry. Requests go through Grafana&apos;s proxy, so their URLs and credentials stay in those data sources.
        </Text>
        {BACKENDS.map((b) => (
          <Field key={b.pluginId} label={b.label} description={b.description}>
            <DataSourcePicker
              pluginId={b.pluginId}
              current={jsonData[b.key]}
              noDefault
              width={40}
              onChange={(ds) => update({ [b.key]: ds.uid })}
            />
          </Field>
        ))}
        {jsonData.lokiDatasourceUid && (
          <Field
            label="Loki stream selector"
            description='Where the GenAI log records are, when not under the trace’s service names (Loki’s OTLP ingestion makes service.name the service_name label). Example: {job="genai"}. Empty: {service_name=~"<the trace’s services>"}.'
            invalid={Boolean(
              jsonData.lokiStreamSelector?.trim() && validateStreamSelector(jsonData.lokiStreamSelector)
            )}
            error={jsonData.lokiStreamSelector ? validateStreamSelector(jsonData.lokiStreamSelector) : undefined}
          >
            <Input
              width={60}
              aria-label="Loki stream selector"
              placeholder='{service_name=~"<the trace’s services>"}'
              value={jsonData.lokiStreamSelector ?? ''}
              onChange={(e) => update({ lokiStreamSelector: e.currentTarget.value })}
            />
          </Field>
        )}
      </FieldSet>

      <FieldSet label="Traces">
        <Field
          label="Version attributes"
          description={`Attributes that carry the pipeline version, first present wins. Prefix resource attributes with "resource.". Default: ${DEFAULT_VERSION_ATTRIBUTES.join(', ')}`}
        >
          <TagsInput
            width={60}
            tags={jsonData.versionAttributes ?? []}
            placeholder={DEFAULT_VERSION_ATTRIBUTES.join(', ')}
            onChange={(tags) => update({ versionAttributes: tags })}
          />
        </Field>
        <Stack direction="row" gap={2}>
          {LIMITS.map((l) => (
            <LimitInput
              key={l.key}
              label={l.label}
              tooltip={l.tooltip}
              max={l.max}
              placeholder={l.placeholder}
              value={jsonData[l.key]}
              onChange={(v) => update({ [l.key]: v })}
            />
          ))}
        </Stack>
      </FieldSet>

      <FieldSet label="Cost">
        <InlineField
          label="Prefer reported cost"
          labelWidth={26}
          tooltip="When a span carries its own cost (OpenLIT gen_ai.usage.cost, OpenInference llm.cost.total, Langfuse cost_details), use it instead of the price table."
        >
          <InlineSwitch
            value={Boolean(jsonData.preferReportedCost)}
            onChange={(e) => update({ preferReportedCost: e.currentTarget.checked })}
          />
        </InlineField>
        <Text color="secondary" element="p">
          Prices come from @pydantic/genai-prices. Add overrides for fine-tunes, private deployments or negotiated rates
          (USD per million tokens; `*` matches any characters).
        </Text>
        {overrides.map((o, i) => (
          <Stack key={i} direction="row" gap={1} alignItems="center">
            <Input
              width={28}
              placeholder="model"
              aria-label="Override model"
              value={o.model}
              onChange={(e) => setOverride(i, { model: e.currentTarget.value })}
            />
            <PriceInput
              label="input"
              value={o.inputPerMTok}
              onChange={(v) => setOverride(i, { inputPerMTok: v ?? 0 })}
            />
            <PriceInput
              label="output"
              value={o.outputPerMTok}
              onChange={(v) => setOverride(i, { outputPerMTok: v ?? 0 })}
            />
            <PriceInput
              label="cache read"
              value={o.cacheReadPerMTok}
              onChange={(v) => setOverride(i, { cacheReadPerMTok: v })}
            />
            <PriceInput
              label="cache write"
              value={o.cacheWritePerMTok}
              onChange={(v) => setOverride(i, { cacheWritePerMTok: v })}
            />
            <Button
              variant="secondary"
              icon="trash-alt"
              aria-label="Remove override"
              onClick={() => update({ priceOverrides: overrides.filter((_, j) => j !== i) })}
            />
          </Stack>
        ))}
        <Button
          variant="secondary"
          icon="plus"
          onClick={() => update({ priceOverrides: [...overrides, { model: '', inputPerMTok: 0, outputPerMTok: 0 }] })}
        >
          Add price override
        </Button>
      </FieldSet>

      <PrivacySettings value={jsonData.piiMasking} onChange={(piiMasking) => update({ piiMasking })} />
    </>
  );
}

function LimitInput(props: {
  label: string;
  tooltip: string;
  max: number;
  placeholder: number;
  value?: number;
  onChange: (v: number | undefined) => void;
}) {
  return (
    <InlineField label={props.label} labelWidth={22} tooltip={props.tooltip}>
      <Input
        type="number"
        width={12}
        min={1}
        max={props.max}
        placeholder={String(props.placeholder)}
        value={props.value ?? ''}
        onChange={(e) => props.onChange(nonNegativeNumber(e.currentTarget.value))}
      />
    </InlineField>
  );
}

function PriceInput({
  label,
  value,
  onChange,
}: {
  label: string;
  value?: number;
  onChange: (v: number | undefined) => void;
}) {
  return (
    <Input
      type="number"
      width={14}
      min={0}
      step="any"
      placeholder={`${label} $/Mtok`}
      aria-label={`Override ${label} price`}
      value={value ?? ''}
      onChange={(e) => onChange(nonNegativeNumber(e.currentTarget.value))}
    />
  );
}
