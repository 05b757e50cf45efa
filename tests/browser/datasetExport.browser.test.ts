/** @jest-environment node */
// The eval-dataset export from dist/, in headless Chromium inside the Grafana host harness: from
// the span tree (one trace, its chats from the replayed real Loki), from the quality-vs-cost
// panel's selection (replayed real Tempo), and from the app's page over 10,000 generated traces
// (the harness's synthetic Tempo), with the page's frames measured while it runs. Every file is
// downloaded, validated against docs/dataset.schema.json and read back. Screenshots:
// test-output/dataset-export/*.png.
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import Ajv from 'ajv';
import type { Download } from 'playwright-core';
import { buildTraceFromPayload } from '../../src/data/trace/loadTrace';
import { LokiClient } from '../../src/data/loki/lokiClient';
import { loadTraceLogMessages } from '../../src/data/loki/traceLogMessages';
import { openHarness, type HarnessSession } from '../harness/openHarness';
import { pipelineOptions } from '../helpers/pipeline';
import { replayTransport, type RecordingFile } from '../helpers/recordedTransport';
import { syntheticTraceId } from '../helpers/syntheticTempo';

const REPO_ROOT = path.resolve(__dirname, '../..');
const SHOTS = path.join(REPO_ROOT, 'test-output/dataset-export');
const read = (p: string) => JSON.parse(readFileSync(path.join(REPO_ROOT, p), 'utf8'));
const tempo: RecordingFile = read('fixtures/tempo/recordings.json');
const validate = new Ajv({ allErrors: true }).compile(read('docs/dataset.schema.json'));
const dialog = (h: HarnessSession) => h.page.getByRole('dialog');

let h: HarnessSession;
beforeAll(async () => {
  h = await openHarness({ viewport: { width: 1500, height: 900 } });
}, 180_000);
afterAll(() => h?.close());

