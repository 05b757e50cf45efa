import { traceUrl } from './links';

const TRACE = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', startMs: 1_790_000_000_000, durationMs: 1234 };

describe('traceUrl (where a click on a point goes)', () => {
  it("opens the traces dashboard's span tree for that trace, around its time", () => {
    const url = traceUrl(
      { linkTarget: 'dashboard', tracesDashboardUid: 'genai traces', tempoDatasourceUid: 'tempo' },
      TRACE
    );
    const [p, q] = url.split('?');
    expect(p).toBe('/d/genai%20traces');
    const params = new URLSearchParams(q);
    expect(params.get('var-traceId')).toBe(TRACE.traceId);
    expect(Number(params.get('from'))).toBe(TRACE.startMs - 300_000);
    expect(Number(params.get('to'))).toBe(TRACE.startMs + 1234 + 300_000);
  });

  it('opens Explore on the Tempo data source with the trace id as the TraceQL query', () => {
    const url = traceUrl({ linkTarget: 'explore', tracesDashboardUid: 'x', tempoDatasourceUid: 'my-tempo' }, TRACE);
    const [p, q] = url.split('?');
    expect(p).toBe('/explore');
    const panes = JSON.parse(new URLSearchParams(q).get('panes')!);
    expect(panes.trace.datasource).toBe('my-tempo');
    expect(panes.trace.queries[0]).toEqual({
      refId: 'A',
      datasource: { type: 'tempo', uid: 'my-tempo' },
      queryType: 'traceql',
      query: TRACE.traceId,
    });
    expect(Number(panes.trace.range.from)).toBe(TRACE.startMs - 300_000);
  });

  it('still links a trace without a known start, to the last hour', () => {
    const url = traceUrl(
      { linkTarget: 'dashboard', tracesDashboardUid: 'genai-traces', tempoDatasourceUid: 'tempo' },
      { traceId: 'ab'.repeat(16), startMs: NaN, durationMs: NaN }
    );
    const from = Number(new URLSearchParams(url.split('?')[1]).get('from'));
    expect(Date.now() - from).toBeGreaterThan(3_600_000);
    expect(Date.now() - from).toBeLessThan(3_600_000 + 300_000 + 60_000);
  });
});
