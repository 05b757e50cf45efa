/** @jest-environment node */
import { decodeTrace, nanosToMs } from './decodeTrace';
import { canonicalTraceId, normalizeId } from './ids';

describe('decodeTrace', () => {
  it('decodes Tempo v2 payloads: base64 ids, string kinds and statuses, int64 strings', () => {
    const payload = {
      trace: {
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
            scopeSpans: [
              {
                scope: { name: 'lib' },
                spans: [
                  {
                    traceId: 'CqyYbgbkP/zSN5ik2ArLTQ==',
                    spanId: 'u7u7u7u7u7s=',
                    parentSpanId: 'qqqqqqqqqqo=',
                    name: 'chat gpt-4o',
                    kind: 'SPAN_KIND_CLIENT',
                    startTimeUnixNano: '1795349133548958848',
                    endTimeUnixNano: '1795349134038958848',
                    attributes: [
                      { key: 'gen_ai.usage.input_tokens', value: { intValue: '1200' } },
                      { key: 'big', value: { intValue: '9007199254740993' } },
                      { key: 'ratio', value: { doubleValue: 0.25 } },
                      { key: 'list', value: { arrayValue: { values: [{ stringValue: 'stop' }] } } },
                    ],
                    status: { code: 'STATUS_CODE_ERROR', message: 'boom' },
                  },
                ],
              },
            ],
          },
        ],
      },
    };
    const { spans, warnings } = decodeTrace(payload);
    expect(warnings).toEqual([]);
    expect(spans).toHaveLength(1);
    const s = spans[0];
    expect(s.traceId).toBe('0aac986e06e43ffcd23798a4d80acb4d');
    expect(s.spanId).toBe('bbbbbbbbbbbbbbbb');
    expect(s.parentSpanId).toBe('aaaaaaaaaaaaaaaa');
    expect(s.otelKind).toBe('client');
    expect(s.statusCode).toBe('error');
    expect(s.statusMessage).toBe('boom');
    expect(s.durationMs).toBeCloseTo(490, 6);
    expect(s.startMs).toBeCloseTo(1795349133548.958848, 3);
    expect(s.attributes['gen_ai.usage.input_tokens']).toBe(1200);
    // Beyond 2^53 the digits are kept as a string rather than silently rounded.
    expect(s.attributes.big).toBe('9007199254740993');
    expect(s.attributes.ratio).toBe(0.25);
    expect(s.attributes.list).toEqual(['stop']);
    expect(s.resource['service.name']).toBe('svc');
  });

  it('accepts v1 `batches` and bare `resourceSpans`', () => {
    const span = {
      traceId: 'ab'.repeat(16),
      spanId: 'cd'.repeat(8),
      name: 'x',
      startTimeUnixNano: '1000000',
      endTimeUnixNano: '3000000',
    };
    const body = [{ scopeSpans: [{ spans: [span] }] }];
    expect(decodeTrace({ batches: body }).spans[0].durationMs).toBe(2);
    expect(decodeTrace({ resourceSpans: body }).spans[0].spanId).toBe('cd'.repeat(8));
  });

  it('reports malformed input instead of throwing', () => {
    expect(decodeTrace(null).warnings[0]).toMatch(/no OTLP trace/);
    expect(decodeTrace({ trace: { resourceSpans: 'nope' } }).warnings[0]).toMatch(/not an array/);
    const r = decodeTrace({
      resourceSpans: [
        null,
        { scopeSpans: [{ spans: [null, { spanId: 'zz', startTimeUnixNano: 'abc', endTimeUnixNano: '5' }] }] },
      ],
    });
    expect(r.spans).toHaveLength(1);
    expect(r.warnings.join(' ')).toMatch(/not an object/);
    expect(r.spans[0].warnings.join(' ')).toMatch(/startTimeUnixNano/);
  });

  it('clamps negative durations with a warning', () => {
    const r = decodeTrace({
      resourceSpans: [
        {
          scopeSpans: [
            { spans: [{ spanId: 'aa'.repeat(8), startTimeUnixNano: '5000000', endTimeUnixNano: '1000000' }] },
          ],
        },
      ],
    });
    expect(r.spans[0].durationMs).toBe(0);
    expect(r.spans[0].warnings[0]).toMatch(/ends before it starts/);
  });
});

describe('ids and times', () => {
  it('normalises hex and base64 ids and canonicalises shortened trace ids', () => {
    expect(normalizeId('ABCDEF0123456789', 16)).toBe('abcdef0123456789');
    expect(normalizeId('q83vASNFZ4k=', 16)).toBe('abcdef0123456789');
    expect(canonicalTraceId('aac986e06e43ffcd23798a4d80acb4d')).toBe('0aac986e06e43ffcd23798a4d80acb4d');
  });
  it('keeps sub-millisecond precision of nanosecond timestamps', () => {
    // A double keeps about 0.25 µs at today's epoch in milliseconds.
    expect(nanosToMs('1795349133548958848')! - 1795349133548).toBeCloseTo(0.958848, 3);
    expect(nanosToMs('999')).toBeCloseTo(0.000999, 9);
    expect(nanosToMs('12a')).toBeUndefined();
  });
});
