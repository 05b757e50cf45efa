/** @jest-environment node */
import fc from 'fast-check';
import { buildTraceSearchQuery } from './traceSearchQuery';
import { lookaheadCrossesBoundary, lookaheadOffsets, padForTempoLexer } from './lexerBoundaryPadding';

const OPTS = { versionAttributes: ['gen_ai.agent.version', 'resource.service.version'] };

describe('padForTempoLexer', () => {
  it('leaves no look-ahead straddling a 1 KiB buffer boundary, and changes only spacing outside strings', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 40 }), { maxLength: 12 }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        (models, ms) => {
          const q = buildTraceSearchQuery({ models, minDurationMs: ms }, OPTS);
          const padded = padForTempoLexer(q);
          expect(lookaheadOffsets(padded).some(lookaheadCrossesBoundary)).toBe(false);
          expect(padded.replace(/ +/g, ' ')).toBe(q.replace(/ +/g, ' '));
        }
      ),
      { numRuns: 500 }
    );
  });

  it('never pads inside a raw (backtick) string of user TraceQL', () => {
    const raw = '`' + Array.from({ length: 150 }, () => 'x.').join(' ') + '`';
    const q = buildTraceSearchQuery({ services: ['s'.repeat(476)], traceql: `{ span.note = ${raw} }` }, OPTS);
    const padded = padForTempoLexer(q);
    expect(padded).toContain(raw);
    expect(lookaheadOffsets(padded).some(lookaheadCrossesBoundary)).toBe(false);
  });

  it('leaves short queries alone', () => {
    expect(padForTempoLexer('{ span.a = "b" }')).toBe('{ span.a = "b" }');
  });
});
