/**
 * @jest-environment node
 */
import { loadTraceQLParser, traceqlSyntax } from './traceqlSyntax';
import { buildTraceSearchQuery } from './traceSearchQuery';

const OPTS = { versionAttributes: ['gen_ai.agent.version', 'resource.service.version'] };

describe('traceqlSyntax (Grafana’s TraceQL grammar)', () => {
  it('colours scopes, attributes, operators, strings and numbers, covering the text exactly', async () => {
    const parser = await loadTraceQLParser();
    const text = '{ span.gen_ai.tool.name = "web_search" && duration > 2s } | count() > 3';
    const s = traceqlSyntax(parser, text);
    expect(s.errors).toEqual([]);
    // The tokens tile the text in order.
    expect(s.tokens.map((t) => text.slice(t.from, t.to)).join('')).toBe(text);
    const kinds = Object.fromEntries(
      s.tokens.filter((t) => t.kind !== 'plain').map((t) => [text.slice(t.from, t.to).trim(), t.kind])
    );
    expect(kinds).toMatchObject({
      span: 'scope',
      '"web_search"': 'string',
      '=': 'operator',
      '&&': 'operator',
      '2s': 'number',
      duration: 'intrinsic',
      '3': 'number',
    });
  });

  it.each([
    ['{ span.gen_ai.tool.name = }', 'value missing'],
    ['{ span.gen_ai.tool.name = "x"', 'missing "}"'],
    ['{ span.a = "x" } &&& { }', 'stray operator'],
    ['span.a = "x"', 'no braces'],
  ])('reports a parse error with its column: %s (%s)', async (text) => {
    const s = traceqlSyntax(await loadTraceQLParser(), text);
    expect(s.errors.length).toBeGreaterThan(0);
    expect(s.errors[0].from).toBeGreaterThanOrEqual(0);
    expect(s.errors[0].from).toBeLessThanOrEqual(text.length);
    expect(s.errors[0].message).toMatch(/column \d+|ends too early/);
    expect(s.tokens.map((t) => text.slice(t.from, t.to)).join('')).toBe(text);
  });

  it('accepts every query the trace search builds, hostile values included', async () => {
    const parser = await loadTraceQLParser();
    const queries = [
      buildTraceSearchQuery({}, OPTS),
      buildTraceSearchQuery({ models: ['gpt-4o', 'a"b\\c'], errorsOnly: true, minDurationMs: 1500 }, OPTS),
      buildTraceSearchQuery(
        { agents: ['support'], conversationIds: ['c-1', '}{'], traceIds: ['ABC'], traceql: '{ span.x = 1 }' },
        OPTS
      ),
    ];
    for (const q of queries) {
      expect([q, traceqlSyntax(parser, q).errors]).toEqual([q, []]);
    }
  });
});
