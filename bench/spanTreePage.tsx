// Browser side of the span-tree bench (bundled by spanTreeBrowser.ts with esbuild): builds the
// span-tree frame from a Tempo payload the way the data source does (untimed), then times the
// panel from handing it the data to the first paint, and expanding/collapsing the root.
import { calcPrice } from '@pydantic/genai-prices';
import { createTheme, LoadingState, ThemeContext, type DataFrame, type PanelProps } from '@grafana/data';
import { GlobalStyles } from '@grafana/ui';
import React from 'react';
import { afterPaint } from './paintTiming';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { genaiPricesLookup } from '../src/data/cost/priceLookup';
import { DEFAULT_COST_SETTINGS } from '../src/data/cost/spanCost';
import { spanTreeFrame } from '../src/data/frames/spanTreeFrame';
import { DEFAULT_NORMALIZE_OPTIONS } from '../src/data/genai/normalizeSpan';
import { buildTraceFromPayload } from '../src/data/trace/loadTrace';
import { filterSpans, type QuickFilter } from '../src/data/trace/spanFilters';
import {
  buildSearchIndexWhenIdle,
  isSearchIndexReady as indexReady,
  searchIndexOf,
  SpanSearchIndex,
} from '../src/data/trace/spanSearchIndex';
import { spanTreeViewOf } from '../src/data/trace/spanTreeView';
import { SpanTreePanel } from '../src/panels/span-tree/SpanTreePanel';
import { DEFAULT_OPTIONS, type SpanTreeOptions } from '../src/panels/span-tree/types';

const opts = {
  normalize: DEFAULT_NORMALIZE_OPTIONS,
  cost: DEFAULT_COST_SETTINGS,
  prices: genaiPricesLookup(calcPrice),
};
const WIDTH = 1400;
const HEIGHT = 800;

let root: Root | undefined;
const host = document.getElementById('root')!;

function Trivial({ frame }: { frame: DataFrame }) {
  return <div>{frame.length} spans</div>;
}

function mount(el: React.ReactElement, mode: 'dark' | 'light') {
  root?.unmount();
  root = createRoot(host);
  const theme = createTheme({ colors: { mode } });
  document.body.style.background = theme.colors.background.primary;
  flushSync(() =>
    root!.render(
      <ThemeContext.Provider value={theme}>
        {/* `?noglobal` leaves out Grafana's global CSS, to see what it costs (see the readme). */}
        {!location.search.includes('noglobal') && <GlobalStyles />}
        <div style={{ width: WIDTH, height: HEIGHT }}>{el}</div>
      </ThemeContext.Provider>
    )
  );
}

function panel(frame: DataFrame, options: Partial<SpanTreeOptions> = {}) {
  const props = {
    data: { series: [frame], state: LoadingState.Done, timeRange: {} },
    options: { ...DEFAULT_OPTIONS, ...options },
    width: WIDTH,
    height: HEIGHT,
  } as unknown as PanelProps<SpanTreeOptions>;
  return <SpanTreePanel {...props} />;
}

const frames = new Map<string, DataFrame>();

declare global {
  interface Window {
    loadTrace(url: string): Promise<number>;
    timeFirstPaint(url: string, which: 'panel' | 'trivial'): Promise<number>;
    timeViewBuild(url: string): number;
    timeFilter(url: string, quick: QuickFilter, search: string): { ms: number; matches: number };
    timeSearchIndex(url: string): number;
    timeFullRows(): Promise<number>;
    timeDetails(url: string, masking: boolean): Promise<{ ms: number; bubbles: number; masked: number }>;
    timeIdleIndex(url: string): Promise<{ slices: number; longestMs: number; totalMs: number }>;
    timeScroll(
      frames: number,
      rowsPerFrame?: number
    ): Promise<{ medianMs: number; p95Ms: number; rowsSeen: number; rowsScrolled: number }>;
    timeToggleRoot(): Promise<{ collapseMs: number; expandMs: number; rowsCollapsed: number; rowsExpanded: number }>;
    showTrace(url: string, mode: 'dark' | 'light', options?: Partial<SpanTreeOptions>): Promise<void>;
  }
}

window.loadTrace = async (url) => {
  const payload = await (await fetch(url)).json();
  const frame = spanTreeFrame(buildTraceFromPayload('bench', payload, opts));
  frames.set(url, frame);
  return frame.length;
};

window.timeFirstPaint = async (url, which) => {
  // A fresh frame object each time: the panel computes its view once per frame, so no cache hit.
  const frame = { ...frames.get(url)! };
  mount(<div />, 'dark');
  await afterPaint();
  const t0 = performance.now();
  mount(which === 'panel' ? panel(frame) : <Trivial frame={frame} />, 'dark');
  const t1 = await afterPaint();
  if (which === 'panel' && !host.querySelector('[role="treeitem"]')) {
    throw new Error('panel painted no rows');
  }
  return t1 - t0;
};

window.timeViewBuild = (url) => {
  const frame = { ...frames.get(url)! };
  const t0 = performance.now();
  spanTreeViewOf(frame);
  return performance.now() - t0;
};

/**
 * Scrolls the tree from the top `rowsPerFrame` rows per frame (40: a fling; 3: a mouse wheel) and returns the
 * frame-to-frame times, from each frame's own timestamp (the vsync it was made for), so a frame
 * that missed its vsync reads 33.3 ms and one that made it 16.7 ms, without the jitter of when
 * the callback happened to run.
 */
