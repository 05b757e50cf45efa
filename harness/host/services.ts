// Host services Grafana installs at start-up (backendSrv, templateSrv, dataSourceSrv, app
// events), wired to the harness server instead of Grafana's API.
import {
  DataQueryErrorType,
  EventBusSrv,
  type DataSourceApi,
  type DataSourceInstanceSettings,
  type DataSourcePlugin,
  type ScopedVars,
  type TimeRange,
  type TypedVariableModel,
} from '@grafana/data';
import {
  config,
  setAppEvents,
  setBackendSrv,
  setDataSourceSrv,
  setTemplateSrv,
  type BackendSrv,
  type BackendSrvRequest,
  type DataSourceSrv,
  type FetchError,
  type FetchResponse,
  type TemplateSrv,
} from '@grafana/runtime';
import { Observable, Subject, filter, takeUntil, throwIfEmpty } from 'rxjs';

const HTTP_REQUEST_CANCELED = -1;

/** Bodies as Grafana's backendSrv returns them: text for `responseType: 'text'`, else JSON when it parses. */
function parseBody(text: string, responseType: BackendSrvRequest['responseType']): unknown {
  if (responseType === 'text') {
    return text;
  }
  if (text === '') {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `fetch` with Grafana's semantics: Observable of FetchResponse, FetchError on status ≥ 400, requestId cancels. */
export class HarnessBackendSrv {
  private readonly inFlight = new Subject<string>();
  /** Every request the plugins made (URL + status), for tests. */
  readonly log: Array<{ url: string; status: number }> = [];

  fetch<T>(options: BackendSrvRequest): Observable<FetchResponse<T>> {
    if (options.requestId) {
      this.inFlight.next(options.requestId);
    }
    const request = new Observable<FetchResponse<T>>((subscriber) => {
      const controller = new AbortController();
      const url = appendParams(options.url, options.params);
      fetch(url, {
        method: options.method ?? 'GET',
        headers: options.headers,
        body: options.data === undefined ? undefined : JSON.stringify(options.data),
        signal: controller.signal,
      })
        .then(async (res) => {
          const text = await res.text();
          this.log.push({ url, status: res.status });
          const data = parseBody(text, options.responseType) as T;
          const response: FetchResponse<T> = {
            data,
            status: res.status,
            statusText: res.statusText,
            ok: res.ok,
            headers: res.headers,
            redirected: res.redirected,
            type: res.type,
            url: res.url,
            config: options,
          };
          if (res.status >= 400) {
            const err: FetchError = { status: res.status, statusText: res.statusText, data, config: options };
            subscriber.error(err);
          } else {
            subscriber.next(response);
            subscriber.complete();
          }
        })
        .catch((e) => {
          if (!controller.signal.aborted) {
            this.log.push({ url, status: 0 });
            const err: FetchError = { status: 0, statusText: String(e), data: { message: String(e) }, config: options };
            subscriber.error(err);
          }
        });
      return () => controller.abort();
    });
    // Grafana's handleStreamCancellation: a newer request with the same id ends this one with a
    // cancelled error.
    return request.pipe(
      takeUntil(this.inFlight.pipe(filter((id) => id === options.requestId))),
      throwIfEmpty(() => ({
        type: DataQueryErrorType.Cancelled,
        cancelled: true,
        data: null,
        status: HTTP_REQUEST_CANCELED,
        statusText: 'Request was aborted',
        config: options,
      }))
    );
  }

  async request<T>(options: BackendSrvRequest): Promise<T> {
    return new Promise<T>((resolve, reject) =>
      this.fetch<T>(options).subscribe({ next: (r) => resolve(r.data), error: reject })
    );
  }
  get<T>(url: string, params?: Record<string, unknown>): Promise<T> {
    return this.request({ url, params, method: 'GET' });
  }
  post<T>(url: string, data?: unknown): Promise<T> {
    return this.request({ url, data, method: 'POST' });
  }
  put<T>(url: string, data?: unknown): Promise<T> {
    return this.request({ url, data, method: 'PUT' });
  }
  delete<T>(url: string): Promise<T> {
    return this.request({ url, method: 'DELETE' });
  }
  patch<T>(url: string, data?: unknown): Promise<T> {
    return this.request({ url, data, method: 'PATCH' });
  }
  datasourceRequest<T>(options: BackendSrvRequest): Promise<FetchResponse<T>> {
    return new Promise((resolve, reject) => this.fetch<T>(options).subscribe({ next: resolve, error: reject }));
  }
}

function appendParams(url: string, params: BackendSrvRequest['params']): string {
  if (!params || !Object.keys(params).length) {
    return url;
  }
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    (Array.isArray(v) ? v : [v]).forEach((x) => x !== undefined && sp.append(k, String(x)));
  }
  return `${url}${url.includes('?') ? '&' : '?'}${sp}`;
}

export interface HarnessVariable {
  name: string;
  /** One value, or several for a multi-value variable. */
  value: string | string[];
}

/**
 * Template variables as Grafana's templateSrv replaces them: `$name`, `${name}`, `${name:format}`,
 * `[[name]]`; scoped vars win; a multi-value variable goes through the format (function, or
 * Grafana's default `{a,b}` glob).
 */
export class HarnessTemplateSrv {
  private variables: HarnessVariable[] = [];
  private timeRange?: TimeRange;
  private readonly regex = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\${(\w+)(?:\.([^:^}]+))?(?::([^}]+))?}/g;

  setVariables(vars: HarnessVariable[]) {
    this.variables = vars;
  }

  getVariables(): TypedVariableModel[] {
    return this.variables.map(
      (v) =>
        ({
          name: v.name,
          type: 'custom',
          multi: Array.isArray(v.value),
          current: { value: v.value, text: v.value },
        }) as unknown as TypedVariableModel
    );
  }

  updateTimeRange(range: TimeRange) {
    this.timeRange = range;
  }

  containsTemplate(target?: string): boolean {
    if (!target) {
      return false;
    }
    this.regex.lastIndex = 0;
    for (const m of target.matchAll(this.regex)) {
      const name = m[1] || m[2] || m[4];
      if (this.variables.some((v) => v.name === name)) {
        return true;
      }
    }
    return false;
  }

  replace(target?: string, scopedVars?: ScopedVars, format?: string | Function): string {
    if (!target) {
      return target ?? '';
    }
    return target.replace(this.regex, (match, v1, v2, f2, v3, _fieldPath, f3) => {
      const name: string = v1 || v2 || v3;
      const fmt = format ?? f2 ?? f3;
      const scoped = scopedVars?.[name];
      let value: unknown;
      if ((name === '__from' || name === '__to') && this.timeRange && !scoped) {
        // Grafana's built-ins: the dashboard time range in epoch ms.
        return String((name === '__from' ? this.timeRange.from : this.timeRange.to).valueOf());
      }
      if (scoped) {
        value = scoped.value;
      } else {
        const variable = this.variables.find((v) => v.name === name);
        if (!variable) {
          return match;
        }
        value = variable.value;
      }
      return formatValue(value, fmt, name);
    });
  }
}

