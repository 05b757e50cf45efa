/**
 * Schema-level checks of the shipped dashboards (dashboards/*.json): uids, variables, panels,
 * targets and their data source references, query models against our data source's types,
 * links between dashboards, the app's `includes` and the dashboard provider.
 *
 * @jest-environment node
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DataSourceInstanceSettings } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';
import { parse } from 'yaml';
import type { MinimumFilters } from '../../src/data/queries/traceQueries';
import type { TraceFilters } from '../../src/data/traceql/traceSearchQuery';
import { fetchTransport } from '../../src/data/http/transport';
import { GenAiDataSource } from '../../src/datasource/datasource';
import type { GenAiDataSourceOptions, GenAiQuery, GenAiQueryType } from '../../src/datasource/types';
import { VARIABLE_KINDS } from '../../src/datasource/variableQueries';
import {
  allPanels,
  allTargets,
  datasourceVariable,
  loadDashboards,
  REPO_ROOT,
  type Dashboard,
  type Panel,
} from './dashboardFiles';
import { referencedVariables } from './promqlTemplate';
import { RENAMED_METRICS } from './renamedMetrics';

/** Our data source as provisioned, with Grafana's template service reduced to fixed variable values. */
function genaiDatasource(values: Record<string, string>): GenAiDataSource {
  const templateSrv = {
    replace: (text?: string) =>
      (text ?? '').replace(/\$(\w+)|\$\{(\w+)\}/g, (m, a?: string, b?: string) => values[(a ?? b)!] ?? m),
  } as unknown as TemplateSrv;
  const settings = {
    uid: 'genai',
    name: 'GenAI',
    type: GENAI_TYPE,
    jsonData: { tempoDatasourceUid: 'tempo', prometheusDatasourceUid: 'prometheus' },
    meta: {},
  } as unknown as DataSourceInstanceSettings<GenAiDataSourceOptions>;
  // Nothing is requested: only the query text is built.
  const unreachable = (_uid: string, backend: string) => fetchTransport('http://127.0.0.1:9', { backend });
  return new GenAiDataSource(settings, unreachable, templateSrv, () => Promise.reject(new Error('no prices')));
}

const files = loadDashboards();
const dashboards = files.map((f) => f.dashboard);
const byUid = new Map(dashboards.map((d) => [d.uid, d]));

const GENAI_TYPE = 'genaiobs-genai-datasource';
const SPAN_TREE_TYPE = 'genaiobs-spantree-panel';
// Data source plugin → the uid our provisioning gives it (TEAM fixed names).
const DEFAULT_UIDS: Record<string, string> = { prometheus: 'prometheus', tempo: 'tempo', [GENAI_TYPE]: 'genai' };
const VERSION_COMPARE_TYPE = 'genaiobs-versioncompare-panel';
const QUALITY_COST_TYPE = 'genaiobs-qualitycost-panel';
const PANEL_TYPES = new Set([
  'nodeGraph',
  'timeseries',
  'stat',
  'table',
  'xychart',
  'traces',
  SPAN_TREE_TYPE,
  VERSION_COMPARE_TYPE,
  QUALITY_COST_TYPE,
]);
const TRANSFORMATIONS = new Set(['sortBy', 'limit', 'organize', 'filterFieldsByName', 'partitionByValues', 'merge']);

// Exhaustive over the data source's types: adding a query field or type without listing it here
// fails to compile.
const QUERY_TYPES: Record<GenAiQueryType, true> = {
  traceSearch: true,
  traceById: true,
  tracePoints: true,
  versionAggregates: true,
  metrics: true,
  traceqlMetrics: true,
  versionComparison: true,
  agentGraph: true,
};
const QUERY_KEYS: Record<keyof GenAiQuery, true> = {
  refId: true,
  hide: true,
  key: true,
  queryType: true,
  datasource: true,
  filters: true,
  traceId: true,
  limit: true,
  metric: true,
  traceqlMetrics: true,
  versionComparison: true,
};
const FILTER_KEYS: Record<keyof (TraceFilters & MinimumFilters), 'list' | 'scalar'> = {
  services: 'list',
  providers: 'list',
  models: 'list',
  operations: 'list',
  agents: 'list',
  versions: 'list',
  conversationIds: 'list',
  traceIds: 'list',
  errorsOnly: 'scalar',
  minDurationMs: 'scalar',
  traceql: 'scalar',
  minTotalTokens: 'scalar',
  minCostUsd: 'scalar',
};

