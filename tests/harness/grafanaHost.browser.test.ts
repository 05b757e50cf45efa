/** @jest-environment node */
// Every plugin in dist/ loaded and exercised in a real browser through the Grafana host harness
// (harness/): SystemJS + Grafana's shared modules, host services wired to a real Prometheus and
// replayed real Tempo responses. Screenshots of each view, dark and light, in test-output/harness/;
// the query editor's also in docs/img/ (query-editor-*-<theme>.png), where the docs show them.
import { copyFileSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { SERIES } from '../helpers/syntheticMetrics';
import type { RecordingFile } from '../helpers/recordedTransport';
import { openHarness, SCREENSHOT_DIR, type HarnessSession, type Theme } from './openHarness';

// Browser steps take seconds each, more on a loaded machine.
jest.setTimeout(60_000);

const REPO = path.resolve(__dirname, '../..');
const THEMES: Theme[] = ['dark', 'light'];
const recordings: RecordingFile = JSON.parse(readFileSync(path.join(REPO, 'fixtures/tempo/recordings.json'), 'utf8'));

function distPlugins(dir = path.join(REPO, 'dist')): Array<{ id: string; type: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      return distPlugins(p);
    }
    return e.name === 'plugin.json' ? [JSON.parse(readFileSync(p, 'utf8'))] : [];
  });
}

/** Trace ids of the recorded trace-by-id responses and their span counts, from the recording itself. */
function recordedTraces(): Array<{ id: string; spans: number }> {
  return recordings.exchanges
    .filter((e) => e.status === 200 && /^\/api\/v2\/traces\/[0-9a-f]+$/.test(e.path))
    .map((e) => {
      const body = JSON.parse(e.body);
      const spans = (body.trace?.resourceSpans ?? []).flatMap((rs: any) =>
        (rs.scopeSpans ?? []).flatMap((ss: any) => ss.spans ?? [])
      );
      return { id: e.path.split('/').pop()!, spans: spans.length };
    });
}

function recordedSearchTraceCount(): number {
  // The unfiltered search (limit 100, spss 100): the first /api/search exchange the recorder made.
  const all = recordings.exchanges.find(
    (e) => e.path === '/api/search' && e.status === 200 && e.params.spss === '100' && e.params.limit === '100'
  )!;
  return JSON.parse(all.body).traces.length;
}

const DOCS_IMG = path.join(REPO, 'docs/img');

