import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, type BadgeColor, ControlledCollapse, IconButton, LinkButton, useStyles2 } from '@grafana/ui';
import React, { memo } from 'react';
import { kindName } from '../../data/frames/readSpanTreeFrame';
import type { ChatMessage, Evaluation } from '../../data/genai/model';
import type { EvaluationIndex } from '../../data/trace/evaluationIndex';
import type { SpanTreeView } from '../../data/trace/spanTreeView';
import { ChatMessages } from './ChatMessages';
import { formatCostTotal, formatDuration, formatPercent, formatTokens, formatUsd, valueText } from './format';
import { KIND_LOOK } from './kinds';
import { dashboardUrl, exploreTraceUrl, OVERVIEW_DASHBOARD_UID, VERSIONS_DASHBOARD_UID } from './links';
import { LogChat } from './LogChat';
import { LongText } from './LongText';
import type { SpanTreeOptions } from './types';

interface Props {
  view: SpanTreeView;
  row: number;
  options: SpanTreeOptions;
  evaluations: EvaluationIndex;
  onClose: () => void;
}

const KIND_BADGE: Record<string, BadgeColor> = {
  agent: 'purple',
  llm: 'blue',
  tool: 'orange',
  retrieval: 'green',
  memory: 'green',
  embedding: 'brand',
  workflow: 'darkgrey',
  other: 'darkgrey',
};

interface Content {
  systemInstructions?: string;
  input?: ChatMessage[];
  output?: ChatMessage[];
}

