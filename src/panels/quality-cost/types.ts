import type { SizeBy } from '../../data/scatter/pointSizes';
import type { ColorBy } from '../../data/scatter/scatterPoints';

/** Panel options (saved in the dashboard JSON; keep names stable). */
export interface QualityCostOptions {
  yMetric: 'score' | 'passRate' | 'latency' | 'tokens';
  /** Evaluation name for `score` and the pass rate's threshold; empty: the first score in the data. */
  scoreName: string;
  passThreshold: number;
  colorBy: ColorBy;
  logX: boolean;
  showSeriesFrontiers: boolean;
  showCentroids: boolean;
  /** Point area proportional to the trace's tokens or duration; none: one size. */
  sizeBy: SizeBy;
  /** Traces with only one of cost and y as ticks on the plot's edges (x: bottom, y: left). */
  showMargins: boolean;
  /** Dashboard variable a region selection sets to the selected trace ids. */
  selectionVariable: string;
  /** Click on a point: the traces dashboard's span tree, or Explore on Tempo. */
  linkTarget: 'dashboard' | 'explore';
  tracesDashboardUid: string;
  tempoDatasourceUid: string;
}

export const DEFAULT_OPTIONS: QualityCostOptions = {
  yMetric: 'score',
  scoreName: '',
  passThreshold: 0.5,
  colorBy: 'version',
  logX: false,
  showSeriesFrontiers: true,
  showCentroids: true,
  showMargins: true,
  sizeBy: 'none',
  selectionVariable: 'selectedTraces',
  linkTarget: 'dashboard',
  tracesDashboardUid: 'genai-traces',
  tempoDatasourceUid: 'tempo',
};
