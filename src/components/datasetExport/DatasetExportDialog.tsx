import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import { Alert, Button, Checkbox, Field, Modal, RadioButtonGroup, Stack, Text, useStyles2 } from '@grafana/ui';
import React, { useEffect, useRef, useState } from 'react';
import type { FramePii } from '../../data/frames/readSpanTreeFrame';
import type { Granularity } from '../../data/export/datasetItem';
import { DATASET_PRESETS, type DatasetPreset } from '../../data/export/datasetPresets';
import {
  datasetFileName,
  exportDataset,
  type ExportProgress,
  type ExportResult,
  type ExportTraceSource,
} from '../../data/export/exportDataset';
import { frameMasker } from '../../data/pii/maskFrameText';
import { mayReveal } from '../../panels/span-tree/contentMask';

/** What the dialog needs of the GenAI data source (datasource.ts). */
interface ExportingDataSource {
  exportSource(): ExportTraceSource;
  settings: { pii: FramePii };
}

/** The traces to export: given, or found when the export starts (a search), with what was found said. */
export type ExportTraces =
  | { ids: string[] }
  | {
      find(signal: AbortSignal, onProgress: (found: number) => void): Promise<{ ids: string[]; note?: string }>;
    };

interface Props {
  title: string;
  datasourceUid: string;
  traces: ExportTraces;
  onDismiss(): void;
}

type Phase =
  | { name: 'options' }
  | { name: 'finding'; found: number }
  | { name: 'exporting'; progress: ExportProgress; note?: string }
  | { name: 'done'; result: ExportResult; file: string; url?: string; note?: string }
  | { name: 'error'; message: string };

const GRANULARITIES: Array<{ value: Granularity; label: string; description: string }> = [
  { value: 'call', label: 'One line per LLM call', description: 'Each call: its input, output and tool calls' },
  { value: 'trace', label: 'One line per trace', description: 'The first input, the final answer, every call' },
];

/**
 * Export traces as a JSONL eval dataset: format and granularity, masking (revealed only for the
 * roles the data source allows), then a streamed export with progress and cancel; the file is
 * downloaded when it is complete. Failed traces are listed, never silently dropped.
 */
