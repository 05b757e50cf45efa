/** @jest-environment node */
import { startMisbehavingServer } from '../../../tests/helpers/misbehavingServer';
import { freePort } from '../../../tests/helpers/prometheusServer';
import { TempoClient } from '../tempo/tempoClient';
import { expectFailure } from '../../../tests/helpers/expectFailure';
import { BackendError } from './backendError';
import { fetchTransport } from './transport';

const fail = (p: Promise<unknown>) => expectFailure<BackendError>(p);

describe('fetchTransport error paths', () => {
  let srv: Awaited<ReturnType<typeof startMisbehavingServer>>;
  beforeAll(async () => {
    srv = await startMisbehavingServer((p) => {
      if (p.startsWith('/slow')) {
        return { delayMs: 5_000 };
      }
      if (p.startsWith('/bad-traceql')) {
        return {
          status: 400,
          body: 'invalid TraceQL query: parse error at line 1, col 18: syntax error: unexpected $end',
          contentType: 'text/plain',
        };
      }
      if (p.startsWith('/boom')) {
        return { status: 500, body: JSON.stringify({ error: 'internal error: store unavailable' }) };
      }
      if (p.startsWith('/malformed')) {
        return { body: '{"traces": [ {"traceID": "ab"' };
      }
      if (p.startsWith('/api/search')) {
        return { body: JSON.stringify({ traces: 'not-a-list' }) };
      }
      return { body: JSON.stringify({ ok: true, echo: p }) };
    });
  });
  afterAll(() => srv.close());

  const get = (path: string, timeoutMs = 10_000, signal?: AbortSignal) =>
    fetchTransport(srv.url, { backend: 'Tempo', timeoutMs }).getJson({
      path,
      params: { q: '{ a = "b" }', tags: ['x', 'y'] },
      signal,
    });

  it('passes parameters through and parses JSON', async () => {
    const res = await get('/ok');
    expect(res).toEqual({ ok: true, echo: '/ok?q=%7B+a+%3D+%22b%22+%7D&tags=x&tags=y' });
  });

  it('reports a backend that is down', async () => {
    const port = await freePort();
    const err = await fail(
      fetchTransport(`http://127.0.0.1:${port}`, { backend: 'Tempo' }).getJson({ path: '/api/echo' })
    );
    expect(err).toBeInstanceOf(BackendError);
    expect(err.kind).toBe('unreachable');
    expect(err.message).toMatch(new RegExp(`^Tempo is unreachable at http://127.0.0.1:${port}: .*ECONNREFUSED`));
  });

  it('gives up on a slow backend after the timeout', async () => {
    const t0 = Date.now();
    const err = await fail(get('/slow', 300));
    expect(err.kind).toBe('timeout');
    expect(err.message).toBe('Tempo did not answer within 300 ms');
    expect(Date.now() - t0).toBeLessThan(3_000);
  });

  it('surfaces Tempo and Prometheus error bodies with the status', async () => {
    await expect(get('/bad-traceql')).rejects.toThrow(
      'Tempo answered HTTP 400: invalid TraceQL query: parse error at line 1, col 18: syntax error: unexpected $end'
    );
    await expect(get('/boom')).rejects.toThrow('Tempo answered HTTP 500: internal error: store unavailable');
  });

  it('rejects malformed JSON with an excerpt', async () => {
    const err = await fail(get('/malformed'));
    expect(err.kind).toBe('malformed');
    expect(err.message).toMatch(/^Tempo returned malformed JSON: \{"traces": \[ \{"traceID": "ab"/);
  });

  it('rejects a search response of the wrong shape', async () => {
    const tempo = new TempoClient(fetchTransport(srv.url, { backend: 'Tempo' }));
    await expect(tempo.search('{ }')).rejects.toThrow('Tempo search response has no traces list');
  });

  it('cancels in-flight requests when the caller aborts', async () => {
    const ctrl = new AbortController();
    const pending = fail(get('/slow', 10_000, ctrl.signal));
    setTimeout(() => ctrl.abort(), 50);
    const err = await pending;
    expect(err.kind).toBe('cancelled');
  });

  it('refuses a malformed trace id before calling Tempo', async () => {
    const before = srv.requests.length;
    const tempo = new TempoClient(fetchTransport(srv.url, { backend: 'Tempo' }));
    await expect(tempo.traceById('../../api/admin')).rejects.toThrow(
      '"../../api/admin" is not a trace id (1–32 hex digits)'
    );
    expect(srv.requests.length).toBe(before);
  });
});
