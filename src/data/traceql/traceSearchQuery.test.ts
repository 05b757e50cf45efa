/** @jest-environment node */
import fc from 'fast-check';
import { traceqlAttribute, traceqlDuration, traceqlString } from './escape';
import {
  buildTraceSearchQuery,
  GENAI_PREDICATE,
  GENAI_SPANSET,
  MAX_TRACE_ID_FILTER,
  type TraceFilters,
} from './traceSearchQuery';

/** String.prototype.toWellFormed (ES2024) for the ES2022 lib this project compiles against. */
const wellFormed = (s: string) =>
  s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

const OPTS = { versionAttributes: ['gen_ai.agent.version', 'resource.service.version'] };

/**
 * Splits a query into its skeleton (string literals replaced by "$") and the decoded literals,
 * decoding escapes the way Tempo does (Go strconv.Unquote). Throws on an unterminated literal
 * or an escape Go would reject.
 */
function lex(q: string): { skeleton: string; literals: string[] } {
  let skeleton = '';
  const literals: string[] = [];
  let i = 0;
  while (i < q.length) {
    const ch = q[i];
    if (ch !== '"') {
      skeleton += ch;
      i++;
      continue;
    }
    let value = '';
    i++;
    for (;;) {
      if (i >= q.length) {
        throw new Error('unterminated string literal');
      }
      const c = q[i];
      if (c === '"') {
        i++;
        break;
      }
      if (c === '\n') {
        throw new Error('raw newline inside a literal');
      }
      if (c === '\\') {
        const e = q[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', n: '\n', r: '\r', t: '\t' };
        if (e in simple) {
          value += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-f]{4}$/i.test(q.slice(i + 2, i + 6))) {
          const code = parseInt(q.slice(i + 2, i + 6), 16);
          if (code >= 0xd800 && code <= 0xdfff) {
            throw new Error('surrogate in \\u escape (Go rejects it)');
          }
          value += String.fromCharCode(code);
          i += 6;
        } else if (e === 'U' && /^[0-9a-f]{8}$/i.test(q.slice(i + 2, i + 10))) {
          value += String.fromCodePoint(parseInt(q.slice(i + 2, i + 10), 16));
          i += 10;
        } else {
          throw new Error(`invalid escape \\${e}`);
        }
        continue;
      }
      value += c;
      i++;
    }
    literals.push(value);
    skeleton += '"$"';
  }
  return { skeleton, literals };
}

const filterArb = fc.record(
  {
    services: fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { maxLength: 3 }),
    providers: fc.array(fc.string({ unit: 'grapheme-composite', maxLength: 20 }), { maxLength: 2 }),
    models: fc.array(
      fc.oneof(
        fc.string(),
        fc.constantFrom('"', '\\', '"} || { true', '\\"', '\n', '}', '|', '$__all', '\u0000', '\ud800')
      ),
      { maxLength: 3 }
    ),
    agents: fc.array(fc.string({ unit: 'binary' }), { maxLength: 2 }),
    versions: fc.array(fc.string(), { maxLength: 2 }),
    conversationIds: fc.array(fc.string({ unit: 'binary' }), { maxLength: 2 }),
    errorsOnly: fc.boolean(),
    minDurationMs: fc.double({ min: 0, max: 1e7, noNaN: true }),
  },
  { requiredKeys: [] }
);

function safeCopy(f: TraceFilters): TraceFilters {
  const safe = (vs?: string[]) => vs?.filter((v) => v !== '').map(() => 'v');
  return {
    ...f,
    services: safe(f.services),
    providers: safe(f.providers),
    models: safe(f.models),
    agents: safe(f.agents),
    versions: safe(f.versions),
    conversationIds: safe(f.conversationIds),
  };
}