describe('dashboard files', () => {
  it('are the four dashboards with stable uids, named after their uid', () => {
    expect(files.map((f) => f.file)).toEqual([
      'genai-cost.json',
      'genai-overview.json',
      'genai-traces.json',
      'genai-versions.json',
    ]);
    for (const { file, dashboard } of files) {
      expect(file).toBe(`${dashboard.uid}.json`);
      expect(dashboard.title).toMatch(/^GenAI: /);
      expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(39);
      expect(dashboard.id ?? null).toBeNull(); // provisioning and import assign their own ids
      expect(dashboard.tags).toContain('genai-observability');
    }
  });

  it('are bundled with the app (plugin.json includes) and loaded by the dashboard provider', () => {
    const plugin = JSON.parse(readFileSync(path.join(REPO_ROOT, 'src/plugin.json'), 'utf8'));
    const included = plugin.includes.filter((i: { type: string }) => i.type === 'dashboard');
    expect(included.map((i: { path: string }) => i.path).sort()).toEqual(
      files.map((f) => `dashboards/${f.file}`).sort()
    );
    for (const inc of included) {
      expect(inc.name).toBe(byUid.get(path.basename(inc.path, '.json'))!.title);
    }
    // A build that includes them must ship them (webpack copies dashboards/ to dist/dashboards/).
    const distPlugin = path.join(REPO_ROOT, 'dist/plugin.json');
    const built = existsSync(distPlugin) ? JSON.parse(readFileSync(distPlugin, 'utf8')) : { includes: [] };
    for (const inc of built.includes.filter((i: { type: string }) => i.type === 'dashboard')) {
      const shipped = path.join(REPO_ROOT, 'dist', inc.path);
      expect(existsSync(shipped) ? readFileSync(shipped, 'utf8') : `missing dist/${inc.path}`).toBe(
        readFileSync(path.join(REPO_ROOT, inc.path), 'utf8')
      );
    }
    const provider = parse(readFileSync(path.join(REPO_ROOT, 'provisioning/dashboards/genai.yaml'), 'utf8'));
    expect(provider.apiVersion).toBe(1);
    expect(provider.providers).toEqual([
      expect.objectContaining({
        type: 'file',
        options: expect.objectContaining({ path: '/var/lib/grafana/dashboards' }),
      }),
    ]);
  });
});

