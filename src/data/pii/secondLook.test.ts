/** @jest-environment node */
import { isQuiet, segmentsAround } from './secondLook';

describe('second look', () => {
  it.each([
    ['mail [bob] now', 5, 10, true],
    ['([bob]).', 1, 6, true],
    ['[bob]', 0, 5, true],
    ['x:[bob]', 2, 7, false],
    ['[bob]::1', 0, 5, false],
    ['m[bob]', 1, 6, false],
  ])('%j at [%d, %d) is quiet: %s', (text, start, end, quiet) => {
    expect(isQuiet(text, start, end)).toBe(quiet);
  });

  it('looks at the segments between line breaks and double quotes around the spans, merged', () => {
    const text = 'a b\n"c [x] d" e [y] f [z]\ng';
    const at = (s: string) => [text.indexOf(s), text.indexOf(s) + s.length];
    const segments = segmentsAround(text, [...at('[x]'), ...at('[y]'), ...at('[z]')]);
    const pieces = [];
    for (let k = 0; k < segments.length; k += 2) {
      pieces.push(text.slice(segments[k], segments[k + 1]));
    }
    expect(pieces).toEqual(['c [x] d', ' e [y] f [z]']);
  });
});