describe('TraceQL escaping (property-based)', () => {
  it('round-trips any string through a literal', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const { skeleton, literals } = lex(traceqlString(s));
        expect(skeleton).toBe('"$"');
        // Lone surrogates have no UTF-8 form: they become U+FFFD, as they would on the wire.
        expect(literals).toEqual([wellFormed(s)]);
      }),
      { numRuns: 3000 }
    );
  });

  it('keeps the query structure no matter what the filter values hold', () => {
    fc.assert(
      fc.property(filterArb, (f) => {
        const hostile = lex(buildTraceSearchQuery(f, OPTS));
        const reference = lex(buildTraceSearchQuery(safeCopy(f), OPTS));
        // Same skeleton: no value escaped its literal.
        expect(hostile.skeleton).toBe(reference.skeleton);
        const expectedValues = [f.services, f.providers, f.models, f.agents, f.versions, f.conversationIds].flatMap(
          (vs) => (vs ?? []).filter((v) => v !== '')
        );
        for (const v of expectedValues) {
          expect(hostile.literals).toContain(wellFormed(v));
        }
      }),
      { numRuns: 3000 }
    );
  });
});

describe('buildTraceSearchQuery', () => {
  it('selects GenAI spans only when there are no filters', () => {
    const q = buildTraceSearchQuery({}, OPTS);
    expect(q.startsWith(`${GENAI_SPANSET} | select(`)).toBe(true);
    expect(q).toContain('span:parentID');
    expect(q).toContain('span.gen_ai.usage.input_tokens');
  });

  it('ANDs filter spansets, ORs dialect alternatives and values', () => {
    const q = buildTraceSearchQuery(
      {
        services: ['checkout'],
        models: ['gpt-4o', 'o3'],
        versions: ['v2'],
        errorsOnly: true,
        minDurationMs: 1500,
        traceql: '{ span.gen_ai.tool.name = "search" }',
      },
      OPTS
    );
    const body = q.slice(0, q.indexOf(' | select('));
    const G = `(${GENAI_PREDICATE})`;
    // Trace- and resource-wide conditions sit inside GenAI spansets: Tempo's `{A} && {B}` returns
    // both sides' spans, and a bare `{ status = error }` would add non-GenAI spans.
    expect(body).toBe(
      `({ ${G} && (resource.service.name = "checkout") && traceDuration >= 1500000us } && ` +
        '{ span.gen_ai.request.model = "gpt-4o" || span.gen_ai.request.model = "o3" || span.llm.model_name = "gpt-4o" || span.llm.model_name = "o3" || ' +
        'span.embedding.model_name = "gpt-4o" || span.embedding.model_name = "o3" || span.langfuse.observation.model.name = "gpt-4o" || ' +
        'span.langfuse.observation.model.name = "o3" || span.gen_ai.response.model = "gpt-4o" || span.gen_ai.response.model = "o3" } && ' +
        `{ ${G} && (span.gen_ai.agent.version = "v2" || resource.service.version = "v2") } && { ${G} && status = error } && ({ span.gen_ai.tool.name = "search" }))`
    );
  });

  it('filters on trace ids as lowercase literals, at most MAX_TRACE_ID_FILTER of them', () => {
    const q = buildTraceSearchQuery({ traceIds: ['ABC123', ' abc123 ', 'x" } | rate() { "', ''] }, OPTS);
    const body = q.slice(0, q.indexOf(' | select('));
    expect(body).toBe(
      `(${GENAI_SPANSET} && { (${GENAI_PREDICATE}) && (trace:id = "abc123" || trace:id = "x\\" } | rate() { \\"") })`
    );
    const many = Array.from({ length: MAX_TRACE_ID_FILTER + 20 }, (_, i) => i.toString(16).padStart(32, '0'));
    const big = buildTraceSearchQuery({ traceIds: many }, OPTS);
    expect(big.match(/trace:id = /g)).toHaveLength(MAX_TRACE_ID_FILTER);
    expect(big).toContain(many[MAX_TRACE_ID_FILTER - 1]);
    expect(big).not.toContain(many[MAX_TRACE_ID_FILTER]);
  });

  it('quotes attribute names that are not plain identifiers', () => {
    expect(traceqlAttribute('span', 'my attr"x')).toBe('span."my attr\\"x"');
    expect(buildTraceSearchQuery({ versions: ['1'] }, { versionAttributes: ['resource.deploy version'] })).toContain(
      '(resource."deploy version" = "1")'
    );
  });

  it('refuses invalid durations', () => {
    expect(() => traceqlDuration(-1)).toThrow(/Invalid duration/);
    expect(() => traceqlDuration(NaN)).toThrow(/Invalid duration/);
    expect(traceqlDuration(0.0015)).toBe('2us');
  });
});
