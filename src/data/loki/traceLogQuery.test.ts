import { lokiTraceId, traceLogQuery, validateStreamSelector } from './traceLogQuery';

describe('traceLogQuery', () => {
  it('selects the trace’s services and filters on the structured-metadata trace id', () => {
    expect(traceLogQuery({ traceId: 'ABC', services: ['b-svc', 'a.svc'] })).toBe(
      '{service_name=~"a\\\\.svc|b-svc"} | trace_id="00000000000000000000000000000abc"'
    );
    expect(traceLogQuery({ traceId: 'abc', services: ['one'] })).toBe(
      '{service_name="one"} | trace_id="00000000000000000000000000000abc"'
    );
  });

  it('escapes hostile service names: the regex, unquoted, matches exactly those names', () => {
    const names = ['a"} |= "x', 'b\\|.*', 'ü{1}'];
    const q = traceLogQuery({ traceId: '1', services: names });
    const m = /^\{service_name=~("(?:[^"\\]|\\.)*")\} \| trace_id="0{31}1"$/.exec(q);
    expect(m).not.toBeNull();
    // Go's unquoting of these escapes is JSON's; RE2 reads these regexes as JavaScript does.
    const re = new RegExp(`^(?:${JSON.parse(m![1])})$`);
    for (const n of names) {
      expect(re.test(n)).toBe(true);
    }
    for (const other of ['a', 'bx', 'b\\', 'ü{1}x', 'üü']) {
      expect(re.test(other)).toBe(false);
    }
  });

  it('uses Loki’s unknown_service for spans without a service, and every stream when none is known', () => {
    expect(traceLogQuery({ traceId: '1', services: [''] })).toMatch(/^\{service_name="unknown_service"\}/);
    expect(traceLogQuery({ traceId: '1', services: [] })).toMatch(/^\{service_name=~"\.\+"\}/);
  });

  it('uses the configured stream selector instead of the services', () => {
    expect(traceLogQuery({ traceId: '1', services: ['x'], streamSelector: ' {job="genai"} ' })).toBe(
      '{job="genai"} | trace_id="00000000000000000000000000000001"'
    );
  });

  it('refuses what is not a trace id or not a stream selector', () => {
    expect(() => lokiTraceId('"} |= "')).toThrow('is not a trace id');
    expect(() => lokiTraceId('0'.repeat(33))).toThrow('is not a trace id');
    expect(validateStreamSelector('{job="genai"}')).toBeUndefined();
    expect(validateStreamSelector('job="genai"')).toMatch(/A stream selector is one/);
    expect(validateStreamSelector('{}')).toMatch(/A stream selector is one/);
    expect(validateStreamSelector('{a="1"} | x {b="2"}')).toMatch(/A stream selector is one/);
  });
});
