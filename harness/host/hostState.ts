// What the server tells the page about the installed plugins (read from dist/**/plugin.json), and
// the loaded plugin objects.
import type { PluginMeta } from '@grafana/data';
import { importPluginModule } from './pluginLoader';
import type { HostServices } from './services';

export interface HarnessPluginMeta extends PluginMeta {
  /** `/public/plugins/<id>/module.js`, as Grafana's assetpath.Module gives it. */
  module: string;
}

export interface HarnessConfig {
  plugins: HarnessPluginMeta[];
  theme: 'dark' | 'light';
}

declare global {
  interface Window {
    __harnessConfig: HarnessConfig;
  }
}

let services: HostServices | undefined;
const loaded = new Map<string, Promise<Record<string, unknown>>>();

export function setServices(s: HostServices) {
  services = s;
}

export function getServices(): HostServices {
  if (!services) {
    throw new Error('host services are not installed yet');
  }
  return services;
}

export function pluginMeta(id: string): HarnessPluginMeta {
  const meta = window.__harnessConfig.plugins.find((p) => p.id === id);
  if (!meta) {
    throw new Error(`No plugin ${id} in dist (found: ${window.__harnessConfig.plugins.map((p) => p.id).join(', ')})`);
  }
  return meta;
}

/** Loads a plugin's module once (as Grafana caches System.import) and returns its `plugin` export. */
export async function loadPlugin<T>(id: string): Promise<T> {
  const meta = pluginMeta(id);
  if (!loaded.has(id)) {
    const p = importPluginModule(id, meta.module);
    loaded.set(id, p);
    p.catch(() => loaded.delete(id));
  }
  const exports = await loaded.get(id)!;
  const plugin = exports.plugin as { meta?: PluginMeta };
  // Grafana's importPanelPlugin / loadDatasource set meta on the plugin object.
  plugin.meta = { ...meta, ...(plugin.meta ?? {}) } as PluginMeta;
  return plugin as T;
}
