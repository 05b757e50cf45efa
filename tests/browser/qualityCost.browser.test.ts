/** @jest-environment node */
// The quality-vs-cost panel from dist/ in headless Chromium inside the Grafana host harness, on
// the data source's Trace points query against replayed real Tempo responses. Screenshots:
// test-output/quality-cost/*.png.
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { dataFrameToJSON, FieldType, type DataFrame } from '@grafana/data';
import { openHarness, type HarnessSession } from '../harness/openHarness';
import { summarizeSearchResult, type TraceSummary } from '../../src/data/trace/traceSummary';
import { pipelineOptions } from '../helpers/pipeline';
import type { RecordingFile } from '../helpers/recordedTransport';
import { demoVersionComparisonFrame } from '../helpers/demoVersionComparison';
import { readVersionComparisonFrame } from '../../src/data/frames/readVersionComparisonFrame';
import { exactCentroids, type ExactCentroids } from '../../src/data/scatter/exactCentroids';

const REPO_ROOT = path.resolve(__dirname, '../..');
const SHOTS = path.join(REPO_ROOT, 'test-output/quality-cost');
const PANEL = 'genaiobs-qualitycost-panel';
const WIDTH = 1000;
const HEIGHT = 520;

// Each browser step takes seconds on a loaded machine.
jest.setTimeout(240_000);

const recordings: RecordingFile = JSON.parse(
  readFileSync(path.join(REPO_ROOT, 'fixtures/tempo/recordings.json'), 'utf8')
);

/** The recorded unfiltered search, summarised as the data source does: the expectation. */
function recordedSummaries(): TraceSummary[] {
  const all = recordings.exchanges.find(
    (e) => e.path === '/api/search' && e.status === 200 && e.params.spss === '100' && e.params.limit === '100'
  )!;
  return JSON.parse(all.body).traces.map((t: never) => summarizeSearchResult(t, pipelineOptions()));
}

const panel = (h: HarnessSession) => h.page.locator(`[data-harness-panel="${PANEL}"]`);

