import { isWord } from './chars';
import type { Emit } from './piiMatches';

/**
 * Phone numbers, in three shapes, each a regex without ambiguous repetition (each step takes a
 * digit or a group, and separators are never digits), so matching stays linear:
 * - E.164 / international: '+', a non-zero digit, then 7–14 more digits (8–15 in all), with one
 *   space or dash, or a parenthesis with a space beside it, between any two, or dots only:
 *   +14155550132, +1 (415) 555-0132, +44 (0)20 7946 0958, +33 1 23 45 67 89, +1.415.555.0132.
 *   (Dots never mix with spaces, so "+44 0 192.168.1.1" is not one number.)
 * - North American: (415) 555-0132, (415)555-0132, 415-555-0132, 415.555.0132, 1-415-555-0132.
 *   The all-spaces form (415 555 0132) is left out: lists like "256 512 1024" share its shape.
 * - National with a trunk 0 (UK, DE, FR and most of Europe): 0, a non-zero digit, then groups
 *   separated by one kind of separator (space . - /) or none, 9–12 digits in all:
 *   020 7946 0958, 030 1234567, 030/1234567, 01 23 45 67 89, 0612345678.
 * What stays unmasked: years, prices, counts, ISO dates and times, dotted dates (02.12.2026, eight
 * digits), versions, UUIDs and hex ids (digits next to letters or dashes are inside a longer
 * token), and plain digit runs without a '+' or a trunk 0.
 */
const BEFORE = String.raw`(?<![\w.+\-/])`;
const AFTER = String.raw`(?![\w]|[.\-/:]\d)`;
// Sticky, tried at each '+' only.
const INTERNATIONAL = new RegExp(
  String.raw`\+[1-9](?:(?:(?: ?\(| ?\) ?|[ \-])?\d){7,14}|(?:\.?\d){7,14})` + AFTER,
  'y'
);
const NORTH_AMERICAN = new RegExp(
  BEFORE + String.raw`(?:1[-. ])?(?:\(\d{3}\) ?\d{3}[-. ]|\d{3}([-.])\d{3}\1)\d{4}` + AFTER,
  'g'
);
const NATIONAL = new RegExp(BEFORE + String.raw`0[1-9]\d{0,10}(?:([ .\-/])\d{2,8}(?:\1\d{2,8}){0,5})?` + AFTER, 'g');
const MIN_NATIONAL_DIGITS = 9;
const MAX_NATIONAL_DIGITS = 12;

export function detectPhones(text: string, emit: Emit): void {
  for (let plus = text.indexOf('+'); plus !== -1; plus = text.indexOf('+', plus + 1)) {
    if (!isWord(text.charCodeAt(plus - 1)) && text.charCodeAt(plus - 1) !== 43) {
      INTERNATIONAL.lastIndex = plus;
      if (INTERNATIONAL.test(text)) {
        emit(plus, INTERNATIONAL.lastIndex);
      }
    }
  }
  each(NORTH_AMERICAN, text, (m) => emit(m.index, m.index + m[0].length));
  each(NATIONAL, text, (m) => {
    const end = nationalEnd(m[0]);
    if (end > 0) {
      emit(m.index, m.index + end);
      // What was cut off may be another number.
      NATIONAL.lastIndex = m.index + end;
    } else {
      // Too many digits from here, but a number may still start at one of its later groups.
      NATIONAL.lastIndex = m.index + 1;
    }
  });
}

function each(re: RegExp, text: string, f: (m: RegExpExecArray) => void): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    f(m);
  }
}

/**
 * Length of the national number at the start of `s` (a NATIONAL match): all of it when it has
 * 9–12 digits; else, when spaces separate its groups, the leading groups while they stay within
 * 12 digits, so that a number followed by another ("030 1234567 2026") is still masked; else 0.
 */
function nationalEnd(s: string): number {
  let digits = 0;
  let lastFit = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits++;
      continue;
    }
    if (c === 32 && digits >= MIN_NATIONAL_DIGITS && digits <= MAX_NATIONAL_DIGITS) {
      lastFit = i;
    }
    if (digits > MAX_NATIONAL_DIGITS) {
      break;
    }
  }
  if (digits >= MIN_NATIONAL_DIGITS && digits <= MAX_NATIONAL_DIGITS) {
    return s.length;
  }
  return lastFit;
}
