// The harness host: what Grafana's app.ts does before a plugin runs (boot data is already on
// window, set by the page), then the views. `window.harness` is the API the browser tests use;
// the hash routes (#/config/<uid>, #/query/<uid>/<scenario>, #/panel/<id>/<scenario>,
// #/app/<id>[/<path>]) are for people.
import React from 'react';
import { createRoot } from 'react-dom/client';
import {
  GrafanaPlugin,
  PluginType,
  dataFrameFromJSON,
  toDataFrame,
  LoadingState,
  type AppPlugin,
  type AppPluginMeta,
  type DataFrame,
  type DataFrameJSON,
  type DataQuery,
  type DataSourceApi,
  type DataSourcePlugin,
  type DataSourceSettings,
  type FieldConfigSource,
  type PanelData,
  type PanelPlugin,
} from '@grafana/data';
import { config, locationService, LocationServiceProvider } from '@grafana/runtime';
import { GlobalStyles, ThemeContext } from '@grafana/ui';
import { Router } from 'react-router-dom';
import { CompatRouter } from 'react-router-dom-v5-compat';
import { HarnessIndex } from './views/HarnessIndex';
import { AppRootView, type AppRootRender } from './views/AppRootView';
import { ConfigEditorView } from './views/ConfigEditorView';
import { PanelView } from './views/PanelView';
import { QueryEditorView } from './views/QueryEditorView';
import { fillOptionRegistries } from './optionEditors';
import { getServices, loadPlugin, pluginMeta, setServices } from './hostState';
import { buildRequest, runQueries, toTimeRange, type HarnessTimeRange } from './queryRunner';
import { installHostServices, type HarnessVariable } from './services';
import { scenarioFor, type QueryScenario } from './scenarios';
import type { QueryResultSummary } from '../../tests/harness/queryResultSummary';

fillOptionRegistries();
setServices(installHostServices());
// As Grafana does: a data source asked for by uid loads its plugin module on first use.
getServices().dataSourceSrv.setPluginLoader((id) => loadPlugin<DataSourcePlugin<DataSourceApi>>(id));

const container = document.getElementById('harness-root')!;
const root = createRoot(container);
let mountKey = 0;

function mount(view: React.ReactNode) {
  root.render(
    <ThemeContext.Provider value={config.theme2}>
      {/* Grafana's RouterWrapper (public/app/routes/RoutesWrapper.tsx): v5 Router on locationService's
          history, LocationServiceProvider, CompatRouter (the react-router v6 context plugins use). */}
      <Router history={locationService.getHistory()}>
        <LocationServiceProvider service={locationService}>
          <CompatRouter>
            <GlobalStyles />
            <div key={++mountKey} style={{ padding: 16 }}>
              {view}
            </div>
          </CompatRouter>
        </LocationServiceProvider>
      </Router>
    </ThemeContext.Provider>
  );
}

function settingsFor(uid: string): DataSourceSettings {
  const s = getServices().dataSourceSrv.getInstanceSettings(uid);
  if (!s) {
    throw new Error(`No data source with uid ${uid}`);
  }
  return {
    id: s.id,
    uid: s.uid,
    orgId: 1,
    name: s.name,
    type: s.type,
    typeName: s.meta.name,
    typeLogoUrl: s.meta.info?.logos?.small ?? '',
    access: 'proxy',
    url: '',
    user: '',
    database: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: Boolean(s.isDefault),
    jsonData: structuredClone(s.jsonData ?? {}),
    secureJsonFields: {},
    readOnly: false,
    withCredentials: false,
  } as DataSourceSettings;
}

async function datasourcePlugin(uid: string): Promise<DataSourcePlugin<DataSourceApi>> {
  const s = getServices().dataSourceSrv.getInstanceSettings(uid);
  if (!s) {
    throw new Error(`No data source with uid ${uid}`);
  }
  const plugin = await loadPlugin<DataSourcePlugin<DataSourceApi>>(s.meta.id);
  getServices().dataSourceSrv.registerPlugin(s.meta.id, plugin);
  return plugin;
}

