// Extends create-plugin's config (.config/ stays as scaffolded).
import path from 'node:path';
import type { Compiler, Configuration } from 'webpack';
import CopyWebpackPlugin from 'copy-webpack-plugin';
import { merge } from 'webpack-merge';
import grafanaConfig, { type Env } from './.config/webpack/webpack.config.ts';

/**
 * Grafana loads a nested plugin (e.g. `datasource/module.js`) with its own folder as public path,
 * so a lazily loaded chunk it needs (the price table) must sit in that folder, not at the root.
 * This moves each async chunk of a nested entry next to that entry.
 */
class NestedPluginChunksPlugin {
  apply(compiler: Compiler) {
    const { Compilation } = compiler.webpack;
    compiler.hooks.thisCompilation.tap('NestedPluginChunks', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'NestedPluginChunks', stage: Compilation.PROCESS_ASSETS_STAGE_SUMMARIZE },
        () => {
          const usedAtRoot = new Set<string>();
          const moves: Array<{ file: string; dir: string }> = [];
          for (const [entryName, entrypoint] of compilation.entrypoints) {
            const dir = path.posix.dirname(entryName);
            for (const chunk of entrypoint.getEntrypointChunk().getAllAsyncChunks()) {
              for (const file of [...chunk.files, ...chunk.auxiliaryFiles]) {
                if (dir === '.') {
                  usedAtRoot.add(file);
                } else {
                  moves.push({ file, dir });
                }
              }
            }
          }
          for (const { file, dir } of moves) {
            const asset = compilation.getAsset(file);
            if (asset) {
              compilation.emitAsset(`${dir}/${file}`, asset.source, asset.info);
            }
          }
          for (const { file } of moves) {
            if (!usedAtRoot.has(file) && compilation.getAsset(file)) {
              compilation.deleteAsset(file);
            }
          }
        }
      );
    });
  }
}

const config = async (env: Env): Promise<Configuration> => {
  const base = await grafanaConfig(env);
  return merge(base, {
    plugins: [
      new NestedPluginChunksPlugin(),
      // The app's `includes` name `dashboards/*.json`; the files live at the repo root (shared with
      // file provisioning), so they are copied into the bundle here.
      new CopyWebpackPlugin({
        patterns: [
          { from: '../dashboards/*.json', to: 'dashboards/[name][ext]' },
          // The scaffold copies only the root plugin's logos; nested plugins name theirs relative to
          // their own folder (`datasource/img/logo.svg`, `panels/span-tree/img/logo.svg`).
          { from: '*/**/img/*', to: '[path][name][ext]' },
        ],
      }),
    ],
  });
};

export default config;
