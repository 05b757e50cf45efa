import { isAlnum, isDigit, isWord } from './chars';
import type { Emit } from './piiMatches';

/**
 * API keys and tokens by their published shapes, each masked whole:
 * OpenAI (and Anthropic) sk-… / sk-proj-… with 20+ more characters; AWS access key ids AKIA/ASIA
 * + 16 capitals or digits; JWTs, three base64url segments with the header's '{"' as "eyJ"; GitHub
 * ghp_/gho_/ghu_/ghs_/ghr_ and github_pat_ tokens; Slack xoxb-/xoxp-/xoxa-/xoxr-/xoxs- tokens;
 * Google AIza + 35 characters; and the credential after "Bearer " (the word stays, for context).
 * Each shape is found from an anchor literal by indexOf, then matched by a sticky regex at that
 * place only. The anchors start with a character rare in prose ('k-' rather than 'sk-'), which
 * indexOf skips to at memory speed: ~0.01 ms per 1 MB against ~0.5 ms for one starting with 'e'
 * or 's', or for a regex scanning the whole text.
 * None is masked inside a longer token.
 */
interface KeyShape {
  anchor: string;
  /** Characters of the shape before its anchor. */
  back: number;
  /** Literal the shape starts with, checked before the regex runs (a '_' anchor is common). */
  prefix: string;
  /** Sticky: matched at the shape's start only. */
  re: RegExp;
  /** Characters that must not precede the shape (it would be inside a longer token). */
  notAfter: (c: number) => boolean;
}

const isWordOrDash = (c: number) => isWord(c) || c === 45;
const isLetter = (c: number) => (c | 32) >= 97 && (c | 32) <= 122;

const SHAPES: KeyShape[] = [
  { anchor: 'k-', back: 1, prefix: 'sk-', re: /sk-[\w-]{20,}/y, notAfter: isWordOrDash },
  { anchor: 'IA', back: 2, prefix: 'A', re: /A[KS]IA[A-Z0-9]{16}(?![A-Za-z0-9])/y, notAfter: isAlnum },
  { anchor: 'yJ', back: 1, prefix: 'eyJ', re: /eyJ[\w-]{2,}\.[\w-]{2,}\.[\w-]*/y, notAfter: isWordOrDash },
  { anchor: '_', back: 3, prefix: 'gh', re: /gh[pousr]_[A-Za-z0-9]{30,}/y, notAfter: isWordOrDash },
  { anchor: '_', back: 6, prefix: 'github_', re: /github_pat_\w{22,}/y, notAfter: isWordOrDash },
  { anchor: 'xox', back: 0, prefix: 'xox', re: /xox[bpars]-[A-Za-z0-9-]{10,}/y, notAfter: isWordOrDash },
  { anchor: 'AIza', back: 0, prefix: 'AIza', re: /AIza[\w-]{35}(?![\w-])/y, notAfter: isWordOrDash },
];

// RFC 6750's b64token after the scheme; group 1 is the credential.
const BEARER = /[Bb]earer[ \t]+([\w\-.~+/]+=*)/y;
// 'B' and 'b' are rarer first letters than the 'e' of 'earer': two indexOf scans cost less.
const BEARER_WORDS = ['Bearer', 'bearer'];
// "bearer instruments", "Bearer YOUR_API_KEY" are words; a credential has a digit or is long.
const MIN_BEARER = 8;
const MIN_BEARER_WITHOUT_DIGIT = 20;

export function detectApiKeys(text: string, emit: Emit): void {
  for (const { anchor, back, prefix, re, notAfter } of SHAPES) {
    for (let a = text.indexOf(anchor); a !== -1; a = text.indexOf(anchor, a + 1)) {
      const start = a - back;
      if (start < 0 || !text.startsWith(prefix, start) || notAfter(text.charCodeAt(start - 1))) {
        continue;
      }
      re.lastIndex = start;
      const m = re.exec(text);
      if (m !== null) {
        emit(start, re.lastIndex);
        // Past the match: its own body may hold the anchor again (a JWT's payload "eyJ").
        a = re.lastIndex + back - 1;
      }
    }
  }
  for (const word of BEARER_WORDS) {
    for (let a = text.indexOf(word); a !== -1; a = text.indexOf(word, a + 1)) {
      if (isLetter(text.charCodeAt(a - 1))) {
        continue;
      }
      BEARER.lastIndex = a;
      const m = BEARER.exec(text);
      if (m !== null) {
        emitBearerCredential(text, BEARER.lastIndex - m[1].length, BEARER.lastIndex, emit);
      }
    }
  }
}

function emitBearerCredential(text: string, start: number, end: number, emit: Emit): void {
  // A sentence's full stop after the credential is not part of it.
  let e = end;
  while (e > start && text.charCodeAt(e - 1) === 46) {
    e--;
  }
  const length = e - start;
  if (length >= MIN_BEARER && (length >= MIN_BEARER_WITHOUT_DIGIT || hasDigit(text, start, e))) {
    emit(start, e);
  }
}

function hasDigit(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    if (isDigit(text.charCodeAt(i))) {
      return true;
    }
  }
  return false;
}
