import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';

export const ROW_HEIGHT = 28;
/** The timeline bar's height in a row. */
export const BAR_HEIGHT = 11;
export const HEADER_HEIGHT = 26;
export const TOOLBAR_HEIGHT = 40;
export const INDENT_PX = 14;
/** Deeper levels stop indenting (a 1,000-deep chain would otherwise push names off screen). */
export const MAX_INDENT_LEVELS = 30;

export const COLUMN_WIDTH = { duration: 76, tokens: 112, cost: 88, subtreeCost: 92, share: 52 } as const;

export const getStyles = (theme: GrafanaTheme2) => ({
  root: css({
    display: 'flex',
    flexDirection: 'column',
    overflow: 'hidden',
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.primary,
  }),
  toolbar: css({
    display: 'flex',
    alignItems: 'center',
    alignContent: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5, 1),
    flex: '0 0 auto',
    padding: theme.spacing(0, 0.5),
    overflow: 'hidden',
  }),
  quickFilters: css({ flex: '0 0 auto' }),
  search: css({ width: 220, flex: '0 1 220px', minWidth: 120 }),
  summary: css({
    marginLeft: 'auto',
    display: 'flex',
    gap: theme.spacing(1.5),
    alignItems: 'center',
    color: theme.colors.text.secondary,
    whiteSpace: 'nowrap',
  }),
  summaryValue: css({ color: theme.colors.text.primary, fontWeight: theme.typography.fontWeightMedium }),
  body: css({ display: 'flex', flex: '1 1 auto', minHeight: 0 }),
  list: css({ display: 'flex', flexDirection: 'column', flex: '1 1 auto', minWidth: 0 }),
  header: css({
    display: 'flex',
    alignItems: 'center',
    height: HEADER_HEIGHT,
    flex: '0 0 auto',
    borderBottom: `1px solid ${theme.colors.border.weak}`,
    color: theme.colors.text.secondary,
    fontWeight: theme.typography.fontWeightMedium,
  }),
  scroller: css({ overflow: 'auto', position: 'relative', outline: 'none', contain: 'layout paint' }),
  row: css({
    position: 'relative',
    boxSizing: 'border-box',
    display: 'flex',
    alignItems: 'center',
    height: ROW_HEIGHT,
    // A row's size never depends on its content: each one is laid out and painted on its own.
    contain: 'strict',
    cursor: 'pointer',
    borderBottom: `1px solid ${theme.colors.border.weak}`,
    '&:hover': { background: theme.colors.action.hover },
  }),
  rowError: css({ background: theme.colors.error.transparent }),
  // Defined after rowError: of two rules with equal specificity the later wins, so a selected error row shows selected.
  rowSelected: css({
    background: theme.colors.action.selected,
    '&:hover': { background: theme.colors.action.selected },
  }),
  criticalMarker: css({
    position: 'absolute',
    left: 0,
    top: 2,
    bottom: 2,
    width: 3,
    borderRadius: 2,
    background: theme.colors.warning.main,
  }),
  treeCell: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    flex: '1 1 auto',
    minWidth: 140,
    overflow: 'hidden',
    paddingLeft: theme.spacing(0.75),
  }),
  expander: css({
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
    width: 18,
    height: 18,
    flex: '0 0 18px',
    padding: 0,
    border: 'none',
    background: 'transparent',
    color: theme.colors.text.secondary,
    cursor: 'pointer',
    borderRadius: theme.shape.radius.default,
    '&:hover': { color: theme.colors.text.primary, background: theme.colors.action.hover },
  }),
  expanderSpacer: css({ width: 18, flex: '0 0 18px' }),
  name: css({ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 48, flex: '0 1 auto' }),
  nameError: css({ color: theme.colors.error.text }),
  pill: css({
    // Gives way to the span name when the row is narrow.
    flex: '0 1000 auto',
    minWidth: 44,
    padding: theme.spacing(0, 0.5),
    borderRadius: theme.shape.radius.default,
    border: `1px solid ${theme.colors.border.weak}`,
    color: theme.colors.text.secondary,
    fontSize: theme.typography.pxToRem(11),
    lineHeight: '16px',
    whiteSpace: 'nowrap',
    maxWidth: 160,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
  childCount: css({ color: theme.colors.text.disabled, flex: '0 0 auto' }),
  cell: css({
    flex: '0 0 auto',
    textAlign: 'right',
    padding: theme.spacing(0, 0.75),
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    fontVariantNumeric: 'tabular-nums',
  }),
  muted: css({ color: theme.colors.text.secondary }),
  timeline: css({
    flex: '0 0 auto',
    boxSizing: 'content-box',
    height: '100%',
    borderLeft: `1px solid ${theme.colors.border.weak}`,
    margin: theme.spacing(0, 1, 0, 0.5),
    backgroundRepeat: 'no-repeat',
  }),
  details: css({
    flex: '0 0 auto',
    borderLeft: `1px solid ${theme.colors.border.medium}`,
    overflow: 'auto',
    padding: theme.spacing(1),
    background: theme.colors.background.primary,
  }),
  legend: css({ marginLeft: theme.spacing(1.5), display: 'inline-flex', alignItems: 'center', gap: 2 }),
  swatch: css({ display: 'inline-block', width: 8, height: 8, borderRadius: 1, marginLeft: 2 }),
  empty: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    height: '100%',
    color: theme.colors.text.secondary,
    padding: theme.spacing(2),
    textAlign: 'center',
  }),
});
