import { BackendError } from '../http/backendError';
import type { HttpRequest, HttpTransport } from '../http/transport';
import { toDataFrame } from '@grafana/data';
import { readSpanTreeFrame } from '../frames/readSpanTreeFrame';
import { LokiClient } from './lokiClient';
import { traceLogRequest } from './traceLogMessages';

function transportAnswering(body: unknown): HttpTransport & { requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  return {
    backend: 'Loki',
    requests,
    async getJson<T>(req: HttpRequest) {
      requests.push(req);
      return body as T;
    },
  };
}

const opts = { startMs: 1_700_000_000_123.4, endMs: 1_700_000_001_000, limit: 10 };

describe('LokiClient.queryRange', () => {
  it('asks for categorized labels in nanoseconds, forward, and merges stream labels with metadata', async () => {
    const t = transportAnswering({
      status: 'success',
      data: {
        resultType: 'streams',
        result: [
          {
            stream: { service_name: 's' },
            values: [
              ['2', 'b', { structuredMetadata: { span_id: 'x' }, parsed: { p: '1' } }],
              ['1', 'a'],
            ],
          },
        ],
      },
    });
    const res = await new LokiClient(t).queryRange('{a="b"}', opts);
    expect(t.requests[0]).toMatchObject({
      path: '/loki/api/v1/query_range',
      params: {
        query: '{a="b"}',
        start: '1700000000123000000',
        end: '1700000001000000000',
        limit: 10,
        direction: 'forward',
      },
      headers: { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' },
    });
    expect(res.entries).toEqual([
      { tsNs: '2', line: 'b', labels: { service_name: 's', span_id: 'x', p: '1' } },
      { tsNs: '1', line: 'a', labels: { service_name: 's' } },
    ]);
  });

  it.each([
    ['no data', { status: 'success' }, 'Loki answered without a data object'],
    ['a matrix', { data: { resultType: 'matrix', result: [] } }, 'a "matrix" result instead of streams'],
    ['no result list', { data: { resultType: 'streams', result: {} } }, 'without a result list'],
    ['not an object', 'oops', 'without a data object'],
  ])('says what is wrong with %s', async (_n, body, message) => {
    const p = new LokiClient(transportAnswering(body)).queryRange('{a="b"}', opts);
    await expect(p).rejects.toBeInstanceOf(BackendError);
    await expect(p).rejects.toThrow(message);
  });

  it('skips malformed values and keeps the good ones', async () => {
    const t = transportAnswering({
      data: {
        resultType: 'streams',
        result: [{ stream: { a: 1 }, values: [['x', 'bad ts'], [1, 'n'], null, ['5', 'ok']] }, null],
      },
    });
    expect((await new LokiClient(t).queryRange('{a="b"}', opts)).entries).toEqual([
      { tsNs: '5', line: 'ok', labels: {} },
    ]);
  });
});

describe('traceLogRequest', () => {
  it('takes a trace’s services and time span in one pass, synthetic rows aside, 100k rows included', () => {
    const n = 100_000;
    const table = readSpanTreeFrame(
      toDataFrame({
        meta: { custom: { traceId: 'ab' } },
        fields: [
          { name: 'spanId', values: Array.from({ length: n }, (_, i) => String(i)) },
          { name: 'parentSpanId', values: Array.from({ length: n }, () => '') },
          { name: 'name', values: Array.from({ length: n }, () => 's') },
          { name: 'startTime', values: Array.from({ length: n }, (_, i) => (i === 0 ? 0 : 1000 + i)) },
          { name: 'durationMs', values: Array.from({ length: n }, (_, i) => (i === 0 ? 1e9 : 5)) },
          { name: 'serviceName', values: Array.from({ length: n }, (_, i) => (i % 2 ? 'a' : 'b')) },
          { name: 'synthetic', values: Array.from({ length: n }, (_, i) => i === 0) },
        ],
      })
    );
    expect(traceLogRequest(table)).toEqual({
      traceId: 'ab',
      services: ['a', 'b'],
      startMs: 1001,
      endMs: 1000 + (n - 1) + 5,
    });
  });
});
