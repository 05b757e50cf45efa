/** @jest-environment node */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { HttpRequest, HttpTransport } from '../http/transport';
import { TempoClient } from '../tempo/tempoClient';
import { contractContext } from '../../../tests/helpers/contractScenarios';
import { replayTransport, type RecordingFile } from '../../../tests/helpers/recordedTransport';
import { searchTraceSummaries, tracePointsFrames } from './traceQueries';
import { allocate, mapBounded, pickEvenly, sampleTracesOverRange, splitRange } from './windowedTraceSample';
import { scatterPointsFromFrame } from '../scatter/scatterPoints';

const recordings: RecordingFile = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../../fixtures/tempo/recordings.json'), 'utf8')
);

/**
 * A Tempo stand-in for the windowing only: serves the one recorded search response with its
 * traces re-dated into the requested window, records each request's range and the concurrency.
 */
function windowStub(tracesPerWindow: (w: number) => number) {
  const recorded = recordings.exchanges.find((e) => e.path === '/api/search' && e.params.spss === '100')!;
  const template = JSON.parse(recorded.body).traces as Array<Record<string, unknown>>;
  const requests: Array<{ start: number; end: number; limit: number; requestId?: string }> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const transport: HttpTransport = {
    backend: 'Tempo',
    async getJson<T>(req: HttpRequest): Promise<T> {
      const p = req.params as Record<string, number>;
      const w = requests.push({ start: p.start, end: p.end, limit: p.limit, requestId: req.requestId }) - 1;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      const n = Math.min(p.limit, tracesPerWindow(p.start));
      const traces = Array.from({ length: n }, (_, k) => {
        const t = template[k % template.length];
        const startNs = BigInt(p.start) * BigInt(1e9) + BigInt(k) * BigInt(1e6);
        return {
          ...t,
          traceID: `${w.toString(16).padStart(4, '0')}${k.toString(16).padStart(28, '0')}`,
          startTimeUnixNano: String(startNs),
        };
      });
      return { traces } as T;
    },
  };
  return { transport, requests, maxInFlight: () => maxInFlight };
}

describe('splitRange', () => {
  it('covers the range with contiguous windows of at least a minute', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2e9 }),
        fc.integer({ min: 0, max: 30 * 86400 }),
        fc.integer({ min: 1, max: 20 }),
        (start, span, n) => {
          const ws = splitRange({ start, end: start + span }, n);
          expect(ws[0].start).toBe(start);
          expect(ws[ws.length - 1].end).toBe(start + span);
          ws.slice(1).forEach((w, k) => expect(w.start).toBe(ws[k].end));
          expect(ws.length).toBeLessThanOrEqual(n);
          if (ws.length > 1) {
            ws.forEach((w) => expect(w.end - w.start).toBeGreaterThanOrEqual(59));
          }
        }
      )
    );
  });
});

describe('allocate', () => {
  it('gives the total in proportion, never more than a window holds', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 1000 }),
        (avail, total) => {
          const q = allocate(avail, total);
          const sum = avail.reduce((a, b) => a + b, 0);
          expect(q.reduce((a, b) => a + b, 0)).toBe(Math.min(sum, total));
          q.forEach((x, i) => expect(x).toBeLessThanOrEqual(avail[i]));
          if (sum > total) {
            q.forEach((x, i) => expect(Math.abs(x - (avail[i] * total) / sum)).toBeLessThan(1 + 1e-9));
          }
        }
      )
    );
  });

  it('picks evenly, not the first k', () => {
    expect(pickEvenly([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 3)).toEqual([1, 5, 8]);
  });

  it('bounds concurrency', async () => {
    let inFlight = 0;
    let max = 0;
    const out = await mapBounded([1, 2, 3, 4, 5, 6, 7], 3, async (x) => {
      max = Math.max(max, ++inFlight);
      await new Promise((r) => setTimeout(r, 3));
      inFlight--;
      return x * 2;
    });
    expect([out, max]).toEqual([[2, 4, 6, 8, 10, 12, 14], 3]);
  });
});

