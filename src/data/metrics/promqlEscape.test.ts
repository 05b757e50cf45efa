/** @jest-environment node */
import fc from 'fast-check';
import { fetchTransport } from '../http/transport';
import { PrometheusClient } from '../prometheus/prometheusClient';
import { startPrometheus, type RunningPrometheus } from '../../../tests/helpers/prometheusServer';
import { labelMatcher, promqlString, regexLiteral } from './promqlEscape';

/** Decodes a double-quoted PromQL string (Go escapes), failing on anything Go would reject. */
function unquote(lit: string): string {
  expect(lit.startsWith('"') && lit.endsWith('"')).toBe(true);
  return JSON.parse(lit.replace(/\\u([0-9a-f]{4})/gi, '\\u$1'));
}

describe('PromQL escaping (property-based)', () => {
  it('round-trips any string through a literal', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const wellFormed = s.replace(
          /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
          '\uFFFD'
        );
        expect(unquote(promqlString(s))).toBe(wellFormed);
      }),
      { numRuns: 3000 }
    );
  });

  it('makes a multi-value regex match only the listed values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 12 }), { minLength: 2, maxLength: 4 }),
        fc.string({ maxLength: 12 }),
        (values, probe) => {
          const distinct = [...new Set(values.filter((v) => v !== ''))];
          fc.pre(distinct.length >= 2);
          const m = labelMatcher('model', values)!;
          const pattern = unquote(m.slice('model=~'.length));
          expect(pattern).toBe(distinct.map(regexLiteral).join('|'));
          const re = new RegExp(`^(?:${pattern})$`, 'u');
          expect(re.test(probe)).toBe(distinct.includes(probe));
        }
      ),
      { numRuns: 2000 }
    );
  });
});

describe('hostile values against a real Prometheus', () => {
  let prom: RunningPrometheus;
  beforeAll(async () => {
    prom = await startPrometheus(`# TYPE up gauge\nup{model="a\\"b"} 1 ${Math.floor(Date.now() / 1000) - 60}\n# EOF\n`);
  }, 60_000);
  afterAll(() => prom?.stop());

  it('parses every generated selector, and a quoted value still matches itself', async () => {
    const client = new PrometheusClient(fetchTransport(prom.url, { backend: 'Prometheus' }));
    const samples = fc.sample(
      fc.array(fc.string({ unit: 'binary', maxLength: 20 }), { minLength: 1, maxLength: 3 }),
      200
    );
    for (const values of samples) {
      const m = labelMatcher('model', values);
      await expect(client.query(`up${m ? `{${m}}` : ''}`, undefined)).resolves.toHaveProperty('resultType', 'vector');
    }
    const hit = await client.query(`up{${labelMatcher('model', ['a"b', 'x|y'])}}`, undefined);
    expect(hit.result.map((r) => r.metric.model)).toEqual(['a"b']);
  });
});
