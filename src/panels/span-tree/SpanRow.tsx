import React, { memo } from 'react';
import { kindName } from '../../data/frames/readSpanTreeFrame';
import type { SpanTreeView } from '../../data/trace/spanTreeView';
import { formatCostTotal, formatDuration, formatPercent, formatTokens, formatUsd, unknownCostTitle } from './format';
import { heatColor, KIND_LOOK } from './kinds';
import { RowGlyph } from './RowGlyph';
import { BAR_HEIGHT, COLUMN_WIDTH, INDENT_PX, MAX_INDENT_LEVELS, ROW_HEIGHT, type getStyles } from './styles';
import type { SpanColumn, SpanTreeOptions } from './types';

/** What every row needs, built once per view/options/theme so rows stay cheap. */
export interface RowContext {
  view: SpanTreeView;
  styles: ReturnType<typeof getStyles>;
  kindColors: Record<string, string>;
  /** The theme's error text colour (the error glyph's). */
  errorColor: string;
  /** The expanders' colour. */
  mutedColor: string;
  /** The critical path's colour (a bar's outline). */
  criticalColor: string;
  heat: string[];
  options: SpanTreeOptions;
  columns: Set<SpanColumn>;
  timelineWidth: number;
  col: {
    responseModel: ArrayLike<string | null> | undefined;
    requestModel: ArrayLike<string | null> | undefined;
    provider: ArrayLike<string | null> | undefined;
    countsUsage: ArrayLike<boolean | null> | undefined;
    inputTokens: ArrayLike<number | null> | undefined;
    outputTokens: ArrayLike<number | null> | undefined;
    subtreeInputTokens: ArrayLike<number | null> | undefined;
    subtreeOutputTokens: ArrayLike<number | null> | undefined;
    costUnknownReason: ArrayLike<string | null> | undefined;
    errorMessage: ArrayLike<string | null> | undefined;
  };
  onToggle: (row: number) => void;
  onSelect: (row: number) => void;
}

/**
 * Joins class names. Not emotion's `cx`: it merges styles into a new class on every call
 * (serialise + hash), which is measurable when every visible row re-renders on each scroll frame.
 */
function classes(...names: Array<string | false | undefined>): string {
  return names.filter(Boolean).join(' ');
}

export function barColor(ctx: RowContext, row: number): string {
  const v = ctx.view;
  switch (ctx.options.colorMode) {
    case 'cost':
      return heatColor(ctx.heat, v.maxSelfCostUsd > 0 ? v.costUsd[row] / v.maxSelfCostUsd : 0);
    case 'duration':
      return heatColor(ctx.heat, v.maxSelfTimeMs > 0 ? v.selfTimeMs[row] / v.maxSelfTimeMs : 0);
    default:
      return ctx.kindColors[kindName(v.kind[row])];
  }
}

/**
 * The timeline bar as the cell's own background (a bar and its critical-path outline as two
 * gradient layers, placed in pixels): no child element per row to create, lay out and paint.
 */
function timelineBar(ctx: RowContext, row: number, traceMs: number): React.CSSProperties {
  const v = ctx.view;
  const w = ctx.timelineWidth;
  const x = Math.max(0, Math.min(w - 2, (v.startMs[row] / traceMs) * w));
  const width = Math.max(2, Math.min(w - x, (v.durationMs[row] / traceMs) * w));
  const color = barColor(ctx, row);
  const bar = `linear-gradient(${color}, ${color})`;
  const top = (ROW_HEIGHT - BAR_HEIGHT) / 2;
  if (v.critical[row] === 1) {
    const outline = `linear-gradient(${ctx.criticalColor}, ${ctx.criticalColor})`;
    return {
      width: w,
      backgroundImage: `${bar}, ${outline}`,
      backgroundSize: `${width}px ${BAR_HEIGHT}px, ${width + 2}px ${BAR_HEIGHT + 2}px`,
      backgroundPosition: `${x}px ${top}px, ${x - 1}px ${top - 1}px`,
    };
  }
  return {
    width: w,
    backgroundImage: bar,
    backgroundSize: `${width}px ${BAR_HEIGHT}px`,
    backgroundPosition: `${x}px ${top}px`,
  };
}

interface Props {
  row: number;
  selected: boolean;
  collapsed: boolean;
  ctx: RowContext;
  /**
   * Only the tree cell (expander, glyph, name), as while the list flings past rows faster than
   * anyone reads them; the list draws full rows again once it slows or stops.
   */
  light?: boolean;
}