export default function DatasetExportDialog({ title, datasourceUid, traces, onDismiss }: Props) {
  const styles = useStyles2(getStyles);
  const [granularity, setGranularity] = useState<Granularity>('call');
  const [preset, setPreset] = useState<DatasetPreset>('genai');
  const [unmasked, setUnmasked] = useState(false);
  const [phase, setPhase] = useState<Phase>({ name: 'options' });
  const [ds, setDs] = useState<ExportingDataSource | { error: string }>();
  const controller = useRef<AbortController | undefined>(undefined);

  useEffect(() => {
    let live = true;
    getDataSourceSrv()
      .get(datasourceUid)
      .then(
        (d) => {
          const x = d as unknown as Partial<ExportingDataSource>;
          if (live) {
            setDs(
              typeof x.exportSource === 'function' && x.settings
                ? (x as ExportingDataSource)
                : { error: `Data source ${datasourceUid} is not a GenAI Observability data source.` }
            );
          }
        },
        (e) => live && setDs({ error: e instanceof Error ? e.message : String(e) })
      );
    return () => {
      live = false;
      controller.current?.abort();
    };
  }, [datasourceUid]);

  useEffect(() => () => (phase.name === 'done' && phase.url ? URL.revokeObjectURL(phase.url) : undefined), [phase]);

  const pii = ds && 'settings' in ds ? ds.settings.pii : undefined;
  const canUnmask = Boolean(pii?.enabled && mayReveal(pii.revealRole));

  async function start(source: ExportingDataSource) {
    const c = new AbortController();
    controller.current = c;
    try {
      let ids: string[];
      let note: string | undefined;
      if ('ids' in traces) {
        ids = traces.ids;
      } else {
        setPhase({ name: 'finding', found: 0 });
        ({ ids, note } = await traces.find(c.signal, (found) => setPhase({ name: 'finding', found })));
      }
      if (c.signal.aborted) {
        return setPhase({ name: 'options' });
      }
      const masker = pii && !(unmasked && canUnmask) ? frameMasker(pii) : undefined;
      setPhase({ name: 'exporting', progress: { done: 0, total: ids.length, lines: 0, failed: 0 }, note });
      let last = 0;
      const result = await exportDataset(ids, source.exportSource(), {
        granularity,
        preset,
        mask: masker ? (t) => masker.mask(t) : undefined,
        signal: c.signal,
        // Progress at most every 100 ms: re-rendering per trace would cost more than the export.
        onProgress: (progress) => {
          const t = performance.now();
          if (t - last > 100 || progress.done === progress.total) {
            last = t;
            setPhase({ name: 'exporting', progress, note });
          }
        },
      });
      if (result.cancelled) {
        return setPhase({ name: 'options' });
      }
      const file = datasetFileName(preset, granularity);
      const url = result.lines
        ? URL.createObjectURL(new Blob(result.parts, { type: 'application/x-ndjson' }))
        : undefined;
      setPhase({ name: 'done', result, file, url, note });
      if (url) {
        download(url, file);
      }
    } catch (e) {
      if (!c.signal.aborted) {
        setPhase({ name: 'error', message: e instanceof Error ? e.message : String(e) });
      } else {
        setPhase({ name: 'options' });
      }
    }
  }

  const busy = phase.name === 'finding' || phase.name === 'exporting';
  return (
    <Modal title={title} isOpen onDismiss={busy ? () => controller.current?.abort() : onDismiss}>
      <div data-dataset-export={phase.name}>
        {ds && 'error' in ds && (
          <Alert severity="error" title="Cannot export">
            {ds.error}
          </Alert>
        )}
        {phase.name === 'options' && (
          <Stack direction="column" gap={1}>
            <Field label="Lines">
              <RadioButtonGroup options={GRANULARITIES} value={granularity} onChange={setGranularity} />
            </Field>
            <Field label="Format" description={DATASET_PRESETS.find((p) => p.value === preset)?.description}>
              <RadioButtonGroup
                options={DATASET_PRESETS.map(({ value, label }) => ({ value, label }))}
                value={preset}
                onChange={setPreset}
              />
            </Field>
            {pii?.enabled ? (
              <Text color="secondary" element="p">
                Personal data (emails, phone numbers, cards, IBANs, IP addresses, API keys) is masked in the file, as on
                screen.
              </Text>
            ) : (
              <Text color="secondary" element="p">
                Masking is off in this data source’s settings: the file holds the texts as recorded.
              </Text>
            )}
            {canUnmask && (
              <div>
                <Checkbox
                  value={unmasked}
                  onChange={(e) => setUnmasked(e.currentTarget.checked)}
                  label="Export unmasked"
                  description="Your role may reveal masked content; the file will hold personal data."
                />
              </div>
            )}
          </Stack>
        )}
        {phase.name === 'finding' && (
          <div className={styles.progress} aria-live="polite">
            Finding the traces… {phase.found.toLocaleString('en-US')} so far
          </div>
        )}
        {phase.name === 'exporting' && (
          <div className={styles.progress} aria-live="polite">
            {phase.note && <Text element="p">{phase.note}</Text>}
            <progress
              className={styles.bar}
              value={phase.progress.done}
              max={Math.max(1, phase.progress.total)}
              aria-label="Export progress"
            />
            <span data-export-progress>
              {phase.progress.done.toLocaleString('en-US')} of {phase.progress.total.toLocaleString('en-US')} traces ·{' '}
              {phase.progress.lines.toLocaleString('en-US')} lines
              {phase.progress.failed ? ` · ${phase.progress.failed} failed` : ''}
            </span>
          </div>
        )}
        {phase.name === 'done' && <DoneSummary phase={phase} />}
        {phase.name === 'error' && (
          <Alert severity="error" title="The export failed">
            {phase.message}
          </Alert>
        )}
      </div>
      <Modal.ButtonRow>
        {busy ? (
          <Button variant="secondary" onClick={() => controller.current?.abort()}>
            Cancel export
          </Button>
        ) : (
          <Button variant="secondary" fill="outline" onClick={onDismiss}>
            Close
          </Button>
        )}
        {(phase.name === 'options' || phase.name === 'error') && (
          <Button
            icon="download-alt"
            disabled={!ds || 'error' in ds}
            onClick={() => ds && 'settings' in ds && start(ds)}
          >
            Export
          </Button>
        )}
      </Modal.ButtonRow>
    </Modal>
  );
}

function DoneSummary({ phase }: { phase: Extract<Phase, { name: 'done' }> }) {
  const { result, file, url, note } = phase;
  return (
    <Stack direction="column" gap={1}>
      {note && <Text element="p">{note}</Text>}
      <Text element="p" data-export-summary="">
        {result.lines
          ? `Exported ${result.lines.toLocaleString('en-US')} lines from ${result.traces.toLocaleString('en-US')} traces to ${file}.`
          : `Nothing to export: the ${result.traces} trace(s) read hold no LLM call.`}
      </Text>
      {url && (
        <a href={url} download={file}>
          Download again
        </a>
      )}
      {result.failed.length > 0 && (
        <Alert severity="warning" title={`${result.failed.length} trace(s) could not be read and are not in the file`}>
          {result.failed.slice(0, 5).map((f) => (
            <div key={f.traceId}>
              {f.traceId}: {f.error}
            </div>
          ))}
          {result.failed.length > 5 && <div>… and {result.failed.length - 5} more</div>}
        </Alert>
      )}
      {result.warnings.length > 0 && (
        <Alert severity="info" title="Some chats are missing">
          {result.warnings.slice(0, 5).map((w, i) => (
            <div key={i}>{w}</div>
          ))}
          {result.warnings.length > 5 && <div>… and {result.warnings.length - 5} more</div>}
        </Alert>
      )}
    </Stack>
  );
}

function download(url: string, file: string) {
  const a = document.createElement('a');
  a.href = url;
  a.download = file;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
}

const getStyles = (theme: GrafanaTheme2) => ({
  progress: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  bar: css({ width: '100%', height: theme.spacing(1.5), accentColor: theme.colors.primary.main }),
});
