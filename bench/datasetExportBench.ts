// Dataset export of 10,000 traces (the export's CPU, without the network): items + presets, masked
// and not, as a ratio to JSON.stringify of the same traces' messages measured in the same run —
// the least any export that writes the messages pays. The browser side (frames while exporting) is
// measured by tests/browser/datasetExport.browser.test.ts. One masker serves the masked runs, so its
// cache is cold for the first of them only (as in a page that exports twice).
import type { DataFrame } from '@grafana/data';
import { spanTreeFrame } from '../src/data/frames/spanTreeFrame';
import { readSpanTreeFrame } from '../src/data/frames/readSpanTreeFrame';
import { exportDataset } from '../src/data/export/exportDataset';
import type { DatasetPreset } from '../src/data/export/datasetPresets';
import { frameMasker } from '../src/data/pii/maskFrameText';
import { buildTraceFromPayload } from '../src/data/trace/loadTrace';
import { DEFAULT_COST_SETTINGS } from '../src/data/cost/spanCost';
import { DEFAULT_NORMALIZE_OPTIONS } from '../src/data/genai/normalizeSpan';
import { syntheticTempo } from '../tests/helpers/syntheticTempo';

const N = 10_000;

export async function benchDatasetExport(): Promise<void> {
  const tempo = syntheticTempo({ count: N, endMs: Date.now(), spacingMs: 1_000 });
  const frames = new Map<string, DataFrame>();
  for (const id of tempo.traceIds) {
    const body = JSON.parse(tempo.answer(`/api/v2/traces/${id}`, new URLSearchParams())!.body);
    frames.set(
      id,
      spanTreeFrame(
        buildTraceFromPayload(id, body.trace, { normalize: DEFAULT_NORMALIZE_OPTIONS, cost: DEFAULT_COST_SETTINGS })
      )
    );
  }
  const source = { spanTreeFrame: async (id: string) => frames.get(id)! };
  const immediate = () => Promise.resolve();

  let t = performance.now();
  let bytes = 0;
  for (const f of frames.values()) {
    const table = readSpanTreeFrame(f);
    const content = table.column<unknown>('content')!;
    for (let i = 0; i < table.length; i++) {
      bytes += JSON.stringify(content[i] ?? null).length;
    }
  }
  const baseMs = performance.now() - t;

  console.log(
    `\ndataset export, ${N.toLocaleString('en-US')} traces (CPU only)   ms   ratio to JSON.stringify of the messages (${baseMs.toFixed(0)} ms, ${(bytes / 1e6).toFixed(1)} MB)`
  );
  const masker = frameMasker({ enabled: true, customPatterns: [], revealRole: 'Admin' })!;
  for (const [preset, masked] of [
    ['genai', false],
    ['genai', true],
    ['openai-evals', true],
    ['promptfoo', true],
    ['langfuse', true],
  ] as Array<[DatasetPreset, boolean]>) {
    t = performance.now();
    const res = await exportDataset(tempo.traceIds, source, {
      granularity: 'call',
      preset,
      mask: masked ? (s) => masker.mask(s) : undefined,
      yieldToBrowser: immediate,
    });
    const ms = performance.now() - t;
    if (res.lines !== N) {
      throw new Error(`exported ${res.lines} lines, expected ${N}`);
    }
    console.log(
      `  ${preset.padEnd(13)} ${masked ? 'masked  ' : 'unmasked'}   ${ms.toFixed(0).padStart(6)}   ${(ms / baseMs).toFixed(1)}×`
    );
  }
}
