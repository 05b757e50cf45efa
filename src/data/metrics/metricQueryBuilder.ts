import { labelMatcher, labelName, promqlString } from './promqlEscape';
import { PROVIDED_BY, type HistogramRef, type MetricInventory } from './metricInventory';

export type MetricSignal =
  | 'requestRate'
  | 'errorRate'
  | 'latency'
  | 'ttft'
  | 'tokensPerRequest'
  | 'tokensPerSecond'
  | 'costPerHour'
  | 'costPerRequest'
  | 'costCumulative'
  | 'qualityMean'
  | 'qualityDistribution';

export type MetricDimension = 'model' | 'provider' | 'operation' | 'service' | 'version' | 'agent';

export interface MetricQueryOptions {
  signal: MetricSignal;
  groupBy?: MetricDimension[];
  filters?: Partial<Record<MetricDimension, string[]>>;
  /** For latency and ttft: 0.5, 0.9, 0.99 … */
  quantile?: number;
}

export interface BuiltMetricQuery {
  expr: string;
  /** Grafana unit id for the result. */
  unit: string;
  /** Labels that name each series (for display names). */
  legendLabels: string[];
}

/** Thrown when the user's Prometheus holds no metric for a signal; says which would provide it. */
export class MissingSignalError extends Error {
  constructor(what: string, providedBy: string) {
    super(`No ${what} metric found in Prometheus. It comes from ${providedBy}.`);
    this.name = 'MissingSignalError';
  }
}

// Placeholders the query runner replaces with the panel's rate window and time range.
export const RATE_INTERVAL = '$__rate_interval';
export const RANGE = '$__range';

/**
 * Builds the PromQL for one signal against what `inv` says the user's Prometheus holds:
 * classic or native histograms, semconv or span-metrics series, promoted or joined version.
 */
export function buildMetricQuery(o: MetricQueryOptions, inv: MetricInventory): BuiltMetricQuery {
  const L = inv.labels;
  const groupBy = o.groupBy ?? [];
  const needsVersionJoin =
    inv.version === 'target_info' && (groupBy.includes('version') || Boolean(o.filters?.version?.length));
  if (inv.version === 'none' && (groupBy.includes('version') || o.filters?.version?.length)) {
    throw new Error(
      'No version label in Prometheus: promote service.version (Prometheus otlp.promote_resource_attributes) or keep target_info with service_version.'
    );
  }
  const dims = groupBy.map((d) => L[d]);
  const sel = (series: string, extra: string[] = [], providerLabel = L.provider) =>
    vectorSelector(series, matchers(o.filters ?? {}, inv, needsVersionJoin, extra, providerLabel));
  // With the old provider label present, a provider filter matches either label (`or` keeps a
  // series matched by both once) and grouping copies gen_ai_system into the provider label.
  const providerLabels =
    inv.legacyProvider && o.filters?.provider?.some((v) => v !== '') ? [L.provider, inv.legacyProvider] : [L.provider];
  const eitherProvider = (f: (providerLabel: string) => string) =>
    providerLabels.length > 1 ? `(${providerLabels.map(f).join(' or ')})` : f(L.provider);
  const coalesceProvider = (inner: string) =>
    inv.legacyProvider && groupBy.includes('provider')
      ? `label_replace(${inner}, ${promqlString(L.provider)}, "$1", ${promqlString(inv.legacyProvider)}, "(.+)")`
      : inner;
  const by = (extra: string[] = []) => {
    const all = [...dims, ...extra];
    return all.length ? ` by (${all.map(labelName).join(', ')})` : '';
  };
  // Adds service_version from target_info when grouping or filtering by a non-promoted version.
  const join = (inner: string) =>
    needsVersionJoin
      ? `(${inner} * on (job, instance) group_left (${labelName(L.version)}) target_info${versionFilter(o.filters, L.version)})`
      : inner;
  const rate = (series: string, extra: string[] = []) =>
    coalesceProvider(join(eitherProvider((p) => `rate(${sel(series, extra, p)}[${RATE_INTERVAL}])`)));
  const increase = (series: string) =>
    coalesceProvider(join(eitherProvider((p) => `increase(${sel(series, [], p)}[${RANGE}])`)));
  const q = o.quantile ?? 0.9;
  const legend = groupBy.map((d) => L[d]);

  switch (o.signal) {
    case 'requestRate': {
      const calls = requestRate(inv, rate);
      return { expr: `sum${by()} (${calls()})`, unit: 'reqps', legendLabels: legend };
    }
    case 'errorRate': {
      const calls = requestRate(inv, rate);
      const errMatch = inv.duration ? [`${labelName(L.errorType)}!=""`] : ['status_code="STATUS_CODE_ERROR"'];
      return {
        expr: `(sum${by()} (${calls(errMatch)}) or (0 * sum${by()} (${calls()}))) / sum${by()} (${calls()})`,
        unit: 'percentunit',
        legendLabels: legend,
      };
    }
    case 'latency': {
      const h = inv.duration ?? inv.spanMetrics?.latency;
      if (!h) {
        throw new MissingSignalError('request latency', PROVIDED_BY.duration);
      }
      const match = inv.duration ? [] : ['gen_ai_operation_name!=""'];
      return { expr: quantileExpr(q, h, by, rate, match), unit: 's', legendLabels: legend };
    }
    case 'ttft': {
      if (!inv.ttft) {
        throw new MissingSignalError('time-to-first-token', PROVIDED_BY.ttft);
      }
      return { expr: quantileExpr(q, inv.ttft, by, rate, []), unit: 's', legendLabels: legend };
    }
    case 'tokensPerSecond': {
      return {
        expr: `sum${by([L.tokenType])} (${tokenRate(inv, rate)})`,
        unit: 'short',
        legendLabels: [...legend, L.tokenType],
      };
    }
    case 'tokensPerRequest': {
      if (!inv.tokens) {
        throw new MissingSignalError('token usage histogram', PROVIDED_BY.tokens);
      }
      const [sum, count] = histogramSumCount(inv.tokens, rate);
      return {
        expr: `sum${by([L.tokenType])} (${sum}) / sum${by([L.tokenType])} (${count})`,
        unit: 'short',
        legendLabels: [...legend, L.tokenType],
      };
    }
    case 'costPerHour':
      return { expr: `sum${by()} (${rate(costSeries(inv))}) * 3600`, unit: 'currencyUSD', legendLabels: legend };
    case 'costPerRequest': {
      const calls = requestRate(inv, rate);
      return {
        expr: `sum${by()} (${rate(costSeries(inv))}) / sum${by()} (${calls()})`,
        unit: 'currencyUSD',
        legendLabels: legend,
      };
    }
    case 'costCumulative':
      return { expr: `sum${by()} (${increase(costSeries(inv))})`, unit: 'currencyUSD', legendLabels: legend };
    case 'qualityMean': {
      if (!inv.quality) {
        throw new MissingSignalError('evaluation score', PROVIDED_BY.quality);
      }
      const [sum, count] = histogramSumCount(inv.quality, rate);
      return {
        expr: `sum${by([L.evaluationName])} (${sum}) / sum${by([L.evaluationName])} (${count})`,
        unit: 'percentunit',
        legendLabels: [...legend, L.evaluationName],
      };
    }
    case 'qualityDistribution': {
      if (!inv.quality) {
        throw new MissingSignalError('evaluation score', PROVIDED_BY.quality);
      }
      if (inv.quality.kind === 'native') {
        return {
          expr: `sum${by([L.evaluationName])} (${increase(inv.quality.base)})`,
          unit: 'short',
          legendLabels: [...legend, L.evaluationName],
        };
      }
      return {
        expr: `sum${by([L.evaluationName, 'le'])} (${increase(`${inv.quality.base}_bucket`)})`,
        unit: 'short',
        legendLabels: [...legend, L.evaluationName, 'le'],
      };
    }
  }
}