/** The panel as shown (its own box: no part of the harness around it). */
async function shot(h: HarnessSession, name: string) {
  await mkdir(SHOTS, { recursive: true });
  await panel(h).screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

let h: HarnessSession;
beforeAll(async () => {
  h = await openHarness({ viewport: { width: WIDTH + 420, height: HEIGHT + 200 } });
}, 180_000);
afterAll(() => h?.close());

/** Many points in three versions (seeded): how the panel looks at volume; the counts still follow the frame. */
function densePointsFrame(n: number) {
  let seed = 7;
  const rand = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const versions = ['v1', 'v2', 'v3'];
  const rows = Array.from({ length: n }, (_, i) => {
    const v = i % 3;
    const cost = Math.exp(Math.log(0.002 * (v + 1)) + 0.8 * (rand() - 0.5) * 2);
    const known = rand() > 0.05;
    const score =
      rand() > 0.1
        ? Math.min(1, Math.max(0, 0.55 + 0.12 * v + 0.08 * Math.log10(cost / 0.002) + 0.15 * (rand() - 0.5)))
        : null;
    return { i, v, cost, known, score };
  });
  const col = <T>(name: string, type: FieldType, f: (r: (typeof rows)[0]) => T) => ({
    name,
    type,
    values: rows.map(f),
    config: {},
  });
  return {
    rows,
    frame: dataFrameToJSON({
      name: 'GenAI trace points',
      length: n,
      fields: [
        col('time', FieldType.time, (r) => 1_700_000_000_000 + r.i * 1000),
        col('traceId', FieldType.string, (r) => r.i.toString(16).padStart(32, '0')),
        col('version', FieldType.string, (r) => versions[r.v]),
        col('models', FieldType.string, (r) => ['gpt-4o-mini', 'gpt-4o', 'claude-sonnet-4'][r.v]),
        col('agent', FieldType.string, () => 'support-agent'),
        col('costUsd', FieldType.number, (r) => (r.known ? r.cost : null)),
        col('costComplete', FieldType.boolean, (r) => r.known),
        col('costUnknownReason', FieldType.string, (r) => (r.known ? null : 'no price for model "x"')),
        col('latencyMs', FieldType.number, (r) => 800 + r.i),
        col('totalTokens', FieldType.number, (r) => 1000 + r.i),
        col('score:relevance', FieldType.number, (r) => r.score),
      ],
    }),
  };
}

describe('quality-vs-cost panel with many points', () => {
  for (const theme of ['dark', 'light'] as const) {
    it(`draws 3 versions, frontiers and centroids, and counts the rest (${theme})`, async () => {
      const { rows, frame } = densePointsFrame(6000);
      await h.open(theme);
      const result = await h.renderPanel(PANEL, {
        frames: [frame],
        width: WIDTH,
        height: HEIGHT,
        options: { logX: true },
      });
      expect(result.errors).toEqual([]);
      await panel(h).locator('[data-testid="qualitycost-plot"] canvas').waitFor();
      const counts = await panel(h).getByTestId('qualitycost-counts').innerText();
      const points = rows.filter((r) => r.known && r.score !== null).length;
      expect(counts).toContain(`${points} of 6000 traces plotted`);
      expect(counts).toContain(`${rows.filter((r) => r.score === null).length} traces without a relevance score`);
      expect(counts).toContain(`${rows.filter((r) => !r.known).length} traces without a known cost`);
      // The margin strips: the one value each of those traces has, as ticks on the edges.
      const costOnly = rows.filter((r) => r.known && r.score === null).length;
      const scoreOnly = rows.filter((r) => !r.known && r.score !== null).length;
      expect(counts).toContain(
        `edge ticks: ${costOnly} with a cost but no score relevance (bottom), ${scoreOnly} with score relevance but no known cost (left)`
      );
      const legend = await panel(h).getByLabel('Legend').innerText();
      for (const v of ['v1', 'v2', 'v3']) {
        expect(legend).toContain(v);
      }
      // Each version's own frontier is drawn, and its points off the overall frontier are ringed.
      const over = panel(h).locator('.u-over');
      expect(Number(await over.getAttribute('data-series-frontier-rings'))).toBeGreaterThan(0);
      // No comparison frame: no frontier of exact means is drawn.
      expect(await over.getAttribute('data-means-frontier')).toBe('[]');
      await h.page.mouse.move(0, 0);
      await shot(h, `dense-${theme}`);
    });
  }
});

describe('quality-vs-cost panel sized by tokens', () => {
  it('says what the size encodes, with the largest plotted value', async () => {
    const { rows, frame } = densePointsFrame(6000);
    await h.open('dark');
    const result = await h.renderPanel(PANEL, {
      frames: [frame],
      width: WIDTH,
      height: HEIGHT,
      options: { logX: true, sizeBy: 'tokens' },
    });
    expect(result.errors).toEqual([]);
    await panel(h).locator('[data-testid="qualitycost-plot"] canvas').waitFor();
    const largest = Math.max(...rows.filter((r) => r.known && r.score !== null).map((r) => 1000 + r.i));
    expect(await panel(h).getByTestId('qualitycost-size').innerText()).toBe(
      `area ∝ tokens (largest ${largest.toLocaleString('en-US')})`
    );
    await h.page.mouse.move(0, 0);
    await shot(h, 'sized-dark');
  });
});

describe('quality-vs-cost panel in the Grafana host harness', () => {
  const summaries = recordedSummaries();
  const scored = (s: TraceSummary, name: string) => (s.scores[name]?.count ?? 0) > 0;
  const costKnown = (s: TraceSummary) => !s.totals.unknownCostSpans && s.spansReturned >= s.spansMatched;
  // The panel's default y is the first evaluation name in the data.
  const firstScore = [...new Set(summaries.flatMap((s) => Object.keys(s.scores)))].sort()[0];

  it('has recorded traces with and without cost and score', () => {
    expect(summaries.filter((s) => costKnown(s) && scored(s, firstScore)).length).toBeGreaterThan(0);
    expect(summaries.filter((s) => !costKnown(s)).length).toBeGreaterThan(0);
  });

  for (const theme of ['dark', 'light'] as const) {
    it(`plots exactly the traces with a cost and a score, counts the rest, links, hovers and brushes (${theme})`, async () => {
      await h.open(theme);
      const result = await h.renderPanel(PANEL, {
        query: await h.scenario('tracePoints'),
        width: WIDTH,
        height: HEIGHT,
        options: { logX: true, scoreName: firstScore },
      });
      expect(result.errors).toEqual([]);
      await panel(h).locator('[data-testid="qualitycost-plot"] canvas').waitFor();
      const points = summaries.filter((s) => costKnown(s) && scored(s, firstScore)).length;
      const noScore = summaries.filter((s) => !scored(s, firstScore)).length;
      const noCost = summaries.filter((s) => !costKnown(s)).length;
      const counts = await panel(h).getByTestId('qualitycost-counts').innerText();
      expect(counts).toContain(`${points} of ${summaries.length} traces plotted`);
      expect(counts).toContain(`${noScore} traces without a ${firstScore} score`);
      expect(counts).toContain(`${noCost} trace${noCost === 1 ? '' : 's'} without a known cost`);
      expect(counts).toContain(
        `${summaries.length} traces shown of ${summaries.length} matching (stratified over 8 time windows`
      );

      // Hover the cheapest frontier point: its trace's tooltip, as text.
      const over = panel(h).locator('.u-over');
      const frontier: Array<[number, number]> = JSON.parse((await over.getAttribute('data-frontier-px'))!);
      expect(frontier.length).toBeGreaterThan(0);
      const box = (await over.boundingBox())!;
      await h.page.mouse.move(box.x + frontier[0][0], box.y + frontier[0][1]);
      const tip = panel(h).getByRole('tooltip');
      await tip.waitFor();
      const tipText = await tip.innerText();
      const cheapest = summaries
        .filter((s) => costKnown(s) && scored(s, firstScore))
        .sort(
          (a, b) => a.totals.costUsd - b.totals.costUsd || b.scores[firstScore].mean - a.scores[firstScore].mean
        )[0];
      expect(tipText).toContain(cheapest.traceId);
      expect(tipText).toContain(`Score ${firstScore}: ${cheapest.scores[firstScore].mean.toFixed(3)}`);
      // Its data link: the traces dashboard's span tree for that trace.
      const href = (await tip.getByTestId('qualitycost-trace-link').getAttribute('href'))!;
      expect(href).toContain('/d/genai-traces');
      expect(new URLSearchParams(href.split('?')[1]).get('var-traceId')).toBe(cheapest.traceId);
      await shot(h, `hover-${theme}`);

      // Brush the whole plot area: every point selected, the variable set to their ids.
      await h.page.mouse.move(box.x + 2, box.y + 2);
      await h.page.mouse.down();
      await h.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
      await h.page.mouse.move(box.x + box.width - 2, box.y + box.height - 2, { steps: 5 });
      await h.page.mouse.up();
      const selected = (await panel(h).locator('[data-selected-trace-ids]').getAttribute('data-selected-trace-ids'))!;
      expect(selected.split(',').filter(Boolean)).toHaveLength(points);
      const search = await h.page.evaluate(() => window.location.search);
      expect(new URLSearchParams(search).getAll('var-selectedTraces').sort()).toEqual(selected.split(',').sort());
      await h.page.mouse.move(0, 0);
      await shot(h, `brushed-${theme}`);

      // A click on a point opens its trace (Grafana's router: the traces dashboard with its id).
      await h.page.mouse.move(box.x + frontier[0][0], box.y + frontier[0][1]);
      await tip.waitFor();
      await h.page.mouse.click(box.x + frontier[0][0], box.y + frontier[0][1]);
      await h.page.waitForFunction(() => window.location.pathname.includes('/d/genai-traces'), undefined, {
        timeout: 10_000,
      });
      const opened = await h.page.evaluate(() => window.location.pathname + window.location.search);
      expect(new URLSearchParams(opened.split('?')[1]).get('var-traceId')).toBe(cheapest.traceId);
    });
  }
});

describe('quality-vs-cost panel on the demo agent app’s traces', () => {
  // The demo app's exported traces, searched by the data source on a real Tempo and recorded.
  const demo: RecordingFile = JSON.parse(
    readFileSync(path.join(REPO_ROOT, 'fixtures/tempo/demo-traces.recordings.json'), 'utf8')
  );
  const summaries: TraceSummary[] = JSON.parse(demo.exchanges.find((e) => e.path === '/api/search')!.body).traces.map(
    (t: never) => summarizeSearchResult(t, pipelineOptions())
  );
  const scoreName = [...new Set(summaries.flatMap((s) => Object.keys(s.scores)))].sort()[0];
  const costKnown = (s: TraceSummary) => !s.totals.unknownCostSpans && s.spansReturned >= s.spansMatched;
  const plotted = summaries.filter((s) => costKnown(s) && (s.scores[scoreName]?.count ?? 0) > 0);

  it('has demo traces of three versions, most with a cost and a score', () => {
    expect(new Set(summaries.map((s) => s.version))).toEqual(new Set(['v1', 'v2', 'v3']));
    expect(plotted.length).toBeGreaterThanOrEqual(summaries.length / 2);
  });

  for (const theme of ['dark', 'light'] as const) {
    it(`plots exactly the demo traces with a cost and a score, one colour per version (${theme})`, async () => {
      await h.open(theme);
      const result = await h.renderPanel(PANEL, {
        query: await h.scenario('tracePointsDemo'),
        width: WIDTH,
        height: HEIGHT,
        options: { logX: true, scoreName },
      });
      expect(result.errors).toEqual([]);
      await panel(h).locator('[data-testid="qualitycost-plot"] canvas').waitFor();
      const counts = await panel(h).getByTestId('qualitycost-counts').innerText();
      expect(counts).toContain(`${plotted.length} of ${summaries.length} traces plotted`);
      const legend = (await panel(h).getByLabel('Legend').innerText()).replace(/\s+/g, ' ');
      for (const v of new Set(plotted.map((s) => s.version))) {
        const n = plotted.filter((s) => s.version === v).length;
        expect(legend).toContain(`${v} (${n}`);
      }
      // Hover each point of the frontier: its tooltip names a plotted demo trace.
      const over = panel(h).locator('.u-over');
      const frontier: Array<[number, number]> = JSON.parse((await over.getAttribute('data-frontier-px'))!);
      const box = (await over.boundingBox())!;
      await h.page.mouse.move(box.x + frontier[0][0], box.y + frontier[0][1]);
      const tip = await panel(h).getByRole('tooltip').innerText();
      expect(plotted.some((s) => tip.includes(s.traceId))).toBe(true);
      await h.page.mouse.move(0, 0);
      await shot(h, `demo-${theme}`);
    });
  }

  it('says when exact means cannot be had, and keeps the sample’s (the demo’s searched scores are not the events Tempo counts)', async () => {
    // A data source with Tempo only: the comparison is TraceQL metrics over every demo span. The
    // demo's search carries groundedness; its gen_ai.evaluation.result events are relevance.
    const points = await h.scenario('tracePointsDemo', 'genai-tempo');
    await h.open('dark');
    const result = await h.renderPanel(PANEL, {
      query: {
        ...points,
        extra: [
          { refId: 'B', queryType: 'versionComparison', versionComparison: { metrics: ['costPerTrace', 'quality'] } },
        ],
      },
      width: WIDTH,
      height: HEIGHT,
      options: { logX: true, scoreName },
    });
    expect(result.errors).toEqual([]);
    await panel(h).locator('[data-testid="qualitycost-plot"] canvas').waitFor();
    const item = panel(h).getByTestId('qualitycost-centroids');
    expect(await item.getAttribute('data-exact')).toBe('false');
    expect(await item.innerText()).toContain(
      `exact means unavailable: ${scoreName}: the version comparison query has no quality:${scoreName} row`
    );
  });
});

describe('quality-vs-cost panel with a version comparison beside the points', () => {
  for (const theme of ['dark', 'light'] as const) {
    it(`draws each version’s centroid over all its traffic, as the comparison frame gives it (${theme})`, async () => {
      const expected = await demoComparison();
      const { frame } = densePointsFrame(3000);
      await h.open(theme);
      const result = await h.renderPanel(PANEL, {
        frames: [frame, dataFrameToJSON(expected.frame)],
        width: WIDTH,
        height: HEIGHT,
        options: { logX: true, scoreName: 'relevance' },
      });
      expect(result.errors).toEqual([]);
      await panel(h).locator('[data-testid="qualitycost-plot"] canvas').waitFor();
      const item = panel(h).getByTestId('qualitycost-centroids');
      expect(await item.getAttribute('data-exact')).toBe('true');
      const text = (await item.innerText()).replace(/\s+/g, ' ');
      expect(text).toContain(
        'centroids: exact means over all traffic with 95 % intervals (cost per trace: Tempo ÷ traces counted by Tempo; relevance: Tempo)'
      );
      // v3 calls a model without a price: not placed, and the legend says why.
      expect(text).toContain('not placed: v3 (cost per trace unknown: cost incomplete: no price for acme-titler-1)');
      const drawn: Array<[string, number, number]> = JSON.parse((await item.getAttribute('data-centroids'))!);
      expect(drawn.map((d) => d[0])).toEqual(expected.centroids.centroids.map((c) => c.series));
      drawn.forEach(([, x, y], k) => {
        expect(x).toBeCloseTo(expected.centroids.centroids[k].x.mean, 12);
        expect(y).toBeCloseTo(expected.centroids.centroids[k].y.mean, 12);
      });
      // The frontier of the exact means is drawn through the versions the comparison puts on it.
      expect(expected.centroids.frontier.length).toBeGreaterThan(0);
      expect(JSON.parse((await panel(h).locator('.u-over').getAttribute('data-means-frontier'))!)).toEqual(
        expected.centroids.frontier
      );
      await h.page.mouse.move(0, 0);
      await shot(h, `exact-centroids-${theme}`);
    });
  }
});

/** The data source's comparison of the demo traces' recording, and the centroids it gives. */
async function demoComparison(): Promise<{ frame: DataFrame; centroids: ExactCentroids }> {
  const frame = await demoVersionComparisonFrame(['costPerTrace', 'quality']);
  const centroids = exactCentroids(readVersionComparisonFrame(frame), { kind: 'score', name: 'relevance' }, 'version');
  return { frame, centroids: centroids as ExactCentroids };
}
