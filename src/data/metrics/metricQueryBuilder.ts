import { labelMatcher, labelName, promqlString } from './promqlEscape';
import { PROVIDED_BY, TOKEN_KINDS, type HistogramRef, type MetricInventory, type TokenKind } from './metricInventory';

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
  | 'qualityDistribution'
  | 'agentRate'
  | 'agentLatency'
  | 'toolRate'
  | 'toolLatency'
  | 'workflowLatency';

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
    const all = [...new Set([...dims, ...extra])];
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

  const f: Families = {
    inv,
    rate,
    raw: (series) => `rate(${vectorSelector(series, [])}[${RATE_INTERVAL}])`,
    callKey: [L.service, 'instance', L.model, L.operation],
    modelKey: [L.service, 'instance', L.model],
  };

  switch (o.signal) {
    case 'requestRate': {
      const calls = requestRate(f);
      return { expr: `sum${by()} (${calls()})`, unit: 'reqps', legendLabels: legend };
    }
    case 'errorRate': {
      const calls = requestRate(f);
      const semconv = inv.duration || inv.inferenceDuration;
      const errMatch = semconv ? [`${labelName(L.errorType)}!=""`] : ['status_code="STATUS_CODE_ERROR"'];
      return {
        expr: `(sum${by()} (${calls(errMatch)}) or (0 * sum${by()} (${calls()}))) / sum${by()} (${calls()})`,
        unit: 'percentunit',
        legendLabels: legend,
      };
    }
    case 'latency': {
      const semconv = [inv.inferenceDuration, inv.duration].filter((x): x is HistogramRef => !!x);
      if (semconv.length) {
        return {
          expr: quantileExpr(q, by, preferFirst(f, semconv, 'bucket', inv.commonLe?.latency)),
          unit: 's',
          legendLabels: legend,
        };
      }
      const h = inv.spanMetrics?.latency;
      if (!h) {
        throw new MissingSignalError('request latency', PROVIDED_BY.duration);
      }
      return {
        expr: quantileExpr(q, by, single(f, h, 'bucket', ['gen_ai_operation_name!=""'])),
        unit: 's',
        legendLabels: legend,
      };
    }
    case 'ttft':
      return { expr: ttftExpr(q, f, dims, by), unit: 's', legendLabels: legend };
    case 'tokensPerSecond': {
      return {
        expr: `sum${by([L.tokenType])} (${tokenSeries(f, 'sum')})`,
        unit: 'short',
        legendLabels: [...legend, L.tokenType],
      };
    }
    case 'tokensPerRequest': {
      if (!inv.tokens && !inv.usageCounters) {
        throw new MissingSignalError('token usage', PROVIDED_BY.tokens);
      }
      const perCall = tokenSeries(f, 'count');
      return {
        expr: `sum${by([L.tokenType])} (${tokenSeries(f, 'sum')}) / sum${by([L.tokenType])} (${perCall})`,
        unit: 'short',
        legendLabels: [...legend, L.tokenType],
      };
    }
    case 'costPerHour':
      return { expr: `sum${by()} (${rate(costSeries(inv))}) * 3600`, unit: 'currencyUSD', legendLabels: legend };
    case 'costPerRequest': {
      const calls = requestRate(f);
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
    case 'agentRate':
    case 'toolRate': {
      const h = o.signal === 'agentRate' ? inv.agentDuration : inv.toolDuration;
      if (!h) {
        throw new MissingSignalError(
          o.signal === 'agentRate' ? 'agent invocation' : 'tool call',
          PROVIDED_BY[o.signal === 'agentRate' ? 'agent' : 'tool']
        );
      }
      return { expr: `sum${by()} (${single(f, h, 'count').expr()})`, unit: 'reqps', legendLabels: legend };
    }
    case 'agentLatency':
    case 'toolLatency':
    case 'workflowLatency': {
      const which = o.signal === 'agentLatency' ? 'agent' : o.signal === 'toolLatency' ? 'tool' : 'workflow';
      const h = { agent: inv.agentDuration, tool: inv.toolDuration, workflow: inv.workflowDuration }[which];
      if (!h) {
        const what = { agent: 'agent invocation', tool: 'tool call', workflow: 'workflow' }[which];
        throw new MissingSignalError(`${what} latency`, PROVIDED_BY[which]);
      }
      return { expr: quantileExpr(q, by, single(f, h, 'bucket')), unit: 's', legendLabels: legend };
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

/** What the family helpers need from buildMetricQuery. */
interface Families {
  inv: MetricInventory;
  /** rate() of a series with the user's filters, version join and provider handling. */
  rate: (series: string, extra?: string[]) => string;
  /** rate() of a series without any matcher: where a family exists, for `unless`. */
  raw: (series: string) => string;
  /** One instrumented call site: (job, instance, model, operation). */
  callKey: string[];
  /** The same without operation: the agento11y TTFT lacks that label; tokens match the cost rules. */
  modelKey: string[];
}

/** One family or a deduplicated union of several: how it is stored and its expression. */
interface Union {
  kind: 'classic' | 'native';
  expr: (extra?: string[]) => string;
}

/** The series a family contributes: calls (`_count`) or the histogram itself (`_bucket`). */
type Part = 'count' | 'bucket';

function partSeries(f: Families, h: HistogramRef, part: Part, extra: string[]): string {
  if (h.kind === 'native') {
    return part === 'count' ? `histogram_count(${f.rate(h.base, extra)})` : f.rate(h.base, extra);
  }
  return f.rate(`${h.base}_${part}`, extra);
}

function countSeries(h: HistogramRef): string {
  return h.kind === 'classic' ? `${h.base}_count` : h.base;
}

const onLabels = (labels: string[]) => `on (${labels.map(labelName).join(', ')})`;

function single(f: Families, h: HistogramRef, part: Part, fixed: string[] = [], le?: string): Union {
  const leMatch = part === 'bucket' && le && h.kind === 'classic' ? [`le=~${promqlString(le)}`] : [];
  return { kind: h.kind, expr: (extra = []) => partSeries(f, h, part, [...fixed, ...leMatch, ...extra]) };
}

/**
 * Several generations of one measure, preferred in order: a later family's series are dropped
 * where an earlier family has the same key (`unless on (key)` against the earlier family's
 * unfiltered presence), so an app emitting both for the same calls is counted once, while other
 * call sites keep reading the older family. One family: its plain expression, as before 2026.
 */
function preferFirst(
  f: Families,
  families: HistogramRef[],
  part: Part,
  le?: string,
  keyFor: (h: HistogramRef) => string[] = () => f.callKey
): Union {
  const kinds = new Set(families.map((h) => h.kind));
  if (part === 'bucket' && kinds.size > 1) {
    throw new Error(
      `${families.map((h) => `${h.base} (${h.kind})`).join(' and ')} mix native and classic histograms: their buckets cannot be combined in one quantile.`
    );
  }
  const unions = families.map((h) => single(f, h, part, [], le));
  return {
    kind: families[0].kind,
    expr: (extra = []) =>
      unions
        .map((u, i) => {
          if (i === 0) {
            return u.expr(extra);
          }
          const earlier = families.slice(0, i).map((h) => f.raw(countSeries(h)));
          const presence = earlier.length > 1 ? `(${earlier.join(' or ')})` : earlier[0];
          return `(${u.expr(extra)} unless ${onLabels(keyFor(families[i]))} ${presence})`;
        })
        .join(' or '),
  };
}

/**
 * Calls per second: the 2026 inference duration and the operation duration (all operations
 * before 2026, non-inference ones after), deduplicated per call site; else span-metrics calls.
 */
function requestRate(f: Families): (extra?: string[]) => string {
  const semconv = [f.inv.inferenceDuration, f.inv.duration].filter((x): x is HistogramRef => !!x);
  if (semconv.length) {
    const u = preferFirst(f, semconv, 'count');
    return (extra = []) => u.expr(extra);
  }
  if (f.inv.spanMetrics) {
    const calls = f.inv.spanMetrics.calls;
    return (extra = []) => f.rate(calls, ['gen_ai_operation_name!=""', ...extra]);
  }
  throw new MissingSignalError('request', PROVIDED_BY.duration);
}

function checkQuantile(q: number): void {
  if (!(q > 0 && q < 1)) {
    throw new Error(`Quantile must be between 0 and 1, got ${q}`);
  }
}

function quantileExpr(q: number, by: (extra?: string[]) => string, u: Union): string {
  checkQuantile(q);
  if (u.kind === 'native') {
    return `histogram_quantile(${q}, sum${by()} (${u.expr()}))`;
  }
  return `histogram_quantile(${q}, sum${by(['le'])} (${u.expr()}))`;
}

/**
 * Time to first token. Client measures (what the caller waited: 2026 inference TTFC, the older
 * operation TTFC, the agento11y SDK's TTFT, deduplicated in that order) are preferred per job and
 * model over the server's measure, as the dashboards and the TTFT alert do.
 */
function ttftExpr(q: number, f: Families, dims: string[], by: (extra?: string[]) => string): string {
  const t = f.inv.ttft ?? {};
  const client = [t.inference, t.operation, t.sdk].filter((x): x is HistogramRef => !!x);
  const le = f.inv.commonLe?.ttft;
  if (!client.length && !t.server) {
    throw new MissingSignalError('time-to-first-token', PROVIDED_BY.ttft);
  }
  const keyFor = (h: HistogramRef) => (h === t.sdk ? f.modelKey : f.callKey);
  if (!t.server) {
    return quantileExpr(q, by, preferFirst(f, client, 'bucket', le, keyFor));
  }
  if (!client.length) {
    return quantileExpr(q, by, single(f, t.server, 'bucket', [], le));
  }
  const clients = preferFirst(f, client, 'bucket', le, keyFor);
  const server = single(f, t.server, 'bucket', [], le);
  if (clients.kind !== server.kind) {
    throw new Error(`${t.server.base} and the client time-to-first-token mix native and classic histograms.`);
  }
  const site = [f.inv.labels.service, f.inv.labels.model];
  const perSite = `sum by (${[...new Set([...dims, ...site, ...(server.kind === 'classic' ? ['le'] : [])])]
    .map(labelName)
    .join(', ')})`;
  const inner = `${perSite} (${clients.expr()}) or ${onLabels(site)} ${perSite} (${server.expr()})`;
  return quantileExpr(q, by, { kind: server.kind, expr: () => inner });
}

const INPUT_SIDE: readonly TokenKind[] = ['input', 'cache_read', 'cache_write'];

/**
 * Token series labelled with the token type: the old histogram's `_sum` (tokens) or `_count`
 * (calls that reported usage), unless the same (job, instance, model) sends the 2026 counters;
 * and each 2026 counter as its type (cache_read/cache_write are subsets of input, reasoning of
 * output). Per-call denominators of the counters: the 2026 per-operation token histograms, else
 * successful inference calls.
 */
function tokenSeries(f: Families, part: 'sum' | 'count'): string {
  const { inv } = f;
  const counters = inv.usageCounters ?? {};
  const typeLabel = promqlString(inv.labels.tokenType);
  const typed = (e: string, kind: TokenKind) => `label_replace(${e}, ${typeLabel}, ${promqlString(kind)}, "", "")`;
  const parts: string[] = [];
  if (inv.tokens) {
    const [sum, count] = histogramSumCount(inv.tokens, f.rate);
    const old = part === 'sum' ? sum : count;
    const presence = counters.input ?? Object.values(counters)[0];
    parts.push(presence ? `(${old} unless ${onLabels(f.modelKey)} ${f.raw(presence)})` : old);
  }
  for (const kind of TOKEN_KINDS) {
    const counter = counters[kind];
    if (!counter) {
      continue;
    }
    if (part === 'sum') {
      parts.push(typed(f.rate(counter), kind));
      continue;
    }
    const perOperation = INPUT_SIDE.includes(kind) ? inv.usageHistograms?.input : inv.usageHistograms?.output;
    if (perOperation) {
      parts.push(typed(partSeries(f, perOperation, 'count', []), kind));
    } else if (inv.inferenceDuration) {
      parts.push(typed(partSeries(f, inv.inferenceDuration, 'count', [`${labelName(inv.labels.errorType)}=""`]), kind));
    }
  }
  if (!parts.length) {
    throw new MissingSignalError('token usage', part === 'sum' ? PROVIDED_BY.tokens : PROVIDED_BY.tokensPerRequest);
  }
  return parts.join(' or ');
}

function histogramSumCount(h: HistogramRef, rate: (s: string) => string): [string, string] {
  if (h.kind === 'native') {
    return [`histogram_sum(${rate(h.base)})`, `histogram_count(${rate(h.base)})`];
  }
  return [rate(`${h.base}_sum`), rate(`${h.base}_count`)];
}

function costSeries(inv: MetricInventory): string {
  const s = inv.cost ?? inv.openlitCost;
  if (!s) {
    throw new MissingSignalError('cost', PROVIDED_BY.cost);
  }
  return s;
}