describe('sampleTracesOverRange', () => {
  const range = { start: 1_700_000_000, end: 1_700_000_000 + 8 * 3600 };

  it('queries every window of the range, at most 3 at once, with the Trace limit as the total', async () => {
    // Busy second half: windows starting in it hold 150 traces, the first half 10.
    const stub = windowStub((start) => (start >= range.start + 4 * 3600 ? 150 : 10));
    const ctx = { ...contractContext(new TempoClient(stub.transport)), range, searchLimit: 100, requestId: 'Q_A' };
    const r = await sampleTracesOverRange(ctx, {});
    // Distinct ids: Grafana would cancel a request when another with the same id starts.
    expect(new Set(stub.requests.map((q) => q.requestId)).size).toBe(8);
    expect(stub.requests.map((q) => [q.start, q.end])).toEqual(
      Array.from({ length: 8 }, (_, k) => [range.start + k * 3600, range.start + (k + 1) * 3600])
    );
    expect(stub.requests.every((q) => q.limit === 100)).toBe(true);
    expect(stub.maxInFlight()).toBe(3);
    expect(r.summaries).toHaveLength(100);
    // 4 × 10 + 4 × 100 (the busy windows hit the limit): a lower bound, and said so.
    expect(r.sample).toMatchObject({ shown: 100, matching: 440, matchingExact: false, windows: 8 });
    expect(r.sample.method).toContain('8 time windows of 60 min');
    expect(r.sample.method).toContain('lower bound');
    // Proportional: each quiet window gives ~100·10/440 ≈ 2, each busy one ~23.
    const perHour = Array.from(
      { length: 8 },
      (_, k) => r.summaries.filter((s) => Math.floor((s.startMs / 1000 - range.start) / 3600) === k).length
    );
    expect(perHour.slice(0, 4).every((n) => n === 2 || n === 3)).toBe(true);
    expect(perHour.slice(4).every((n) => n === 22 || n === 23)).toBe(true);
    expect(r.warnings.some((w) => w.startsWith('Showing the first'))).toBe(false);
  });

  it('counts exactly when no window is full', async () => {
    const stub = windowStub(() => 5);
    const ctx = { ...contractContext(new TempoClient(stub.transport)), range, searchLimit: 100 };
    const r = await sampleTracesOverRange(ctx, {});
    expect(r.sample).toMatchObject({ shown: 40, matching: 40, matchingExact: true });
  });
});

describe('Trace points on the replayed Tempo recordings', () => {
  const ctx = () => contractContext(new TempoClient(replayTransport(recordings)));

  it('holds the same traces as one search of the range, and states the sample', async () => {
    const one = await searchTraceSummaries(ctx(), {});
    const [frame] = await tracePointsFrames(ctx(), {}, 'P');
    const ids = frame.fields.find((f) => f.name === 'traceId')!.values;
    expect([...ids].sort()).toEqual(one.summaries.map((s) => s.traceId).sort());
    const sample = (frame.meta!.custom as { sample: Record<string, unknown> }).sample;
    expect(sample).toMatchObject({ shown: ids.length, matching: ids.length, matchingExact: true, windows: 8 });
    expect(frame.meta!.notices![0].text).toBe(
      `${ids.length} traces shown of ${ids.length} matching (stratified over 8 time windows of 21 h, evenly spread within each)`
    );
  });

  it('makes points of exactly the traces with a known complete cost and a score, counting the rest', async () => {
    const { summaries } = await searchTraceSummaries(ctx(), {});
    const [frame] = await tracePointsFrames(ctx(), {}, 'P');
    for (const name of ['relevance', 'faithfulness']) {
      const p = scatterPointsFromFrame(frame, { kind: 'score', name }, 'version');
      const costKnown = (s: (typeof summaries)[0]) => !s.totals.unknownCostSpans && s.spansReturned >= s.spansMatched;
      const scored = (s: (typeof summaries)[0]) => (s.scores[name]?.count ?? 0) > 0;
      const expected = summaries.filter((s) => costKnown(s) && scored(s));
      expect(p.traceId.sort()).toEqual(expected.map((s) => s.traceId).sort());
      expect(p.withoutY).toBe(summaries.filter((s) => !scored(s)).length);
      expect(p.withoutCost).toBe(summaries.filter((s) => !costKnown(s)).length);
      expect(p.withoutCost).toBeGreaterThan(0);
      expect(p.total).toBe(summaries.length);
      expect(p.costUnknownReasons.reduce((a, r) => a + r.count, 0)).toBe(p.withoutCost);
    }
  });
});
