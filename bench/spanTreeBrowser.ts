// Span-tree panel in real headless Chromium (Debian's, never a downloaded one): first paint after
// the data arrives for 1k/10k/100k spans, and expanding/collapsing the root. The page is an esbuild
// bundle of the panel component with @grafana/ui and React (bench/spanTreePage.tsx).
import { build } from 'esbuild';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { browserBundleOptions } from '../tests/helpers/browserBundleOptions';
import { launchChromium } from '../tests/helpers/chromium';
import { syntheticTracePayload } from './syntheticTrace';

// @grafana/ui's icons, served where Grafana serves them (the page sets __grafana_public_path__).
const ICONS_DIR = path.resolve(__dirname, '../node_modules/@grafana/ui/dist/public/img/icons');

export interface SpanTreePage {
  page: Page;
  url: string;
  close(): Promise<void>;
}

/** Bundles the page, serves it with synthetic traces (`/trace/<n>`) on a free loopback port, opens Chromium. */
export async function openSpanTreePage(extraRoutes: Record<string, () => string> = {}): Promise<SpanTreePage> {
  return openBenchPage('spanTreePage.tsx', 'timeFirstPaint', extraRoutes);
}

/**
 * Bundles a bench page (`entry`, beside this file) with @grafana/ui and React, serves it on a free
 * loopback port and opens it in Chromium; ready once the page defines `window[readyFn]`.
 */