window.timeScroll = async (count, rowsPerFrame = 40) => {
  const scroller = host.querySelector<HTMLElement>('[role="tree"]')!;
  const seen = new Set<string>();
  const times: number[] = [];
  const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
  // From the top, with full rows drawn.
  scroller.scrollTop = 0;
  await window.timeFullRows();
  let last = await frame();
  host.querySelectorAll('[role="treeitem"]').forEach((r) => seen.add(r.getAttribute('data-row')!));
  for (let i = 0; i < count; i++) {
    scroller.scrollTop += rowsPerFrame * 28;
    const now = await frame();
    times.push(now - last);
    last = now;
    host.querySelectorAll('[role="treeitem"]').forEach((r) => seen.add(r.getAttribute('data-row')!));
  }
  (window as unknown as { lastTimes: number[] }).lastTimes = [...times];
  times.sort((a, b) => a - b);
  return {
    medianMs: times[Math.floor(times.length / 2)],
    p95Ms: times[Math.floor(times.length * 0.95)],
    rowsSeen: seen.size,
    rowsScrolled: Math.round(scroller.scrollTop / 28),
  };
};

let maskRun = 0;

/**
 * Opening the details of the first LLM call of a drawn trace, with content masking on (a fresh
 * masker each run: no cached values) or off: masking is lazy, it masks what the details show.
 */
/** The view row of the first drawn LLM call whose details show a chat (found once, untimed). */
const chatRows = new Map<string, string>();

async function firstChatRow(url: string): Promise<string> {
  const known = chatRows.get(url);
  if (known) {
    return known;
  }
  mount(panel({ ...frames.get(url)! }), 'dark');
  await afterPaint();
  for (const glyph of host.querySelectorAll('[role="treeitem"] [data-glyph="llm"]')) {
    const row = glyph.closest<HTMLElement>('[role="treeitem"]')!;
    flushSync(() => row.click());
    await afterPaint();
    if (host.querySelector('[data-role]')) {
      chatRows.set(url, row.getAttribute('data-row')!);
      return row.getAttribute('data-row')!;
    }
  }
  throw new Error('no drawn LLM call shows a chat');
}

window.timeDetails = async (url, masking) => {
  const target = await firstChatRow(url);
  const base = frames.get(url)!;
  const pii = {
    enabled: masking,
    customPatterns: [{ name: 'run', pattern: `zz-never-${maskRun++}` }],
    revealRole: 'Admin',
  };
  const frame = { ...base, meta: { ...base.meta, custom: { ...base.meta?.custom, pii } } };
  mount(<div />, 'dark');
  mount(panel(frame), 'dark');
  await afterPaint();
  const row = host.querySelector<HTMLElement>(`[role="treeitem"][data-row="${target}"]`)!;
  const t0 = performance.now();
  flushSync(() => row.click());
  const t1 = await afterPaint();
  return {
    ms: t1 - t0,
    bubbles: host.querySelectorAll('[data-role]').length,
    masked: host.querySelectorAll('[data-masked="true"]').length,
  };
};

/** After a fling: the time until every row is drawn in full again (the list's scroll-end). */
window.timeFullRows = async () => {
  const t0 = performance.now();
  for (;;) {
    await afterPaint();
    if (!host.querySelector('[role="treeitem"][data-light]')) {
      return performance.now() - t0;
    }
    if (performance.now() - t0 > 3000) {
      throw new Error('rows stayed light 3 s after the fling');
    }
  }
};

/** The index built as the panel builds it, in idle slices: the slices' count, longest and total time. */
window.timeIdleIndex = (url) =>
  new Promise((resolve) => {
    const view = spanTreeViewOf({ ...frames.get(url)! });
    const slices: number[] = [];
    const win = {
      requestIdleCallback: (cb: (d: { timeRemaining(): number }) => void) =>
        requestIdleCallback((deadline) => {
          const t0 = performance.now();
          cb(deadline);
          slices.push(performance.now() - t0);
          if (indexReady(view)) {
            resolve({
              slices: slices.length,
              longestMs: Math.max(...slices),
              totalMs: slices.reduce((a, b) => a + b, 0),
            });
          }
        }),
      cancelIdleCallback: (id: number) => cancelIdleCallback(id),
    };
    buildSearchIndexWhenIdle(view, win);
  });

/** Building the search index at once. */
window.timeSearchIndex = (url) => {
  const view = spanTreeViewOf(frames.get(url)!);
  const t0 = performance.now();
  new SpanSearchIndex(view);
  return performance.now() - t0;
};

window.timeFilter = (url, quick, search) => {
  const view = spanTreeViewOf(frames.get(url)!);
  searchIndexOf(view); // built before the user types (idle time), as in the panel
  const t0 = performance.now();
  const result = filterSpans(view, { quick, search });
  return { ms: performance.now() - t0, matches: result?.matches.length ?? view.size };
};

window.timeToggleRoot = async () => {
  const rows = () => Number(host.querySelector('[role="tree"] > div')!.getBoundingClientRect().height) / 28;
  const button = () => host.querySelector<HTMLButtonElement>('[role="treeitem"] button')!;
  const rowsExpanded = rows();
  let t0 = performance.now();
  flushSync(() => button().click());
  const collapseMs = (await afterPaint()) - t0;
  const rowsCollapsed = rows();
  t0 = performance.now();
  flushSync(() => button().click());
  const expandMs = (await afterPaint()) - t0;
  return { collapseMs, expandMs, rowsCollapsed, rowsExpanded };
};

window.showTrace = async (url, mode, options = {}) => {
  if (!frames.has(url)) {
    await window.loadTrace(url);
  }
  mount(panel({ ...frames.get(url)! }, options), mode);
  await afterPaint();
};
