import type { DataFrame } from '@grafana/data';
import type { GenAiKind } from '../genai/model';
import { SPAN_TREE_FRAME_TYPE } from './spanTreeFrame';

/**
 * Column access to a span-tree frame (`spanTreeFrame`), by name. Panels read frames through
 * this instead of the `LoadedTrace` because Grafana hands them frames, possibly after
 * transformations or a serialisation round trip (objects survive as plain JSON then).
 */
export interface SpanTreeTable {
  length: number;
  traceId: string;
  /** Tempo said the trace is incomplete. */
  partial: boolean;
  warnings: string[];
  /** The Tempo data source the trace came from, when the frame says (`meta.custom.tempoDatasourceUid`). */
  tempoDatasourceUid?: string;
  /** How content is masked on display (`meta.custom.pii`, from the data source's settings); on by default. */
  pii: FramePii;
  /** The GenAI data source that made the frame (`meta.custom.datasourceUid`). */
  datasourceUid?: string;
  /** That data source has a Loki: spans without content can get their chat from log records. */
  logsFromLoki: boolean;
  spanId: ArrayLike<string>;
  parentSpanId: ArrayLike<string | null>;
  name: ArrayLike<string | null>;
  kind: ArrayLike<string | null>;
  /** Tree depth per row when the frame carries it (rows are then in tree order). */
  depth?: ArrayLike<number | null>;
  startMs: ArrayLike<number | null>;
  durationMs: ArrayLike<number | null>;
  error: ArrayLike<boolean | null>;
  costUsd: ArrayLike<number | null>;
  subtreeCostUsd?: ArrayLike<number | null>;
  synthetic: ArrayLike<boolean | null>;
  /** Any other column by name (details pane), or undefined when the frame lacks it. */
  column<T = unknown>(name: string): ArrayLike<T | null> | undefined;
}

/** The data source's masking settings as a frame carries them to the panels that show content. */
export interface FramePii {
  enabled: boolean;
  customPatterns: Array<{ name: string; pattern: string; flags?: string }>;
  /** The lowest org role that may reveal a masked message. */
  revealRole: 'Admin' | 'Editor';
}

/** Masking on, built-in detectors, Admins reveal: what a frame without settings gets. */
export const DEFAULT_FRAME_PII: FramePii = { enabled: true, customPatterns: [], revealRole: 'Admin' };

/** The frame's masking settings, defaults where missing or malformed (never off by accident). */
export function framePii(v: unknown): FramePii {
  const o = (v && typeof v === 'object' ? v : {}) as Partial<FramePii>;
  return {
    enabled: o.enabled !== false,
    customPatterns: Array.isArray(o.customPatterns)
      ? o.customPatterns.filter((p) => p && typeof p.name === 'string' && typeof p.pattern === 'string')
      : [],
    revealRole: o.revealRole === 'Editor' ? 'Editor' : 'Admin',
  };
}

export class SpanTreeFrameError extends Error {}

const REQUIRED = ['spanId', 'name', 'durationMs'];

export function isSpanTreeFrame(frame: DataFrame): boolean {
  const custom = frame.meta?.custom as { frameType?: string } | undefined;
  if (custom?.frameType === SPAN_TREE_FRAME_TYPE) {
    return true;
  }
  const names = new Set(frame.fields.map((f) => f.name));
  return REQUIRED.every((n) => names.has(n)) && names.has('parentSpanId');
}

/** The first span-tree frame of a panel's data, or undefined. */
export function findSpanTreeFrame(series: DataFrame[]): DataFrame | undefined {
  return series.find(isSpanTreeFrame);
}

const NO_VALUES: ArrayLike<null> = { length: 0 };

export function readSpanTreeFrame(frame: DataFrame): SpanTreeTable {
  const byName = new Map<string, ArrayLike<unknown>>();
  for (const f of frame.fields) {
    // First field of a name wins (a join transformation may repeat names).
    if (!byName.has(f.name)) {
      byName.set(f.name, f.values as ArrayLike<unknown>);
    }
  }
  const missing = REQUIRED.filter((n) => !byName.has(n));
  if (!byName.has('startTime') && !byName.has('startOffsetMs')) {
    missing.push('startTime');
  }
  if (missing.length) {
    throw new SpanTreeFrameError(
      `This frame is not a span tree: it lacks ${missing.join(', ')}. Use the GenAI data source's "Trace by id" query.`
    );
  }
  const length = frame.length ?? byName.get('spanId')!.length;
  const custom = (frame.meta?.custom ?? {}) as {
    traceId?: string;
    partial?: boolean;
    warnings?: string[];
    startMs?: number;
    tempoDatasourceUid?: string;
    pii?: unknown;
    datasourceUid?: unknown;
    logsFromLoki?: unknown;
  };
  const col = <T>(name: string) => byName.get(name) as ArrayLike<T | null> | undefined;
  const orNulls = <T>(name: string) => col<T>(name) ?? (NO_VALUES as ArrayLike<T | null>);
  let startMs = col<number>('startTime');
  if (!startMs) {
    const offset = col<number>('startOffsetMs')!;
    const base = custom.startMs ?? 0;
    startMs = Float64Array.from({ length }, (_, i) => base + Number(offset[i] ?? 0));
  }
  const traceIds = col<string>('traceId');
  return {
    length,
    traceId: custom.traceId ?? (traceIds && length ? String(traceIds[0] ?? '') : ''),
    partial: Boolean(custom.partial),
    warnings: Array.isArray(custom.warnings) ? custom.warnings.map(String) : [],
    tempoDatasourceUid: typeof custom.tempoDatasourceUid === 'string' ? custom.tempoDatasourceUid : undefined,
    pii: framePii(custom.pii),
    datasourceUid: typeof custom.datasourceUid === 'string' ? custom.datasourceUid : undefined,
    logsFromLoki: custom.logsFromLoki === true,
    spanId: col<string>('spanId') as ArrayLike<string>,
    parentSpanId: orNulls<string>('parentSpanId'),
    name: col<string>('name')!,
    kind: orNulls<string>('kind'),
    depth: col<number>('depth'),
    startMs,
    durationMs: col<number>('durationMs')!,
    error: orNulls<boolean>('error'),
    costUsd: orNulls<number>('costUsd'),
    subtreeCostUsd: col<number>('subtreeCostUsd'),
    synthetic: orNulls<boolean>('synthetic'),
    column: col,
  };
}

// 'other' stays last: unknown names map to it.
const KINDS: GenAiKind[] = ['agent', 'llm', 'embedding', 'tool', 'retrieval', 'memory', 'workflow', 'other'];

/** Kind name → small code for typed arrays; unknown names are 'other'. */
export function kindCode(kind: string | null | undefined): number {
  const i = KINDS.indexOf(kind as GenAiKind);
  return i < 0 ? KINDS.length - 1 : i;
}

export function kindName(code: number): GenAiKind {
  return KINDS[code] ?? 'other';
}
