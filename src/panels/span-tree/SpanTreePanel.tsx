import type { PanelProps } from '@grafana/data';
import { Icon, IconButton, Input, RadioButtonGroup, Tooltip, useStyles2, useTheme2 } from '@grafana/ui';
import { DatasetExportButton } from '../../components/datasetExport/DatasetExportButton';
import React, { useCallback, useEffect, useMemo, useState } from 'react';
import { findSpanTreeFrame } from '../../data/frames/readSpanTreeFrame';
import { indexEvaluations } from '../../data/trace/evaluationIndex';
import { filterSpans, type QuickFilter } from '../../data/trace/spanFilters';
import { buildSearchIndexWhenIdle } from '../../data/trace/spanSearchIndex';
import { spanTreeViewOf, type SpanTreeView } from '../../data/trace/spanTreeView';
import { initialCollapsed, revealRow, toggleCollapsed, visibleRows } from '../../data/trace/visibleRows';
import { formatCostTotal, formatDuration, formatTokens, unknownCostTitle } from './format';
import { heatColors, kindColors } from './kinds';
import { contentMaskFor, ContentMaskProvider } from './contentMask';
import { SpanDetails } from './SpanDetails';
import { type RowContext } from './SpanRow';
import { SpanRowList } from './SpanRowList';
import { COLUMN_WIDTH, getStyles, HEADER_HEIGHT, TOOLBAR_HEIGHT } from './styles';
import { DEFAULT_OPTIONS, type SpanColumn, type SpanTreeOptions } from './types';

const QUICK_FILTERS: Array<{ value: QuickFilter; label: string; description: string }> = [
  { value: 'all', label: 'All', description: 'Every span' },
  { value: 'errors', label: 'Errors', description: 'Failed spans and their ancestors' },
  { value: 'llm', label: 'LLM calls', description: 'Chat / completion spans' },
  { value: 'slowest', label: 'Slowest', description: 'The 20 spans with the most self time' },
  { value: 'expensive', label: 'Most expensive', description: 'The 20 spans with the highest own cost' },
];

const COMPACT_TOOLBAR_BELOW_PX = 1080;

// Typing in a 100k-span trace re-filters every row; wait for a pause.
const SEARCH_DEBOUNCE_MS = 200;

