/** @jest-environment node */
import { formatDuration, formatPercent, formatTokens, formatUsd, valueText } from './format';

describe('format', () => {
  it('durations in the chosen unit, auto by size', () => {
    expect(formatDuration(0.224, 'auto')).toBe('224 µs');
    expect(formatDuration(8.666, 'auto')).toBe('8.67 ms');
    expect(formatDuration(75.93, 'auto')).toBe('75.9 ms');
    expect(formatDuration(12_345, 'auto')).toBe('12.3 s');
    expect(formatDuration(12_345, 'ms')).toBe('12345 ms');
    expect(formatDuration(2, 'us')).toBe('2000 µs');
    expect(formatDuration(NaN, 'auto')).toBe('–');
  });
  it('costs without exponent notation', () => {
    expect(formatUsd(2.4e-7)).toBe('$0.00000024');
    expect(formatUsd(0.0000431)).toBe('$0.000043');
    expect(formatUsd(0.0123)).toBe('$0.0123');
    expect(formatUsd(3.14159)).toBe('$3.14');
    expect(formatUsd(0)).toBe('$0');
    expect(formatUsd(null)).toBe('–');
  });
  it('tokens, shares and values', () => {
    expect(formatTokens(598)).toBe('598');
    expect(formatTokens(1234)).toBe('1.2k');
    expect(formatTokens(45_678)).toBe('46k');
    expect(formatTokens(2_500_000)).toBe('2.5M');
    expect(formatPercent(0.5)).toBe('50%');
    expect(formatPercent(0.0123)).toBe('1.2%');
    expect(formatPercent(0.00001)).toBe('<0.1%');
    expect(valueText('<b>x</b>')).toBe('<b>x</b>');
    expect(valueText({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(valueText('{"q":"x"}', true)).toBe('{\n  "q": "x"\n}');
    expect(valueText('{"q":"x"}')).toBe('{"q":"x"}');
    expect(valueText('{not json}', true)).toBe('{not json}');
  });
});