const PLAIN_METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** `name{m}`; UTF-8 names (Prometheus 3) go inside the braces, quoted: `{"gen_ai.x", m}`. */
export function vectorSelector(series: string, m: string[]): string {
  if (PLAIN_METRIC.test(series)) {
    return m.length ? `${series}{${m.join(', ')}}` : series;
  }
  return `{${[promqlString(series), ...m].join(', ')}}`;
}

function matchers(
  filters: Partial<Record<MetricDimension, string[]>>,
  inv: MetricInventory,
  versionJoined: boolean,
  extra: string[],
  providerLabel: string
): string[] {
  const parts: string[] = [];
  for (const [dim, values] of Object.entries(filters) as Array<[MetricDimension, string[] | undefined]>) {
    if (dim === 'version' && versionJoined) {
      continue; // filtered on target_info instead
    }
    const m = labelMatcher(dim === 'provider' ? providerLabel : inv.labels[dim], values);
    if (m) {
      parts.push(m);
    }
  }
  parts.push(...extra);
  return parts;
}

function versionFilter(filters: Partial<Record<MetricDimension, string[]>> | undefined, versionLabel: string): string {
  const m = labelMatcher(versionLabel, filters?.version);
  return m ? `{${m}}` : '';
}

/**
 * Calls per second: the semconv duration histogram's count (`_count` series, or
 * histogram_count() of a native histogram), else span-metrics calls of GenAI spans.
 */
function requestRate(
  inv: MetricInventory,
  rate: (s: string, extra?: string[]) => string
): (extra?: string[]) => string {
  const d = inv.duration;
  if (d) {
    return d.kind === 'classic'
      ? (extra = []) => rate(`${d.base}_count`, extra)
      : (extra = []) => `histogram_count(${rate(d.base, extra)})`;
  }
  if (inv.spanMetrics) {
    const calls = inv.spanMetrics.calls;
    return (extra = []) => rate(calls, ['gen_ai_operation_name!=""', ...extra]);
  }
  throw new MissingSignalError('request', PROVIDED_BY.duration);
}

function quantileExpr(
  q: number,
  h: HistogramRef,
  by: (extra?: string[]) => string,
  rate: (s: string, extra?: string[]) => string,
  match: string[]
): string {
  if (!(q > 0 && q < 1)) {
    throw new Error(`Quantile must be between 0 and 1, got ${q}`);
  }
  if (h.kind === 'native') {
    return `histogram_quantile(${q}, sum${by()} (${rate(h.base, match)}))`;
  }
  return `histogram_quantile(${q}, sum${by(['le'])} (${rate(`${h.base}_bucket`, match)}))`;
}

function histogramSumCount(h: HistogramRef, rate: (s: string) => string): [string, string] {
  if (h.kind === 'native') {
    return [`histogram_sum(${rate(h.base)})`, `histogram_count(${rate(h.base)})`];
  }
  return [rate(`${h.base}_sum`), rate(`${h.base}_count`)];
}

function tokenRate(inv: MetricInventory, rate: (s: string) => string): string {
  if (inv.tokenCounter) {
    return rate(inv.tokenCounter);
  }
  if (inv.tokens) {
    return histogramSumCount(inv.tokens, rate)[0];
  }
  throw new MissingSignalError('token usage', PROVIDED_BY.tokens);
}

function costSeries(inv: MetricInventory): string {
  const s = inv.cost ?? inv.openlitCost;
  if (!s) {
    throw new MissingSignalError('cost', PROVIDED_BY.cost);
  }
  return s;
}