/** A screenshot of the harness that the docs show too: docs/img/<docsName>.png. */
function toDocs(file: string, docsName: string) {
  copyFileSync(file, path.join(DOCS_IMG, `${docsName}.png`));
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * Bounding box, in page px, of the pixels of `clip` that differ (any channel by more than 48) in
 * screenshot `a` from screenshot `b`, or from the background (the pixel 2 px in from the clip's
 * left edge, half-way down) when there is no `b`: the ink. Null when none do.
 */
async function inkBox(page: Page, clip: Box, a: Buffer, b?: Buffer): Promise<Box | null> {
  const box = await page.evaluate(
    async ([pa, pb]) => {
      const decode = async (b64: string) => {
        const img = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
        const canvas = new OffscreenCanvas(img.width, img.height);
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        return ctx.getImageData(0, 0, img.width, img.height);
      };
      const A = await decode(pa);
      const B = pb ? await decode(pb) : undefined;
      let found: { left: number; top: number; right: number; bottom: number } | null = null;
      for (let y = 0; y < A.height; y++) {
        for (let x = 0; x < A.width; x++) {
          const i = (y * A.width + x) * 4;
          const ref = B ? B.data : A.data;
          const j = B ? i : (Math.floor(A.height / 2) * A.width + 2) * 4;
          const d = Math.max(...[0, 1, 2].map((c) => Math.abs(A.data[i + c] - ref[j + c])));
          if (d > 48) {
            found = found
              ? {
                  left: Math.min(found.left, x),
                  top: Math.min(found.top, y),
                  right: Math.max(found.right, x + 1),
                  bottom: Math.max(found.bottom, y + 1),
                }
              : { left: x, top: y, right: x + 1, bottom: y + 1 };
          }
        }
      }
      return found;
    },
    [a.toString('base64'), b?.toString('base64')] as const
  );
  return (
    box && {
      left: box.left + clip.left,
      top: box.top + clip.top,
      right: box.right + clip.left,
      bottom: box.bottom + clip.top,
    }
  );
}

async function shot(page: Page, clip: Box): Promise<Buffer> {
  return page.screenshot({
    clip: { x: clip.left, y: clip.top, width: clip.right - clip.left, height: clip.bottom - clip.top },
  });
}

const EXTRA = 'textarea[aria-label="Extra TraceQL"]';
const OVERLAY = '[data-testid="traceql-overlay"]';

/**
 * The highlighted Extra TraceQL field as the browser lays it out: the overlay's text is the
 * textarea's value, both boxes coincide, and the first token is where the textarea's first glyph
 * goes (its content box's top-left corner, centred in the first line).
 */
async function extraFieldGeometry(page: Page) {
  return page.evaluate(
    ([ta, ov]) => {
      const textarea = document.querySelector<HTMLTextAreaElement>(ta)!;
      const overlay = textarea.parentElement!.querySelector<HTMLElement>(ov)!;
      const box = (r: DOMRect) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
      const t = getComputedStyle(textarea);
      const o = getComputedStyle(overlay);
      const px = (v: string) => parseFloat(v);
      const layout = [
        'fontFamily',
        'fontSize',
        'fontWeight',
        'fontStyle',
        'lineHeight',
        'letterSpacing',
        'wordSpacing',
        'whiteSpace',
        'overflowWrap',
        'wordBreak',
        'tabSize',
        'paddingTop',
        'paddingRight',
        'paddingBottom',
        'paddingLeft',
        'borderTopWidth',
        'borderLeftWidth',
        'boxSizing',
      ] as const;
      const r = textarea.getBoundingClientRect();
      const first = overlay.querySelector('[data-token]')!.getBoundingClientRect();
      return {
        value: textarea.value,
        overlayText: overlay.textContent,
        textarea: box(r),
        overlay: box(overlay.getBoundingClientRect()),
        // Where the textarea draws its first glyph: its content box's top-left corner.
        textOrigin: {
          left: r.left + px(t.borderLeftWidth) + px(t.paddingLeft) - textarea.scrollLeft,
          top: r.top + px(t.borderTopWidth) + px(t.paddingTop) - textarea.scrollTop,
        },
        lineHeight: px(t.lineHeight),
        firstToken: box(first),
        // Lines on screen: the distinct tops of the overlay text's line fragments.
        overlayLines: (() => {
          const range = document.createRange();
          range.selectNodeContents(overlay);
          return new Set([...range.getClientRects()].filter((c) => c.width > 0).map((c) => Math.round(c.top))).size;
        })(),
        styleDiffers: layout.filter((k) => t[k] !== o[k]),
        color: t.color,
        caretColor: t.caretColor,
        overlayColor: o.color,
        scroll: [textarea.scrollTop, overlay.scrollTop, textarea.scrollLeft, overlay.scrollLeft],
      };
    },
    [EXTRA, OVERLAY] as const
  );
}

/**
 * How far apart the glyphs of two screenshots of the same text are: per word (ink separated by
 * blank rows and then blank columns), the distance between the ink centroids, in px. Sub-pixel:
 * glyphs snapped to whole pixels differ by a pixel here and there when their positions differ by
 * less than one (the overlay's spans round their widths to 1/64 px, the textarea's one run does not).
 */
async function glyphShift(page: Page, a: Buffer, b: Buffer): Promise<{ words: number; dx: number; dy: number }> {
  return page.evaluate(
    async ([pa, pb]) => {
      const decode = async (b64: string) => {
        const img = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
        const canvas = new OffscreenCanvas(img.width, img.height);
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        return ctx.getImageData(0, 0, img.width, img.height);
      };
      const [A, B] = [await decode(pa), await decode(pb)];
      const { width: w, height: h } = A;
      const ink = (img: ImageData) => {
        // The background: a pixel of the left padding, half-way down (the corners can hold the
        // inside of the field's rounded border).
        const at = (Math.floor(h / 2) * w + 2) * 4;
        const bg = img.data.slice(at, at + 3);
        const out = new Float64Array(w * h);
        for (let i = 0; i < w * h; i++) {
          out[i] = Math.max(...[0, 1, 2].map((c) => Math.abs(img.data[i * 4 + c] - bg[c])));
        }
        return out;
      };
      const [ia, ib] = [ink(A), ink(B)];
      const any = (x0: number, x1: number, y0: number, y1: number) => {
        for (let y = y0; y < y1; y++) {
          for (let x = x0; x < x1; x++) {
            if (ia[y * w + x] > 24 || ib[y * w + x] > 24) {
              return true;
            }
          }
        }
        return false;
      };
      const runs = (n: number, blank: (i: number) => boolean) => {
        const out: Array<[number, number]> = [];
        for (let i = 0; i < n; i++) {
          if (!blank(i)) {
            const start = i;
            while (i < n && !blank(i)) {
              i++;
            }
            out.push([start, i]);
          }
        }
        return out;
      };
      const centroid = (img: Float64Array, x0: number, x1: number, y0: number, y1: number) => {
        let m = 0;
        let sx = 0;
        let sy = 0;
        for (let y = y0; y < y1; y++) {
          for (let x = x0; x < x1; x++) {
            const v = img[y * w + x];
            m += v;
            sx += v * x;
            sy += v * y;
          }
        }
        return { m, x: sx / m, y: sy / m };
      };
      let words = 0;
      let dx = 0;
      let dy = 0;
      for (const [y0, y1] of runs(h, (y) => !any(0, w, y, y + 1))) {
        for (const [x0, x1] of runs(w, (x) => !any(x, x + 1, y0, y1))) {
          const [ca, cb] = [centroid(ia, x0, x1, y0, y1), centroid(ib, x0, x1, y0, y1)];
          if (ca.m > 0 && cb.m > 0) {
            words++;
            dx = Math.max(dx, Math.abs(ca.x - cb.x));
            dy = Math.max(dy, Math.abs(ca.y - cb.y));
          }
        }
      }
      return { words, dx, dy };
    },
    [a.toString('base64'), b.toString('base64')] as const
  );
}

/** The textarea's own glyphs (made visible, overlay hidden) against the overlay's (all one colour). */
async function glyphsOfBoth(page: Page) {
  const clip = await page.evaluate((ta) => {
    const r = document.querySelector(ta)!.getBoundingClientRect();
    return {
      left: Math.ceil(r.left) + 1,
      top: Math.ceil(r.top) + 1,
      right: Math.floor(r.right) - 1,
      bottom: Math.floor(r.bottom) - 1,
    };
  }, EXTRA);
  const paint = (mode: 'textarea' | 'overlay' | 'normal') =>
    page.evaluate(
      ([ta, ov, m]) => {
        const textarea = document.querySelector<HTMLElement>(ta)!;
        const overlay = textarea.parentElement!.querySelector<HTMLElement>(ov)!;
        textarea.style.color = m === 'textarea' ? 'rgb(255, 0, 0)' : '';
        overlay.style.visibility = m === 'textarea' ? 'hidden' : '';
        for (const span of overlay.querySelectorAll<HTMLElement>('[data-token]')) {
          span.style.color = m === 'overlay' ? 'rgb(255, 0, 0)' : '';
        }
      },
      [EXTRA, OVERLAY, mode] as const
    );
  await paint('textarea');
  const a = await shot(page, clip);
  await paint('overlay');
  const b = await shot(page, clip);
  await paint('normal');
  return {
    textarea: await inkBox(page, clip, a),
    overlay: await inkBox(page, clip, b),
    shift: await glyphShift(page, a, b),
  };
}

/**
 * Where the squiggle of the first `[data-error]` span inside `container` is painted (the pixels
 * that change when it is removed), with the span's own box and line height.
 */
async function underlineOf(page: Page, container: string) {
  const target = await page.evaluate((sel) => {
    const span = document.querySelector(sel)!.querySelector<HTMLElement>('[data-error]')!;
    const r = span.getBoundingClientRect();
    return {
      span: { left: r.left, top: r.top, right: r.right, bottom: r.bottom },
      lineHeight: parseFloat(getComputedStyle(span.parentElement!).lineHeight),
    };
  }, container);
  const { span, lineHeight } = target;
  const clip = {
    left: Math.floor(span.left) - 4,
    top: Math.floor(span.top - lineHeight),
    right: Math.ceil(span.right) + 4,
    bottom: Math.ceil(span.bottom + lineHeight),
  };
  const decorate = (on: boolean) =>
    page.evaluate(
      ([sel, v]) => {
        const span = document.querySelector(sel)!.querySelector<HTMLElement>('[data-error]')!;
        span.style.backgroundImage = v ? '' : 'none';
      },
      [container, on] as const
    );
  const withWave = await shot(page, clip);
  await decorate(false);
  const without = await shot(page, clip);
  await decorate(true);
  return { span, lineHeight, wave: await inkBox(page, clip, withWave, without) };
}

function expectWithin(actual: number, expected: number, tolerance = 1) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance);
}