function summarise(data: PanelData): QueryResultSummary {
  return {
    state: data.state,
    errors: (data.errors ?? []).map((e) => e.message ?? String(e)),
    frames: data.series.map((f) => ({
      name: f.name,
      refId: f.refId,
      length: f.length,
      fields: f.fields.map((x) => x.name),
      notices: (f.meta?.notices ?? []).map((n) => n.text),
    })),
  };
}

export interface QuerySpec {
  datasourceUid: string;
  query: DataQuery;
  /** More queries of the same panel (refIds B, C, …), run in the same request. */
  extra?: DataQuery[];
  range?: HarnessTimeRange;
  intervalMs?: number;
}

async function queryData(spec: QuerySpec): Promise<PanelData> {
  await datasourcePlugin(spec.datasourceUid);
  const ds = await getServices().dataSourceSrv.get(spec.datasourceUid);
  return runQueries(
    ds,
    buildRequest([spec.query, ...(spec.extra ?? [])], { range: toTimeRange(spec.range), intervalMs: spec.intervalMs })
  );
}

export interface PanelSpec {
  /** Frames as DataFrameJSON (dataFrameToJSON) or DataFrameDTO; or a query whose frames the panel gets. */
  frames?: Array<DataFrameJSON | object>;
  query?: QuerySpec;
  options?: Record<string, unknown>;
  fieldConfig?: FieldConfigSource;
  width?: number;
  height?: number;
  title?: string;
  showOptionsEditor?: boolean;
}

const initialisedApps = new WeakSet<AppPlugin>();

/**
 * An app plugin as Grafana's importAppPlugin leaves it: `init(meta)` then `meta` set, once per load
 * (Grafana caches the imported app). The meta is the plugin's settings (`/api/plugins/<id>/settings`
 * in Grafana): plugin.json with module/baseUrl, enabled, no jsonData saved.
 */
async function appPlugin(id: string): Promise<AppPlugin> {
  const info = pluginMeta(id);
  if (info.type !== PluginType.app) {
    throw new Error(`Plugin ${id} is a ${info.type} plugin, not an app`);
  }
  const plugin = await loadPlugin<AppPlugin>(id);
  if (!initialisedApps.has(plugin)) {
    const meta = { ...info, enabled: true, pinned: true, jsonData: info.jsonData ?? {} } as AppPluginMeta;
    plugin.init(meta);
    plugin.meta = meta;
    initialisedApps.add(plugin);
  }
  return plugin;
}

/** `/a/<id>` + path (`overview`, `/overview?x=1`, `?tab=2`; empty: the app's root). */
function appUrl(id: string, path = ''): string {
  const rel = path.replace(/^\/+/, '');
  return `/a/${id}${rel && !rel.startsWith('?') ? '/' : ''}${rel}`;
}

function framesFromSpec(frames: Array<DataFrameJSON | object>): DataFrame[] {
  return frames.map((f) => ('schema' in f || 'data' in f ? dataFrameFromJSON(f as DataFrameJSON) : toDataFrame(f)));
}

