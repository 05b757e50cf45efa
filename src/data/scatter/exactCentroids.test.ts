/**
 * Exact centroids from the version comparison: on the demo agent app's traces (their TraceQL
 * metrics recorded from a real Tempo v3, fixtures/tempo/demo-traces.recordings.json), each
 * version's centroid equals arithmetic on every demo trace of fixtures/otlp/demo-2026.traces.json:
 * the priced cost of its model calls over its traces, and its mean relevance score. Then the
 * reasons the panel falls back to the sample's centroids.
 *
 * @jest-environment node
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { demoVersionComparisonFrame } from '../../../tests/helpers/demoVersionComparison';
import { pipelineOptions } from '../../../tests/helpers/pipeline';
import { readVersionComparisonFrame, type ComparisonTableView } from '../frames/readVersionComparisonFrame';
import { buildTraceFromPayload } from '../trace/loadTrace';
import { exactCentroids, type ExactCentroids } from './exactCentroids';

const FIXTURES = path.resolve(__dirname, '../../../fixtures');

describe('exact centroids on the demo app’s traces (replayed Tempo v3 TraceQL metrics)', () => {
  let table: ComparisonTableView;
  const payload = JSON.parse(readFileSync(path.join(FIXTURES, 'otlp/demo-2026.traces.json'), 'utf8'));
  // Every demo trace, priced span by span as the span tree prices them.
  const all = buildTraceFromPayload('demo', payload, pipelineOptions());

  beforeAll(async () => {
    table = readVersionComparisonFrame(await demoVersionComparisonFrame(['costPerTrace', 'quality']));
  });

  it('places each version at its cost per trace and mean score over all its traces', () => {
    const r = exactCentroids(table, { kind: 'score', name: 'relevance' }, 'version') as ExactCentroids;
    // v3 calls a model without a price: its cost, and so its centroid, is unknown and said so.
    expect(r.missing).toEqual([
      { series: 'v3', reason: 'cost per trace unknown: cost incomplete: no price for acme-titler-1' },
    ]);
    expect(all.nodes.some((n) => n.span.version === 'v3' && n.cost.unknownReason?.includes('acme-titler-1'))).toBe(
      true
    );
    expect(r.centroids.map((c) => c.series)).toEqual(['v1', 'v2']);
    for (const c of r.centroids) {
      const spans = all.nodes.filter((n) => !n.synthetic && n.span.version === c.series);
      const roots = spans.filter((n) => !n.span.parentSpanId);
      const cost = spans
        .filter((n) => n.span.kind === 'llm' || n.span.kind === 'embedding')
        .reduce((a, n) => a + (n.cost.unknownReason ? NaN : (n.cost.usd ?? 0)), 0);
      const scores = spans.flatMap((n) =>
        n.span.evaluations.filter((e) => e.name === 'relevance' && e.scoreValue !== undefined).map((e) => e.scoreValue!)
      );
      expect(roots.length).toBeGreaterThanOrEqual(3);
      expect(c.x.mean).toBeCloseTo(cost / roots.length, 12);
      expect(c.x.n).toBe(roots.length);
      expect(c.y.mean).toBeCloseTo(scores.reduce((a, s) => a + s, 0) / scores.length, 12);
      expect(c.y.n).toBe(scores.length);
      // A 95 % interval around each mean where the windows allow one.
      if (c.x.low !== undefined) {
        expect(c.x.low).toBeLessThan(c.x.mean);
        expect(c.x.high).toBeGreaterThan(c.x.mean);
      }
      if (c.y.low !== undefined) {
        expect(c.y.low).toBeLessThan(c.y.mean);
        expect(c.y.high).toBeGreaterThan(c.y.mean);
      } else {
        expect(c.y.reason).toMatch(/no interval/);
      }
    }
    expect(r.source).toBe('cost per trace: Tempo ÷ traces counted by Tempo; relevance: Tempo');
    // The frontier of the means: no version off it is beaten by none.
    const off = r.centroids.filter((c) => !r.frontier.includes(c.series));
    for (const c of off) {
      expect(r.centroids.some((d) => d.x.mean <= c.x.mean && d.y.mean >= c.y.mean && d !== c)).toBe(true);
    }
    expect(r.frontier.length).toBeGreaterThan(0);
  });

  it('says why there are no exact means for other axes or colours', () => {
    expect(exactCentroids(table, { kind: 'score', name: 'relevance' }, 'model')).toEqual({
      reason: 'exact means are per version; the points are coloured by model',
    });
    expect(exactCentroids(table, { kind: 'latency' }, 'version')).toEqual({
      reason: 'the comparison has no mean latency per trace',
    });
    expect(exactCentroids(table, { kind: 'passRate', threshold: 0.7 }, 'version')).toMatchObject({
      reason: expect.stringMatching(/score labels, not scores at a threshold/),
    });
    expect(exactCentroids(table, { kind: 'score', name: 'no-such-eval' }, 'version')).toEqual({
      reason: 'no-such-eval: the version comparison query has no quality:no-such-eval row (add it to its metrics)',
    });
    const noCost = { ...table, rows: table.rows.filter((r) => r.metric !== 'costPerTrace') };
    expect(exactCentroids(noCost, { kind: 'score', name: 'relevance' }, 'version')).toEqual({
      reason: 'cost per trace: the version comparison query has no cost per trace row (add it to its metrics)',
    });
    const gone = {
      ...noCost,
      unavailable: [{ id: 'costPerTrace', label: 'Cost per trace', reason: 'a model or agent filter selects calls' }],
    };
    expect(exactCentroids(gone, { kind: 'score', name: 'relevance' }, 'version')).toEqual({
      reason: 'cost per trace: a model or agent filter selects calls',
    });
  });

  it('leaves out a version whose cost is unknown, and says why', () => {
    const rows = table.rows.map((r) =>
      r.metric === 'costPerTrace'
        ? { ...r, cells: { ...r.cells, v2: { ...r.cells.v2, value: null, reason: 'cost incomplete: no price for x' } } }
        : r
    );
    const r = exactCentroids({ ...table, rows }, { kind: 'score', name: 'relevance' }, 'version') as ExactCentroids;
    expect(r.centroids.map((c) => c.series)).toEqual(['v1']);
    expect(r.missing[0]).toEqual({ series: 'v2', reason: 'cost per trace unknown: cost incomplete: no price for x' });
  });
});