const plugins = distPlugins();
const panels = plugins.filter((p) => p.type === 'panel');
let h: HarnessSession;

beforeAll(async () => {
  h = await openHarness({ withFixtures: true });
}, 120_000);
afterAll(async () => {
  if (h) {
    // Every Tempo request of the views was answered from the recording (a miss names the request).
    const misses = await h.page.evaluate(() => fetch('/api/harness/tempo-misses').then((r) => r.json()));
    const placeholders = await h.page.evaluate(() => fetch('/api/harness/icon-placeholders').then((r) => r.json()));
    await h.close();
    expect(misses).toEqual([]);
    if (placeholders.length) {
      console.info(
        `icons Grafana serves but @grafana/ui's npm package lacks (placeholders): ${placeholders.join(', ')}`
      );
    }
  }
});

afterEach(() => {
  // Any console error or failed asset load in a view fails its test.
  expect(h.pageErrors).toEqual([]);
});

describe('loading dist/ as Grafana does', () => {
  it.each(plugins.map((p) => [p.id, p.type]))(
    '%s (%s) loads through SystemJS with the shared modules',
    async (id, type) => {
      await h.open();
      const loaded = await h.loadPlugin(id);
      expect(loaded.type).toBe(type);
      // Built against the host's @grafana/data: instanceof the host's GrafanaPlugin.
      expect(loaded.hostClass).toBe(true);
      const expected = { app: 'root', datasource: 'DataSourceClass', panel: 'panel' }[type as string];
      expect(loaded.exports).toContain(expected);
    }
  );

  it('fails a plugin that imports a module Grafana does not provide, and loads its control', async () => {
    await h.open();
    const control = await h.loadPlugin('genaiobs-harnessfixture-panel');
    expect(control.hostClass).toBe(true);
    const failure = await h.loadPlugin('genaiobs-harnessforeign-panel').then(
      () => 'loaded',
      (e: Error) => e.message
    );
    expect(failure).toMatch(/genaiobs-harnessforeign-panel failed to load/);
    expect(failure).toMatch(/@tanstack\/react-virtual/);
    h.pageErrors.length = 0; // the loader's own console error for that import is the expected outcome
  });
});

