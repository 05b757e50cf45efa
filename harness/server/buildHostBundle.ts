// Builds harness/host into one browser bundle with esbuild: Grafana's shared modules (from
// node_modules, the @grafana/* 13.2.2 this repo builds against) plus the host views. Cached by the
// newest mtime of its inputs so `npm run harness` and the tests rebuild only after changes.
import { build, type Plugin } from 'esbuild';
import { mkdir, readdir, stat, writeFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { browserBundleOptions } from '../../tests/helpers/browserBundleOptions';

export const REPO_ROOT = path.resolve(__dirname, '../..');
const HOST_DIR = path.join(REPO_ROOT, 'harness/host');
const OUT_DIR = path.join(REPO_ROOT, 'node_modules/.cache/genai-harness-host');
export const HOST_BUNDLE = path.join(OUT_DIR, 'host.js');

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? await newestMtime(p) : (await stat(p)).mtimeMs);
  }
  return newest;
}

/**
 * The @grafana/* packages resolve to their CommonJS builds. Their ESM builds are `.mjs`, for which
 * esbuild applies Node's interop (a CommonJS dependency's default import is its whole
 * `module.exports`), so e.g. CustomScrollbar got an object for a component; Grafana's webpack
 * build and the CJS builds unwrap `__esModule` defaults.
 */
const grafanaPackagesAsCommonJs: Plugin = {
  name: 'grafana-packages-cjs',
  setup(b) {
    b.onResolve({ filter: /^@grafana\/(ui|data|runtime|schema|i18n|e2e-selectors)(\/.*)?$/ }, (args) => ({
      path: require.resolve(args.path, { paths: [REPO_ROOT] }),
    }));
  },
};

/** Returns the bundle path; builds when harness/host, this file or package-lock.json changed since the last build. */
export async function buildHostBundle(opts: { force?: boolean; log?: (s: string) => void } = {}): Promise<string> {
  // HARNESS_DEV=1: React's development build (full error messages, warnings) and no minification.
  const dev = process.env.HARNESS_DEV === '1';
  const stamp = `${dev ? 'dev' : 'prod'}:${Math.max(
    await newestMtime(HOST_DIR),
    (await stat(path.join(REPO_ROOT, 'package-lock.json'))).mtimeMs,
    (await stat(__filename)).mtimeMs
  )}`;
  const stampFile = path.join(OUT_DIR, 'host.stamp');
  const previous = await readFile(stampFile, 'utf8').catch(() => '');
  if (!opts.force && previous === stamp) {
    return HOST_BUNDLE;
  }
  await mkdir(OUT_DIR, { recursive: true });
  const t0 = Date.now();
  await build({
    ...browserBundleOptions(dev ? 'development' : 'production'),
    entryPoints: [path.join(HOST_DIR, 'index.tsx')],
    outfile: HOST_BUNDLE,
    minify: !dev,
    sourcemap: true,
    plugins: [grafanaPackagesAsCommonJs],
  });
  await writeFile(stampFile, stamp);
  opts.log?.(`host bundle built in ${Date.now() - t0} ms → ${path.relative(REPO_ROOT, HOST_BUNDLE)}`);
  return HOST_BUNDLE;
}

if (require.main === module) {
  buildHostBundle({ force: true, log: console.log }).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
