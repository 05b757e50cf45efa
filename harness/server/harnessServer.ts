// The harness HTTP server: the host page (boot data inline, like Grafana's index.html), the host
// bundle, plugin assets under /public/plugins/<id>/, @grafana/ui's icons, the data source save
// API and Grafana's data source proxy (/api/datasources/proxy/uid/<uid>/...) to a real
// Prometheus and to Tempo (live, or replayed from recorded real responses).
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { availableIconsIndex } from '@grafana/data';
import { buildHostBundle, REPO_ROOT } from './buildHostBundle';
import { discoverPlugins, type DiscoveredPlugin } from './pluginDiscovery';
import type { TempoReplay } from './tempoReplay';
import type { SyntheticTempo } from '../../tests/helpers/syntheticTempo';

export const GRAFANA_VERSION = '13.2.2';
const ICONS_DIR = path.join(REPO_ROOT, 'node_modules/@grafana/ui/dist/public/img/icons');

export interface HarnessServerOptions {
  /** Folders searched for plugin.json (dist/, plus test fixtures). */
  pluginRoots: string[];
  prometheusUrl: string;
  tempo: { url: string } | { replay: TempoReplay };
  /** A generated Tempo (uid `tempo-synthetic`) for exports too large to record (tests/helpers/syntheticTempo.ts). */
  syntheticTempo?: SyntheticTempo;
  /** Loki (uid `loki`); uid `loki-down` always answers as an unreachable backend does. */
  loki?: { url: string } | { replay: TempoReplay };
  /** Data source settings of our plugin (uid `genai`). */
  genaiJsonData?: Record<string, unknown>;
  traceqlMetrics: string;
  traceqlMetricsStepMs: number;
  port?: number;
  log?: (line: string) => void;
}

export interface HarnessServer {
  url: string;
  plugins: DiscoveredPlugin[];
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.md': 'text/markdown',
  '.html': 'text/html; charset=utf-8',
};

// Grafana's server ships an SVG for every IconName; the @grafana/ui npm package only a subset.
const ICON_PLACEHOLDER = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect x="4" y="4" width="16" height="16" rx="3" fill="currentColor" opacity="0.6"/></svg>`;

const GENERIC_LOGO = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="10" fill="#888"/></svg>`;