export const SpanRow = memo(function SpanRow({ row, selected, collapsed, ctx, light }: Props) {
  const { view: v, styles, columns, options, col } = ctx;
  const t = v.tableRow[row];
  const kind = kindName(v.kind[row]);
  const look = KIND_LOOK[kind];
  const hasChildren = v.childCount[row] > 0;
  const isError = v.error[row] === 1;
  const name = v.table.name[t] ?? '';
  const model = col.responseModel?.[t] || col.requestModel?.[t];
  const provider = col.provider?.[t];
  const ownUsage = Boolean(col.countsUsage?.[t]);
  const tokensIn = ownUsage ? col.inputTokens?.[t] : col.subtreeInputTokens?.[t];
  const tokensOut = ownUsage ? col.outputTokens?.[t] : col.subtreeOutputTokens?.[t];
  const hasTokens = Boolean(tokensIn || tokensOut);
  const traceMs = v.traceDurationMs || 1;
  const indent = Math.min(v.depth[row], MAX_INDENT_LEVELS) * INDENT_PX;
  const share = options.colorMode === 'cost' ? v.costShare[row] : v.timeShare[row];
  const unknownCost = col.costUnknownReason?.[t];
  return (
    <div
      role="treeitem"
      aria-level={v.depth[row] + 1}
      aria-selected={selected}
      aria-expanded={hasChildren ? !collapsed : undefined}
      data-row={row}
      data-light={light || undefined}
      className={classes(styles.row, isError && styles.rowError, selected && styles.rowSelected)}
      onClick={() => ctx.onSelect(row)}
    >
      {v.critical[row] === 1 && <span className={styles.criticalMarker} title="On the critical path" />}
      <div className={styles.treeCell} style={{ paddingLeft: 6 + indent }}>
        {hasChildren ? (
          <button
            type="button"
            className={styles.expander}
            aria-label={collapsed ? `Expand ${name}` : `Collapse ${name}`}
            onClick={(e) => {
              e.stopPropagation();
              ctx.onToggle(row);
            }}
          >
            <RowGlyph name={collapsed ? 'chevronRight' : 'chevronDown'} title="" color={ctx.mutedColor} />
          </button>
        ) : (
          <span className={styles.expanderSpacer} />
        )}
        <RowGlyph name={kind} title={look.label} color={ctx.kindColors[kind]} />
        <span className={classes(styles.name, isError && styles.nameError)} title={name} data-span-name>
          {name}
        </span>
        {isError && <RowGlyph name="error" title={col.errorMessage?.[t] ?? 'Error'} color={ctx.errorColor} />}
        {model && !light && (
          <span className={styles.pill} title={provider ? `${provider} · ${model}` : model}>
            {model}
          </span>
        )}
        {collapsed && hasChildren && <span className={styles.childCount}>+{v.subtreeEnd[row] - row - 1}</span>}
      </div>
      {!light && (
        <>
          {columns.has('duration') && (
            <div className={styles.cell} style={{ width: COLUMN_WIDTH.duration }}>
              {formatDuration(v.durationMs[row], options.timeUnit)}
            </div>
          )}
          {columns.has('tokens') && (
            <div
              className={classes(styles.cell, !ownUsage && styles.muted)}
              style={{ width: COLUMN_WIDTH.tokens }}
              title={ownUsage ? 'Input → output tokens' : 'Σ subtree input → output tokens'}
            >
              {hasTokens ? `${ownUsage ? '' : 'Σ '}${formatTokens(tokensIn)} → ${formatTokens(tokensOut)}` : ''}
            </div>
          )}
          {columns.has('cost') && (
            <div className={styles.cell} style={{ width: COLUMN_WIDTH.cost }} title={unknownCost ?? undefined}>
              {v.costUsd[row] > 0 ? formatUsd(v.costUsd[row]) : unknownCost ? '?' : ''}
            </div>
          )}
          {columns.has('subtreeCost') && (
            <div
              className={classes(styles.cell, styles.muted)}
              style={{ width: COLUMN_WIDTH.subtreeCost }}
              title={unknownCostTitle(v.subtreeUnknownCostSpans[row])}
            >
              {hasChildren && (v.subtreeCostUsd[row] > 0 || v.subtreeUnknownCostSpans[row] > 0)
                ? `Σ ${formatCostTotal(v.subtreeCostUsd[row], v.subtreeUnknownCostSpans[row])}`
                : ''}
            </div>
          )}
          {columns.has('share') && (
            <div className={classes(styles.cell, styles.muted)} style={{ width: COLUMN_WIDTH.share }}>
              {formatPercent(share)}
            </div>
          )}
          {columns.has('timeline') && (
            <div
              className={styles.timeline}
              style={timelineBar(ctx, row, traceMs)}
              title={`+${formatDuration(v.startMs[row], options.timeUnit)}, ${formatDuration(v.durationMs[row], options.timeUnit)} (${formatPercent(v.timeShare[row])} of the trace)`}
            />
          )}
        </>
      )}
    </div>
  );
});
