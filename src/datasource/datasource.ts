import {
  DataSourceApi,
  type DataFrame,
  type DataLink,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
  type MetricFindValue,
  type ScopedVars,
  type TestDataSourceResponse,
  LoadingState,
} from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';
import { Observable, from, merge } from 'rxjs';
import type { PriceLookup } from '../data/cost/priceLookup';
import { checkHealth, errorMessage } from '../data/health/checkHealth';
import { isCancelled } from '../data/http/backendError';
import type { HttpTransport } from '../data/http/transport';
import { PrometheusClient } from '../data/prometheus/prometheusClient';
import {
  traceByIdFrames,
  agentGraphQueryFrames,
  traceSearchFrames,
  tracePointsFrames,
  versionAggregateFrames,
  type TraceQueryContext,
  type MinimumFilters,
} from '../data/queries/traceQueries';
import { TempoClient } from '../data/tempo/tempoClient';
import { LokiClient } from '../data/loki/lokiClient';
import {
  loadTraceLogMessages,
  traceLogRequest,
  type TraceLogMessages,
  type TraceLogRequest,
} from '../data/loki/traceLogMessages';
import type { ExportTraceSource } from '../data/export/exportDataset';
import { collectTraceSummaries, type CollectedTraces, type ScoreFilter } from '../data/queries/collectTraces';
import { detectMetricInventory, type MetricInventory } from '../data/metrics/metricInventory';
import { buildMetricQuery } from '../data/metrics/metricQueryBuilder';
import {
  DEFAULT_MAX_SERIES,
  metricSignalFrames,
  promqlFrames,
  type MetricQueryContext,
} from '../data/queries/metricQueries';
import { traceqlMetricsFrames } from '../data/queries/traceqlMetricsQueries';
import { buildTraceSearchQuery, type TraceFilters } from '../data/traceql/traceSearchQuery';
import { maskFrameText } from '../data/pii/maskFrameText';
import { resolveSettings, type ResolvedSettings } from './settings';
import { DEFAULT_QUERY, type GenAiDataSourceOptions, type GenAiQuery, type GenAiVariableQuery } from './types';
import { variableValues } from './variableQueries';

export type TransportFactory = (uid: string, backend: string) => HttpTransport;

// Multi-value variables are joined with a separator no attribute value contains, then split.
const MULTI_SEP = '\u001f';

/**
 * Values that mean "every value": Grafana's `$__all` (an include-all variable without a custom
 * all value) and the regexes the dashboards use as all value (`allValue: ".*"`), which Prometheus
 * panels need so that series without the label match too. Our filters compare values literally,
 * so these would become a filter on a service/model/version literally named `.*` — not a real
 * case — instead of no filter.
 */
const MATCH_ALL = new Set(['$__all', '.*', '.+']);

/** A filter's values after interpolation; any match-all value among them means no filter at all. */
function filterValues(values: string[]): string[] {
  const vs = values.filter((v) => v !== '');
  return vs.some((v) => MATCH_ALL.has(v)) ? [] : vs;
}

/** Trace search columns that can hold user text (a root span named after the request, a conversation id that is an email). */
const SEARCH_TEXT_FIELDS = ['rootName', 'conversationId'];

export class GenAiDataSource extends DataSourceApi<GenAiQuery, GenAiDataSourceOptions> {
  readonly settings: ResolvedSettings;
  readonly tempo?: TempoClient;
  readonly prometheus?: PrometheusClient;
  readonly tempoUid?: string;
  readonly loki?: LokiClient;