function inlineJson(value: unknown): string {
  // Inside <script>: no "</script>" or HTML comment can break out.
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export async function startHarnessServer(o: HarnessServerOptions): Promise<HarnessServer> {
  const plugins = await discoverPlugins(o.pluginRoots);
  const bundle = await buildHostBundle({ log: o.log });
  const byId = new Map(plugins.map((p) => [p.id, p]));
  const iconPlaceholders = new Set<string>();
  const dsPlugin = plugins.find((p) => p.id === 'genaiobs-genai-datasource');

  // Data source instance settings as Grafana puts them in boot data (keyed by name).
  const datasources: Record<string, any> = {
    Tempo: {
      id: 2,
      uid: 'tempo',
      type: 'tempo',
      name: 'Tempo',
      access: 'proxy',
      url: '/api/datasources/proxy/uid/tempo',
      jsonData: {},
      readOnly: false,
      meta: {
        id: 'tempo',
        type: 'datasource',
        name: 'Tempo',
        tracing: true,
        module: 'core:plugin/tempo',
        info: { logos: { small: '/public/img/harness-logo.svg', large: '/public/img/harness-logo.svg' } },
      },
    },
    Loki: {
      id: 5,
      uid: 'loki',
      type: 'loki',
      name: 'Loki',
      access: 'proxy',
      url: '/api/datasources/proxy/uid/loki',
      jsonData: {},
      readOnly: false,
      meta: {
        id: 'loki',
        type: 'datasource',
        name: 'Loki',
        logs: true,
        module: 'core:plugin/loki',
        info: { logos: { small: '/public/img/harness-logo.svg', large: '/public/img/harness-logo.svg' } },
      },
    },
    Prometheus: {
      id: 3,
      uid: 'prometheus',
      type: 'prometheus',
      name: 'Prometheus',
      access: 'proxy',
      url: '/api/datasources/proxy/uid/prometheus',
      jsonData: {},
      readOnly: false,
      meta: {
        id: 'prometheus',
        type: 'datasource',
        name: 'Prometheus',
        metrics: true,
        module: 'core:plugin/prometheus',
        info: { logos: { small: '/public/img/harness-logo.svg', large: '/public/img/harness-logo.svg' } },
      },
    },
  };
  if (dsPlugin) {
    datasources['GenAI Observability'] = {
      id: 1,
      uid: 'genai',
      type: dsPlugin.id,
      name: 'GenAI Observability',
      access: 'proxy',
      url: '',
      isDefault: true,
      readOnly: false,
      jsonData: o.genaiJsonData ?? {
        tempoDatasourceUid: 'tempo',
        prometheusDatasourceUid: 'prometheus',
        ...(o.loki ? { lokiDatasourceUid: 'loki' } : {}),
      },
      meta: dsPlugin.meta,
    };
    // Loki holds nothing under this selector: spans without content must say there is no chat.
    datasources['GenAI Observability (Loki, other streams)'] = {
      id: 7,
      uid: 'genai-loki-elsewhere',
      type: dsPlugin.id,
      name: 'GenAI Observability (Loki, other streams)',
      access: 'proxy',
      url: '',
      readOnly: false,
      jsonData: {
        tempoDatasourceUid: 'tempo',
        lokiDatasourceUid: 'loki',
        lokiStreamSelector: '{service_name="genai-no-such-service"}',
      },
      meta: dsPlugin.meta,
    };
    if (o.syntheticTempo) {
      // 10,000 generated agent traces: the dataset export's scale test.
      datasources['GenAI Observability (synthetic)'] = {
        id: 8,
        uid: 'genai-synthetic',
        type: dsPlugin.id,
        name: 'GenAI Observability (synthetic)',
        access: 'proxy',
        url: '',
        readOnly: false,
        // A trace limit of 1,000: answers a browser parses in a few ms (5,000-trace answers took 100+ ms tasks).
        jsonData: { tempoDatasourceUid: 'tempo-synthetic', searchLimit: 1000, spansPerTrace: 10 },
        meta: dsPlugin.meta,
      };
    }
    // The same Tempo with a Loki that cannot be reached: the span tree must say so and keep working.
    datasources['GenAI Observability (Loki down)'] = {
      id: 6,
      uid: 'genai-loki-down',
      type: dsPlugin.id,
      name: 'GenAI Observability (Loki down)',
      access: 'proxy',
      url: '',
      readOnly: false,
      jsonData: { tempoDatasourceUid: 'tempo', lokiDatasourceUid: 'loki-down' },
      meta: dsPlugin.meta,
    };
    // The same Tempo without Prometheus: what a user with traces only gets (all from TraceQL metrics).
    datasources['GenAI Observability (Tempo only)'] = {
      id: 4,
      uid: 'genai-tempo',
      type: dsPlugin.id,
      name: 'GenAI Observability (Tempo only)',
      access: 'proxy',
      url: '',
      readOnly: false,
      jsonData: { tempoDatasourceUid: 'tempo' },
      meta: dsPlugin.meta,
    };
  }

  const initialDatasources = structuredClone(datasources);
  type OrgRole = 'Admin' | 'Editor' | 'Viewer';

  function bootData(theme: 'dark' | 'light', appUrl: string, role: OrgRole) {
    return {
      settings: {
        appUrl,
        appSubUrl: '',
        buildInfo: {
          version: GRAFANA_VERSION,
          commit: 'harness',
          env: 'production',
          edition: 'Open Source',
          latestVersion: GRAFANA_VERSION,
          hasUpdate: false,
          hideVersion: false,
        },
        datasources,
        defaultDatasource: dsPlugin ? 'genai' : 'tempo',
        panels: Object.fromEntries(
          plugins
            .filter((p) => p.type === 'panel')
            .map((p) => [
              p.id,
              { ...p.meta, sort: 100, hideFromList: false, skipDataQuery: Boolean(p.meta.skipDataQuery) },
            ])
        ),
        apps: Object.fromEntries(
          plugins
            .filter((p) => p.type === 'app')
            .map((p) => [
              p.id,
              {
                id: p.id,
                path: p.meta.module,
                version: p.meta.info?.version,
                preload: Boolean(p.meta.preload),
                angular: { detected: false, hideDeprecation: false },
                loadingStrategy: 'script',
                dependencies: p.meta.dependencies,
                extensions: {
                  addedLinks: [],
                  addedComponents: [],
                  exposedComponents: [],
                  extensionPoints: [],
                  addedFunctions: [],
                },
              },
            ])
        ),
        featureToggles: {},
        minRefreshInterval: '5s',
        dateFormats: undefined,
      },
      user: {
        id: 1,
        uid: 'admin',
        login: 'admin',
        name: 'admin',
        email: 'admin@localhost',
        isSignedIn: true,
        isGrafanaAdmin: role === 'Admin',
        orgId: 1,
        orgName: 'Main Org.',
        orgRole: role,
        theme,
        lightTheme: theme === 'light',
        timezone: 'utc',
        weekStart: 'monday',
        locale: 'en-US',
        language: 'en-US',
        permissions: {},
      },
      navTree: [],
      assets: { dark: '', light: '' },
    };
  }

  function page(theme: 'dark' | 'light', appUrl: string, role: OrgRole): string {
    const cfg = {
      theme,
      plugins: plugins.map((p) => p.meta),
    };
    const scenarioData = {
      traceIds: 'replay' in o.tempo ? o.tempo.replay.traceIds() : [],
      traceqlMetrics: o.traceqlMetrics,
      traceqlMetricsStepMs: o.traceqlMetricsStepMs,
    };
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Grafana host harness</title>
<link rel="stylesheet" href="/harness/host.css">
<script>
window.grafanaBootData = ${inlineJson(bootData(theme, appUrl, role))};
// As Grafana's index.html: assets (icons, fonts) resolve from /public/ whatever the page's path.
window.__grafana_public_path__ = '/public/';
window.__harnessConfig = ${inlineJson(cfg)};
window.__harnessScenarioData = ${inlineJson(scenarioData)};
</script>
</head>
<body class="theme-${theme}">
<div id="harness-root"></div>
<script src="/harness/host.js"></script>
</body>
</html>`;
  }

  async function sendFile(res: ServerResponse, file: string) {
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) {
      return notFound(res, 'not found');
    }
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(res);
  }

  function notFound(res: ServerResponse, message: string) {
    json(res, 404, { message });
  }

  function json(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  function underDir(dir: string, rel: string): string | undefined {
    const file = path.resolve(dir, '.' + path.posix.normalize('/' + rel));
    return file.startsWith(dir + path.sep) ? file : undefined;
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const c of req) {
      chunks.push(c as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  /** Grafana's proxy: the real backend's status and body; 502 when it cannot be reached. */
  async function proxy(req: IncomingMessage, res: ServerResponse, uid: string, rest: string, search: URLSearchParams) {
    let target: string | undefined;
    if (uid === 'prometheus') {
      target = o.prometheusUrl;
    } else if (uid === 'tempo' || (uid === 'loki' && o.loki)) {
      const backend = uid === 'tempo' ? o.tempo : o.loki!;
      if ('replay' in backend) {
        const ex = backend.replay.lookup(rest, search);
        if (!ex) {
          return json(res, 500, {
            message: `No recorded ${uid} response for ${rest}?${search}: re-record (fixtures/${uid}/README.md)`,
          });
        }
        res.writeHead(ex.status, {
          'content-type': ex.status < 400 ? 'application/json' : 'text/plain; charset=utf-8',
        });
        return res.end(ex.body);
      }
      target = backend.url;
    } else if (uid === 'tempo-synthetic' && o.syntheticTempo) {
      const a = o.syntheticTempo.answer(rest, search);
      if (!a) {
        return notFound(res, `The synthetic Tempo does not serve ${rest}`);
      }
      res.writeHead(a.status, { 'content-type': a.status < 400 ? 'application/json' : 'text/plain; charset=utf-8' });
      return res.end(a.body);
    } else if (uid === 'loki-down') {
      // What Grafana's proxy answers when the data source's URL does not answer.
      return json(res, 502, { message: 'Bad Gateway', error: 'dial tcp 127.0.0.1:3100: connect: connection refused' });
    } else {
      return notFound(res, 'Data source not found');
    }
    const qs = search.toString();
    const url = `${target.replace(/\/+$/, '')}${rest}${qs ? `?${qs}` : ''}`;
    const controller = new AbortController();
    res.on('close', () => controller.abort());
    try {
      const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req);
      const upstream = await fetch(url, {
        method: req.method,
        headers: {
          accept: req.headers.accept ?? '*/*',
          // Grafana's proxy passes the client's other headers on; Loki reads this one.
          ...(req.headers['x-loki-response-encoding-flags']
            ? { 'x-loki-response-encoding-flags': String(req.headers['x-loki-response-encoding-flags']) }
            : {}),
          ...(body
            ? { 'content-type': String(req.headers['content-type'] ?? 'application/x-www-form-urlencoded') }
            : {}),
        },
        body,
        signal: controller.signal,
      });
      const text = await upstream.text();
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/plain' });
      res.end(text);
    } catch (e) {
      if (!controller.signal.aborted) {
        json(res, 502, { message: 'Bad Gateway', error: String(e) });
      }
    }
  }

  const server = http.createServer(async (req, res) => {
    const u = new URL(req.url ?? '/', 'http://harness');
    const p = decodeURIComponent(u.pathname);
    try {
      if (p === '/' || p === '/index.html') {
        const theme = u.searchParams.get('theme') === 'light' ? 'light' : 'dark';
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        // The signed-in user's org role (`?role=Viewer`): what role-dependent features see.
        const role = (['Admin', 'Editor', 'Viewer'] as const).find((r) => r === u.searchParams.get('role')) ?? 'Admin';
        return res.end(page(theme, `http://${req.headers.host}/`, role));
      }
      if (p.startsWith('/harness/')) {
        const name = path.basename(p);
        if (!/^host\.(js|css)(\.map)?$/.test(name)) {
          return notFound(res, 'not found');
        }
        return sendFile(res, path.join(path.dirname(bundle), name));
      }
      let m = /^\/public\/plugins\/([^/]+)\/(.+)$/.exec(p);
      if (m) {
        const plugin = byId.get(m[1]);
        const file = plugin && underDir(plugin.dir, m[2]);
        return file ? sendFile(res, file) : notFound(res, 'Plugin file not found');
      }
      m = /^\/public\/build\/img\/icons\/(.+)$/.exec(p);
      if (m) {
        const file = underDir(ICONS_DIR, m[1]);
        const name = /^unicons\/([a-z0-9-]+)\.svg$/.exec(m[1])?.[1];
        if (file && !(await stat(file).catch(() => undefined)) && name && name in availableIconsIndex) {
          // A valid IconName Grafana serves but npm lacks: placeholder, listed for the report.
          iconPlaceholders.add(name);
          res.writeHead(200, { 'content-type': 'image/svg+xml', 'x-harness-placeholder': 'true' });
          return res.end(ICON_PLACEHOLDER);
        }
        return file ? sendFile(res, file) : notFound(res, 'icon not found');
      }
      if (p === '/public/img/harness-logo.svg') {
        res.writeHead(200, { 'content-type': 'image/svg+xml' });
        return res.end(GENERIC_LOGO);
      }
      m = /^\/api\/datasources\/proxy\/uid\/([^/]+)(\/.*)?$/.exec(u.pathname);
      if (m) {
        return proxy(req, res, decodeURIComponent(m[1]), m[2] ?? '/', u.searchParams);
      }
      m = /^\/api\/datasources\/uid\/([^/]+)$/.exec(p);
      if (m && req.method === 'PUT') {
        const saved = JSON.parse(await readBody(req));
        const entry = Object.entries(datasources).find(([, s]) => s.uid === m![1]);
        if (!entry) {
          return notFound(res, 'Data source not found');
        }
        delete datasources[entry[0]];
        datasources[saved.name ?? entry[0]] = {
          ...entry[1],
          name: saved.name ?? entry[1].name,
          jsonData: saved.jsonData ?? {},
        };
        return json(res, 200, {
          id: entry[1].id,
          message: 'Datasource updated',
          name: saved.name,
          datasource: { ...saved, version: 2 },
        });
      }
      if (p === '/api/harness/reset' && req.method === 'POST') {
        // Back to the settings the harness started with (tests start each page from them).
        for (const k of Object.keys(datasources)) {
          delete datasources[k];
        }
        Object.assign(datasources, structuredClone(initialDatasources));
        return json(res, 200, { message: 'reset' });
      }
      if (p === '/api/harness/icon-placeholders') {
        return json(res, 200, [...iconPlaceholders].sort());
      }
      if (p === '/api/harness/tempo-misses') {
        return json(res, 200, [
          ...('replay' in o.tempo ? o.tempo.replay.misses : []),
          ...(o.loki && 'replay' in o.loki ? o.loki.replay.misses : []),
        ]);
      }
      return notFound(res, `Not found: ${p}`);
    } catch (e) {
      json(res, 500, { message: String(e) });
    }
  });
  await new Promise<void>((resolve) => server.listen(o.port ?? 0, '127.0.0.1', resolve));
  const addr = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${addr.port}`,
    plugins,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function readRecordings(file: string) {
  return JSON.parse(await readFile(file, 'utf8'));
}