function formatValue(value: unknown, format: string | Function | undefined, name: string): string {
  if (typeof format === 'function') {
    return format(value, { name, multi: Array.isArray(value) }, formatValue);
  }
  const values = Array.isArray(value) ? value.map(String) : [String(value)];
  switch (format) {
    case 'csv':
      return values.join(',');
    case 'pipe':
      return values.join('|');
    case 'json':
      return JSON.stringify(Array.isArray(value) ? values : values[0]);
    case 'raw':
      return values.join(',');
    case 'regex':
      return values.length > 1
        ? `(${values.map((v) => v.replace(/[\\^$*+?.()|[\]{}/]/g, '\\$&')).join('|')})`
        : values[0].replace(/[\\^$*+?.()|[\]{}/]/g, '\\$&');
    default:
      return values.length > 1 ? `{${values.join(',')}}` : values[0];
  }
}

type DataSourceClass = DataSourcePlugin<DataSourceApi>['DataSourceClass'];

/** The data source registry: instance settings from boot data, instances from loaded plugins. */
export class HarnessDataSourceSrv {
  private readonly instances = new Map<string, DataSourceApi>();
  private readonly classes = new Map<string, { DataSourceClass: DataSourceClass; components: unknown }>();

  /** Loads a plugin's module when get() needs a class not loaded yet (Grafana's importDataSourcePlugin). */
  private loader?: (pluginId: string) => Promise<DataSourcePlugin<DataSourceApi>>;