export function SpanTreePanel(props: PanelProps<SpanTreeOptions>) {
  const styles = useStyles2(getStyles);
  const { data, width, height } = props;
  // Stable while the saved options are: rows and the details pane only re-render when they change.
  const options = useMemo(() => ({ ...DEFAULT_OPTIONS, ...props.options }), [props.options]);
  const frame = useMemo(() => findSpanTreeFrame(data.series), [data.series]);
  const built = useMemo(() => {
    if (!frame) {
      return undefined;
    }
    try {
      return { view: spanTreeViewOf(frame) };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }, [frame]);
  if (!built) {
    return (
      <div className={styles.empty} style={{ width, height }}>
        {data.series.length
          ? 'No span tree in this data. Use the GenAI data source’s “Trace by id” query (e.g. with a $traceId variable linked from the trace search table).'
          : 'No trace selected. Pick a trace in the trace search table, or set the “Trace by id” query’s trace id.'}
      </div>
    );
  }
  if (built.error !== undefined || !built.view) {
    return (
      <div className={styles.empty} style={{ width, height }} role="alert">
        {built.error}
      </div>
    );
  }
  return (
    <SpanTreeBody
      key={bodyKey(built.view, options.expandAll)}
      view={built.view}
      options={options}
      width={width}
      height={height}
    />
  );
}

/**
 * The body's state (collapsed set, selection, filters) is by row, so it is kept while the rows stay
 * the same: a dashboard refresh that brings the same trace again keeps what the user opened and
 * selected. Another trace, a trace that grew, or a new "expand all" starts afresh.
 */
function bodyKey(view: SpanTreeView, expandAll: boolean): string {
  const ids = view.table.spanId;
  return [view.table.traceId, view.size, ids[0], ids[ids.length - 1], expandAll].join(':');
}

interface BodyProps {
  view: SpanTreeView;
  options: SpanTreeOptions;
  width: number;
  height: number;
}

export function SpanTreeBody({ view, options, width, height }: BodyProps) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const [collapsed, setCollapsed] = useState<Uint8Array>(() => initialCollapsed(view, options.expandAll));
  const [selected, setSelected] = useState(-1);
  const [quick, setQuick] = useState<QuickFilter>('all');
  const [searchInput, setSearchInput] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => {
    const id = setTimeout(() => setSearch(searchInput), view.size > 5000 ? SEARCH_DEBOUNCE_MS : 0);
    return () => clearTimeout(id);
  }, [searchInput, view.size]);

  // The search index is built in slices of the browser's idle time after the first paint, so the
  // first keystroke finds it ready and neither the first paint nor a scroll waits for it.
  useEffect(() => buildSearchIndexWhenIdle(view), [view]);

  const filter = useMemo(() => filterSpans(view, { quick, search }), [view, quick, search]);
  // A filter opens every match's ancestors; collapsing inside it is kept apart from the unfiltered
  // tree's state (which applies again when the filter is cleared) and starts afresh per filter.
  const openUnderFilter = useMemo(() => new Uint8Array(filter ? view.size : 0), [filter, view.size]);
  const [filterCollapsed, setFilterCollapsed] = useState<{ filter: unknown; flags: Uint8Array }>();
  const activeCollapsed = filter
    ? filterCollapsed?.filter === filter
      ? filterCollapsed.flags
      : openUnderFilter
    : collapsed;
  const rows = useMemo(() => visibleRows(view, activeCollapsed, filter?.shown), [view, activeCollapsed, filter]);
  const hasSelection = selected >= 0;
  // Only the details pane needs the evaluation index: build it when a span is first selected.
  const evaluations = useMemo(() => (hasSelection ? indexEvaluations(view.table) : undefined), [view, hasSelection]);

  const updateCollapsed = useCallback(
    (update: (c: Uint8Array) => Uint8Array) => {
      if (filter) {
        setFilterCollapsed((fc) => ({ filter, flags: update(fc?.filter === filter ? fc.flags : openUnderFilter) }));
      } else {
        setCollapsed(update);
      }
    },
    [filter, openUnderFilter]
  );
  const onToggle = useCallback((row: number) => updateCollapsed((c) => toggleCollapsed(c, row)), [updateCollapsed]);
  const onSelect = useCallback((row: number) => setSelected((s) => (s === row ? -1 : row)), []);
  const onCloseDetails = useCallback(() => setSelected(-1), []);
  // Content (chat, attributes, tool values) is masked as the data source's settings say.
  const contentMask = useMemo(() => contentMaskFor(view.table.pii), [view]);

  const detailsWidth = selected >= 0 ? Math.round(Math.min(640, Math.max(300, width * 0.42))) : 0;
  const listWidth = width - detailsWidth;
  // The array is rebuilt with the options; its content is what matters.
  const columnsKey = options.columns.join();
  const { columns, timelineWidth } = useMemo(
    () => fitColumns(columnsKey ? (columnsKey.split(',') as SpanColumn[]) : [], listWidth),
    [columnsKey, listWidth]
  );
  const palette = useMemo(
    () => ({
      kind: kindColors(theme),
      heat: heatColors(theme),
      error: theme.colors.error.text,
      muted: theme.colors.text.secondary,
      critical: theme.colors.warning.main,
    }),
    [theme]
  );
  const col = useMemo(() => {
    const c = <T,>(name: string) => view.table.column<T>(name);
    return {
      responseModel: c<string>('responseModel'),
      requestModel: c<string>('requestModel'),
      provider: c<string>('provider'),
      countsUsage: c<boolean>('countsUsage'),
      inputTokens: c<number>('inputTokens'),
      outputTokens: c<number>('outputTokens'),
      subtreeInputTokens: c<number>('subtreeInputTokens'),
      subtreeOutputTokens: c<number>('subtreeOutputTokens'),
      costUnknownReason: c<string>('costUnknownReason'),
      errorMessage: c<string>('errorMessage'),
    };
  }, [view]);
  const ctx: RowContext = useMemo(
    () => ({
      view,
      styles,
      kindColors: palette.kind,
      errorColor: palette.error,
      mutedColor: palette.muted,
      criticalColor: palette.critical,
      heat: palette.heat,
      options,
      columns,
      timelineWidth,
      col,
      onToggle,
      onSelect,
    }),
    // options is rebuilt by the parent each render; its fields are what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [view, styles, palette, options.colorMode, options.timeUnit, columns, timelineWidth, col, onToggle, onSelect]
  );

  // Below this width the summary moves to a second toolbar line instead of squeezing the filters.
  const toolbarHeight = width < COMPACT_TOOLBAR_BELOW_PX ? 2 * TOOLBAR_HEIGHT - 8 : TOOLBAR_HEIGHT;
  const listHeight = Math.max(0, height - toolbarHeight - HEADER_HEIGHT);
  const expandAll = () => updateCollapsed(() => new Uint8Array(view.size));
  const collapseAll = () => updateCollapsed(() => initialCollapsed(view, false));
  const selectRow = useCallback(
    (row: number) => {
      setSelected(row);
      updateCollapsed((c) => revealRow(view, c, row));
    },
    [view, updateCollapsed]
  );

  const { tokensIn, tokensOut, spanCount } = useMemo(() => traceTotals(view), [view]);
  const exportTraces = useMemo(() => ({ ids: [view.table.traceId] }), [view]);

  return (
    <div className={styles.root} style={{ width, height }}>
      <div className={styles.toolbar} style={{ height: toolbarHeight }}>
        <div className={styles.quickFilters}>
          <RadioButtonGroup size="sm" options={QUICK_FILTERS} value={quick} onChange={(q) => setQuick(q)} />
        </div>
        <div className={styles.search}>
          <Input
            prefix={<Icon name="search" />}
            placeholder="Search name or attribute"
            aria-label="Search spans"
            value={searchInput}
            onChange={(e) => setSearchInput(e.currentTarget.value)}
          />
        </div>
        <IconButton name="angle-double-down" tooltip="Expand all" onClick={expandAll} />
        <IconButton name="angle-double-right" tooltip="Collapse to the first level" onClick={collapseAll} />
        <DatasetExportButton
          label="Export"
          title="Export this trace as an eval dataset"
          tooltip="This trace's LLM calls as a JSONL eval dataset (masked as on screen)"
          datasourceUid={view.table.datasourceUid}
          traces={exportTraces}
        />
        <div className={styles.summary}>
          {filter && (
            <span aria-live="polite">{`${filter.matches.length.toLocaleString()} match${filter.matches.length === 1 ? '' : 'es'}`}</span>
          )}
          <span>
            <span className={styles.summaryValue}>{spanCount.toLocaleString()}</span> spans
          </span>
          <span>
            <span className={styles.summaryValue}>{formatDuration(view.traceDurationMs, options.timeUnit)}</span>
          </span>
          <span title="Input → output tokens of the whole trace">
            <span className={styles.summaryValue}>
              {formatTokens(tokensIn)} → {formatTokens(tokensOut)}
            </span>{' '}
            tokens
          </span>
          <span title={unknownCostTitle(view.unknownCostSpans)}>
            <span className={styles.summaryValue}>{formatCostTotal(view.totalCostUsd, view.unknownCostSpans)}</span>
          </span>
          {(view.warnings.length > 0 || view.table.partial) && (
            <Tooltip
              content={
                <div>
                  {view.warnings.map((w, i) => (
                    <div key={i}>{w}</div>
                  ))}
                </div>
              }
            >
              <span aria-label="Trace warnings">
                <Icon name="exclamation-triangle" style={{ color: theme.colors.warning.text }} /> {view.warnings.length}
              </span>
            </Tooltip>
          )}
        </div>
      </div>
      <div className={styles.body}>
        <div className={styles.list} style={{ width: listWidth }}>
          <div className={styles.header}>
            <div className={styles.treeCell}>
              Span{' '}
              <span className={styles.muted}>
                (critical path marked <span style={{ color: theme.colors.warning.text }}>▌</span>)
              </span>
            </div>
            {columns.has('duration') && (
              <div className={styles.cell} style={{ width: COLUMN_WIDTH.duration }}>
                Duration
              </div>
            )}
            {columns.has('tokens') && (
              <div className={styles.cell} style={{ width: COLUMN_WIDTH.tokens }}>
                Tokens in → out
              </div>
            )}
            {columns.has('cost') && (
              <div className={styles.cell} style={{ width: COLUMN_WIDTH.cost }}>
                Cost
              </div>
            )}
            {columns.has('subtreeCost') && (
              <div className={styles.cell} style={{ width: COLUMN_WIDTH.subtreeCost }}>
                Σ cost
              </div>
            )}
            {columns.has('share') && (
              <div className={styles.cell} style={{ width: COLUMN_WIDTH.share }}>
                {options.colorMode === 'cost' ? '% cost' : '% time'}
              </div>
            )}
            {columns.has('timeline') && (
              <div className={styles.cell} style={{ width: timelineWidth, textAlign: 'left', marginRight: 8 }}>
                0 – {formatDuration(view.traceDurationMs, options.timeUnit)}
                {options.colorMode !== 'kind' && (
                  <span className={styles.legend} title="Bar colour: the span's own share, low to high">
                    {options.colorMode === 'cost' ? 'own cost' : 'self time'}
                    {palette.heat.map((c) => (
                      <span key={c} className={styles.swatch} style={{ background: c }} />
                    ))}
                  </span>
                )}
              </div>
            )}
          </div>
          <SpanRowList
            rows={rows}
            selected={selected}
            collapsed={activeCollapsed}
            ctx={ctx}
            width={listWidth}
            height={listHeight}
            onSelectRow={selectRow}
            onToggle={onToggle}
            onEscape={onCloseDetails}
          />
        </div>
        {selected >= 0 && evaluations && (
          <div className={styles.details} style={{ width: detailsWidth, height: height - toolbarHeight }}>
            {/* Keyed by span: expanded texts and sections of one span do not stay open for the next. */}
            <ContentMaskProvider value={contentMask}>
              <SpanDetails
                key={selected}
                view={view}
                row={selected}
                options={options}
                evaluations={evaluations}
                onClose={onCloseDetails}
              />
            </ContentMaskProvider>
          </div>
        )}
      </div>
    </div>
  );
}

