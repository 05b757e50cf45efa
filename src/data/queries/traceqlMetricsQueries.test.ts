/** @jest-environment node */
import { BackendError } from '../http/backendError';
import type { HttpTransport } from '../http/transport';
import { TempoClient } from '../tempo/tempoClient';
import { attributePitfallNotices, traceqlMetricsFrames } from './traceqlMetricsQueries';

const range = { start: 0, end: 3600, stepSec: 300 };

function tempoAnswering(answer: () => unknown): TempoClient {
  const http: HttpTransport = { backend: 'Tempo', getJson: async () => answer() as never };
  return new TempoClient(http);
}

describe('traceqlMetricsFrames', () => {
  it('turns series into time-series frames named by their labels, empty buckets as 0', async () => {
    const tempo = tempoAnswering(() => ({
      series: [
        {
          labels: [{ key: 'span.gen_ai.request.model', value: { stringValue: 'gpt-4o' } }],
          samples: [{ timestampMs: '600000', value: 5 }, { timestampMs: '300000' }],
        },
      ],
    }));
    const [f] = await traceqlMetricsFrames(tempo, '{ } | count_over_time() by (span.gen_ai.request.model)', 'A', range);
    expect(f.name).toBe('gpt-4o');
    expect(f.fields[0].values).toEqual([300000, 600000]);
    expect(f.fields[1].values).toEqual([0, 5]);
    expect(f.fields[1].labels).toEqual({ 'span.gen_ai.request.model': 'gpt-4o' });
  });

  it('says which Tempo version a rejected function needs', async () => {
    const tempo = tempoAnswering(() => {
      throw new BackendError(
        'Tempo',
        'http',
        'Tempo answered HTTP 400: parse error at line 1, col 9: syntax error',
        400
      );
    });
    await expect(
      traceqlMetricsFrames(tempo, '{ } | sum_over_time(span.gen_ai.usage.input_tokens)', 'A', range)
    ).rejects.toThrow(
      'Tempo answered HTTP 400: parse error at line 1, col 9: syntax error. This query uses sum_over_time (Tempo ≥ 2.8); an older Tempo rejects functions it does not know.'
    );
  });

  it('explains Tempo’s range limit', async () => {
    const tempo = tempoAnswering(() => {
      throw new BackendError(
        'Tempo',
        'http',
        'Tempo answered HTTP 400: metrics query time range exceeds the maximum allowed duration of 24h0m0s',
        400
      );
    });
    await expect(traceqlMetricsFrames(tempo, '{ } | rate()', 'A', range)).rejects.toThrow(
      'The time range is longer than this Tempo allows in one query (24h0m0s): pick a shorter range, or raise query_frontend.metrics.max_duration in Tempo.'
    );
  });

  it('warns about spans lacking the aggregated attribute, unless the filter requires it', () => {
    expect(attributePitfallNotices('{ } | sum_over_time(span.gen_ai.usage.input_tokens)')[0].text).toMatch(
      /add "&& span.gen_ai.usage.input_tokens != nil"/
    );
    expect(
      attributePitfallNotices(
        '{ span.gen_ai.usage.input_tokens != nil } | sum_over_time(span.gen_ai.usage.input_tokens)'
      )
    ).toEqual([]);
    expect(attributePitfallNotices('{ } | rate()')).toEqual([]);
  });
});