  constructor(private settings: Record<string, DataSourceInstanceSettings>) {}

  setPluginLoader(loader: (pluginId: string) => Promise<DataSourcePlugin<DataSourceApi>>) {
    this.loader = loader;
  }

  registerPlugin(pluginId: string, plugin: DataSourcePlugin<DataSourceApi>) {
    this.classes.set(pluginId, { DataSourceClass: plugin.DataSourceClass, components: plugin.components });
  }

  /** Saved settings replace the old ones; the next get() builds a new instance, as after Grafana's save. */
  update(settings: DataSourceInstanceSettings) {
    this.settings[settings.name] = settings;
    for (const [k, v] of Object.entries(this.settings)) {
      if (v.uid === settings.uid && k !== settings.name) {
        delete this.settings[k];
      }
    }
    this.instances.delete(settings.uid);
  }

  getList(filters: { pluginId?: string; type?: string; metrics?: boolean; tracing?: boolean } = {}) {
    return Object.values(this.settings)
      .filter((s) => !filters.pluginId || s.meta.id === filters.pluginId)
      .filter((s) => !filters.type || s.type === filters.type)
      .filter((s) => !filters.metrics || s.meta.metrics)
      .filter((s) => !filters.tracing || s.meta.tracing)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  getInstanceSettings(ref?: string | { uid?: string } | null): DataSourceInstanceSettings | undefined {
    if (!ref) {
      return Object.values(this.settings).find((s) => s.isDefault);
    }
    const key = typeof ref === 'string' ? ref : ref.uid;
    return Object.values(this.settings).find((s) => s.uid === key || s.name === key);
  }

  async get(ref?: string | { uid?: string } | null): Promise<DataSourceApi> {
    const settings = this.getInstanceSettings(ref);
    if (!settings) {
      throw new Error(`Datasource ${JSON.stringify(ref)} was not found`);
    }
    const cached = this.instances.get(settings.uid);
    if (cached) {
      return cached;
    }
    if (!this.classes.has(settings.meta.id) && this.loader && !settings.meta.module?.startsWith('core:')) {
      this.registerPlugin(settings.meta.id, await this.loader(settings.meta.id));
    }
    const plugin = this.classes.get(settings.meta.id);
    if (!plugin) {
      throw new Error(`The harness has no frontend for data source type ${settings.meta.id} (only proxied)`);
    }
    // As Grafana's datasource_srv.loadDatasource: construct with instance settings, attach meta/components.
    const instance = new plugin.DataSourceClass(settings) as DataSourceApi;
    (instance as unknown as { components: unknown }).components = plugin.components;
    instance.meta = settings.meta;
    this.instances.set(settings.uid, instance);
    return instance;
  }

  reload() {}
  registerRuntimeDataSource() {}
}

export interface HostServices {
  backendSrv: HarnessBackendSrv;
  templateSrv: HarnessTemplateSrv;
  dataSourceSrv: HarnessDataSourceSrv;
  appEvents: EventBusSrv;
}

export function installHostServices(): HostServices {
  const backendSrv = new HarnessBackendSrv();
  const templateSrv = new HarnessTemplateSrv();
  const dataSourceSrv = new HarnessDataSourceSrv(config.datasources);
  const appEvents = new EventBusSrv();
  setBackendSrv(backendSrv as unknown as BackendSrv);
  setTemplateSrv(templateSrv as unknown as TemplateSrv);
  setDataSourceSrv(dataSourceSrv as unknown as DataSourceSrv);
  setAppEvents(appEvents);
  return { backendSrv, templateSrv, dataSourceSrv, appEvents };
}
