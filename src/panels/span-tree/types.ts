/** Panel options (saved in the dashboard JSON; keep names stable). */
export type ColorMode = 'kind' | 'cost' | 'duration';
export type TimeUnit = 'auto' | 'us' | 'ms' | 's';
export type SpanColumn = 'duration' | 'tokens' | 'cost' | 'subtreeCost' | 'share' | 'timeline';

export interface SpanTreeOptions {
  colorMode: ColorMode;
  columns: SpanColumn[];
  expandAll: boolean;
  timeUnit: TimeUnit;
  /** Tempo data source for "open raw trace" links. */
  tempoDatasourceUid: string;
}

export const ALL_COLUMNS: Array<{ value: SpanColumn; label: string; description: string }> = [
  { value: 'duration', label: 'Duration', description: 'Span duration' },
  {
    value: 'tokens',
    label: 'Tokens',
    description: 'Input → output tokens of the span (Σ of the subtree when collapsed)',
  },
  { value: 'cost', label: 'Cost', description: 'The span’s own cost' },
  { value: 'subtreeCost', label: 'Σ cost', description: 'Cost of the span and everything below it' },
  { value: 'share', label: 'Share', description: 'Share of the trace’s cost or time (by colour mode)' },
  { value: 'timeline', label: 'Timeline', description: 'Waterfall of start and duration' },
];

export const DEFAULT_OPTIONS: SpanTreeOptions = {
  colorMode: 'kind',
  columns: ['duration', 'tokens', 'cost', 'subtreeCost', 'share', 'timeline'],
  expandAll: true,
  timeUnit: 'auto',
  tempoDatasourceUid: 'tempo',
};
