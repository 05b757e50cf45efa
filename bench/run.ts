// npm run bench — normalise + frame big traces, reported as a ratio to JSON.parse of the same
// payload measured in the same run (the floor any trace view pays).
import { calcPrice } from '@pydantic/genai-prices';
import { genaiPricesLookup } from '../src/data/cost/priceLookup';
import { DEFAULT_COST_SETTINGS } from '../src/data/cost/spanCost';
import { spanTreeFrame } from '../src/data/frames/spanTreeFrame';
import { DEFAULT_NORMALIZE_OPTIONS } from '../src/data/genai/normalizeSpan';
import { buildTraceFromPayload } from '../src/data/trace/loadTrace';
import { benchSpanTreeBrowser } from './spanTreeBrowser';
import { benchVersionComparison } from './versionComparisonBench';
import { benchParetoFrontier } from './paretoFrontierBench';
import { benchPiiMask } from './piiMaskBench';
import { benchDatasetExport } from './datasetExportBench';
import { benchQualityCostBrowser } from './qualityCostBrowser';
import { syntheticTracePayload } from './syntheticTrace';

const opts = {
  normalize: DEFAULT_NORMALIZE_OPTIONS,
  cost: DEFAULT_COST_SETTINGS,
  prices: genaiPricesLookup(calcPrice),
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median of `runs` timed calls after one warm-up; `setup` runs untimed before each call. */
function time<T>(setup: () => T, fn: (input: T) => void, runs: number): number {
  fn(setup());
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const input = setup();
    const t = performance.now();
    fn(input);
    samples.push(performance.now() - t);
  }
  return median(samples);
}

console.log('spans     payload   JSON.parse   normalise+cost+tree+frame   ratio (target ≤ 3.0×)');
for (const [n, runs] of [
  [10_000, 21],
  [100_000, 7],
] as const) {
  const payload = syntheticTracePayload(n);
  const parseMs = time(
    () => payload,
    (p) => JSON.parse(p),
    runs
  );
  let rows = 0;
  const pipelineMs = time(
    () => JSON.parse(payload),
    (parsed) => {
      rows = spanTreeFrame(buildTraceFromPayload('bench', parsed, opts)).length;
    },
    runs
  );
  if (rows !== n) {
    throw new Error(`frame has ${rows} rows, expected ${n}`);
  }
  console.log(
    `${String(n).padStart(7)}   ${(payload.length / 1e6).toFixed(1).padStart(5)} MB   ${parseMs.toFixed(1).padStart(7)} ms   ${pipelineMs.toFixed(1).padStart(17)} ms          ${(pipelineMs / parseMs).toFixed(2)}×`
  );
}

// Statistics of one version comparison (bench/versionComparisonBench.ts).
benchVersionComparison();

// Quality-vs-cost panel's Pareto frontier (bench/paretoFrontierBench.ts).
benchParetoFrontier();

// PII masking of a 1 MB prompt, with and without PII in it (bench/piiMaskBench.ts).
benchPiiMask();

// In headless Chromium: the span-tree panel (first paint, root expand/collapse, scroll, filters;
// bench/spanTreeBrowser.ts), then the quality-vs-cost panel (first paint, hover; bench/qualityCostBrowser.ts).
// Before them, the dataset export's CPU over 10,000 traces (bench/datasetExportBench.ts).
benchDatasetExport()
  .then(() => benchSpanTreeBrowser())
  .then(() => benchQualityCostBrowser())
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
