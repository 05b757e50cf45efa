/** @jest-environment node */
import { otlpTrace } from '../../../tests/helpers/otlpBuilders';
import { pipelineOptions } from '../../../tests/helpers/pipeline';
import { buildTraceFromPayload } from '../trace/loadTrace';
import { aggregateByVersion, quantile, UNVERSIONED } from '../trace/versionAggregates';
import type { TraceSummary } from '../trace/traceSummary';
import { emptyTotals } from '../trace/totals';
import { spanTreeFrame } from './spanTreeFrame';
import { tracePointsFrame, traceSearchFrame } from './traceSearchFrame';
import { versionAggregatesFrame } from './versionAggregatesFrame';

describe('spanTreeFrame', () => {
  it('marks a PARTIAL trace from Tempo and carries warnings as notices', () => {
    const payload = {
      ...otlpTrace([
        { id: 'a', name: 'root' },
        { id: 'b', parent: 'dead', name: 'lost parent' },
      ]),
      status: 'PARTIAL',
      message: 'trace exceeds max size (max bytes: 5000000)',
    };
    const trace = buildTraceFromPayload('ab'.repeat(16), payload, pipelineOptions());
    const frame = spanTreeFrame(trace, 'A');
    expect(trace.partial).toBe(true);
    expect(frame.meta?.notices?.map((n) => n.text)).toEqual([
      'Tempo returned a partial trace: trace exceeds max size (max bytes: 5000000). Totals cover only the spans received.',
      '1 span(s) reference a parent that is not in the trace; shown under a synthetic root.',
    ]);
    expect(frame.meta?.custom?.partial).toBe(true);
    const names = frame.fields.find((f) => f.name === 'name')!.values;
    expect(names).toEqual(['(trace root — spans without a common parent)', 'lost parent', 'root']);
    expect(frame.fields.find((f) => f.name === 'orphan')!.values).toEqual([false, true, false]);
  });

  it('keeps absent numbers as null, never 0', () => {
    const frame = spanTreeFrame(
      buildTraceFromPayload(
        'x',
        otlpTrace([{ id: 'a', name: 'tool', attrs: { 'gen_ai.operation.name': 'execute_tool' } }]),
        pipelineOptions()
      )
    );
    expect(frame.fields.find((f) => f.name === 'inputTokens')!.values).toEqual([null]);
    expect(frame.fields.find((f) => f.name === 'costUsd')!.values).toEqual([null]);
  });
});

function summary(
  id: string,
  version: string | undefined,
  costUsd: number,
  durationMs: number,
  scores: Record<string, number> = {},
  unknown = 0,
  err = false
): TraceSummary {
  return {
    traceId: id,
    startMs: 1000,
    durationMs,
    rootName: 'r',
    rootService: 's',
    version,
    models: ['m'],
    providers: [],
    agents: [],
    totals: { ...emptyTotals(), costUsd, inputTokens: 100, outputTokens: 10, unknownCostSpans: unknown },
    hasError: err,
    scores: Object.fromEntries(
      Object.entries(scores).map(([k, v]) => [k, { mean: v, count: 1, labels: [], labelCounts: {} }])
    ),
    spansMatched: 3,
    spansReturned: 3,
    unknownCostReasons: [],
  };
}

describe('per-version aggregates', () => {
  it('computes n, cost per request, latency quantiles, error rate and score spread', () => {
    const aggs = aggregateByVersion([
      summary('1', 'v1', 0.01, 100, { q: 0.5 }),
      summary('2', 'v1', 0.03, 300, { q: 0.7 }, 0, true),
      summary('3', 'v2', 0.02, 200, { q: 0.9 }, 1),
      summary('4', undefined, 0.5, 50),
    ]);
    expect(aggs.map((a) => a.version)).toEqual([UNVERSIONED, 'v1', 'v2']);
    const v1 = aggs.find((a) => a.version === 'v1')!;
    expect(v1.traces).toBe(2);
    expect(v1.costPerRequestUsd).toBeCloseTo(0.02, 15);
    expect(v1.latencyP50Ms).toBe(200);
    expect(v1.latencyP90Ms).toBeCloseTo(280, 12);
    expect(v1.errorRate).toBe(0.5);
    expect(v1.scores.q.mean).toBeCloseTo(0.6, 15);
    expect(v1.scores.q.stddev).toBeCloseTo(Math.sqrt(0.02), 15);
    const v2 = aggs.find((a) => a.version === 'v2')!;
    expect(v2.tracesWithUnknownCost).toBe(1);
    // Its only trace has an unknown price: no cost figure rather than an understated one.
    expect([v2.totalCostUsd, v2.costPerRequestUsd]).toEqual([undefined, undefined]);
    const frame = versionAggregatesFrame(aggs);
    expect(frame.fields.map((f) => f.name)).toEqual(
      expect.arrayContaining(['score:q:mean', 'score:q:stddev', 'score:q:n', 'latencyP99Ms'])
    );
  });

  it('interpolates quantiles like numpy', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10], 0.99)).toBe(10);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('search and points frames', () => {
  it('adds one score column per evaluation name and withholds incomplete costs from points', () => {
    const s = [summary('1', 'v1', 0.01, 100, { relevance: 0.8 }), summary('2', 'v1', 0.02, 100, { toxicity: 0.1 }, 2)];
    const search = traceSearchFrame(s);
    expect(search.fields.filter((f) => f.name.startsWith('score:')).map((f) => f.name)).toEqual([
      'score:relevance',
      'score:toxicity',
    ]);
    expect(search.fields.find((f) => f.name === 'costComplete')!.values).toEqual([true, false]);
    const points = tracePointsFrame(s);
    expect(points.fields.find((f) => f.name === 'costUsd')!.values).toEqual([0.01, null]);
    expect(points.fields.find((f) => f.name === 'score:relevance')!.values).toEqual([0.8, null]);
  });
});