async function shot(name: string) {
  await mkdir(SHOTS, { recursive: true });
  await h.page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

async function lines(d: Download): Promise<any[]> {
  const file = await d.path();
  return readFileSync(file!, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/** Picks options in the open dialog, starts the export and returns the download and the summary. */
async function runExport(opts: { lines?: string; format?: string; timeoutMs?: number } = {}) {
  const d = dialog(h);
  // Grafana's radio buttons: the input sits over its label.
  if (opts.lines) {
    await d.getByRole('radio', { name: opts.lines, exact: true }).check({ force: true });
  }
  if (opts.format) {
    await d.getByRole('radio', { name: opts.format, exact: true }).check({ force: true });
  }
  const download = h.page.waitForEvent('download', { timeout: opts.timeoutMs ?? 30_000 });
  await d.getByRole('button', { name: 'Export', exact: true }).click();
  const file = await download;
  await d.locator('[data-dataset-export="done"]').waitFor({ timeout: opts.timeoutMs ?? 30_000 });
  return { file, summary: await d.locator('[data-export-summary]').innerText() };
}

it('span tree: this trace’s calls, chats from Loki included, valid against the schema', async () => {
  const e = tempo.exchanges.find((x) => x.path.endsWith('/3ad3ad761cade16ba65971000e65a969'))!;
  const trace = buildTraceFromPayload('3ad3ad761cade16ba65971000e65a969', JSON.parse(e.body), pipelineOptions());
  const logs = await loadTraceLogMessages(
    new LokiClient(replayTransport(read('fixtures/loki/recordings.json'), 'Loki')),
    { traceId: trace.traceId, services: ['fixture-semconv'], startMs: 0, endMs: 1 }
  );
  await h.open('dark');
  await h.renderPanel('genaiobs-spantree-panel', {
    query: { datasourceUid: 'genai', query: { refId: 'A', queryType: 'traceById', traceId: trace.traceId } },
    width: 1200,
    height: 600,
  });
  await h.page.getByRole('button', { name: 'Export' }).click();
  await dialog(h).waitFor();
  await shot('span-tree-dialog-dark');
  const { file, summary } = await runExport({ lines: 'One line per LLM call', format: 'GenAI Observability' });
  const items = await lines(file);
  const llm = trace.nodes.filter((n) => !n.synthetic && n.span.kind === 'llm');
  expect(items).toHaveLength(llm.length);
  expect(summary).toBe(`Exported ${llm.length} lines from 1 traces to ${file.suggestedFilename()}.`);
  expect(file.suggestedFilename()).toMatch(/^genai-dataset-genai-call-\d{8}T\d{6}Z\.jsonl$/);
  for (const item of items) {
    expect({ ok: validate(item), errors: validate.errors }).toEqual({ ok: true, errors: null });
    const fromLoki = logs.bySpan.get(item.span_id);
    expect(item.content_source).toBe(fromLoki ? 'loki' : 'none');
    if (fromLoki) {
      expect(item.input.map((m: { role: string }) => m.role)).toEqual(fromLoki.input.map((m) => m.role));
    }
    expect(item.masked).toBe(true);
  }
  await shot('span-tree-done-dark');
  expect(h.pageErrors).toEqual([]);
}, 90_000);

it('only the roles the data source allows may export unmasked; an Admin’s unmasked file holds the texts as recorded', async () => {
  const query = {
    datasourceUid: 'genai-synthetic',
    query: { refId: 'A', queryType: 'traceById', traceId: syntheticTraceId(3) },
  };
  await h.open('dark', 'Viewer');
  await h.renderPanel('genaiobs-spantree-panel', { query, width: 1200, height: 500 });
  await h.page.getByRole('button', { name: 'Export' }).click();
  await dialog(h).locator('[data-dataset-export="options"]').waitFor();
  await dialog(h).getByText('is masked in the file').waitFor();
  expect(await dialog(h).getByText('Export unmasked').count()).toBe(0);
  const masked = await lines((await runExport()).file);
  expect(JSON.stringify(masked)).toContain('Reach me at [email].');

  await h.open('dark', 'Admin');
  await h.renderPanel('genaiobs-spantree-panel', { query, width: 1200, height: 500 });
  await h.page.getByRole('button', { name: 'Export' }).click();
  await dialog(h).getByText('Export unmasked').click();
  const raw = await lines((await runExport()).file);
  expect(raw[0].masked).toBe(false);
  expect(raw[0].input[1].content).toBe('Order 3 never arrived. Reach me at customer3@example.com.');
  expect(h.pageErrors).toEqual([]);
}, 90_000);

it('quality vs cost: the selected traces as promptfoo test cases', async () => {
  await h.open('light');
  // The synthetic Tempo's traces (all priced), latency on y; half of the plot brushed.
  const res = await h.renderPanel('genaiobs-qualitycost-panel', {
    query: {
      datasourceUid: 'genai-synthetic',
      query: { refId: 'A', queryType: 'tracePoints', filters: {}, limit: 300 },
    },
    width: 1000,
    height: 520,
    options: { yMetric: 'latency' },
  });
  expect(res.errors).toEqual([]);
  const over = h.page.locator('.u-over');
  await over.waitFor();
  const box = (await over.boundingBox())!;
  await h.page.mouse.move(box.x + 2, box.y + 2);
  await h.page.mouse.down();
  await h.page.mouse.move(box.x + box.width / 2, box.y + box.height - 2, { steps: 8 });
  await h.page.mouse.up();
  const selected = (await h.page.locator('[data-selected-trace-ids]').getAttribute('data-selected-trace-ids'))!
    .split(',')
    .filter(Boolean);
  expect(selected.length).toBeGreaterThan(1);
  await h.page.mouse.move(0, 0);
  await shot('quality-cost-selected-light');
  await h.page.getByRole('button', { name: `Export ${selected.length} selected` }).click();
  await dialog(h).waitFor();
  const { file, summary } = await runExport({ lines: 'One line per trace', format: 'promptfoo' });
  const cases = await lines(file);
  expect(summary).toBe(
    `Exported ${selected.length} lines from ${selected.length} traces to ${file.suggestedFilename()}.`
  );
  expect(cases.map((c) => c.metadata.trace_id).sort()).toEqual([...selected].sort());
  for (const c of cases) {
    expect(c.assert).toEqual([]);
    expect(typeof c.vars.input).toBe('string');
    expect(Array.isArray(c.vars.messages)).toBe(true);
  }
  await shot('quality-cost-done-light');
  expect(h.pageErrors).toEqual([]);
}, 90_000);

it('app page: 10,000 traces found and exported, masked, the page responsive throughout; cancel stops it', async () => {
  await h.open('dark');
  await h.showApp('genaiobs-genai-app', 'export?datasource=genai-synthetic');
  const page = h.page.locator('[data-page="dataset-export"]');
  await page.waitFor();
  await page.getByRole('radio', { name: 'Last 6 hours', exact: true }).check({ force: true });
  await page.getByLabel('At most traces').fill('10000');
  await shot('app-page-dark');

  // Frames and long tasks while the export runs, measured in the page.
  await h.page.evaluate(() => {
    const w = window as any;
    w.__frames = [];
    w.__longTasks = [];
    w.__measuring = true;
    let last = performance.now();
    const tick = (t: number) => {
      w.__frames.push(t - last);
      last = t;
      if (w.__measuring) {
        requestAnimationFrame(tick);
      }
    };
    requestAnimationFrame(tick);
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__longTasks.push(e.duration))).observe({
      type: 'longtask',
      buffered: false,
    });
  });
  await page.getByRole('button', { name: 'Export dataset' }).click();
  await dialog(h).waitFor();
  const t0 = Date.now();
  const { file, summary } = await runExport({ format: 'OpenAI evals', timeoutMs: 240_000 });
  const seconds = (Date.now() - t0) / 1000;
  const { frames, longTasks } = await h.page.evaluate(() => {
    const w = window as any;
    w.__measuring = false;
    return { frames: w.__frames as number[], longTasks: w.__longTasks as number[] };
  });
  const sorted = [...frames].sort((a, b) => a - b);
  const p = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const longest = Math.max(0, ...longTasks);
  console.info(
    `10,000-trace export: ${seconds.toFixed(1)} s, ${frames.length} frames, median ${p(0.5).toFixed(1)} ms, p95 ${p(0.95).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms; ${longTasks.length} long tasks, longest ${longest.toFixed(0)} ms`
  );
  const items = await lines(file);
  expect(items).toHaveLength(10_000);
  expect(summary).toBe(`Exported 10,000 lines from 10,000 traces to ${file.suggestedFilename()}.`);
  const note = await dialog(h).innerText();
  expect(note).toContain('10,000 matching traces');
  expect(note).toContain(': every one of the range.');
  // Every prompt's email masked; the lines are what openai/evals reads.
  const text = readFileSync((await file.path())!, 'utf8');
  expect(text).not.toMatch(/customer\d+@example\.com/);
  expect(items.every((l) => Object.keys(l).sort().join() === 'ideal,input' && l.ideal === '')).toBe(true);
  expect(items[0].input.find((m: { role: string }) => m.role === 'user').content).toBe(
    'Order 0 never arrived. Reach me at [email].'
  );
  expect(new Set(items.map((l) => l.input[1].content)).size).toBe(10_000);
  // Responsive: frames keep coming (p95 within a few vsyncs) and no task blocks input for long.
  expect(frames.length).toBeGreaterThan(seconds * 20);
  expect(p(0.95)).toBeLessThanOrEqual(50);
  expect(longest).toBeLessThan(200);
  await shot('app-done-dark');

  // Again, cancelled half-way: no file, back to the options.
  await dialog(h).getByRole('button', { name: 'Close', exact: true }).last().click();
  await page.getByRole('button', { name: 'Export dataset' }).click();
  let downloaded = false;
  h.page.once('download', () => (downloaded = true));
  await dialog(h).getByRole('button', { name: 'Export', exact: true }).click();
  await dialog(h)
    .locator('[data-export-progress]')
    .filter({ hasText: /^[1-9][\d,]* of 10,000 traces/ })
    .waitFor({ timeout: 60_000 });
  await dialog(h).getByRole('button', { name: 'Cancel export' }).click();
  await dialog(h).locator('[data-dataset-export="options"]').waitFor();
  await h.page.waitForTimeout(500);
  expect(downloaded).toBe(false);
  expect(syntheticTraceId(0)).toBe(items.length ? syntheticTraceId(0) : '');
  expect(h.pageErrors).toEqual([]);
}, 300_000);