  /** Host services are injected (see GrafanaGenAiDataSource) so the class runs outside Grafana too. */
  constructor(
    instanceSettings: DataSourceInstanceSettings<GenAiDataSourceOptions>,
    transportFactory: TransportFactory,
    private readonly templateSrv: Pick<TemplateSrv, 'replace'>,
    private readonly priceTable: () => Promise<PriceLookup>
  ) {
    super(instanceSettings);
    const o = instanceSettings.jsonData ?? {};
    this.settings = resolveSettings(o);
    this.tempoUid = o.tempoDatasourceUid;
    this.tempo = o.tempoDatasourceUid ? new TempoClient(transportFactory(o.tempoDatasourceUid, 'Tempo')) : undefined;
    this.prometheus = o.prometheusDatasourceUid
      ? new PrometheusClient(transportFactory(o.prometheusDatasourceUid, 'Prometheus'))
      : undefined;
    this.loki = o.lokiDatasourceUid ? new LokiClient(transportFactory(o.lokiDatasourceUid, 'Loki')) : undefined;
  }

  private readonly traceLogs = new Map<string, Promise<TraceLogMessages>>();

  /**
   * The GenAI messages a trace's apps wrote as log records, from the Loki of the settings: one
   * LogQL query per trace (kept for the 20 latest traces, so opening span after span asks once).
   * Panels and pages call this when a span they show carries no content itself.
   */
  traceLogMessages(req: Omit<TraceLogRequest, 'streamSelector'>, signal?: AbortSignal): Promise<TraceLogMessages> {
    if (!this.loki) {
      return Promise.reject(new Error('No Loki data source is selected in this data source’s settings.'));
    }
    if (this.settings.rejectedLokiStreamSelector) {
      return Promise.reject(new Error(`Loki stream selector not used: ${this.settings.rejectedLokiStreamSelector}`));
    }
    const key = `${req.traceId.trim().toLowerCase()}|${[...req.services].sort().join('|')}`;
    let p = this.traceLogs.get(key);
    if (!p) {
      p = loadTraceLogMessages(this.loki, { ...req, streamSelector: this.settings.lokiStreamSelector }, { signal });
      this.traceLogs.set(key, p);
      // A failure (Loki down, a cancelled request) is not kept: the next open asks again.
      p.catch(() => this.traceLogs.delete(key));
      while (this.traceLogs.size > 20) {
        this.traceLogs.delete(this.traceLogs.keys().next().value!);
      }
    }
    return p;
  }

  getDefaultQuery(): Partial<GenAiQuery> {
    return DEFAULT_QUERY;
  }

  filterQuery(q: GenAiQuery): boolean {
    return !q.hide && (q.queryType !== 'traceById' || Boolean(q.traceId?.trim()));
  }

  /** Each target runs on its own; unsubscribing (a newer refresh) aborts its requests. */
  query(request: DataQueryRequest<GenAiQuery>): Observable<DataQueryResponse> {
    const targets = request.targets.filter((t) => this.filterQuery(t));
    if (!targets.length) {
      return from([{ data: [], state: LoadingState.Done }]);
    }
    return merge(...targets.map((t) => this.runTarget(t, request)));
  }

  private runTarget(target: GenAiQuery, request: DataQueryRequest<GenAiQuery>): Observable<DataQueryResponse> {
    return new Observable<DataQueryResponse>((subscriber) => {
      const controller = new AbortController();
      const key = `${request.requestId}_${target.refId}`;
      this.framesFor(this.interpolate(target, request.scopedVars), request, controller.signal, key)
        .then((data) => subscriber.next({ data, key, state: LoadingState.Done }))
        .catch((e) => {
          if (!isCancelled(e)) {
            subscriber.next({
              data: [],
              key,
              state: LoadingState.Error,
              errors: [{ message: errorMessage(e), refId: target.refId }],
            });
          }
        })
        .finally(() => subscriber.complete());
      return () => controller.abort();
    });
  }

  private inventoryCache?: { at: number; value: Promise<MetricInventory> };

  /** What the Prometheus holds, detected once and refreshed every 5 minutes. */
  metricInventory(): Promise<MetricInventory> {
    if (!this.prometheus) {
      return Promise.reject(new Error('No Prometheus data source is selected in this data source’s settings.'));
    }
    const now = Date.now();
    if (!this.inventoryCache || now - this.inventoryCache.at > 5 * 60_000) {
      const value = detectMetricInventory(this.prometheus);
      this.inventoryCache = { at: now, value };
      value.catch(() => (this.inventoryCache = undefined));
    }
    return this.inventoryCache.value;
  }