describe.each(THEMES)('data source views (%s theme)', (theme) => {
  it('ConfigEditor: Save & test reaches Tempo and Prometheus through the proxy', async () => {
    await h.open(theme);
    await h.showConfig('genai');
    await h.page.getByText('Save & test').click();
    const status = h.page.locator('[data-harness-test-status]');
    await status.waitFor({ timeout: 30_000 });
    expect(await status.getAttribute('data-harness-test-status')).toBe('success');
    const message = await status.innerText();
    expect(message).toContain(`Tempo: connected (Tempo ${recordings.tempoVersion!.split(' ')[0]})`);
    expect(message).toMatch(/Prometheus: connected \(Prometheus 2\.\d+/);
    await h.screenshot(`config-editor-${theme}`);
  });

  it('ConfigEditor: Save & test reports a Tempo data source that does not exist', async () => {
    await h.open(theme);
    await h.showConfig('genai', { tempoDatasourceUid: 'no-such-tempo' });
    await h.page.getByText('Save & test').click();
    const status = h.page.locator('[data-harness-test-status]');
    await status.waitFor({ timeout: 30_000 });
    // One backend down, the other connected: Grafana shows the data source's "warning" status.
    expect(await status.getAttribute('data-harness-test-status')).toBe('warning');
    const message = await status.innerText();
    expect(message).toMatch(/Tempo: .*404/);
    expect(message).toMatch(/Prometheus: connected/);
    await h.screenshot(`config-editor-error-${theme}`);
  });

  it('QueryEditor runs every query type against the real backends', async () => {
    await h.open(theme);
    const traces = recordedTraces();
    const models = [...new Set(SERIES.map((s) => s.model))].sort();

    const search = await h.showQuery(await h.scenario('traceSearch'));
    expect(search.errors).toEqual([]);
    expect(search.frames[0].length).toBe(recordedSearchTraceCount());
    expect(await h.page.getByText('Trace search').first().isVisible()).toBe(true);
    // The built TraceQL is coloured by Grafana's TraceQL grammar (a lazy chunk of the data source).
    const built = h.page.getByTestId('genai-built-traceql');
    await built.locator('[data-token="scope"]').first().waitFor();
    expect(await built.locator('[data-token="operator"]').count()).toBeGreaterThan(0);
    toDocs(await h.screenshot(`query-traceSearch-${theme}`), `query-editor-traceSearch-${theme}`);

    // The Extra TraceQL field: a textarea over a highlighted overlay of the same text.
    const extra = h.page.getByLabel('Extra TraceQL');
    expect(await extra.evaluate((e) => e.tagName)).toBe('TEXTAREA');
    // Two lines, the second longer than the field is wide (so it wraps: three lines on screen).
    const twoLines =
      '{ span.gen_ai.tool.name = "web_search" && duration > 2s }\n' +
      '|| { resource.service.name =~ "research.*" && span.gen_ai.request.model =~ "gpt-4o|gpt-4o-mini|claude-sonnet-4-20250514" ' +
      '&& span.gen_ai.usage.input_tokens > 1000 && span.gen_ai.usage.output_tokens > 100 }';
    await extra.fill(twoLines);
    const overlay = h.page.locator(OVERLAY);
    await overlay.locator('[data-token="string"]').first().waitFor();
    const geo = await extraFieldGeometry(h.page);
    expect(geo.overlayText).toBe(geo.value);
    expect(geo.value).toBe(twoLines);
    expect(geo.styleDiffers).toEqual([]);
    for (const side of ['left', 'top', 'right', 'bottom'] as const) {
      expectWithin(geo.overlay[side], geo.textarea[side]);
    }
    // The first token's box is where the textarea draws its first glyph.
    expectWithin(geo.firstToken.left, geo.textOrigin.left);
    expectWithin((geo.firstToken.top + geo.firstToken.bottom) / 2, geo.textOrigin.top + geo.lineHeight / 2);
    // Grown to its three lines on screen, not scrolled; its own text transparent, its caret the
    // input text colour.
    expect(geo.overlayLines).toBe(3);
    expectWithin(
      geo.textarea.bottom - geo.textarea.top,
      geo.overlayLines * geo.lineHeight + 2 * (geo.textOrigin.top - geo.textarea.top)
    );
    expect(geo.scroll).toEqual([0, 0, 0, 0]);
    expect(geo.color).toBe('rgba(0, 0, 0, 0)');
    expect(geo.caretColor).toBe(geo.overlayColor);
    expect(geo.caretColor).not.toBe('rgba(0, 0, 0, 0)');
    // Painted: the textarea's own glyphs and the overlay's cover the same pixels (no double text).
    const glyphs = await glyphsOfBoth(h.page);
    expect(glyphs.textarea).not.toBeNull();
    for (const side of ['left', 'top', 'right', 'bottom'] as const) {
      expectWithin(glyphs.overlay![side], glyphs.textarea![side]);
    }
    expect(glyphs.shift.words).toBeGreaterThanOrEqual(10);
    expect(glyphs.shift.dx).toBeLessThanOrEqual(0.5);
    expect(glyphs.shift.dy).toBeLessThanOrEqual(0.5);
    // Being edited (focused: Grafana's focus ring); not blurred, which would run a query the Tempo
    // recording does not hold.
    await h.page.mouse.move(0, 0);
    const editing = path.join(SCREENSHOT_DIR, `query-traceSearch-traceql-${theme}.png`);
    await h.page.screenshot({ path: editing, fullPage: true, animations: 'disabled' });
    toDocs(editing, `query-editor-traceql-${theme}`);

    await extra.fill('{ span.gen_ai.tool.name = }');
    expect(await h.page.getByText('TraceQL: unexpected "}" at column 27').isVisible()).toBe(true);
    expect(await overlay.locator('[data-error]').allInnerTexts()).toEqual(['}']);
    const invalidGeo = await extraFieldGeometry(h.page);
    expect(invalidGeo.overlayText).toBe(invalidGeo.value);
    expectWithin(invalidGeo.firstToken.left, invalidGeo.textOrigin.left);
    // The squiggle sits under the erroneous "}" itself: below the middle of its glyphs, above
    // where the next line's glyphs begin, in the field and in the built query (it used to land on
    // the next line's text).
    for (const where of [OVERLAY, '[data-testid="genai-built-traceql"]']) {
      const { span, lineHeight, wave } = await underlineOf(h.page, where);
      expect(wave).not.toBeNull();
      const nextLineGlyphsTop = span.bottom + (lineHeight - (span.bottom - span.top));
      expect(wave!.top).toBeGreaterThanOrEqual((span.top + span.bottom) / 2);
      expect(wave!.bottom).toBeLessThanOrEqual(nextLineGlyphsTop);
      expect(wave!.left).toBeGreaterThanOrEqual(span.left - 1);
      expect(wave!.right).toBeLessThanOrEqual(span.right + 1);
    }
    toDocs(await h.screenshot(`query-traceSearch-invalid-${theme}`), `query-editor-invalid-${theme}`);
    await extra.fill('');

    const byIdQuery = await h.scenario('traceById');
    const byId = await h.showQuery(byIdQuery);
    const traceId = byIdQuery.query.traceId as string;
    expect(byId.errors).toEqual([]);
    expect(byId.frames[0].length).toBe(traces.find((t) => t.id === traceId)!.spans);
    await h.screenshot(`query-traceById-${theme}`);

    for (const name of ['tracePoints', 'versionAggregates']) {
      const r = await h.showQuery(await h.scenario(name));
      expect(r.errors).toEqual([]);
      expect(r.frames[0].length).toBeGreaterThan(0);
      await h.screenshot(`query-${name}-${theme}`);
    }

    const graph = await h.showQuery(await h.scenario('agentGraphDemo'));
    expect(graph.errors).toEqual([]);
    expect(graph.frames.map((f) => f.name)).toEqual(['nodes', 'edges']);
    expect(graph.frames[0].length).toBeGreaterThan(3);
    expect(graph.frames[1].fields).toEqual(expect.arrayContaining(['source', 'target', 'mainstat', 'secondarystat']));
    await h.screenshot(`query-agentGraph-${theme}`);

    const metrics = await h.showQuery(await h.scenario('metrics'));
    expect(metrics.errors).toEqual([]);
    expect(metrics.frames.map((f) => f.name).sort()).toEqual(models);
    await h.screenshot(`query-metrics-${theme}`);

    const promql = await h.showQuery(await h.scenario('metricsPromql'));
    expect(promql.errors).toEqual([]);
    expect(promql.frames).toHaveLength(2); // input and output token types
    await h.screenshot(`query-metricsPromql-${theme}`);

    const versions = await h.showQuery(await h.scenario('versionComparison'));
    expect(versions.errors).toEqual([]);
    // One row per metric × version (v1, v2, v3 of the synthetic series).
    expect(versions.frames[0].fields).toEqual(expect.arrayContaining(['metric', 'version', 'verdict']));
    expect(versions.frames[0].length % 3).toBe(0);
    expect(versions.frames[0].length).toBeGreaterThanOrEqual(3 * 12);
    await h.screenshot(`query-versionComparison-${theme}`);

    const tqlm = await h.showQuery(await h.scenario('traceqlMetrics'));
    expect(tqlm.errors).toEqual([]);
    expect(tqlm.frames.length).toBeGreaterThan(0);
    await h.screenshot(`query-traceqlMetrics-${theme}`);

    const requested = (await h.page.evaluate(() => (window as any).harness.requests())) as Array<{
      url: string;
      status: number;
    }>;
    expect(requested.some((r) => r.url.startsWith('/api/datasources/proxy/uid/tempo/api/search?'))).toBe(true);
    expect(requested.some((r) => r.url.startsWith('/api/datasources/proxy/uid/prometheus/api/v1/query_range?'))).toBe(
      true
    );
  });
});

describe('template variables', () => {
  it('a trace id variable is replaced by the host templateSrv', async () => {
    await h.open();
    const { id, spans } = recordedTraces()[0];
    await h.setVariables([{ name: 'traceId', value: id }]);
    const r = await h.showQuery({
      datasourceUid: 'genai',
      query: { refId: 'A', queryType: 'traceById', traceId: '$traceId' },
    });
    expect(r.errors).toEqual([]);
    expect(r.frames[0].length).toBe(spans);
  });
});

describe.each(THEMES)('panels (%s theme)', (theme) => {
  it.each(panels.map((p) => [p.id]))('%s renders the data source frames with its options editor', async (id) => {
    await h.open(theme);
    const scenario: Record<string, string> = {
      'genaiobs-spantree-panel': 'traceById',
      'genaiobs-versioncompare-panel': 'versionComparison',
      'genaiobs-qualitycost-panel': 'tracePoints',
    };
    const query = await h.scenario(scenario[id] ?? 'traceSearch');
    const r = await h.renderPanel(id, { query, width: 900, height: 500 });
    expect(r.errors).toEqual([]);
    const panel = h.page.locator(`[data-harness-panel="${id}"]`);
    await panel.waitFor();
    await h.page.waitForTimeout(300);
    expect((await panel.innerText()).trim().length).toBeGreaterThan(0);
    if (id === 'genaiobs-versioncompare-panel') {
      // The real comparison of the synthetic series: v1 is the baseline, every metric a row.
      const text = await panel.innerText();
      expect(text).toContain('baseline');
      expect(text).toContain('Requests');
      expect(text).toContain('Error rate');
      expect(text).toMatch(/worse|better|no significant difference|not enough data/);
    }
    await h.screenshot(`panel-${id}-${theme}`);
  });

  it('fixture panel: defaults, option editor changes and frames reach the panel', async () => {
    await h.open(theme);
    const frames = [{ name: 'a', fields: [{ name: 'x', values: [1, 2, 3] }] }];
    await h.renderPanel('genaiobs-harnessfixture-panel', { frames, width: 500, height: 200 });
    const panel = h.page.getByTestId('fixture-panel');
    expect(await panel.innerText()).toContain('Frames: 1 frame(s), 3 row(s)');
    const label = h.page.locator('[data-harness-option="label"] input');
    await label.fill('Series');
    await label.blur();
    expect(await panel.innerText()).toContain('Series: 1 frame(s), 3 row(s)');
    await h.screenshot(`panel-fixture-${theme}`);
  });
});
