import { isAlnum, isDigit } from './chars';
import type { Emit } from './piiMatches';

/**
 * IBANs: a country code, two check digits and the country's fixed-length BBAN (uppercase letters
 * and digits), contiguous or printed in groups of four separated by single spaces
 * ("GB82 WEST 1234 5698 7654 32"), masked only when the ISO 13616 mod-97 check passes. Knowing
 * each country's length ends the number exactly where it should, even when another group of
 * four ("… 7654 32 THEN") follows, and rejects lookalike ids from countries without IBANs.
 * Not covered: lowercase IBANs, groups separated by anything but single spaces.
 */
// Total lengths from the SWIFT IBAN registry.
// prettier-ignore
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28,
  IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20,
  LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28,
  NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24,
  SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26,
  UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};
// Where an IBAN can start: two capitals and two digits at a word start, then an alphanumeric.
const IBAN_START = /(?<![A-Za-z0-9])[A-Z]{2}\d{2} ?[A-Z0-9]/g;

function isUpperOrDigit(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 90);
}

export function detectIbans(text: string, emit: Emit): void {
  const re = IBAN_START;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index;
    const length = IBAN_LENGTHS[text.slice(start, start + 2)];
    const end = length === undefined ? -1 : ibanEnd(text, start, length);
    if (end > 0 && ibanChecksumValid(text, start, end)) {
      emit(start, end);
      re.lastIndex = end;
    } else {
      re.lastIndex = start + 1;
    }
  }
}

/** End of `length` IBAN characters from `start`, allowing one space before each group of four; -1 if they are not there or more follow. */
function ibanEnd(text: string, start: number, length: number): number {
  let i = start;
  for (let k = 0; k < length; k++) {
    if (k > 0 && k % 4 === 0 && text.charCodeAt(i) === 32) {
      i++;
    }
    if (!isUpperOrDigit(text.charCodeAt(i))) {
      return -1;
    }
    i++;
  }
  return isAlnum(text.charCodeAt(i)) ? -1 : i;
}

/** ISO 13616: with the country code and check digits moved to the end and letters as 10–35, the number mod 97 is 1. */
export function ibanChecksumValid(text: string, start: number, end: number): boolean {
  let rest = 0;
  for (let i = start + 4; i < end; i++) {
    rest = mod97Step(rest, text.charCodeAt(i));
  }
  for (let i = start; i < start + 4; i++) {
    rest = mod97Step(rest, text.charCodeAt(i));
  }
  return rest === 1;
}

/** The remainder after appending character `c` (a digit, a capital as two digits; spaces skipped). */
function mod97Step(rest: number, c: number): number {
  if (c === 32) {
    return rest;
  }
  return c >= 65 ? (rest * 100 + c - 55) % 97 : (rest * 10 + c - 48) % 97;
}
