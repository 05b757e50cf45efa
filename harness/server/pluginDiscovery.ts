// Finds every plugin.json under dist/ (the app, nested data source and panels) as Grafana's plugin
// loader does, and builds the metadata Grafana serves to the frontend: module and base URLs under
// /public/plugins/<id>/ (pkg/plugins/manager/loader/assetpath), logos made absolute.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface DiscoveredPlugin {
  id: string;
  type: string;
  dir: string;
  /** plugin.json as written to dist, plus module/baseUrl. */
  meta: Record<string, any>;
}

async function findPluginJsons(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      out.push(...(await findPluginJsons(p)));
    } else if (e.name === 'plugin.json') {
      out.push(p);
    }
  }
  return out;
}

export async function discoverPlugins(roots: string[]): Promise<DiscoveredPlugin[]> {
  const plugins: DiscoveredPlugin[] = [];
  for (const root of roots) {
    for (const file of await findPluginJsons(root)) {
      const json = JSON.parse(await readFile(file, 'utf8'));
      const base = `/public/plugins/${json.id}`;
      const abs = (p?: string) => (p && !/^https?:|^\//.test(p) ? `${base}/${p}` : p);
      plugins.push({
        id: json.id,
        type: json.type,
        dir: path.dirname(file),
        meta: {
          ...json,
          module: `${base}/module.js`,
          baseUrl: base,
          info: {
            ...json.info,
            logos: { small: abs(json.info?.logos?.small), large: abs(json.info?.logos?.large) },
          },
        },
      });
    }
  }
  const seen = new Set<string>();
  for (const p of plugins) {
    if (seen.has(p.id)) {
      throw new Error(`Two plugins with id ${p.id} (${p.dir})`);
    }
    seen.add(p.id);
  }
  return plugins;
}
