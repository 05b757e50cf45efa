/** @jest-environment node */
import { parseJsonResponse, type HttpRequest, type HttpTransport } from '../http/transport';
import { TempoClient } from '../tempo/tempoClient';
import { DEFAULT_VERSION_ATTRIBUTES } from '../genai/normalizeSpan';
import { syntheticTempo } from '../../../tests/helpers/syntheticTempo';
import { collectTraceSummaries } from './collectTraces';
import type { TraceQueryContext } from './traceQueries';

const END_MS = 1_790_000_000_000;

function context(count: number, searchLimit: number) {
  const tempo = syntheticTempo({ count, endMs: END_MS, spacingMs: 1_000 });
  const requests: HttpRequest[] = [];
  const http: HttpTransport = {
    backend: 'Tempo',
    async getJson<T>(req: HttpRequest) {
      requests.push(req);
      const sp = new URLSearchParams(
        Object.entries(req.params ?? {}).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]]))
      );
      const a = tempo.answer(req.path, sp)!;
      return parseJsonResponse<T>('Tempo', a.status, a.body);
    },
  };
  const ctx: TraceQueryContext = {
    tempo: new TempoClient(http),
    normalize: { versionAttributes: DEFAULT_VERSION_ATTRIBUTES },
    cost: { preferReportedCost: false, overrides: [] },
    range: { start: Math.floor((END_MS - count * 1_000 - 60_000) / 1000), end: Math.ceil(END_MS / 1000) },
    searchLimit,
    spansPerTrace: 10,
  };
  return { ctx, tempo, requests };
}

describe('collectTraceSummaries', () => {
  it('finds every matching trace of the range, more than one search returns, by splitting full windows', async () => {
    const { ctx, tempo, requests } = context(2_500, 500);
    const res = await collectTraceSummaries(ctx, {}, 10_000);
    expect(res.complete).toBe(true);
    expect(res.summaries.map((s) => s.traceId).sort()).toEqual([...tempo.traceIds].sort());
    expect(res.summaries[0].traceId).toBe(tempo.traceIds[0]);
    expect(res.searches).toBe(requests.length);
    // Each search that counted returned fewer than the limit.
    expect(requests.every((r) => Number(r.params!.limit) === 500)).toBe(true);
  });

  it('stops at the maximum with the newest traces and says it is not complete', async () => {
    const { ctx, tempo } = context(2_500, 500);
    const res = await collectTraceSummaries(ctx, {}, 1_000);
    expect(res.complete).toBe(false);
    expect(res.summaries).toHaveLength(1_000);
    expect(res.summaries.map((s) => s.traceId)).toEqual(tempo.traceIds.slice(0, 1_000));
  });

  it('a maximum equal to the number of matching traces is complete: the older windows are probed, not searched', async () => {
    const { ctx } = context(2_500, 500);
    const res = await collectTraceSummaries(ctx, {}, 2_500);
    expect([res.summaries.length, res.complete]).toEqual([2_500, true]);
    const fewer = await collectTraceSummaries(ctx, {}, 2_499);
    expect([fewer.summaries.length, fewer.complete]).toEqual([2_499, false]);
  });

  it('a range Tempo answers in one search is one search', async () => {
    const { ctx } = context(120, 500);
    const res = await collectTraceSummaries(ctx, {}, 10_000);
    expect([res.summaries.length, res.searches, res.complete]).toEqual([120, 1, true]);
  });
});
