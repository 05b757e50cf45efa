import { isAlnum } from './chars';
import type { Emit } from './piiMatches';

/**
 * Email addresses, a practical subset of RFC 5322: a dot-atom local part of letters (Latin ones
 * with accents too), digits and . _ % + -, then a domain of at least two dot-separated labels
 * ending in an alphabetic TLD. Found from each '@' outwards by bounded loops rather than by a
 * regex, so there is nothing to backtrack and text without '@' costs one indexOf.
 * Not covered: quoted local parts, IP-literal domains, non-ASCII domains (punycode is ASCII).
 */
const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;
const MAX_LABEL = 63;

function isLocalChar(c: number): boolean {
  return (
    isAlnum(c) ||
    c === 46 /* . */ ||
    c === 95 /* _ */ ||
    c === 37 /* % */ ||
    c === 43 /* + */ ||
    c === 45 /* - */ ||
    // Latin-1 and Latin Extended-A/B letters (josé@…), not × and ÷.
    (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7)
  );
}

function isDomainChar(c: number): boolean {
  return isAlnum(c) || c === 46 || c === 45;
}

function isAlpha(c: number): boolean {
  return (c | 32) >= 97 && (c | 32) <= 122;
}

export function detectEmails(text: string, emit: Emit): void {
  let covered = 0;
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    // The local part: back over local characters, stopping at '..' (a dot-atom has none), never
    // into the previous address nor further than 64 characters.
    let start = at;
    const floor = Math.max(covered, at - MAX_LOCAL);
    while (start > floor) {
      const c = text.charCodeAt(start - 1);
      if (!isLocalChar(c) || (c === 46 && text.charCodeAt(start) === 46)) {
        break;
      }
      start--;
    }
    while (start < at && text.charCodeAt(start) === 46) {
      start++;
    }
    if (start === at || text.charCodeAt(at - 1) === 46) {
      continue;
    }
    const end = domainEnd(text, at + 1);
    if (end > 0) {
      emit(start, end);
      covered = end;
    }
  }
}

/**
 * End of the longest valid domain starting at `from` (two or more labels of 1–63 letters, digits
 * and inner hyphens, the last one alphabetic), cut at a dot if need be ("a@b.com.x1" keeps
 * "a@b.com"), or 0 when there is none.
 */
function domainEnd(text: string, from: number): number {
  const limit = Math.min(text.length, from + MAX_DOMAIN);
  let labelStart = from;
  let labels = 0;
  let validEnd = 0;
  for (let i = from; ; i++) {
    const c = i < limit ? text.charCodeAt(i) : -1;
    if (c !== 46 && isDomainChar(c)) {
      continue;
    }
    const len = i - labelStart;
    if (len === 0 || len > MAX_LABEL || text.charCodeAt(labelStart) === 45 || text.charCodeAt(i - 1) === 45) {
      return validEnd;
    }
    labels++;
    if (labels >= 2 && len >= 2 && isAlphaRun(text, labelStart, i)) {
      validEnd = i;
    }
    if (c !== 46) {
      return validEnd;
    }
    labelStart = i + 1;
  }
}

function isAlphaRun(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    if (!isAlpha(text.charCodeAt(i))) {
      return false;
    }
  }
  return true;
}