describe.each(dashboards.map((d) => [d.uid, d] as [string, Dashboard]))('dashboard %s', (_uid, d) => {
  const vars = d.templating.list;
  const panels = allPanels(d);

  it('has data source variables defaulting to the provisioned uids, and query variables on them', () => {
    expect(new Set(vars.map((v) => v.name)).size).toBe(vars.length);
    for (const v of vars) {
      expect(['datasource', 'query', 'textbox', 'custom']).toContain(v.type);
      if (v.type === 'custom') {
        // Only selections a panel sets (trace ids): hidden, no fixed options, any value kept.
        expect(v).toMatchObject({ multi: true, includeAll: false, allowCustomValue: true, hide: 2, options: [] });
      }
      if (v.type === 'datasource') {
        expect(Object.keys(DEFAULT_UIDS)).toContain(v.query);
        expect(v.current?.value).toBe(DEFAULT_UIDS[v.query as string]);
      }
      if (v.type === 'query') {
        const ds = datasourceVariable(d, v.datasource);
        expect(ds).toBeDefined();
        expect(v.datasource!.type).toBe(ds!.query);
        expect(v.multi && v.includeAll).toBe(true);
        // "All" is a regex so that Prometheus panels match series without the label (no promoted
        // version, another provider label); our data source takes it as no filter (tested below).
        expect(v.allValue).toBe('.*');
        if (ds!.query === 'prometheus') {
          // label_values takes one label; a provider is in either of two, so those use query_result.
          // A metric name with matchers, or matchers alone (`{__name__=~"a|b", …}` for both generations of names).
          expect(v.definition).toMatch(/^label_values\(([a-z_:]+)?(\{.*\})?, [a-z_]+\)$|^query_result\(.+\)$/);
          expect((v.query as { query: string }).query).toBe(v.definition);
          if (v.definition!.startsWith('query_result(')) {
            // The variable's regex picks one label's value out of each result series.
            expect(v.regex).toMatch(/^\/[a-z_]+="\(\[\^"\]\+\)"\/$/);
          }
        } else {
          expect(VARIABLE_KINDS.map((k) => k.kind)).toContain((v.query as { kind: string }).kind);
        }
      }
    }
  });

  it('refers only to variables it defines', () => {
    const names = new Set(vars.map((v) => v.name));
    const texts = [
      ...vars.map((v) => JSON.stringify(v.query ?? '')),
      ...panels.map((p) => JSON.stringify({ t: p.title, targets: p.targets, links: p.fieldConfig })),
    ];
    for (const t of texts) {
      for (const name of referencedVariables(t)) {
        expect(names).toContain(name);
      }
    }
  });

  it('lays out panels with unique ids on the 24-column grid without overlaps', () => {
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const cells = new Set<string>();
    for (const p of panels) {
      expect(PANEL_TYPES).toContain(p.type);
      expect(p.title).toMatch(/\S/);
      expect(typeof p.description).toBe('string');
      const g = p.gridPos;
      expect(g.w).toBeGreaterThan(0);
      expect(g.h).toBeGreaterThan(0);
      expect(g.x + g.w).toBeLessThanOrEqual(24);
      for (let x = g.x; x < g.x + g.w; x++) {
        for (let y = g.y; y < g.y + g.h; y++) {
          const key = `${x},${y}`;
          expect(cells.has(key) ? `panel ${p.id} overlaps at ${key}` : '').toBe('');
          cells.add(key);
        }
      }
      for (const t of p.transformations ?? []) {
        expect(TRANSFORMATIONS).toContain(t.id);
      }
    }
  });

  it('references data sources only through its data source variables, with matching types', () => {
    for (const p of panels) {
      const pv = datasourceVariable(d, p.datasource);
      expect(pv ? p.datasource!.type : `panel ${p.id}: ${JSON.stringify(p.datasource)}`).toBe(pv?.query);
      expect(p.targets?.length).toBeGreaterThan(0);
      const refIds = p.targets!.map((t) => t.refId);
      expect(new Set(refIds).size).toBe(refIds.length);
      for (const t of p.targets!) {
        const tv = datasourceVariable(d, t.datasource);
        expect(tv ? t.datasource!.type : `panel ${p.id} ${t.refId}: ${JSON.stringify(t.datasource)}`).toBe(tv?.query);
      }
    }
  });

  it('reads the 2026 GenAI metric names wherever it reads the semconv ≤ 1.41 ones', () => {
    const queries = [
      ...allTargets(d)
        .filter((x) => x.pluginType === 'prometheus')
        .map((x) => [`panel ${x.panel.id} ${x.target.refId}`, String(x.target.expr)]),
      ...vars.filter((v) => v.definition).map((v) => [`variable ${v.name}`, String(v.definition)]),
    ];
    for (const [where, expr] of queries) {
      for (const [old, renamed] of RENAMED_METRICS) {
        if (expr.includes(old)) {
          expect([`${where} reads ${old}`, expr.includes(renamed)]).toEqual([`${where} reads ${old}`, true]);
        }
      }
    }
  });

  it('has Prometheus targets with an expression and a valid format', () => {
    for (const { target: t, pluginType } of allTargets(d).filter((x) => x.pluginType === 'prometheus')) {
      expect(pluginType).toBe('prometheus');
      expect(String(t.expr)).toMatch(/\S/);
      expect(typeof t.instant).toBe('boolean');
      expect(t.range).toBe(!t.instant);
      expect([undefined, 'time_series', 'table']).toContain(t.format);
    }
  });

  it('has GenAI data source targets that are valid query models of our data source', () => {
    for (const { panel, target } of allTargets(d).filter((x) => x.pluginType === GENAI_TYPE)) {
      const where = `panel ${panel.id} ${target.refId}`;
      for (const k of Object.keys(target)) {
        expect(k in QUERY_KEYS ? '' : `${where}: unknown field ${k}`).toBe('');
      }
      expect(Object.keys(QUERY_TYPES)).toContain(target.queryType);
      if (target.queryType === 'traceById') {
        expect(target.traceId).toBe('$traceId');
      }
      for (const [k, v] of Object.entries((target.filters as Record<string, unknown>) ?? {})) {
        const kind = FILTER_KEYS[k as keyof typeof FILTER_KEYS];
        expect(kind ? '' : `${where}: unknown filter ${k}`).toBe('');
        if (kind === 'list') {
          expect(Array.isArray(v) && v.every((x) => typeof x === 'string')).toBe(true);
        }
      }
    }
  });

  it('gives its GenAI targets no filter for "All" (the allValue .*) and filters on a chosen value', () => {
    const targets = allTargets(d).filter((x) => x.pluginType === GENAI_TYPE && x.target.filters);
    const queryVars = vars.filter((v) => v.type === 'query');
    const selections = vars.filter((v) => v.type === 'custom');
    for (const { panel, target } of targets) {
      const q = target as unknown as GenAiQuery;
      const used = referencedVariables(JSON.stringify(target.filters));
      expect(used.length).toBeGreaterThan(0);
      used.forEach((name) => expect([...queryVars, ...selections].map((v) => v.name)).toContain(name));
      // Grafana hands a custom all value over unformatted, as written in the dashboard; an empty
      // selection is no filter either.
      const all = genaiDatasource({
        ...Object.fromEntries(queryVars.map((v) => [v.name, v.allValue!])),
        ...Object.fromEntries(selections.map((v) => [v.name, ''])),
      });
      const interpolated = all.interpolate(q).filters as Record<string, unknown>;
      for (const k of Object.keys(target.filters as object)) {
        expect([`panel ${panel.id} ${k}`, interpolated[k]]).toEqual([`panel ${panel.id} ${k}`, []]);
      }
      expect(all.describeTraceQL(q)).toBe(all.describeTraceQL({ refId: q.refId }));
      const chosen = genaiDatasource(
        Object.fromEntries([...queryVars, ...selections].map((v) => [v.name, `chosen-${v.name}`.toLowerCase()]))
      );
      const traceql = chosen.describeTraceQL(q);
      used.forEach((name) => expect(traceql).toContain(`"chosen-${name.toLowerCase()}"`));
    }
    expect(targets.length > 0).toBe(d.uid !== 'genai-overview');
  });

  it('links trace ids to the span tree of the traces dashboard with variables that exist there', () => {
    const links = panels.flatMap((p) =>
      (p.fieldConfig?.overrides ?? []).flatMap((o) =>
        o.properties.filter((x) => x.id === 'links').flatMap((x) => x.value as Array<{ url: string }>)
      )
    );
    for (const l of links) {
      const m = /^\/d\/([\w-]+)\/[\w-]+\?(.*)$/.exec(l.url);
      expect(m).not.toBeNull();
      const target = byUid.get(m![1]);
      expect(target).toBeDefined();
      const targetVars = new Set(target!.templating.list.map((v) => v.name));
      for (const p of m![2].split('&')) {
        const name = /^var-(\w+)=/.exec(p)?.[1] ?? /^\$\{(\w+):queryparam\}$/.exec(p)?.[1];
        if (name) {
          expect(targetVars).toContain(name);
        } else {
          expect(p).toBe('${__url_time_range}');
        }
      }
    }
    if (d.uid === 'genai-cost' || d.uid === 'genai-traces') {
      expect(links.some((l) => l.url.includes('var-traceId=${__value.raw}'))).toBe(true);
    }
  });
});

