// esbuild options for one-file browser bundles of React + @grafana/ui code outside Grafana's
// webpack build: the harness host (harness/server/buildHostBundle.ts) and the span-tree bench page
// (bench/spanTreeBrowser.ts).
import type { BuildOptions } from 'esbuild';

/** The shared part; callers add entry point, output file, minification and plugins. */
export function browserBundleOptions(nodeEnv: 'production' | 'development'): BuildOptions {
  return {
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': JSON.stringify(nodeEnv), global: 'window' },
    // Asset imports in the Grafana packages: SVGs as text, fonts and images left out.
    loader: {
      '.svg': 'text',
      '.woff': 'empty',
      '.woff2': 'empty',
      '.ttf': 'empty',
      '.eot': 'empty',
      '.png': 'empty',
      '.gif': 'empty',
    },
    logLevel: 'error',
  };
}
