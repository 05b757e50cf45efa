import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { DataSourcePicker, getDataSourceSrv } from '@grafana/runtime';
import {
  Field,
  FieldSet,
  InlineSwitch,
  Input,
  RadioButtonGroup,
  Stack,
  TagsInput,
  Text,
  useStyles2,
} from '@grafana/ui';
import React, { useMemo, useState } from 'react';
import type { CollectedTraces, ScoreFilter } from '../data/queries/collectTraces';
import type { MinimumFilters } from '../data/queries/traceQueries';
import type { TraceFilters } from '../data/traceql/traceSearchQuery';
import { DatasetExportButton } from '../components/datasetExport/DatasetExportButton';
import type { ExportTraces } from '../components/datasetExport/DatasetExportDialog';

export const DATASOURCE_TYPE = 'genaiobs-genai-datasource';
const MAX_TRACES = 10_000;

const RANGES = [
  { value: 3600, label: 'Last 1 hour' },
  { value: 6 * 3600, label: 'Last 6 hours' },
  { value: 24 * 3600, label: 'Last 24 hours' },
  { value: 7 * 24 * 3600, label: 'Last 7 days' },
];

/** What the page needs of the GenAI data source (datasource.ts). */
interface CollectingDataSource {
  collectTraces(
    filters: TraceFilters & MinimumFilters,
    range: { start: number; end: number },
    max: number,
    opts: { score?: ScoreFilter; signal?: AbortSignal; onProgress?: (found: number) => void }
  ): Promise<CollectedTraces>;
}

const num = (s: string): number | undefined => (s.trim() === '' || !Number.isFinite(Number(s)) ? undefined : Number(s));

/**
 * Failing traces out as an eval dataset: the trace search's filters plus a score threshold and
 * failed calls; every matching trace of the range (several Tempo searches when one is not
 * enough), up to 10,000, exported in the format an eval tool imports.
 */
export default function DatasetExportPage({ datasourceUid }: { datasourceUid?: string }) {
  const styles = useStyles2(getStyles);
  const firstUid = useMemo(() => getDataSourceSrv().getList({ pluginId: DATASOURCE_TYPE })[0]?.uid, []);
  const [uid, setUid] = useState<string | undefined>(datasourceUid ?? firstUid);
  const [rangeSec, setRangeSec] = useState(24 * 3600);
  const [services, setServices] = useState<string[]>([]);
  const [models, setModels] = useState<string[]>([]);
  const [versions, setVersions] = useState<string[]>([]);
  const [agents, setAgents] = useState<string[]>([]);
  const [errorsOnly, setErrorsOnly] = useState(false);
  const [minCost, setMinCost] = useState('');
  const [scoreBelow, setScoreBelow] = useState('');
  const [evaluationName, setEvaluationName] = useState('');
  const [maxTraces, setMaxTraces] = useState('1000');
  const max = Math.min(MAX_TRACES, Math.max(1, Math.round(num(maxTraces) ?? 1000)));

  const traces: ExportTraces = {
    async find(signal, onProgress) {
      const ds = (await getDataSourceSrv().get(uid)) as unknown as Partial<CollectingDataSource>;
      if (typeof ds.collectTraces !== 'function') {
        throw new Error('Pick a GenAI Observability data source.');
      }
      const end = Math.ceil(Date.now() / 1000);
      const below = num(scoreBelow);
      const res = await ds.collectTraces(
        { services, models, versions, agents, errorsOnly, minCostUsd: num(minCost) },
        { start: end - rangeSec, end },
        max,
        {
          score: below === undefined ? undefined : { below, evaluationName: evaluationName.trim() || undefined },
          signal,
          onProgress,
        }
      );
      const ids = res.summaries.map((s) => s.traceId);
      const note = [
        `${ids.length.toLocaleString('en-US')} matching trace${ids.length === 1 ? '' : 's'} (${res.searches} Tempo search${res.searches === 1 ? '' : 'es'})${res.complete ? ': every one of the range.' : `: the newest ${max.toLocaleString('en-US')}, not all of the range.`}`,
        ...res.warnings,
      ].join(' ');
      return { ids, note };
    },
  };

  return (
    <div className={styles.page} data-page="dataset-export">
      <Text element="h2">Eval dataset</Text>
      <Text element="p" color="secondary">
        Production failures become regression tests: pick the traces, then export their LLM calls (or whole traces) as
        JSONL for OpenAI evals, promptfoo or Langfuse, or in the documented GenAI Observability format. Expected answers
        are left blank for review; personal data is masked as on screen.
      </Text>
      <FieldSet label="Traces">
        <Stack direction="row" gap={2} wrap="wrap">
          <Field label="Data source">
            <DataSourcePicker
              pluginId={DATASOURCE_TYPE}
              current={uid}
              noDefault
              width={36}
              onChange={(d) => setUid(d.uid)}
            />
          </Field>
          <Field label="Time range">
            <RadioButtonGroup options={RANGES} value={rangeSec} onChange={setRangeSec} />
          </Field>
        </Stack>
        <Stack direction="row" gap={2} wrap="wrap">
          <Field label="Services">
            <TagsInput tags={services} onChange={setServices} placeholder="any" width={30} />
          </Field>
          <Field label="Models">
            <TagsInput tags={models} onChange={setModels} placeholder="any" width={30} />
          </Field>
          <Field label="Versions">
            <TagsInput tags={versions} onChange={setVersions} placeholder="any" width={24} />
          </Field>
          <Field label="Agents">
            <TagsInput tags={agents} onChange={setAgents} placeholder="any" width={24} />
          </Field>
        </Stack>
        <Stack direction="row" gap={2} wrap="wrap" alignItems="flex-end">
          <Field label="Failed calls only">
            <InlineSwitch
              value={errorsOnly}
              onChange={(e) => setErrorsOnly(e.currentTarget.checked)}
              aria-label="Failed calls only"
            />
          </Field>
          <Field label="Score below" description="Traces with a mean score under this">
            <Input
              width={14}
              value={scoreBelow}
              placeholder="e.g. 0.5"
              aria-label="Score below"
              onChange={(e) => setScoreBelow(e.currentTarget.value)}
            />
          </Field>
          <Field label="Of evaluation" description="Any evaluation when empty">
            <Input
              width={20}
              value={evaluationName}
              placeholder="faithfulness"
              aria-label="Evaluation name"
              onChange={(e) => setEvaluationName(e.currentTarget.value)}
            />
          </Field>
          <Field label="Minimum cost (USD)">
            <Input
              width={14}
              value={minCost}
              placeholder="0"
              aria-label="Minimum cost"
              onChange={(e) => setMinCost(e.currentTarget.value)}
            />
          </Field>
          <Field label="At most" description={`Newest first, up to ${MAX_TRACES.toLocaleString('en-US')}`}>
            <Input
              width={14}
              value={maxTraces}
              aria-label="At most traces"
              onChange={(e) => setMaxTraces(e.currentTarget.value)}
            />
          </Field>
        </Stack>
      </FieldSet>
      <DatasetExportButton
        label="Export dataset"
        title="Export traces as an eval dataset"
        variant="primary"
        fill="solid"
        size="md"
        datasourceUid={uid}
        traces={traces}
      />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1), maxWidth: 1100 }),
});
