/** @jest-environment node */
// Size budget of what Grafana downloads when a plugin loads: each module.js entry under dist/
// (250 kB, minified, before compression). The price table stays in its lazy chunk.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = path.resolve(__dirname, '../../dist');
const BUDGET_BYTES = 250_000;
// Keys of @pydantic/genai-prices' provider table; only the lazy chunk may contain them.
const PRICE_TABLE_MARKERS = ['pricing_urls', 'api_pattern'];

function entries(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      return entries(p);
    }
    return e.name === 'plugin.json' && existsSync(path.join(dir, 'module.js')) ? [path.join(dir, 'module.js')] : [];
  });
}

const built = existsSync(path.join(DIST, 'plugin.json'));
const modules = built ? entries(DIST) : [];
const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;

describe('bundle budget of dist/', () => {
  if (!built) {
    it('needs a build', () => {
      throw new Error('dist/ is missing: run `npm run build` first (CI builds before npm test).');
    });
    return;
  }

  afterAll(() => {
    const rows = modules.map((m) => {
      const buf = readFileSync(m);
      return `  ${path.relative(DIST, m).padEnd(34)} ${kB(buf.length).padStart(9)}  (gzip ${kB(gzipSync(buf).length)})`;
    });
    const chunk = path.join(DIST, 'datasource/genai-prices.js');
    if (existsSync(chunk)) {
      rows.push(`  ${'datasource/genai-prices.js (lazy)'.padEnd(34)} ${kB(statSync(chunk).size).padStart(9)}`);
    }
    console.info(`module.js sizes (budget ${kB(BUDGET_BYTES)} each):\n${rows.join('\n')}`);
  });

  it('finds the app, data source and panel entries', () => {
    const rel = modules.map((m) => path.relative(DIST, m));
    expect(rel).toEqual(expect.arrayContaining(['module.js', path.join('datasource', 'module.js')]));
  });

  it.each(modules.map((m) => [path.relative(DIST, m)]))('%s is within 250 kB and holds no price table', (rel) => {
    const text = readFileSync(path.join(DIST, rel), 'utf8');
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(BUDGET_BYTES);
    for (const marker of PRICE_TABLE_MARKERS) {
      expect(text).not.toContain(marker);
    }
  });

  it('the price table is a lazy chunk next to the data source module', () => {
    const chunk = readFileSync(path.join(DIST, 'datasource/genai-prices.js'), 'utf8');
    for (const marker of PRICE_TABLE_MARKERS) {
      expect(chunk).toContain(marker);
    }
    // webpack names lazy chunks in a map ({id:"genai-prices", …}[id] + ".js") once there are several.
    expect(readFileSync(path.join(DIST, 'datasource/module.js'), 'utf8')).toMatch(/genai-prices(?:\.js|")/);
  });
});
