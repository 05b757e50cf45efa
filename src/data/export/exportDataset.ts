import type { DataFrame } from '@grafana/data';
import { readSpanTreeFrame, type SpanTreeTable } from '../frames/readSpanTreeFrame';
import type { TraceLogMessages } from '../loki/traceLogMessages';
import { datasetItems, type Granularity } from './datasetItem';
import { presetLine, type DatasetPreset } from './datasetPresets';
import { maskItem } from './maskItem';

/** Where an export reads its traces: the data source's Trace by id, and its Loki for chats written as logs. */
export interface ExportTraceSource {
  spanTreeFrame(traceId: string, signal?: AbortSignal): Promise<DataFrame>;
  /** Absent without a Loki. */
  traceLogs?(table: SpanTreeTable, signal?: AbortSignal): Promise<TraceLogMessages>;
}

export interface ExportOptions {
  granularity: Granularity;
  preset: DatasetPreset;
  /** Masks a text; absent: texts as recorded (masking off, or revealed by a role that may). */
  mask?: (text: string) => string;
  /** Traces loaded at once. */
  concurrency?: number;
  /** Longest stretch of work between two yields to the browser, in ms (one frame is 16.7). */
  sliceMs?: number;
  signal?: AbortSignal;
  onProgress?: (p: ExportProgress) => void;
  /** How to give the browser its turn (tests pass their own). */
  yieldToBrowser?: () => Promise<void>;
}

export interface ExportProgress {
  done: number;
  total: number;
  lines: number;
  failed: number;
}

export interface ExportResult {
  /** The JSONL file's parts in trace order (each ends with a newline): a Blob takes them as they are. */
  parts: string[];
  lines: number;
  traces: number;
  /** Traces that could not be read: left out, each with why (nothing silently lost). */
  failed: Array<{ traceId: string; error: string }>;
  /** Traces whose calls without content stay without it because Loki could not be read. */
  warnings: string[];
  cancelled: boolean;
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** A macrotask: the browser paints and handles input before the export goes on. */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof MessageChannel !== 'undefined') {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        ch.port1.close();
        resolve();
      };
      ch.port2.postMessage(null);
    } else {
      setTimeout(resolve, 0);
    }
  });
}

/**
 * Exports traces as a JSONL dataset, streaming: a few traces are fetched at once, each is turned
 * into lines as it arrives, and the work yields to the browser every `sliceMs`, so a 10,000-trace
 * export keeps the page responsive. A trace that fails is reported, not dropped silently.
 */
export async function exportDataset(
  traceIds: string[],
  source: ExportTraceSource,
  opts: ExportOptions
): Promise<ExportResult> {
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  const sliceMs = opts.sliceMs ?? 8;
  const yieldNow = opts.yieldToBrowser ?? nextMacrotask;
  const slots: Array<string | undefined> = new Array(traceIds.length);
  const failed: ExportResult['failed'] = [];
  const warnings: string[] = [];
  let next = 0;
  let done = 0;
  let lines = 0;
  let sliceStart = now();
  const report = () => opts.onProgress?.({ done, total: traceIds.length, lines, failed: failed.length });

  const breathe = async () => {
    if (now() - sliceStart >= sliceMs) {
      await yieldNow();
      sliceStart = now();
    }
  };

  async function one(traceId: string): Promise<string> {
    const table = readSpanTreeFrame(await source.spanTreeFrame(traceId, opts.signal));
    let logs: TraceLogMessages | undefined;
    if (source.traceLogs && needsLogs(table)) {
      try {
        logs = await source.traceLogs(table, opts.signal);
      } catch (e) {
        if (opts.signal?.aborted) {
          throw e;
        }
        warnings.push(
          `${traceId}: its log records could not be read from Loki (${message(e)}); its calls without messages have none.`
        );
      }
    }
    await breathe();
    const items = datasetItems(table, opts.granularity, logs).map((item) =>
      opts.mask ? maskItem(item, opts.mask) : item
    );
    lines += items.length;
    return items.map((item) => presetLine(item, opts.preset) + '\n').join('');
  }

  async function worker() {
    while (next < traceIds.length && !opts.signal?.aborted) {
      const i = next++;
      try {
        slots[i] = await one(traceIds[i]);
      } catch (e) {
        if (opts.signal?.aborted) {
          return;
        }
        failed.push({ traceId: traceIds[i], error: message(e) });
      }
      done++;
      report();
      await breathe();
    }
  }

  report();
  await Promise.all(Array.from({ length: Math.min(concurrency, traceIds.length) }, worker));
  const cancelled = Boolean(opts.signal?.aborted);
  const parts = slots.filter((s): s is string => s !== undefined && s !== '');
  return { parts, lines, traces: done - failed.length, failed, warnings, cancelled };
}

/** An LLM call without messages on its span: Loki may hold them. */
function needsLogs(table: SpanTreeTable): boolean {
  const content = table.column<{ input?: unknown[]; output?: unknown[] }>('content');
  for (let t = 0; t < table.length; t++) {
    if (table.kind[t] === 'llm') {
      const c = content?.[t];
      if (!c || (!c.input?.length && !c.output?.length)) {
        return true;
      }
    }
  }
  return false;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** `genai-dataset-<preset>-<granularity>-<UTC time>.jsonl` */
export function datasetFileName(preset: DatasetPreset, granularity: Granularity, at = new Date()): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `genai-dataset-${preset}-${granularity}-${stamp}.jsonl`;
}
