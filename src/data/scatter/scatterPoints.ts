import type { DataFrame, Field } from '@grafana/data';

/** What the y axis shows for a trace. */
export type YMetric =
  | { kind: 'score'; name: string }
  /** Share of the trace's evaluations whose score is at least `threshold`. */
  | { kind: 'passRate'; threshold: number }
  | { kind: 'latency' }
  | { kind: 'tokens' };

export type ColorBy = 'version' | 'model' | 'agent';

export const NO_VALUE_SERIES = '(none)';

/** The sample a Trace points frame states (see windowedTracePoints). */
export interface PointsSample {
  shown: number;
  /** Traces matching in the range; a lower bound when `matchingExact` is false. */
  matching: number;
  matchingExact: boolean;
  method: string;
}

/** Columnar points: index i is one trace with a known complete cost and a y value. */
export interface ScatterPoints {
  traceId: string[];
  x: Float64Array;
  y: Float64Array;
  series: string[];
  version: string[];
  models: string[];
  agent: string[];
  durationMs: Float64Array;
  /** Total tokens of the trace (NaN: unknown), for the size encoding. */
  tokens: Float64Array;
  startMs: Float64Array;
  /** Score columns by evaluation name (null where the trace has none). */
  scores: Record<string, Array<number | null>>;
  /** The metric drawn: a score without a name resolves to the first evaluation in the frame. */
  metric: YMetric;
  yLabel: string;
  higherIsBetter: boolean;
  /** Traces in the frame that are not points, by reason; one trace can count under both. */
  withoutCost: number;
  withoutY: number;
  /** Reasons Tempo-side costs are unknown, with counts. */
  costUnknownReasons: Array<{ reason: string; count: number }>;
  /** Margin strips: y of traces with a y but no cost; x of traces with a cost but no y. */
  marginY: number[];
  marginX: number[];
  total: number;
  scoreNames: string[];
  sample?: PointsSample;
}

