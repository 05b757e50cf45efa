// Test helper: starts the Grafana host harness (harness/server/main.ts, its own process with a
// real Prometheus and replayed or live Tempo) and drives it in Debian's chromium through
// playwright-core. One harness per test file; `close()` stops the browser and the server.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import type { QueryResultSummary } from './queryResultSummary';

const REPO_ROOT = path.resolve(__dirname, '../..');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-output/harness');

export type Theme = 'dark' | 'light';

/** Mirrors harness/host/index.tsx QuerySpec / PanelSpec (kept structural: the host is built separately). */
export interface HarnessQuery {
  datasourceUid: string;
  query: Record<string, unknown> & { refId: string };
  /** More queries of the same panel, run in the same request. */
  extra?: Array<Record<string, unknown> & { refId: string }>;
  range?: { from: string | number; to: string | number };
  intervalMs?: number;
}

export interface PanelSpec {
  /** DataFrameJSON (dataFrameToJSON) or DataFrameDTO objects. */
  frames?: object[];
  query?: HarnessQuery;
  options?: Record<string, unknown>;
  fieldConfig?: { defaults: Record<string, unknown>; overrides: unknown[] };
  width?: number;
  height?: number;
  title?: string;
  showOptionsEditor?: boolean;
}

export interface HarnessSession {
  url: string;
  browser: Browser;
  page: Page;
  /** Console errors and uncaught page errors since the last navigation. */
  pageErrors: string[];
  /** Opens the host page in a theme (a new page load, as Grafana reloads boot data). */
  open(theme?: Theme, role?: 'Admin' | 'Editor' | 'Viewer'): Promise<void>;
  /** Loads a plugin module as Grafana does; rejects with the loader's message. */
  loadPlugin(id: string): Promise<{ id: string; type: string; exports: string[]; hostClass: boolean }>;
  /** Data source settings page (ConfigEditor + Save & test); `jsonData` overrides saved fields. */
  showConfig(uid: string, jsonData?: Record<string, unknown>): Promise<void>;
  /** Query editor for a query; resolves with the first result (frames summary). */
  showQuery(q: HarnessQuery): Promise<QueryResultSummary>;
  /** Named example query of the harness (traceSearch, traceById, metrics, traceqlMetrics, …). */
  scenario(name: string, uid?: string): Promise<HarnessQuery>;
  /**
   * An app plugin's page at `/a/<id>` + `path` (e.g. `overview`, `?tab=x`; none: the app's root),
   * its root component in Grafana's router context; resolves with the AppRootProps it rendered with.
   * The view's box: `[data-harness-app="<id>"]`.
   */
  showApp(
    pluginId: string,
    path?: string
  ): Promise<{ pluginId: string; basename: string; path: string; query: Record<string, unknown> }>;
  /** Any panel plugin in dist, with frames given or from a data source query. */
  renderPanel(pluginId: string, spec: PanelSpec): Promise<QueryResultSummary>;
  setVariables(vars: Array<{ name: string; value: string | string[] }>): Promise<void>;
  /** Full-page PNG under test-output/harness/<name>.png; returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

function startServer(withFixtures: boolean): Promise<{ proc: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const tsx = path.join(REPO_ROOT, 'node_modules/.bin/tsx');
    const args = ['harness/server/main.ts', '--port', '0', ...(withFixtures ? ['--with-fixtures'] : [])];
    const proc = spawn(tsx, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let out = '';
    const timer = setTimeout(() => {
      proc.kill('SIGTERM');
      reject(new Error(`harness did not start within 90 s:\n${out}`));
    }, 90_000);
    const onData = (d: Buffer) => {
      out += String(d);
      const m = /HARNESS_URL=(\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1] });
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (d) => (out += String(d)));
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`harness exited (${code}) before it was ready:\n${out}`));
    });
  });
}

function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const kill = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    proc.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    proc.kill('SIGTERM');
  });
}

export async function openHarness(
  opts: { withFixtures?: boolean; viewport?: { width: number; height: number } } = {}
): Promise<HarnessSession> {
  if (!existsSync(path.join(REPO_ROOT, 'dist/plugin.json'))) {
    throw new Error('dist/ is missing: run `npm run build` before the browser tests (CI builds first).');
  }
  const server = await startServer(Boolean(opts.withFixtures));
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (e) {
    await stopProcess(server.proc);
    throw e;
  }
  const page = await browser.newPage({ viewport: opts.viewport ?? { width: 1400, height: 1000 } });
  const pageErrors: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    // Failed loads are recorded with their URL by the response listener below.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) {
      pageErrors.push(m.text());
    }
  });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('response', (r) => {
    // Data source proxy errors are the plugins' business (tested through their messages); the
    // web fonts are Grafana server assets that no npm package ships (see harness/README.md).
    const url = r.url();
    if (r.status() >= 400 && !url.includes('/api/datasources/proxy/') && !url.includes('/public/fonts/')) {
      pageErrors.push(`HTTP ${r.status()} ${url}`);
    }
  });

  const call = <T>(fn: string, ...args: unknown[]): Promise<T> =>
    page.evaluate(([f, a]) => (window as any).harness[f as string](...(a as unknown[])), [
      fn,
      args,
    ] as const) as Promise<T>;

  const session: HarnessSession = {
    url: server.url,
    browser,
    page,
    pageErrors,
    async open(theme: Theme = 'dark', role: 'Admin' | 'Editor' | 'Viewer' = 'Admin') {
      pageErrors.length = 0;
      // Saved data source settings of earlier tests do not leak into this page.
      const reset = await fetch(`${server.url}/api/harness/reset`, { method: 'POST' });
      if (!reset.ok) {
        throw new Error(`harness reset failed: HTTP ${reset.status}`);
      }
      await page.goto(`${server.url}/?theme=${theme}&role=${role}`);
      await page.waitForFunction(() => document.body.dataset.harnessReady === 'true');
    },
    loadPlugin: (id) => call('loadPlugin', id),
    showConfig: (uid, jsonData) => call('showConfig', uid, jsonData),
    showQuery: (q) => call('showQuery', q),
    async scenario(name, uid = 'genai') {
      const s = await call<{ query: HarnessQuery['query']; intervalMs?: number; range?: HarnessQuery['range'] }>(
        'scenario',
        uid,
        name
      );
      return { datasourceUid: uid, query: s.query, intervalMs: s.intervalMs, range: s.range };
    },
    renderPanel: (pluginId, spec) => call('showPanel', pluginId, spec),
    showApp: (pluginId, path) => call('showApp', pluginId, path),
    setVariables: (vars) => call('setVariables', vars),
    async screenshot(name) {
      await mkdir(SCREENSHOT_DIR, { recursive: true });
      const file = path.join(SCREENSHOT_DIR, `${name}.png`);
      // No hover or focus state in the picture.
      await page.mouse.move(0, 0);
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur?.());
      await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
      return file;
    },
    async close() {
      await browser.close().catch(() => {});
      await stopProcess(server.proc);
    },
  };
  await session.open();
  return session;
}