describe('dashboards and the span-tree panel', () => {
  const traces = byUid.get('genai-traces')!;
  const tree = allPanels(traces).find((p) => p.type === SPAN_TREE_TYPE) as Panel;

  it('show the selected trace in the span-tree panel plugin', () => {
    const panelJson = path.join(REPO_ROOT, 'src/panels/span-tree/plugin.json');
    if (existsSync(panelJson)) {
      expect(JSON.parse(readFileSync(panelJson, 'utf8')).id).toBe(SPAN_TREE_TYPE);
    }
    expect(tree.targets).toEqual([expect.objectContaining({ queryType: 'traceById', traceId: '$traceId' })]);
    expect(traces.templating.list.find((v) => v.name === 'traceId')?.type).toBe('textbox');
  });

  it('give the span tree’s links their targets: overview and versions with model and version variables', () => {
    for (const uid of ['genai-overview', 'genai-versions']) {
      const names = byUid.get(uid)!.templating.list.map((v) => v.name);
      expect(names).toEqual(expect.arrayContaining(['model', 'version']));
    }
  });
});

describe('the Quality & versions dashboard and the quality-vs-cost panel', () => {
  const versions = byUid.get('genai-versions')!;
  const traces = byUid.get('genai-traces')!;
  const panel = allPanels(versions).find((p) => p.title === 'Quality vs cost per trace') as Panel & {
    options: Record<string, unknown>;
  };

  it('draws the trace points with the panel plugin, not the XY chart', () => {
    expect(JSON.parse(readFileSync(path.join(REPO_ROOT, 'src/panels/quality-cost/plugin.json'), 'utf8')).id).toBe(
      QUALITY_COST_TYPE
    );
    expect(panel.type).toBe(QUALITY_COST_TYPE);
    expect(allPanels(versions).some((p) => p.type === 'xychart')).toBe(false);
    // B: the version comparison's exact cost per trace and quality means, for the centroids.
    expect(panel.targets).toEqual([
      expect.objectContaining({ queryType: 'tracePoints' }),
      expect.objectContaining({
        refId: 'B',
        queryType: 'versionComparison',
        versionComparison: expect.objectContaining({ metrics: ['costPerTrace', 'quality'] }),
      }),
    ]);
  });

  it('scores by the dashboard’s evaluation variable and opens traces where the span tree reads $traceId', () => {
    expect(panel.options.scoreName).toBe('$evaluation');
    expect(versions.templating.list.some((v) => v.name === 'evaluation')).toBe(true);
    expect(panel.options.tracesDashboardUid).toBe(traces.uid);
    expect(traces.templating.list.some((v) => v.name === 'traceId')).toBe(true);
  });

  it('lists the traces of a region selected in the panel: a hidden multi-value variable and a trace table on it', () => {
    const name = String(panel.options.selectionVariable);
    const variable = versions.templating.list.find((v) => v.name === name) as Record<string, unknown> | undefined;
    expect(variable).toMatchObject({ type: 'custom', multi: true, includeAll: false, allowCustomValue: true });
    const table = allPanels(versions).find((p) => p.title === 'Traces in the selected region')!;
    expect(table.type).toBe('table');
    expect(table.targets).toEqual([
      expect.objectContaining({
        queryType: 'traceSearch',
        filters: expect.objectContaining({ traceIds: [`$${name}`] }),
      }),
    ]);
  });
});