export async function openBenchPage(
  entry: string,
  readyFn: string,
  extraRoutes: Record<string, () => string> = {}
): Promise<SpanTreePage> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'genai-bench-'));
  await build({
    ...browserBundleOptions('production'),
    entryPoints: [path.join(__dirname, entry)],
    outfile: path.join(dir, 'page.js'),
    minify: process.env.BENCH_MINIFY !== '0',
  });
  const js = readFileSync(path.join(dir, 'page.js'));
  // Styles the page's modules import (uPlot's stylesheet among them), as Grafana loads them.
  const cssFile = path.join(dir, 'page.css');
  const css = existsSync(cssFile) ? readFileSync(cssFile) : Buffer.from('');
  const payloads = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const u = (req.url ?? '/').split('?')[0];
    // Cross-origin isolated: timers at 5 µs instead of 100 µs, so a frame interval of one vsync
    // (16.667 ms) reads as such and not as 16.6 or 16.8.
    res.setHeader('cross-origin-opener-policy', 'same-origin');
    res.setHeader('cross-origin-embedder-policy', 'require-corp');
    const m = /^\/trace\/(\d+)$/.exec(u);
    if (u === '/') {
      res.setHeader('content-type', 'text/html');
      res.end(
        '<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/page.css"><script>window.__grafana_public_path__ = "/public/";</script></head><body><div id="root"></div><script src="/page.js"></script></body></html>'
      );
    } else if (u === '/page.css') {
      res.setHeader('content-type', 'text/css');
      res.end(css);
    } else if (u === '/page.js') {
      res.setHeader('content-type', 'text/javascript');
      res.end(js);
    } else if (u.startsWith('/public/build/img/icons/')) {
      const file = path.join(
        ICONS_DIR,
        path.normalize(u.slice('/public/build/img/icons/'.length)).replace(/^(\.\.[/\\])+/, '')
      );
      if (file.startsWith(ICONS_DIR) && existsSync(file)) {
        res.setHeader('content-type', 'image/svg+xml');
        res.end(readFileSync(file));
      } else {
        res.statusCode = 404;
        res.end();
      }
    } else if (m) {
      const n = m[1];
      if (!payloads.has(n)) {
        payloads.set(n, syntheticTracePayload(Number(n)));
      }
      res.setHeader('content-type', 'application/json');
      res.end(payloads.get(n));
    } else if (extraRoutes[u]) {
      res.setHeader('content-type', 'application/json');
      res.end(extraRoutes[u]());
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url);
    await page.waitForFunction(
      (fn) => typeof (window as unknown as Record<string, unknown>)[fn] === 'function',
      readyFn
    );
    if (errors.length) {
      throw new Error(errors.join('\n'));
    }
    return {
      page,
      url,
      async close() {
        await browser!.close();
        server.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await browser?.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Prints first paint (panel vs a trivial one-line panel on the same data) and root toggle times. */
export async function benchSpanTreeBrowser(): Promise<void> {
  const { page, close } = await openSpanTreePage();
  try {
    console.log(
      '\nspan-tree panel, headless Chromium (median of runs; goals at 100k spans: first paint ≤ 100 ms, scroll frames p95 ≤ 16.7 ms)'
    );
    console.log(
      'spans     first paint   trivial panel   ratio    of which view model   collapse root   expand root   fling frame (median / p95)   wheel frame (median / p95)   full rows after a fling'
    );
    for (const [n, runs] of [
      [1_000, 9],
      [10_000, 7],
      [100_000, 5],
    ] as const) {
      const url = `/trace/${n}`;
      const rows = await page.evaluate((u) => window.loadTrace(u), url);
      if (rows !== n) {
        throw new Error(`frame has ${rows} rows, expected ${n}`);
      }
      const panel: number[] = [];
      const trivial: number[] = [];
      await page.evaluate((u) => window.timeFirstPaint(u, 'panel'), url); // warm-up (JIT, styles)
      for (let i = 0; i < runs; i++) {
        trivial.push(await page.evaluate((u) => window.timeFirstPaint(u, 'trivial'), url));
        panel.push(await page.evaluate((u) => window.timeFirstPaint(u, 'panel'), url));
      }
      const model: number[] = [];
      for (let i = 0; i < runs; i++) {
        model.push(await page.evaluate((u) => window.timeViewBuild(u), url));
      }
      const collapse: number[] = [];
      const expand: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = await page.evaluate(() => window.timeToggleRoot());
        if (t.rowsCollapsed !== 1 || Math.round(t.rowsExpanded) !== n) {
          throw new Error(`toggle showed ${t.rowsCollapsed} / ${t.rowsExpanded} rows, expected 1 / ${n}`);
        }
        collapse.push(t.collapseMs);
        expand.push(t.expandMs);
      }
      // Frame intervals from the frames' own timestamps (one vsync = 16.7 ms; a missed one 33.3).
      // A fling moves 40 rows a frame (rows show their tree cell while it lasts); a wheel, 3.
      const scroll = await page.evaluate(() => window.timeScroll(60, 40));
      // It scrolled all the way (or to the end), painting rows on the way: a 40-row jump with a
      // row of overscan passes some rows without ever painting them, as a fast fling does.
      if (scroll.rowsScrolled < Math.min(n - 40, 60 * 40) || scroll.rowsSeen < 0.6 * Math.min(n, 60 * 40)) {
        throw new Error(`scrolling moved ${scroll.rowsScrolled} rows and showed ${scroll.rowsSeen} distinct rows`);
      }
      const settle = await page.evaluate(() => window.timeFullRows());
      const wheel = await page.evaluate(() => window.timeScroll(60, 3));
      if (wheel.rowsSeen < Math.min(n, 60 * 3)) {
        throw new Error(`a wheel scroll showed ${wheel.rowsSeen} distinct rows`);
      }
      const p = median(panel);
      const b = median(trivial);
      console.log(
        `${String(n).padStart(7)}   ${p.toFixed(1).padStart(8)} ms   ${b.toFixed(1).padStart(10)} ms   ${(p / b).toFixed(1).padStart(5)}×   ${median(model).toFixed(1).padStart(13)} ms   ${median(collapse).toFixed(1).padStart(10)} ms   ${median(expand).toFixed(1).padStart(8)} ms   ${scroll.medianMs.toFixed(1).padStart(13)} / ${scroll.p95Ms.toFixed(1)} ms   ${wheel.medianMs.toFixed(1).padStart(13)} / ${wheel.p95Ms.toFixed(1)} ms   ${settle.toFixed(0).padStart(8)} ms`
      );
    }
    // Filters on the 100k trace (the last one loaded): the quick filters, and a search that
    // matches nothing, so every name, model and attribute of every span is looked at.
    const url = '/trace/100000';
    const cases: Array<[string, 'errors' | 'slowest' | 'expensive' | 'all', string]> = [
      ['errors only', 'errors', ''],
      ['slowest', 'slowest', ''],
      ['most expensive', 'expensive', ''],
      ['search "gpt-4o"', 'all', 'gpt-4o'],
      ['search, no match', 'all', 'no span says this'],
    ];
    const line: string[] = [];
    for (const [label, quick, search] of cases) {
      const samples: number[] = [];
      let matches = 0;
      for (let i = 0; i < 5; i++) {
        const r = await page.evaluate(([u, q, s]) => window.timeFilter(u, q as 'all', s), [url, quick, search]);
        samples.push(r.ms);
        matches = r.matches;
      }
      line.push(`${label} ${median(samples).toFixed(1)} ms (${matches} matches)`);
    }
    console.log(`filters on 100,000 spans (matches + ancestors; target ≤ 16 ms): ${line.join(', ')}`);
    // Masking is lazy: first paint never masks (rows show no content); the details mask what they show.
    const details: Record<'on' | 'off', number[]> = { on: [], off: [] };
    let bubbles = 0;
    for (let i = 0; i < 5; i++) {
      for (const masking of [true, false]) {
        const r = await page.evaluate(([u, m]) => window.timeDetails(u as string, m as boolean), [url, masking]);
        details[masking ? 'on' : 'off'].push(r.ms);
        bubbles = r.bubbles;
      }
    }
    console.log(
      `details of an LLM call in the 100,000-span trace (${bubbles} chat messages): ${median(details.on).toFixed(1)} ms with content masking (a fresh masker each run), ${median(details.off).toFixed(1)} ms without`
    );
    const build: number[] = [];
    for (let i = 0; i < 3; i++) {
      build.push(await page.evaluate((u) => window.timeSearchIndex(u), url));
    }
    const idle = await page.evaluate((u) => window.timeIdleIndex(u), url);
    console.log(
      `search index of 100,000 spans: ${median(build).toFixed(1)} ms at once; as the panel builds it after the first paint, ${idle.slices} idle slices of at most ${idle.longestMs.toFixed(1)} ms (${idle.totalMs.toFixed(0)} ms in all)`
    );
  } finally {
    await close();
  }
}

if (require.main === module) {
  benchSpanTreeBrowser().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
