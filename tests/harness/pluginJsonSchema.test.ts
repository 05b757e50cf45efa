/** @jest-environment node */
// Every plugin.json (sources, and dist/ when built) against Grafana's plugin.json schema, vendored
// in scripts/grafana-compat/ (source and commit in its README).
import Ajv from 'ajv';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const REPO = path.resolve(__dirname, '../..');
const schema = JSON.parse(readFileSync(path.join(REPO, 'scripts/grafana-compat/plugin.schema.json'), 'utf8'));
// The vendored copy predates `buildMode`, which create-plugin's build writes into dist/plugin.json
// and today's upstream schema allows (grafana/grafana apps/plugins/pkg/apis/plugins/v0alpha1/
// meta_spec_gen.go, generated from it: `BuildMode *string json:"buildMode"`). Only that is added.
schema.properties.buildMode ??= { type: 'string' };
const validate = new Ajv({ allErrors: true }).compile(schema);

function pluginJsons(dir: string): string[] {
  if (!existsSync(dir)) {
    return [];
  }
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      return e.name === 'node_modules' ? [] : pluginJsons(p);
    }
    return e.name === 'plugin.json' ? [p] : [];
  });
}

const files = [...pluginJsons(path.join(REPO, 'src')), ...pluginJsons(path.join(REPO, 'dist'))];

function errorsOf(json: unknown): string[] {
  return validate(json)
    ? []
    : (validate.errors ?? []).map(
        (e) =>
          `${e.dataPath || '/'} ${e.message}${e.keyword === 'additionalProperties' ? `: ${(e.params as { additionalProperty: string }).additionalProperty}` : ''}`
      );
}

describe("plugin.json files against Grafana's schema", () => {
  it('finds the app, the data source and the panels in src/', () => {
    const ids = files
      .filter((f) => f.includes(`${path.sep}src${path.sep}`))
      .map((f) => JSON.parse(readFileSync(f, 'utf8')).id);
    expect(ids).toEqual(expect.arrayContaining(['genaiobs-genai-app', 'genaiobs-genai-datasource']));
  });

  it.each(files.map((f) => [path.relative(REPO, f)]))('%s is valid', (rel) => {
    expect(errorsOf(JSON.parse(readFileSync(path.join(REPO, rel), 'utf8')))).toEqual([]);
  });

  it('rejects what Grafana rejects (the check can fail)', () => {
    const app = JSON.parse(readFileSync(path.join(REPO, 'src/plugin.json'), 'utf8'));
    expect(errorsOf({ ...app, id: 'GenAI_App' })).not.toEqual([]);
    expect(errorsOf({ ...app, dependencies: { plugins: [] } })).toEqual([expect.stringContaining('grafanaDependency')]);
    expect(errorsOf({ ...app, info: { ...app.info, keywords: [] } })).not.toEqual([]);
  });
});
