import { css, cx } from '@emotion/css';
import type { GrafanaTheme2, PanelProps } from '@grafana/data';
import { Icon, useStyles2 } from '@grafana/ui';
import React, { useMemo, useState } from 'react';
import {
  findVersionComparisonFrame,
  readVersionComparisonFrame,
  type ComparisonCellView,
  type ComparisonRowView,
  type ComparisonTableView,
} from '../../data/frames/readVersionComparisonFrame';
import type { Verdict } from '../../data/stats/verdict';
import {
  formatDelta,
  formatP,
  formatValue,
  metricDisplay,
  panelVerdict,
  parseThresholds,
  VERDICT_ICON,
} from './format';
import { versionTracesUrl } from './links';
import { DEFAULT_OPTIONS, type VersionCompareOptions } from './types';

type Sort = { version: string; dir: 1 | -1 } | undefined;

export function VersionComparePanel(props: PanelProps<VersionCompareOptions>) {
  const styles = useStyles2(getStyles);
  const options = { ...DEFAULT_OPTIONS, ...props.options };
  const [sort, setSort] = useState<Sort>(undefined);
  const frame = findVersionComparisonFrame(props.data.series);
  const table = useMemo((): ComparisonTableView | Error | undefined => {
    if (!frame) {
      return undefined;
    }
    try {
      return readVersionComparisonFrame(frame);
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
  }, [frame]);
  const { thresholds, errors } = useMemo(() => parseThresholds(options.thresholds ?? ''), [options.thresholds]);
  if (!table) {
    return (
      <div className={styles.message}>
        No version comparison in the data: use the GenAI Observability data source with the query type “Version
        comparison”.
      </div>
    );
  }
  if (table instanceof Error) {
    return <div className={styles.message}>{table.message}</div>;
  }
  const wanted = options.metrics ?? [];
  let rows = table.rows.filter(
    (r) => !wanted.length || wanted.includes(r.metric) || wanted.includes(r.metric.split(':')[0])
  );
  if (sort) {
    const key = (r: ComparisonRowView) => r.cells[sort.version]?.relative ?? -Infinity;
    rows = [...rows].sort((a, b) => sort.dir * (Math.abs(key(b)) - Math.abs(key(a))));
  }
  const range = { from: props.timeRange.from.valueOf(), to: props.timeRange.to.valueOf() };
  const clickHeader = (version: string) =>
    setSort((s) => (s?.version !== version ? { version, dir: 1 } : s.dir === 1 ? { version, dir: -1 } : undefined));
  return (
    <div className={styles.root} style={{ width: props.width, height: props.height }} data-testid="version-compare">
      <table className={cx(styles.table, options.compact && styles.compact)}>
        <thead>
          <tr>
            <th className={styles.metricHead}>Metric</th>
            {table.versions.map((v) => (
              <th
                key={v}
                className={styles.versionHead}
                onClick={() => clickHeader(v)}
                title={v === table.baseline ? 'Baseline' : 'Sort by the size of the change'}
                aria-sort={sort?.version === v ? (sort.dir === 1 ? 'descending' : 'ascending') : undefined}
              >
                {v}
                {v === table.baseline && <span className={styles.baselineTag}> baseline</span>}
                {sort?.version === v && <Icon name={sort.dir === 1 ? 'arrow-down' : 'arrow-up'} size="sm" />}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.metric}>
              <th className={styles.metricCell} title={table.method[r.metric] ?? ''}>
                {r.label}
                {table.metricSource[r.metric] === 'Tempo' && (
                  <span className={styles.sourceTag} title="TraceQL metrics on Tempo, over all spans">
                    {' '}
                    Tempo
                  </span>
                )}
              </th>
              {table.versions.map((v) => (
                <td key={v} className={styles.cell}>
                  <Cell
                    row={r}
                    display={metricDisplay(props.fieldConfig, r.metric, r.label, r.unit, options.decimals)}
                    cell={r.cells[v]}
                    options={options}
                    thresholds={thresholds}
                    href={table.datasourceUid ? versionTracesUrl(table.datasourceUid, v, range) : undefined}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {(table.unavailable.length > 0 || errors.length > 0) && !options.compact && (
        <ul className={styles.notes}>
          {errors.map((e) => (
            <li key={e}>Thresholds: {e}</li>
          ))}
          {table.unavailable.map((u) => (
            <li key={u.id}>
              {u.label}: unavailable — {u.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

interface CellProps {
  row: ComparisonRowView;
  cell: ComparisonCellView | undefined;
  options: VersionCompareOptions;
  thresholds: Record<string, number>;
  href?: string;
  display: { unit: string; decimals?: number };
}

function Cell({ row, cell, options, thresholds, href, display }: CellProps) {
  const styles = useStyles2(getStyles);
  if (!cell) {
    return <span className={styles.muted}>—</span>;
  }
  const value = formatValue(cell.value, display.unit, display.decimals);
  const { verdict, belowThreshold } = panelVerdict(row, cell, thresholds);
  const title = [
    cell.reason,
    cell.test && `test: ${cell.test}`,
    cell.pValue !== null && `p = ${formatP(cell.pValue)}, corrected ${formatP(cell.pAdjusted)}`,
    cell.n !== null && `n = ${Math.round(cell.n)}`,
    belowThreshold && 'significant, but below the practical-significance threshold',
  ]
    .filter(Boolean)
    .join('\n');
  const valueEl = href ? (
    <a className={styles.value} href={href} title={`Traces of this version\n${title}`}>
      {value}
    </a>
  ) : (
    <span className={styles.value}>{value}</span>
  );
  // No trend line for a value that is unknown (e.g. incomplete cost): it would show a partial number.
  const spark = !options.compact && cell.value !== null && <Sparkline values={cell.spark} />;
  if (cell.isBaseline) {
    return (
      <div title={title} className={styles.cellBody}>
        {valueEl}
        {spark}
      </div>
    );
  }
  const showVerdict = row.better !== 'none' || verdict === 'not enough data';
  return (
    <div title={title} className={styles.cellBody}>
      {!options.compact && valueEl}
      {spark}
      <span className={styles.delta}>{formatDelta(cell, display.unit, display.decimals)}</span>
      {showVerdict && <VerdictBadge verdict={verdict} compact={options.compact} />}
      {options.showDetails && !options.compact && cell.pValue !== null && (
        <span className={styles.muted}>
          {cell.test} · p {formatP(cell.pAdjusted)} · n {cell.n !== null ? Math.round(cell.n) : '—'}
        </span>
      )}
    </div>
  );
}

const SPARK_W = 56;
const SPARK_H = 14;

/** The metric over the range's windows; gaps where a window had no data. Decorative: the numbers are in the cell. */
function Sparkline({ values }: { values: Array<number | null> }) {
  const styles = useStyles2(getStyles);
  const finite = values.filter((v): v is number => v !== null);
  if (finite.length < 2) {
    return null;
  }
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const x = (i: number) => (values.length > 1 ? (i / (values.length - 1)) * SPARK_W : 0);
  const y = (v: number) => (hi > lo ? SPARK_H - 1 - ((v - lo) / (hi - lo)) * (SPARK_H - 2) : SPARK_H / 2);
  const segments: string[] = [];
  let current: string[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (current.length) {
        segments.push(current.join(' '));
      }
      current = [];
    } else {
      current.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
    }
  });
  if (current.length) {
    segments.push(current.join(' '));
  }
  return (
    <svg className={styles.spark} width={SPARK_W} height={SPARK_H} aria-hidden="true" data-testid="sparkline">
      {segments.map((pts) => (
        <polyline key={pts} points={pts} fill="none" />
      ))}
    </svg>
  );
}

function VerdictBadge({ verdict, compact }: { verdict: Verdict; compact: boolean }) {
  const styles = useStyles2(getStyles);
  const cls =
    verdict === 'better'
      ? styles.better
      : verdict === 'worse'
        ? styles.worse
        : verdict === 'not enough data'
          ? styles.unknown
          : styles.same;
  return (
    <span className={cx(styles.verdict, cls)} aria-label={verdict} title={verdict}>
      <Icon name={VERDICT_ICON[verdict]} size="sm" />
      {!compact && <span>{verdict}</span>}
    </span>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({ overflow: 'auto', fontSize: theme.typography.bodySmall.fontSize, color: theme.colors.text.primary }),
  message: css({ padding: theme.spacing(1), color: theme.colors.text.secondary }),
  table: css({
    borderCollapse: 'collapse',
    width: '100%',
    'th, td': {
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      padding: theme.spacing(0.5, 1),
      textAlign: 'left',
      verticalAlign: 'top',
    },
  }),
  compact: css({ 'th, td': { padding: theme.spacing(0.25, 0.5) } }),
  metricHead: css({ color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium }),
  versionHead: css({
    cursor: 'pointer',
    whiteSpace: 'nowrap',
    fontWeight: theme.typography.fontWeightMedium,
    // A long hostile name wraps instead of pushing the table off screen.
    maxWidth: 260,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
  baselineTag: css({ color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightRegular }),
  sourceTag: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  metricCell: css({ fontWeight: theme.typography.fontWeightRegular, whiteSpace: 'nowrap' }),
  cell: css({ minWidth: 120 }),
  cellBody: css({ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: theme.spacing(0.25, 1) }),
  value: css({ fontVariantNumeric: 'tabular-nums', color: theme.colors.text.primary }),
  delta: css({ fontVariantNumeric: 'tabular-nums', color: theme.colors.text.secondary }),
  verdict: css({
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    fontWeight: theme.typography.fontWeightMedium,
  }),
  better: css({ color: theme.colors.success.text }),
  worse: css({ color: theme.colors.error.text }),
  same: css({ color: theme.colors.text.secondary }),
  unknown: css({ color: theme.colors.warning.text }),
  muted: css({ color: theme.colors.text.secondary, width: '100%' }),
  spark: css({ flex: '0 0 auto', polyline: { stroke: theme.colors.text.secondary, strokeWidth: 1.25 } }),
  notes: css({ margin: theme.spacing(1, 0, 0, 2), color: theme.colors.text.secondary }),
});