function field(frame: DataFrame, name: string): Field | undefined {
  return frame.fields.find((f) => f.name === name);
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function yLabelOf(m: YMetric): string {
  switch (m.kind) {
    case 'score':
      return `Score ${m.name}`;
    case 'passRate':
      return `Pass rate (score ≥ ${m.threshold})`;
    case 'latency':
      return 'Latency (ms)';
    case 'tokens':
      return 'Tokens';
  }
}

/** Why a y value is missing, in the words of the counts ("37 traces without a score"). */
export function withoutYLabel(m: YMetric): string {
  return m.kind === 'score'
    ? m.name
      ? `a ${m.name} score`
      : 'a score'
    : m.kind === 'passRate'
      ? 'a score'
      : `a ${m.kind} value`;
}

/**
 * Reads the data source's Trace points frame into points. A point is a trace with both a known,
 * complete cost and a y value; every other trace is counted by reason, never dropped silently.
 */
export function scatterPointsFromFrame(frame: DataFrame, metric: YMetric, colorBy: ColorBy): ScatterPoints {
  const n = frame.length ?? frame.fields[0]?.values.length ?? 0;
  const traceIds = field(frame, 'traceId');
  const cost = field(frame, 'costUsd');
  if (!traceIds || !cost) {
    throw new Error('Not a Trace points frame: it has no traceId and costUsd fields (use the "Trace points" query).');
  }
  const complete = field(frame, 'costComplete');
  const reasonF = field(frame, 'costUnknownReason');
  const scoreFields = frame.fields.filter((f) => f.name.startsWith('score:'));
  const scoreNames = scoreFields.map((f) => f.name.slice('score:'.length));
  if (metric.kind === 'score' && !scoreNames.includes(metric.name) && scoreNames.length) {
    metric = { kind: 'score', name: scoreNames[0] };
  }
  const yField =
    metric.kind === 'score'
      ? field(frame, `score:${metric.name}`)
      : metric.kind === 'latency'
        ? field(frame, 'latencyMs')
        : metric.kind === 'tokens'
          ? field(frame, 'totalTokens')
          : undefined;
  const str = (name: string) => {
    const f = field(frame, name);
    return (i: number) => {
      const v = f?.values[i];
      return v === null || v === undefined || v === '' ? NO_VALUE_SERIES : String(v);
    };
  };
  const version = str('version');
  const models = str(field(frame, 'models') ? 'models' : 'model');
  const agent = str('agent');
  const duration = field(frame, 'latencyMs');
  const time = field(frame, 'time');

  const yOf = (i: number): number | undefined => {
    if (metric.kind !== 'passRate') {
      return num(yField?.values[i]);
    }
    let seen = 0;
    let pass = 0;
    for (const f of scoreFields) {
      const v = num(f.values[i]);
      if (v !== undefined) {
        seen++;
        pass += v >= metric.threshold ? 1 : 0;
      }
    }
    return seen ? pass / seen : undefined;
  };

  const keep: number[] = [];
  const ys: number[] = [];
  const marginX: number[] = [];
  const marginY: number[] = [];
  const reasons = new Map<string, number>();
  let withoutCost = 0;
  let withoutY = 0;
  for (let i = 0; i < n; i++) {
    const c = num(cost.values[i]);
    const costKnown = c !== undefined && complete?.values[i] !== false;
    const y = yOf(i);
    if (!costKnown) {
      withoutCost++;
      const r = reasonF?.values[i];
      const reason = typeof r === 'string' && r ? r : 'cost unknown';
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    if (y === undefined) {
      withoutY++;
    }
    if (costKnown && y !== undefined) {
      keep.push(i);
      ys.push(y);
    } else if (costKnown) {
      marginX.push(c!);
    } else if (y !== undefined) {
      marginY.push(y);
    }
  }
  // Plain loops: typed-array `from` with a map function and chained `map`s cost several times more
  // at 100,000 points.
  const m = keep.length;
  const traceId = new Array<string>(m);
  const x = new Float64Array(m);
  const series = new Array<string>(m);
  const versions = new Array<string>(m);
  const modelList = new Array<string>(m);
  const agents = new Array<string>(m);
  const durationMs = new Float64Array(m);
  const tokens = new Float64Array(m);
  const tokenField = field(frame, 'totalTokens');
  const startMs = new Float64Array(m);
  const costValues = cost.values;
  for (let k = 0; k < m; k++) {
    const i = keep[k];
    traceId[k] = String(traceIds.values[i]);
    x[k] = costValues[i] as number;
    versions[k] = version(i);
    modelList[k] = models(i);
    agents[k] = agent(i);
    series[k] = colorBy === 'model' ? modelList[k] : colorBy === 'agent' ? agents[k] : versions[k];
    durationMs[k] = num(duration?.values[i]) ?? NaN;
    tokens[k] = num(tokenField?.values[i]) ?? NaN;
    startMs[k] = num(time?.values[i]) ?? NaN;
  }
  const scores: Record<string, Array<number | null>> = {};
  for (const f of scoreFields) {
    const out = new Array<number | null>(m);
    const vs = f.values;
    for (let k = 0; k < m; k++) {
      out[k] = num(vs[keep[k]]) ?? null;
    }
    scores[f.name.slice('score:'.length)] = out;
  }
  return {
    traceId,
    x,
    y: Float64Array.from(ys),
    series,
    version: versions,
    models: modelList,
    agent: agents,
    durationMs,
    tokens,
    startMs,
    scores,
    metric,
    yLabel: yLabelOf(metric),
    higherIsBetter: metric.kind === 'score' || metric.kind === 'passRate',
    withoutCost,
    withoutY,
    costUnknownReasons: [...reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count),
    marginX,
    marginY,
    total: n,
    scoreNames,
    sample: readSample(frame),
  };
}

function readSample(frame: DataFrame): PointsSample | undefined {
  const s = (frame.meta?.custom as { sample?: Partial<PointsSample> } | undefined)?.sample;
  if (!s || typeof s.shown !== 'number' || typeof s.matching !== 'number') {
    return undefined;
  }
  return {
    shown: s.shown,
    matching: s.matching,
    matchingExact: s.matchingExact === true,
    method: String(s.method ?? ''),
  };
}

/** "37 traces without a score", "5 without a known cost" — empty when every trace is a point. */
export function excludedCounts(p: ScatterPoints, withReasons = true): string[] {
  const out: string[] = [];
  if (p.withoutY) {
    out.push(`${p.withoutY} trace${p.withoutY === 1 ? '' : 's'} without ${withoutYLabel(p.metric)}`);
  }
  if (p.withoutCost) {
    const why = p.costUnknownReasons.map((r) => `${r.count}: ${r.reason}`).join('; ');
    out.push(
      `${p.withoutCost} trace${p.withoutCost === 1 ? '' : 's'} without a known cost${withReasons ? ` (${why})` : ''}`
    );
  }
  return out;
}

/** "100 traces shown of ≥ 640 matching, …" */
export function sampleStatement(s: PointsSample): string {
  return `${s.shown} traces shown of ${s.matchingExact ? '' : '≥ '}${s.matching} matching (${s.method})`;
}