/** Reads the lazily decoded content (a SpanContent, or its JSON after a round trip); decoding never breaks the pane. */
function readContent(c: unknown): { content: Content; problem?: string } {
  if (!c || typeof c !== 'object') {
    return { content: {} };
  }
  try {
    const x = c as Content;
    return { content: { systemInstructions: x.systemInstructions, input: x.input ?? [], output: x.output ?? [] } };
  } catch (e) {
    return { content: {}, problem: `Messages could not be decoded: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * Everything about one span: badges, links, numbers, chat, evaluations, raw attributes. Memoised:
 * the tree re-renders on every scroll frame and toggle, and formatting every attribute again is not free.
 */
export const SpanDetails = memo(function SpanDetails({ view, row, options, evaluations, onClose }: Props) {
  const styles = useStyles2(getStyles);
  const table = view.table;
  const t = view.tableRow[row];
  const get = <T,>(name: string): T | undefined => (table.column<T>(name)?.[t] ?? undefined) as T | undefined;
  const kind = kindName(view.kind[row]);
  const spanId = String(table.spanId[t]);
  const name = String(table.name[t] ?? '');
  const model = get<string>('responseModel') ?? get<string>('requestModel');
  const version = get<string>('version');
  const { content, problem } = readContent(get<unknown>('content'));
  const evs = evaluations.about.get(spanId) ?? [];
  const recorded = evaluations.recordedBy.get(spanId) ?? [];
  const finishReasons = get<string[]>('finishReasons') ?? [];
  const warnings = get<string[]>('warnings') ?? [];
  const startAbs = view.traceStartMs + view.startMs[row];
  const linkInput = {
    traceId: table.traceId,
    spanId: view.synthetic[row] ? undefined : spanId,
    startMs: view.traceStartMs,
    endMs: view.traceStartMs + view.traceDurationMs,
    model,
    version,
    // The frame knows which Tempo the trace came from; the option covers frames that do not say.
    tempoDatasourceUid: table.tempoDatasourceUid ?? options.tempoDatasourceUid,
  };
  const dur = (ms: number) => formatDuration(ms, options.timeUnit);
  const countsUsage = Boolean(get<boolean>('countsUsage'));
  const stats: Array<[string, React.ReactNode]> = [
    ['Duration', dur(view.durationMs[row])],
    ['Self time', dur(view.selfTimeMs[row])],
    ['Starts at', `+${dur(view.startMs[row])}`],
    ['Share of trace time', formatPercent(view.timeShare[row])],
  ];
  const tokenRows: Array<[string, number | undefined]> = [
    ['Input tokens', get<number>('inputTokens')],
    ['Output tokens', get<number>('outputTokens')],
    ['Cached (read) tokens', get<number>('cacheReadTokens')],
    ['Cache write tokens', get<number>('cacheCreationTokens')],
    ['Reasoning tokens', get<number>('reasoningTokens')],
  ];
  for (const [label, value] of tokenRows) {
    if (value !== undefined && value !== null) {
      stats.push([label, `${formatTokens(value)}${countsUsage ? '' : ' (counted by its children)'}`]);
    }
  }
  const topK = get<number>('retrievalTopK');
  if (topK !== undefined && topK !== null) {
    stats.push(['Top k', String(topK)]);
  }
  const costSource = get<string>('costSource');
  const unknown = get<string>('costUnknownReason');
  if (view.costUsd[row] > 0 || get<number>('costUsd') !== undefined || unknown) {
    stats.push([
      'Cost',
      unknown && !(view.costUsd[row] > 0)
        ? `unknown: ${unknown}`
        : `${formatUsd(view.costUsd[row])}${costSource ? ` (${costSource})` : ''}`,
    ]);
  }
  if (view.childCount[row] > 0) {
    const unknownBelow = view.subtreeUnknownCostSpans[row];
    stats.push([
      'Σ cost',
      `${formatCostTotal(view.subtreeCostUsd[row], unknownBelow)} · ${formatPercent(view.costShare[row])} of trace${
        unknownBelow > 0 ? ` (${unknownBelow} span${unknownBelow === 1 ? '' : 's'} of unknown cost)` : ''
      }`,
    ]);
    stats.push([
      'Σ tokens',
      `${formatTokens(get<number>('subtreeInputTokens') ?? 0)} in → ${formatTokens(get<number>('subtreeOutputTokens') ?? 0)} out`,
    ]);
    stats.push([
      'Σ calls',
      `${get<number>('subtreeAgentRuns') ?? 0} agent runs · ${get<number>('subtreeLlmCalls') ?? 0} LLM · ${get<number>('subtreeToolCalls') ?? 0} tool · ${get<number>('subtreeErrors') ?? 0} errors · ${view.subtreeEnd[row] - row} spans`,
    ]);
  }
  const isError = view.error[row] === 1;
  return (
    <aside className={styles.pane} aria-label="Span details">
      <div className={styles.header}>
        <h5 className={styles.title} title={name}>
          {name}
        </h5>
        <IconButton name="times" tooltip="Close details" onClick={onClose} />
      </div>
      <div className={styles.badges}>
        <Badge color={KIND_BADGE[kind]} icon={KIND_LOOK[kind].icon} text={KIND_LOOK[kind].label} />
        {get<string>('provider') && <Badge color="darkgrey" text={get<string>('provider')} />}
        {model && <Badge color="blue" text={model} />}
        {version && <Badge color="purple" text={`version ${version}`} />}
        {isError && <Badge color="red" icon="exclamation-circle" text="Error" />}
        {view.critical[row] === 1 && <Badge color="orange" icon="bolt" text="Critical path" />}
        {get<boolean>('orphan') && <Badge color="darkgrey" text="Parent missing" />}
      </div>
      <div className={styles.links}>
        {table.traceId && (
          <LinkButton
            size="sm"
            variant="secondary"
            fill="outline"
            icon="external-link-alt"
            href={exploreTraceUrl(linkInput)}
          >
            Raw trace in Tempo
          </LinkButton>
        )}
        {version && (
          <LinkButton
            size="sm"
            variant="secondary"
            fill="outline"
            icon="apps"
            href={dashboardUrl(VERSIONS_DASHBOARD_UID, linkInput)}
          >
            Version dashboard
          </LinkButton>
        )}
        {model && (
          <LinkButton
            size="sm"
            variant="secondary"
            fill="outline"
            icon="apps"
            href={dashboardUrl(OVERVIEW_DASHBOARD_UID, linkInput)}
          >
            Model dashboard
          </LinkButton>
        )}
      </div>
      {isError && (
        <div className={styles.error} role="alert">
          <strong>{get<string>('errorType') ?? 'Error'}</strong>
          {get<string>('errorMessage') && <LongText text={get<string>('errorMessage')!} />}
        </div>
      )}
      <dl className={styles.stats}>
        {stats.map(([k, v]) => (
          <React.Fragment key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </React.Fragment>
        ))}
        <dt>Span id</dt>
        <dd className={styles.mono}>{spanId}</dd>
        <dt>Started</dt>
        <dd>{new Date(startAbs).toISOString()}</dd>
        {finishReasons.length > 0 && (
          <>
            <dt>Finish reasons</dt>
            <dd>{finishReasons.join(', ')}</dd>
          </>
        )}
      </dl>
      {[...warnings, ...(problem ? [problem] : [])].map((w, i) => (
        <div key={i} className={styles.warning}>
          {w}
        </div>
      ))}
      <EvaluationList title="Evaluations" evaluations={evs} />
      <EvaluationList
        title="Results recorded by this span"
        evaluations={recorded}
        about={(ev) => evaluations.targetName.get(ev.targetSpanId)}
      />
      {/* An LLM call without messages on its span: its instrumentation may have written them as logs. */}
      {kind === 'llm' && table.logsFromLoki && !content.input?.length && !content.output?.length ? (
        <LogChat view={view} spanId={spanId} system={content.systemInstructions} />
      ) : (
        <>
          <ChatMessages title="Input" system={content.systemInstructions} messages={content.input ?? []} />
          <ChatMessages title="Output" messages={content.output ?? []} />
        </>
      )}
      {get<unknown>('toolArguments') !== undefined && (
        <section className={styles.section} aria-label="Tool arguments">
          <h6 className={styles.sectionTitle}>Tool arguments</h6>
          <LongText mono text={valueText(get<unknown>('toolArguments'), true)} />
        </section>
      )}
      {get<unknown>('toolResult') !== undefined && (
        <section className={styles.section} aria-label="Tool result">
          <h6 className={styles.sectionTitle}>Tool result</h6>
          <LongText mono text={valueText(get<unknown>('toolResult'), true)} />
        </section>
      )}
      <AttributeList label="Attributes" attrs={get<Record<string, unknown>>('attributes')} open />
      <AttributeList label="Resource" attrs={get<Record<string, unknown>>('resourceAttributes')} />
      <EventList
        events={get<Array<{ name: string; timeMs?: number; attributes?: Record<string, unknown> }>>('events')}
      />
    </aside>
  );
});

function EvaluationList(props: {
  title: string;
  evaluations: Evaluation[];
  about?: (ev: Evaluation) => string | undefined;
}) {
  const styles = useStyles2(getStyles);
  if (!props.evaluations.length) {
    return null;
  }
  return (
    <section aria-label={props.title} className={styles.section}>
      <h6 className={styles.sectionTitle}>{props.title}</h6>
      {props.evaluations.map((ev, i) => (
        <div key={i} className={styles.evaluation}>
          <div className={styles.evaluationHead}>
            <strong>{ev.name}</strong>
            {ev.scoreValue !== undefined && <span>{ev.scoreValue}</span>}
            {ev.scoreLabel && <Badge color={labelColor(ev.scoreLabel)} text={ev.scoreLabel} />}
            {ev.errorType && <Badge color="red" text={`evaluator error: ${ev.errorType}`} />}
            {props.about?.(ev) && <span className={styles.muted}>about “{props.about(ev)}”</span>}
          </div>
          {ev.explanation && <LongText text={ev.explanation} />}
        </div>
      ))}
    </section>
  );
}

function labelColor(label: string): BadgeColor {
  const l = label.toLowerCase();
  if (/^(pass|passed|good|correct|relevant|true|yes|faithful|grounded)$/.test(l)) {
    return 'green';
  }
  if (/^(fail|failed|bad|incorrect|irrelevant|false|no|hallucinated|toxic)$/.test(l)) {
    return 'red';
  }
  return 'darkgrey';
}

function AttributeList({
  label,
  attrs,
  open = false,
}: {
  label: string;
  attrs?: Record<string, unknown>;
  open?: boolean;
}) {
  const styles = useStyles2(getStyles);
  const keys = attrs ? Object.keys(attrs).sort() : [];
  if (!keys.length) {
    return null;
  }
  return (
    <ControlledCollapse label={`${label} (${keys.length})`} isOpen={open}>
      <dl className={styles.attrs}>
        {keys.map((k) => (
          <React.Fragment key={k}>
            <dt className={styles.mono}>{k}</dt>
            <dd>
              <LongText mono text={valueText(attrs![k])} />
            </dd>
          </React.Fragment>
        ))}
      </dl>
    </ControlledCollapse>
  );
}

function EventList({ events }: { events?: Array<{ name: string; attributes?: Record<string, unknown> }> }) {
  if (!events?.length) {
    return null;
  }
  return (
    <ControlledCollapse label={`Events (${events.length})`} isOpen={false}>
      {events.map((e, i) => (
        <AttributeList key={i} label={e.name} attrs={e.attributes} open />
      ))}
    </ControlledCollapse>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  pane: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  header: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1) }),
  title: css({ margin: 0, flex: 1, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }),
  badges: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5) }),
  links: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5) }),
  error: css({
    padding: theme.spacing(0.75, 1),
    borderRadius: theme.shape.radius.default,
    background: theme.colors.error.transparent,
    color: theme.colors.error.text,
    border: `1px solid ${theme.colors.error.border}`,
  }),
  warning: css({
    padding: theme.spacing(0.5, 1),
    borderRadius: theme.shape.radius.default,
    background: theme.colors.warning.transparent,
    color: theme.colors.warning.text,
  }),
  stats: css({
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(1.5),
    rowGap: theme.spacing(0.25),
    margin: 0,
    dt: { color: theme.colors.text.secondary, fontWeight: 'normal' },
    dd: { margin: 0, fontVariantNumeric: 'tabular-nums', wordBreak: 'break-all' },
  }),
  mono: css({ fontFamily: theme.typography.fontFamilyMonospace }),
  muted: css({ color: theme.colors.text.secondary }),
  section: css({ marginBottom: theme.spacing(1) }),
  sectionTitle: css({ margin: theme.spacing(0, 0, 0.5), color: theme.colors.text.secondary }),
  evaluation: css({
    padding: theme.spacing(0.5, 1),
    marginBottom: theme.spacing(0.5),
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.secondary,
  }),
  evaluationHead: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1) }),
  attrs: css({
    display: 'grid',
    // Long keys wrap rather than squeeze the values; values wrap anywhere (JSON has few spaces).
    gridTemplateColumns: 'minmax(90px, 38%) minmax(0, 1fr)',
    margin: 0,
    dt: {
      color: theme.colors.text.secondary,
      fontWeight: 'normal',
      overflowWrap: 'anywhere',
      padding: theme.spacing(0.25, 1, 0.25, 0),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
    },
    dd: {
      margin: 0,
      minWidth: 0,
      padding: theme.spacing(0.25, 0),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      pre: { overflowWrap: 'anywhere' },
    },
  }),
});
