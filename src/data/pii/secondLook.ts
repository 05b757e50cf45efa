/**
 * Where masked text could be masked further, to look there once more. Detectors refuse a value
 * that touches a longer token ("0@0.com::0" has no IPv6 address: "::0" follows the "m"), but once
 * the neighbour is a token ("[email]::0") it touches a bracket and qualifies. Masking repeats on
 * its own output until nothing changes, so mask(mask(x)) === mask(x), but only where it can:
 * - a token between whitespace or punctuation that no detector reads as part of a value (or at
 *   either end of the text) cannot let anything qualify: most tokens need no second look;
 * - no built-in detector's value spans a line break or a double quote, and each treats one as it
 *   treats the end of the text, so the segment between two of them is masked the same alone as
 *   inside the whole text: the second look is at those segments only, not at all 1 MB of a prompt
 *   (custom patterns may span anything; with them, it is at the whole text).
 */
// Before a token's start: nothing ending here can have been refused for the value after it.
const QUIET_BEFORE = new Set(Array.from(' \t\n\r,;!?"\'<>({[=&|', (c) => c.charCodeAt(0)));
// After a token's end: nothing can start here, nor was refused for the value before it.
const QUIET_AFTER = new Set(Array.from(' \t\n\r.,;!?"\'<>)}]/&|', (c) => c.charCodeAt(0)));

/** Whether the value masked at [start, end) of `text` sits between quiet neighbours. */
export function isQuiet(text: string, start: number, end: number): boolean {
  return (
    (start === 0 || QUIET_BEFORE.has(text.charCodeAt(start - 1))) &&
    (end >= text.length || QUIET_AFTER.has(text.charCodeAt(end)))
  );
}

function isSegmentBreak(c: number): boolean {
  return c === 10 /* \n */ || c === 34; /* " */
}

/**
 * The segments of `text` (between line breaks and double quotes) holding the spans, merged, as
 * [start, end) pairs; `spans` are [start, end) pairs in increasing order. Each character is read
 * at most once: a segment's search back stops at the previous one.
 */
export function segmentsAround(text: string, spans: readonly number[]): number[] {
  const segments: number[] = [];
  let floor = 0;
  for (let k = 0; k < spans.length; k += 2) {
    if (spans[k] < floor) {
      continue;
    }
    let s = spans[k];
    while (s > floor && !isSegmentBreak(text.charCodeAt(s - 1))) {
      s--;
    }
    let e = spans[k + 1];
    while (e < text.length && !isSegmentBreak(text.charCodeAt(e))) {
      e++;
    }
    segments.push(s, e);
    floor = e;
  }
  return segments;
}