const harness = {
  /** Loads a plugin module as Grafana would; rejects with the loader's error. */
  async loadPlugin(id: string): Promise<{ id: string; type: string; exports: string[]; hostClass: boolean }> {
    const plugin = await loadPlugin<object>(id);
    // true when the plugin object was built with the host's @grafana/data (not a bundled copy)
    return { id, type: pluginMeta(id).type, exports: Object.keys(plugin), hostClass: plugin instanceof GrafanaPlugin };
  },
  setVariables(vars: HarnessVariable[]) {
    getServices().templateSrv.setVariables(vars);
  },
  /** URLs the plugins requested through backendSrv, with their status. */
  requests() {
    return getServices().backendSrv.log.slice();
  },
  /** Settings page; `jsonData` overrides the saved settings' fields (e.g. a missing backend uid). */
  async showConfig(uid: string, jsonData?: Record<string, unknown>): Promise<void> {
    const plugin = await datasourcePlugin(uid);
    const initial = settingsFor(uid);
    mount(
      <ConfigEditorView plugin={plugin} initial={{ ...initial, jsonData: { ...initial.jsonData, ...jsonData } }} />
    );
  },
  async showQuery(spec: QuerySpec): Promise<QueryResultSummary> {
    await datasourcePlugin(spec.datasourceUid);
    const ds = await getServices().dataSourceSrv.get(spec.datasourceUid);
    return new Promise((resolve) =>
      mount(
        <QueryEditorView
          datasource={ds}
          initialQuery={spec.query}
          runOptions={{ range: toTimeRange(spec.range), intervalMs: spec.intervalMs }}
          runOnMount
          onData={(d) => resolve(summarise(d))}
        />
      )
    );
  },
  async showPanel(pluginId: string, spec: PanelSpec): Promise<QueryResultSummary> {
    const plugin = await loadPlugin<PanelPlugin>(pluginId);
    let data: PanelData;
    if (spec.query) {
      data = await queryData(spec.query);
    } else {
      const timeRange = toTimeRange();
      data = { state: LoadingState.Done, series: framesFromSpec(spec.frames ?? []), timeRange };
    }
    mount(
      <PanelView
        plugin={plugin}
        data={data}
        title={spec.title ?? plugin.meta.name}
        width={spec.width ?? 900}
        height={spec.height ?? 500}
        options={spec.options}
        fieldConfig={spec.fieldConfig}
        showOptionsEditor={spec.showOptionsEditor ?? true}
      />
    );
    return summarise(data);
  },
  /**
   * An app plugin's page at `/a/<id>` + path: the router location (locationService's history, so
   * the address bar too) goes there, as in Grafana, and the plugin's root renders with Grafana's
   * AppRootProps. Resolves with the props the root got once it has rendered.
   */
  async showApp(pluginId: string, path?: string): Promise<AppRootRender> {
    const plugin = await appPlugin(pluginId);
    locationService.push(appUrl(pluginId, path));
    return new Promise((resolve) => {
      let done = false;
      const onRender = (props: AppRootRender) => {
        if (!done) {
          done = true;
          resolve(props);
        }
      };
      mount(<AppRootView plugin={plugin} onRender={onRender} />);
    });
  },
  scenario(uid: string, name: string): QueryScenario {
    return scenarioFor(uid, name);
  },
};

declare global {
  interface Window {
    harness: typeof harness;
  }
}
window.harness = harness;

/** Hash routes for people; errors show on the page. */
async function route() {
  const [kind, a, b, ...rest] = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  try {
    if (kind === 'app' && a) {
      // #/app/<id>/<path…>: the page moves to /a/<id>/<path…> (the harness server serves only `/`,
      // so reload through the hash route, not the address bar).
      await harness.showApp(a, [b, ...rest].filter((x) => x !== undefined).join('/'));
    } else if (kind === 'config' && a) {
      await harness.showConfig(a);
    } else if (kind === 'query' && a && b) {
      const s = scenarioFor(a, b);
      await harness.showQuery({ datasourceUid: a, query: s.query, intervalMs: s.intervalMs, range: s.range });
    } else if (kind === 'panel' && a && b) {
      const s = scenarioFor('genai', b);
      await harness.showPanel(a, {
        query: { datasourceUid: 'genai', query: s.query, intervalMs: s.intervalMs, range: s.range },
      });
    } else {
      mount(<HarnessIndex />);
    }
  } catch (e) {
    mount(
      <pre data-testid="harness-error" style={{ whiteSpace: 'pre-wrap' }}>
        {String((e as Error)?.message ?? e)}
      </pre>
    );
  }
}
window.addEventListener('hashchange', route);
route();
document.body.dataset.harnessReady = 'true';
