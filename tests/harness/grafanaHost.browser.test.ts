/** @jest-environment node */
// Every plugin in dist/ loaded and exercised in a real browser through the Grafana host harness
// (harness/): SystemJS + Grafana's shared modules, host services wired to a real Prometheus and
// replayed real Tempo responses. Screenshots of each view, dark and light, in test-output/harness/.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { SERIES } from '../helpers/syntheticMetrics';
import type { RecordingFile } from '../helpers/recordedTransport';
import { openHarness, type HarnessSession, type Theme } from './openHarness';

// Browser steps take seconds each, more on a loaded machine.
jest.setTimeout(60_000);

const REPO = path.resolve(__dirname, '../..');
const THEMES: Theme[] = ['dark', 'light'];
const recordings: RecordingFile = JSON.parse(readFileSync(path.join(REPO, 'fixtures/tempo/recordings.json'), 'utf8'));

function distPlugins(dir = path.join(REPO, 'dist')): Array<{ id: string; type: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      return distPlugins(p);
    }
    return e.name === 'plugin.json' ? [JSON.parse(readFileSync(p, 'utf8'))] : [];
  });
}

/** Trace ids of the recorded trace-by-id responses and their span counts, from the recording itself. */
function recordedTraces(): Array<{ id: string; spans: number }> {
  return recordings.exchanges
    .filter((e) => e.status === 200 && /^\/api\/v2\/traces\/[0-9a-f]+$/.test(e.path))
    .map((e) => {
      const body = JSON.parse(e.body);
      const spans = (body.trace?.resourceSpans ?? []).flatMap((rs: any) =>
        (rs.scopeSpans ?? []).flatMap((ss: any) => ss.spans ?? [])
      );
      return { id: e.path.split('/').pop()!, spans: spans.length };
    });
}

function recordedSearchTraceCount(): number {
  // The unfiltered search (limit 100, spss 100): the first /api/search exchange the recorder made.
  const all = recordings.exchanges.find(
    (e) => e.path === '/api/search' && e.status === 200 && e.params.spss === '100' && e.params.limit === '100'
  )!;
  return JSON.parse(all.body).traces.length;
}

const plugins = distPlugins();
const panels = plugins.filter((p) => p.type === 'panel');
let h: HarnessSession;

beforeAll(async () => {
  h = await openHarness({ withFixtures: true });
}, 120_000);
afterAll(async () => {
  if (h) {
    // Every Tempo request of the views was answered from the recording (a miss names the request).
    const misses = await h.page.evaluate(() => fetch('/api/harness/tempo-misses').then((r) => r.json()));
    const placeholders = await h.page.evaluate(() => fetch('/api/harness/icon-placeholders').then((r) => r.json()));
    await h.close();
    expect(misses).toEqual([]);
    if (placeholders.length) {
      console.info(
        `icons Grafana serves but @grafana/ui's npm package lacks (placeholders): ${placeholders.join(', ')}`
      );
    }
  }
});

afterEach(() => {
  // Any console error or failed asset load in a view fails its test.
  expect(h.pageErrors).toEqual([]);
});

describe('loading dist/ as Grafana does', () => {
  it.each(plugins.map((p) => [p.id, p.type]))(
    '%s (%s) loads through SystemJS with the shared modules',
    async (id, type) => {
      await h.open();
      const loaded = await h.loadPlugin(id);
      expect(loaded.type).toBe(type);
      // Built against the host's @grafana/data: instanceof the host's GrafanaPlugin.
      expect(loaded.hostClass).toBe(true);
      const expected = { app: 'root', datasource: 'DataSourceClass', panel: 'panel' }[type as string];
      expect(loaded.exports).toContain(expected);
    }
  );

  it('fails a plugin that imports a module Grafana does not provide, and loads its control', async () => {
    await h.open();
    const control = await h.loadPlugin('genaiobs-harnessfixture-panel');
    expect(control.hostClass).toBe(true);
    const failure = await h.loadPlugin('genaiobs-harnessforeign-panel').then(
      () => 'loaded',
      (e: Error) => e.message
    );
    expect(failure).toMatch(/genaiobs-harnessforeign-panel failed to load/);
    expect(failure).toMatch(/@tanstack\/react-virtual/);
    h.pageErrors.length = 0; // the loader's own console error for that import is the expected outcome
  });
});

