/** Panel options (saved in the dashboard JSON; keep names stable). */
export interface VersionCompareOptions {
  /** Metric ids or families (`quality`, `passRate`) to show; empty: every metric of the query. */
  metrics: string[];
  /**
   * Practical-significance thresholds, `metric=relative change` separated by commas, e.g.
   * `costPerRequest=0.2, latencyP90=0.1`: a significant change smaller than that is not flagged.
   */
  thresholds: string;
  /** Saved by earlier versions of the panel; the standard option Decimals wins where set. */
  decimals?: number;
  /** One line per cell: verdict icon and relative change only. */
  compact: boolean;
  /** Show the test, p-values and n under each cell (full mode). */
  showDetails: boolean;
}

export const DEFAULT_OPTIONS: VersionCompareOptions = {
  metrics: [],
  thresholds: '',
  compact: false,
  showDetails: false,
};

export const METRIC_CHOICES = [
  { value: 'requests', label: 'Requests' },
  { value: 'errorRate', label: 'Error rate' },
  { value: 'costTotal', label: 'Cost (total)' },
  { value: 'costPerRequest', label: 'Cost per request' },
  { value: 'inputTokens', label: 'Input tokens per call' },
  { value: 'outputTokens', label: 'Output tokens per call' },
  { value: 'cacheReadTokens', label: 'Cache-read tokens per request' },
  { value: 'latencyP50', label: 'Latency p50' },
  { value: 'latencyP90', label: 'Latency p90' },
  { value: 'latencyP99', label: 'Latency p99' },
  { value: 'ttftP50', label: 'Time to first token p50' },
  { value: 'ttftP90', label: 'Time to first token p90' },
  { value: 'quality', label: 'Quality (mean), every evaluation' },
  { value: 'passRate', label: 'Quality (pass rate), every evaluation' },
  { value: 'fallbackRate', label: 'Fallback rate' },
];
