// Loads plugin modules the way Grafana does (public/app/features/plugins/loader/): SystemJS with
// its AMD and named-register extras, shared dependencies registered as `package:<name>` plus an
// import map, module sources fetched and wrapped so their `define` is SystemJS's AMD define.
import 'systemjs/dist/system.js';
import 'systemjs/dist/extras/amd.js';
import 'systemjs/dist/extras/named-register.js';
import { sharedDependencies } from './sharedDependencies';

interface SystemJSLike {
  set(id: string, mod: object): void;
  addImportMap(map: { imports: Record<string, string> }): void;
  import(id: string): Promise<Record<string, unknown>>;
  constructor: { prototype: Record<string, unknown> };
}

declare global {
  interface Window {
    System: SystemJSLike;
    __grafana_amd_define?: unknown;
    define?: unknown;
  }
}

const SHARED_DEPENDENCY_PREFIX = 'package';
const JS_CONTENT_TYPE_REGEX = /^(text|application)\/(x-)?javascript(;|$)/;
const AMD_MODULE_REGEX = /\bdefine\(/;

let initialised = false;

/** Registers shared dependencies and the fetch hook once (Grafana does it at start-up). */
export function initPluginLoader(): void {
  if (initialised) {
    return;
  }
  initialised = true;
  const System = window.System;
  // Grafana moves SystemJS's global define aside (Monaco's RequireJS must not see it) and hands
  // it to AMD plugin sources through a wrapper.
  window.__grafana_amd_define = window.define;
  window.define = undefined;

  const imports: Record<string, string> = {};
  for (const [name, mod] of Object.entries(sharedDependencies)) {
    const id = `${SHARED_DEPENDENCY_PREFIX}:${name}`;
    System.set(id, mod);
    imports[name] = id;
  }
  System.addImportMap({ imports });

  const proto = System.constructor.prototype as {
    shouldFetch: () => boolean;
    fetch: (url: string, options?: RequestInit) => Promise<Response>;
  };
  const systemJSFetch = proto.fetch;
  proto.shouldFetch = () => true;
  proto.fetch = async function (url: string, options?: RequestInit) {
    const res = await systemJSFetch.call(this, url, options);
    const contentType = res.headers.get('content-type') || '';
    if (!JS_CONTENT_TYPE_REGEX.test(contentType)) {
      return res;
    }
    const source = await res.text();
    const wrapped = AMD_MODULE_REGEX.test(source)
      ? `(function(define) {\n  ${source}\n})(window.__grafana_amd_define);`
      : source;
    return new Response(new Blob([wrapped], { type: 'text/javascript' }));
  };
}

export class PluginLoadError extends Error {
  constructor(
    readonly pluginId: string,
    readonly cause: unknown
  ) {
    super(`Plugin ${pluginId} failed to load: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** `System.import` of `public/plugins/<id>/module.js`; resolves to the module's exports. */
export async function importPluginModule(pluginId: string, modulePath: string): Promise<Record<string, unknown>> {
  initPluginLoader();
  try {
    const exports = await window.System.import(modulePath);
    if (!exports || !('plugin' in exports)) {
      throw new Error(`${modulePath} does not export "plugin"`);
    }
    return exports;
  } catch (e) {
    throw new PluginLoadError(pluginId, e);
  }
}
