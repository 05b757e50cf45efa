// Browser side of the quality-vs-cost bench (bundled by qualityCostBrowser.ts with esbuild): a
// Trace points frame of n synthetic traces (built untimed), then the time from handing the mounted,
// waiting panel its data to the first paint (against a trivial panel given the same frame; theme
// and global styles exist before, as in Grafana), and the time of one
// hover move: uPlot's cursor, the pixel-grid hit test and the tooltip's React update.
import { createTheme, FieldType, LoadingState, ThemeContext, type DataFrame, type PanelProps } from '@grafana/data';
import { GlobalStyles } from '@grafana/ui';
import React from 'react';
import { afterPaint, afterTask } from './paintTiming';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { buildScatterModel } from '../src/data/scatter/scatterModel';
import { scatterPointsFromFrame } from '../src/data/scatter/scatterPoints';
import { QualityCostPanel } from '../src/panels/quality-cost/QualityCostPanel';
import { DEFAULT_OPTIONS, type QualityCostOptions } from '../src/panels/quality-cost/types';

const WIDTH = 1200;
const HEIGHT = 700;
let root: Root | undefined;
const host = document.getElementById('root')!;

function pointsFrame(n: number): DataFrame {
  let seed = 11;
  const rand = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const versions = ['v1', 'v2', 'v3', 'v4', 'v5'];
  const cost = new Array<number | null>(n);
  const score = new Array<number | null>(n);
  const version = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const v = i % versions.length;
    const c = Math.exp(Math.log(0.002 * (v + 1)) + 1.6 * (rand() - 0.5));
    cost[i] = rand() > 0.03 ? c : null;
    score[i] =
      rand() > 0.05
        ? Math.min(1, Math.max(0, 0.5 + 0.08 * v + 0.1 * Math.log10(c / 0.002) + 0.2 * (rand() - 0.5)))
        : null;
    version[i] = versions[v];
  }
  const f = (name: string, type: FieldType, values: unknown[]) => ({ name, type, values, config: {} });
  return {
    name: 'GenAI trace points',
    length: n,
    fields: [
      f(
        'time',
        FieldType.time,
        Array.from({ length: n }, (_, i) => 1_790_000_000_000 + i * 100)
      ),
      f(
        'traceId',
        FieldType.string,
        Array.from({ length: n }, (_, i) => i.toString(16).padStart(32, '0'))
      ),
      f('version', FieldType.string, version),
      f(
        'models',
        FieldType.string,
        version.map((v) => (v === 'v1' ? 'gpt-4o-mini' : 'gpt-4o'))
      ),
      f('agent', FieldType.string, new Array(n).fill('support')),
      f('costUsd', FieldType.number, cost),
      f(
        'costComplete',
        FieldType.boolean,
        cost.map((c) => c !== null)
      ),
      f(
        'costUnknownReason',
        FieldType.string,
        cost.map((c) => (c === null ? 'no price for model "x"' : null))
      ),
      f(
        'latencyMs',
        FieldType.number,
        Array.from({ length: n }, (_, i) => 500 + (i % 997))
      ),
      f(
        'totalTokens',
        FieldType.number,
        Array.from({ length: n }, (_, i) => 800 + (i % 1531))
      ),
      f('score:relevance', FieldType.number, score),
    ],
  } as DataFrame;
}

// As in Grafana: the theme and global styles exist before any panel gets data, and a panel is
// mounted (waiting for its query) when the data arrives as new props.
const theme = createTheme({ colors: { mode: 'dark' } });
document.body.style.background = theme.colors.background.primary;
function mount(el: React.ReactElement) {
  root ??= createRoot(host);
  flushSync(() =>
    root!.render(
      <ThemeContext.Provider value={theme}>
        <GlobalStyles />
        <div style={{ width: WIDTH, height: HEIGHT }}>{el}</div>
      </ThemeContext.Provider>
    )
  );
}

function Trivial({ frame }: { frame?: DataFrame }) {
  return <div>{frame ? `${frame.length} traces` : 'loading'}</div>;
}

function panel(frame?: DataFrame) {
  const props = {
    data: { series: frame ? [frame] : [], state: frame ? LoadingState.Done : LoadingState.Loading, timeRange: {} },
    options: { ...DEFAULT_OPTIONS, logX: true } as QualityCostOptions,
    width: WIDTH,
    height: HEIGHT,
    replaceVariables: (s: string) => s,
  } as unknown as PanelProps<QualityCostOptions>;
  return <QualityCostPanel {...props} />;
}

const frames = new Map<number, DataFrame>();

declare global {
  interface Window {
    timeDraw(n: number, which: 'panel' | 'trivial'): Promise<{ ms: number; plotted: string }>;
    timeHover(
      moves: number
    ): Promise<{ medianMs: number; p95Ms: number; firstMs: number; maxMs: number; tooltips: number }>;
    timeModel(n: number): { pointsMs: number; modelMs: number };
  }
}

/** The data path alone: points from the frame, then frontiers and centroids. */
window.timeModel = (n) => {
  const frame = { ...(frames.get(n) ?? pointsFrame(n)) };
  const t0 = performance.now();
  const points = scatterPointsFromFrame(frame, { kind: 'score', name: 'relevance' }, 'version');
  const t1 = performance.now();
  buildScatterModel(points);
  return { pointsMs: t1 - t0, modelMs: performance.now() - t1 };
};

window.timeDraw = async (n, which) => {
  if (!frames.has(n)) {
    frames.set(n, pointsFrame(n));
  }
  // A fresh frame object each time: the panel derives its points once per frame.
  const frame = { ...frames.get(n)! };
  mount(<div />);
  await afterPaint();
  mount(which === 'panel' ? panel() : <Trivial />);
  await afterPaint();
  const t0 = performance.now();
  mount(which === 'panel' ? panel(frame) : <Trivial frame={frame} />);
  const t1 = await afterPaint();
  const counts = host.querySelector('[data-testid="qualitycost-counts"]')?.textContent ?? '';
  if (which === 'panel' && !host.querySelector('.u-over')?.getAttribute('data-frontier-px')) {
    throw new Error('the panel drew no frontier');
  }
  return { ms: t1 - t0, plotted: counts };
};

/** Mouse moves over the drawn panel, each to a point of the frontier or a random place. */
window.timeHover = async (moves) => {
  const over = host.querySelector<HTMLElement>('.u-over');
  if (!over) {
    throw new Error('draw the panel first');
  }
  const rect = over.getBoundingClientRect();
  const frontier: Array<[number, number]> = JSON.parse(over.getAttribute('data-frontier-px') ?? '[]');
  const times: number[] = [];
  const seen = new Set<string>();
  let seed = 5;
  const rand = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  for (let k = 0; k < moves; k++) {
    const [x, y] =
      k % 2 === 0 && frontier.length ? frontier[k % frontier.length] : [rand() * rect.width, rand() * rect.height];
    const t0 = performance.now();
    over.dispatchEvent(new MouseEvent('mousemove', { clientX: rect.left + x, clientY: rect.top + y, bubbles: true }));
    const t1 = await afterTask();
    times.push(t1 - t0);
    const id = host.querySelector('[role="tooltip"] div')?.textContent;
    if (id) {
      seen.add(id);
    }
    await afterPaint();
  }
  const s = [...times].sort((a, b) => a - b);
  // The first move after a draw also builds the hover grid: reported on its own, and the slowest.
  return {
    medianMs: s[Math.floor(s.length / 2)],
    p95Ms: s[Math.floor(s.length * 0.95)],
    firstMs: times[0],
    maxMs: s[s.length - 1],
    tooltips: seen.size,
  };
};