  private metricContext(request: DataQueryRequest<GenAiQuery>, signal: AbortSignal): MetricQueryContext {
    const range = rangeSec(request.range);
    return {
      prometheus: this.prometheus!,
      range,
      stepSec: Math.max(1, Math.round((request.intervalMs ?? 60_000) / 1000)),
      scrapeIntervalSec: this.settings.scrapeIntervalSec,
      inventory: () => this.metricInventory(),
      maxSeries: DEFAULT_MAX_SERIES,
      signal,
    };
  }

  /** The PromQL a metric query runs (for the editor), after detecting what Prometheus holds. */
  async describePromQL(q: GenAiQuery): Promise<string> {
    const m = this.interpolate(q).metric ?? {};
    if (m.mode === 'promql') {
      return m.expr ?? '';
    }
    return buildMetricQuery(
      { signal: m.signal ?? 'requestRate', groupBy: m.groupBy, filters: m.filters, quantile: m.quantile },
      await this.metricInventory()
    ).expr;
  }

  private async framesFor(
    q: GenAiQuery,
    request: DataQueryRequest<GenAiQuery>,
    signal: AbortSignal,
    requestId: string
  ): Promise<DataFrame[]> {
    if (q.queryType === 'versionComparison') {
      if (!this.prometheus && !this.tempo) {
        throw new Error('Select a Prometheus or a Tempo data source in this data source’s settings.');
      }
      // Loaded on first use: the statistics library stays out of module.js.
      const { versionComparisonFrames } = await import(
        /* webpackChunkName: "version-comparison" */ '../data/queries/versionComparison'
      );
      // Tempo's TraceQL metrics fill the signals Prometheus lacks (its tokens priced by the table).
      const tempo = this.tempo
        ? { client: this.tempo, prices: await this.priceTable().catch(() => undefined) }
        : undefined;
      const ctx = {
        ...this.metricContext(request, signal),
        prometheus: this.prometheus,
        tempo,
      };
      const frames = await versionComparisonFrames(ctx, q.versionComparison ?? {}, q.refId);
      // The panel links each cell to this data source's trace search for that version.
      frames.forEach((f) => (f.meta = { ...f.meta, custom: { ...f.meta?.custom, datasourceUid: this.uid } }));
      return frames;
    }
    if (q.queryType === 'metrics') {
      if (!this.prometheus) {
        throw new Error('No Prometheus data source is selected in this data source’s settings.');
      }
      const m = q.metric ?? {};
      const ctx = this.metricContext(request, signal);
      if (m.mode === 'promql') {
        if (!m.expr?.trim()) {
          throw new Error('Enter a PromQL expression.');
        }
        return promqlFrames(ctx, m.expr, q.refId);
      }
      return metricSignalFrames(
        ctx,
        { signal: m.signal ?? 'requestRate', groupBy: m.groupBy, filters: m.filters, quantile: m.quantile },
        q.refId
      );
    }
    if (!this.tempo) {
      throw new Error('No Tempo data source is selected in this data source’s settings.');
    }
    const prices = await this.priceTable().catch(() => undefined);
    const ctx: TraceQueryContext = {
      tempo: this.tempo,
      ...this.settings,
      searchLimit: q.limit && q.limit > 0 ? Math.min(q.limit, 5000) : this.settings.searchLimit,
      prices,
      range: rangeSec(request.range),
      signal,
      requestId,
    };
    const filters = q.filters ?? {};
    switch (q.queryType ?? 'traceSearch') {
      case 'traceById':
        return this.withTraceMeta(await traceByIdFrames(ctx, q.traceId!.trim(), q.refId));
      case 'tracePoints':
        // The scatter exports its selection through this data source.
        return (await tracePointsFrames(ctx, filters, q.refId)).map((f) => ({
          ...f,
          meta: { ...f.meta, custom: { ...f.meta?.custom, datasourceUid: this.uid } },
        }));
      case 'agentGraph':
        return agentGraphQueryFrames(ctx, { traceId: q.traceId, filters }, q.refId);
      case 'versionAggregates':
        return versionAggregateFrames(ctx, filters, q.refId);
      case 'traceSearch':
        // Grafana's table shows these frames as they are: their free-text columns are masked here.
        return maskFrameText(
          await traceSearchFrames(ctx, filters, q.refId, this.traceLinks()),
          SEARCH_TEXT_FIELDS,
          this.settings.pii
        );
      case 'traceqlMetrics': {
        if (!q.traceqlMetrics?.trim()) {
          throw new Error(
            'Enter a TraceQL metrics query, e.g. { span.gen_ai.usage.input_tokens != nil } | sum_over_time(span.gen_ai.usage.input_tokens) by (span.gen_ai.agent.name)'
          );
        }
        const stepSec = Math.max(1, Math.round((request.intervalMs ?? 60_000) / 1000));
        return traceqlMetricsFrames(
          this.tempo,
          q.traceqlMetrics,
          q.refId,
          { ...ctx.range, stepSec },
          { signal, requestId }
        );
      }
      default:
        throw new Error(`Unknown query type "${String(q.queryType)}"`);
    }
  }