// A narrow panel (or one with the details open) drops numeric columns before squeezing names.
const DROP_ORDER: SpanColumn[] = ['share', 'subtreeCost', 'tokens', 'cost'];
const MIN_TREE_PX = 260;

export function fitColumns(wanted: SpanColumn[], listWidth: number) {
  const columns = new Set(wanted);
  const widthOf = () => {
    const fixed = (Object.keys(COLUMN_WIDTH) as Array<keyof typeof COLUMN_WIDTH>)
      .filter((c) => columns.has(c))
      .reduce((a, c) => a + COLUMN_WIDTH[c], 0);
    const timelineWidth = columns.has('timeline') ? Math.max(80, Math.round((listWidth - fixed) * 0.38)) : 0;
    return { timelineWidth, tree: listWidth - fixed - timelineWidth };
  };
  for (const c of DROP_ORDER) {
    if (widthOf().tree >= MIN_TREE_PX) {
      break;
    }
    columns.delete(c);
  }
  return { columns, timelineWidth: widthOf().timelineWidth };
}

function traceTotals(view: SpanTreeView) {
  const inCol = view.table.column<number>('subtreeInputTokens');
  const outCol = view.table.column<number>('subtreeOutputTokens');
  let tokensIn = 0;
  let tokensOut = 0;
  for (const r of view.roots) {
    tokensIn += Number(inCol?.[view.tableRow[r]] ?? 0);
    tokensOut += Number(outCol?.[view.tableRow[r]] ?? 0);
  }
  const spanCount = view.size - view.synthetic.reduce((a, b) => a + b, 0);
  return { tokensIn, tokensOut, spanCount };
}