describe.each(THEMES)('data source views (%s theme)', (theme) => {
  it('ConfigEditor: Save & test reaches Tempo and Prometheus through the proxy', async () => {
    await h.open(theme);
    await h.showConfig('genai');
    await h.page.getByText('Save & test').click();
    const status = h.page.locator('[data-harness-test-status]');
    await status.waitFor({ timeout: 30_000 });
    expect(await status.getAttribute('data-harness-test-status')).toBe('success');
    const message = await status.innerText();
    expect(message).toContain(`Tempo: connected (Tempo ${recordings.tempoVersion.split(' ')[0]})`);
    expect(message).toMatch(/Prometheus: connected \(Prometheus 2\.\d+/);
    await h.screenshot(`config-editor-${theme}`);
  });

  it('ConfigEditor: Save & test reports a Tempo data source that does not exist', async () => {
    await h.open(theme);
    await h.showConfig('genai', { tempoDatasourceUid: 'no-such-tempo' });
    await h.page.getByText('Save & test').click();
    const status = h.page.locator('[data-harness-test-status]');
    await status.waitFor({ timeout: 30_000 });
    // One backend down, the other connected: Grafana shows the data source's "warning" status.
    expect(await status.getAttribute('data-harness-test-status')).toBe('warning');
    const message = await status.innerText();
    expect(message).toMatch(/Tempo: .*404/);
    expect(message).toMatch(/Prometheus: connected/);
    await h.screenshot(`config-editor-error-${theme}`);
  });

  it('QueryEditor runs every query type against the real backends', async () => {
    await h.open(theme);
    const traces = recordedTraces();
    const models = [...new Set(SERIES.map((s) => s.model))].sort();

    const search = await h.showQuery(await h.scenario('traceSearch'));
    expect(search.errors).toEqual([]);
    expect(search.frames[0].length).toBe(recordedSearchTraceCount());
    expect(await h.page.getByText('Trace search').first().isVisible()).toBe(true);
    // The built TraceQL is coloured by Grafana's TraceQL grammar (a lazy chunk of the data source).
    const built = h.page.getByTestId('genai-built-traceql');
    await built.locator('[data-token="scope"]').first().waitFor();
    expect(await built.locator('[data-token="operator"]').count()).toBeGreaterThan(0);
    await h.screenshot(`query-traceSearch-${theme}`);
    const extra = h.page.getByLabel('Extra TraceQL');
    await extra.fill('{ span.gen_ai.tool.name = }');
    expect(await h.page.getByText('TraceQL: unexpected "}" at column 27').isVisible()).toBe(true);
    await h.screenshot(`query-traceSearch-invalid-${theme}`);
    await extra.fill('');

    const byIdQuery = await h.scenario('traceById');
    const byId = await h.showQuery(byIdQuery);
    const traceId = byIdQuery.query.traceId as string;
    expect(byId.errors).toEqual([]);
    expect(byId.frames[0].length).toBe(traces.find((t) => t.id === traceId)!.spans);
    await h.screenshot(`query-traceById-${theme}`);

    for (const name of ['tracePoints', 'versionAggregates']) {
      const r = await h.showQuery(await h.scenario(name));
      expect(r.errors).toEqual([]);
      expect(r.frames[0].length).toBeGreaterThan(0);
      await h.screenshot(`query-${name}-${theme}`);
    }

    const graph = await h.showQuery(await h.scenario('agentGraphDemo'));
    expect(graph.errors).toEqual([]);
    expect(graph.frames.map((f) => f.name)).toEqual(['nodes', 'edges']);
    expect(graph.frames[0].length).toBeGreaterThan(3);
    expect(graph.frames[1].fields).toEqual(expect.arrayContaining(['source', 'target', 'mainstat', 'secondarystat']));
    await h.screenshot(`query-agentGraph-${theme}`);

    const metrics = await h.showQuery(await h.scenario('metrics'));
    expect(metrics.errors).toEqual([]);
    expect(metrics.frames.map((f) => f.name).sort()).toEqual(models);
    await h.screenshot(`query-metrics-${theme}`);

    const promql = await h.showQuery(await h.scenario('metricsPromql'));
    expect(promql.errors).toEqual([]);
    expect(promql.frames).toHaveLength(2); // input and output token types
    await h.screenshot(`query-metricsPromql-${theme}`);

    const versions = await h.showQuery(await h.scenario('versionComparison'));
    expect(versions.errors).toEqual([]);
    // One row per metric × version (v1, v2, v3 of the synthetic series).
    expect(versions.frames[0].fields).toEqual(expect.arrayContaining(['metric', 'version', 'verdict']));
    expect(versions.frames[0].length % 3).toBe(0);
    expect(versions.frames[0].length).toBeGreaterThanOrEqual(3 * 12);
    await h.screenshot(`query-versionComparison-${theme}`);

    const tqlm = await h.showQuery(await h.scenario('traceqlMetrics'));
    expect(tqlm.errors).toEqual([]);
    expect(tqlm.frames.length).toBeGreaterThan(0);
    await h.screenshot(`query-traceqlMetrics-${theme}`);

    const requested = (await h.page.evaluate(() => (window as any).harness.requests())) as Array<{
      url: string;
      status: number;
    }>;
    expect(requested.some((r) => r.url.startsWith('/api/datasources/proxy/uid/tempo/api/search?'))).toBe(true);
    expect(requested.some((r) => r.url.startsWith('/api/datasources/proxy/uid/prometheus/api/v1/query_range?'))).toBe(
      true
    );
  });
});

describe('template variables', () => {
  it('a trace id variable is replaced by the host templateSrv', async () => {
    await h.open();
    const { id, spans } = recordedTraces()[0];
    await h.setVariables([{ name: 'traceId', value: id }]);
    const r = await h.showQuery({
      datasourceUid: 'genai',
      query: { refId: 'A', queryType: 'traceById', traceId: '$traceId' },
    });
    expect(r.errors).toEqual([]);
    expect(r.frames[0].length).toBe(spans);
  });
});

describe.each(THEMES)('panels (%s theme)', (theme) => {
  it.each(panels.map((p) => [p.id]))('%s renders the data source frames with its options editor', async (id) => {
    await h.open(theme);
    const scenario: Record<string, string> = {
      'genaiobs-spantree-panel': 'traceById',
      'genaiobs-versioncompare-panel': 'versionComparison',
      'genaiobs-qualitycost-panel': 'tracePoints',
    };
    const query = await h.scenario(scenario[id] ?? 'traceSearch');
    const r = await h.renderPanel(id, { query, width: 900, height: 500 });
    expect(r.errors).toEqual([]);
    const panel = h.page.locator(`[data-harness-panel="${id}"]`);
    await panel.waitFor();
    await h.page.waitForTimeout(300);
    expect((await panel.innerText()).trim().length).toBeGreaterThan(0);
    if (id === 'genaiobs-versioncompare-panel') {
      // The real comparison of the synthetic series: v1 is the baseline, every metric a row.
      const text = await panel.innerText();
      expect(text).toContain('baseline');
      expect(text).toContain('Requests');
      expect(text).toContain('Error rate');
      expect(text).toMatch(/worse|better|no significant difference|not enough data/);
    }
    await h.screenshot(`panel-${id}-${theme}`);
  });

  it('fixture panel: defaults, option editor changes and frames reach the panel', async () => {
    await h.open(theme);
    const frames = [{ name: 'a', fields: [{ name: 'x', values: [1, 2, 3] }] }];
    await h.renderPanel('genaiobs-harnessfixture-panel', { frames, width: 500, height: 200 });
    const panel = h.page.getByTestId('fixture-panel');
    expect(await panel.innerText()).toContain('Frames: 1 frame(s), 3 row(s)');
    const label = h.page.locator('[data-harness-option="label"] input');
    await label.fill('Series');
    await label.blur();
    expect(await panel.innerText()).toContain('Series: 1 frame(s), 3 row(s)');
    await h.screenshot(`panel-fixture-${theme}`);
  });
});