  /**
   * The span-tree panel links each span to this Tempo's trace view, and masks content as these
   * settings say when it shows it (only what it shows: a trace can be huge); spans without content
   * get their chat from Loki through this data source.
   */
  private withTraceMeta(frames: DataFrame[]): DataFrame[] {
    frames.forEach(
      (f) =>
        (f.meta = {
          ...f.meta,
          custom: {
            ...f.meta?.custom,
            tempoDatasourceUid: this.tempoUid,
            pii: this.settings.pii,
            datasourceUid: this.uid,
            logsFromLoki: Boolean(this.loki),
          },
        })
    );
    return frames;
  }

  private async traceContext(signal?: AbortSignal, range = { start: 0, end: 0 }): Promise<TraceQueryContext> {
    if (!this.tempo) {
      throw new Error('No Tempo data source is selected in this data source’s settings.');
    }
    return {
      tempo: this.tempo,
      ...this.settings,
      prices: await this.priceTable().catch(() => undefined),
      range,
      signal,
    };
  }

  /** One trace's span-tree frame, as Trace by id returns it (the dataset export reads traces so). */
  async spanTreeFrame(traceId: string, signal?: AbortSignal): Promise<DataFrame> {
    const [frame] = await traceByIdFrames(await this.traceContext(signal), traceId.trim(), 'A');
    return this.withTraceMeta([frame])[0];
  }

  /** What a dataset export reads: traces from Tempo, and chats written as logs from Loki when there is one. */
  exportSource(): ExportTraceSource {
    return {
      spanTreeFrame: (id, signal) => this.spanTreeFrame(id, signal),
      traceLogs: this.loki ? (table, signal) => this.traceLogMessages(traceLogRequest(table), signal) : undefined,
    };
  }

  /** Every trace matching the filters over the range, up to `max` (several searches when one is not enough). */
  async collectTraces(
    filters: TraceFilters & MinimumFilters,
    range: { start: number; end: number },
    max: number,
    opts: { score?: ScoreFilter; signal?: AbortSignal; onProgress?: (found: number, searches: number) => void } = {}
  ): Promise<CollectedTraces> {
    const ctx = await this.traceContext(opts.signal, range);
    const q = this.interpolate({ refId: 'export', filters });
    return collectTraceSummaries(ctx, q.filters ?? {}, max, opts);
  }

  /** Links from a trace id cell to our span tree (Explore) and to the raw trace in Tempo. */
  traceLinks(): DataLink[] {
    const links: DataLink[] = [
      {
        title: 'Open agent trace',
        url: '',
        internal: {
          datasourceUid: this.uid,
          datasourceName: this.name,
          query: { refId: 'A', queryType: 'traceById', traceId: '${__value.raw}' },
        },
      },
    ];
    if (this.tempoUid) {
      links.push({
        title: 'Open in Tempo',
        url: '',
        internal: {
          datasourceUid: this.tempoUid,
          datasourceName: 'Tempo',
          query: { refId: 'A', queryType: 'traceql', query: '${__value.raw}' },
        },
      });
    }
    return links;
  }

  /** Replaces template variables in every user value; multi-value variables become lists. */
  interpolate(q: GenAiQuery, scopedVars: ScopedVars = {}): GenAiQuery {
    const one = (v: string | undefined) => (v === undefined ? v : this.templateSrv.replace(v, scopedVars));
    const many = (vs: string[] | undefined) =>
      vs &&
      filterValues(
        vs.flatMap((v) =>
          this.templateSrv
            .replace(v, scopedVars, (value: string | string[]) =>
              Array.isArray(value) ? value.join(MULTI_SEP) : value
            )
            .split(MULTI_SEP)
        )
      );
    const f = q.filters ?? {};
    const m = q.metric;
    const vc = q.versionComparison;
    const vf = vc?.filters;
    const mf = m?.filters;
    return {
      ...q,
      traceId: one(q.traceId),
      traceqlMetrics: one(q.traceqlMetrics),
      metric: m && {
        ...m,
        expr: one(m.expr),
        filters: mf && Object.fromEntries(Object.entries(mf).map(([k, v]) => [k, many(v)])),
      },
      versionComparison: vc && {
        ...vc,
        baselineVersion: one(vc.baselineVersion),
        versions: many(vc.versions),
        filters: vf && { service: many(vf.service), model: many(vf.model), agent: many(vf.agent) },
      },
      filters: {
        ...f,
        services: many(f.services),
        providers: many(f.providers),
        models: many(f.models),
        operations: many(f.operations),
        agents: many(f.agents),
        versions: many(f.versions),
        conversationIds: many(f.conversationIds),
        traceIds: many(f.traceIds),
        traceql: one(f.traceql),
      },
    };
  }

  /** The TraceQL a search query runs, for display in the query editor. */
  describeTraceQL(q: GenAiQuery): string {
    return buildTraceSearchQuery(this.interpolate(q).filters ?? {}, this.settings.normalize);
  }

  async metricFindQuery(
    query: GenAiVariableQuery | string,
    options?: { range?: DataQueryRequest['range'] }
  ): Promise<MetricFindValue[]> {
    if (!this.tempo) {
      throw new Error('No Tempo data source is selected in this data source’s settings.');
    }
    const kind = typeof query === 'string' ? (query.trim() as GenAiVariableQuery['kind']) : query.kind;
    const range = options?.range ? rangeSec(options.range) : undefined;
    const values = await variableValues(this.tempo, kind || 'models', this.settings.normalize.versionAttributes, range);
    return values.map((text) => ({ text, value: text }));
  }

  async testDatasource(): Promise<TestDataSourceResponse> {
    const report = await checkHealth(this.tempo, this.prometheus, undefined, this.loki);
    // A masking pattern that does not validate is left out of masking: Save & test says so.
    const rejected = this.settings.rejectedPiiPatterns;
    const problems: string[] = [];
    if (rejected.length) {
      problems.push(
        `Masking patterns not applied: ${rejected.map((r) => `"${r.name || '(no name)'}": ${r.error}`).join('; ')}.`
      );
    }
    if (this.settings.rejectedLokiStreamSelector) {
      problems.push(`Loki stream selector not used: ${this.settings.rejectedLokiStreamSelector}`);
    }
    if (problems.length) {
      return { status: 'error', message: `${report.message} ${problems.join(' ')}` };
    }
    return { status: report.status, message: report.message };
  }
}

function rangeSec(r: { from: { valueOf(): number }; to: { valueOf(): number } }): { start: number; end: number } {
  return { start: Math.floor(r.from.valueOf() / 1000), end: Math.ceil(r.to.valueOf() / 1000) };
}
