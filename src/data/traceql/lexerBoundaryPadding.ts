// Works around a Tempo TraceQL lexer bug (seen in v3.0.3 and on main as of 2026-11): the lexer
// copies Go's text/scanner to look ahead after a scope dot (`span.`, `.`) and after numbers
// (durations). The copy shares the underlying reader, so when the look-ahead crosses the
// scanner's 1024-byte buffer boundary the original scanner loses those bytes and the query fails
// with "parse error at line 1, col 1025/2049: unexpected $end". Queries longer than 1 KiB — ours
// with a select() list are ~2 KiB — hit it depending on where tokens fall.
//
// Fix: keep the query ASCII (string literals escape non-ASCII as \u) so buffer boundaries sit
// at exact multiples of 1024 bytes, then insert spaces between tokens so that no look-ahead
// start lies just before a boundary.

const BUFFER = 1024;
/** How far a look-ahead may read past its start (scope names ≤ 9 chars, duration units). */
const LOOKAHEAD = 16;
/** The scanner holds one character ahead; stay clear of that too. */
const SLACK = 2;

/** Offsets within `word` where the Tempo lexer starts a copied-scanner look-ahead. */
function lookaheadStarts(word: string): number[] {
  const starts: number[] = [];
  let quote = '';
  for (let i = 0; i < word.length; i++) {
    const c = word[i];
    if (quote) {
      // Raw (backtick) strings have no escapes.
      if (c === '\\' && quote === '"') {
        i++;
      } else if (c === quote) {
        quote = '';
      }
      continue;
    }
    if (c === '"' || c === '`') {
      quote = c;
    } else if (c === '.' || c === ':') {
      starts.push(i + 1);
    } else if (c >= '0' && c <= '9' && !(word[i + 1] >= '0' && word[i + 1] <= '9')) {
      starts.push(i + 1);
    }
  }
  return starts;
}

function endangered(offset: number): boolean {
  // A look-ahead reading [offset, offset + LOOKAHEAD) must not need the byte at a boundary.
  const next = Math.ceil((offset - SLACK + 1) / BUFFER) * BUFFER;
  return next > 0 && next <= offset + LOOKAHEAD;
}

/** Splits on spaces outside string literals ("…" and raw `…`), keeping literals whole. */
function words(query: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote = '';
  for (let i = 0; i < query.length; i++) {
    const c = query[i];
    if (quote) {
      cur += c;
      if (c === '\\' && quote === '"' && i + 1 < query.length) {
        cur += query[++i];
      } else if (c === quote) {
        quote = '';
      }
    } else if (c === ' ') {
      out.push(cur);
      cur = '';
    } else {
      if (c === '"' || c === '`') {
        quote = c;
      }
      cur += c;
    }
  }
  out.push(cur);
  return out;
}

/** Returns `query` with extra spaces where Tempo's lexer would otherwise lose bytes. */
export function padForTempoLexer(query: string): string {
  if (query.length <= BUFFER - LOOKAHEAD || /[^\x00-\x7f]/.test(query)) {
    // Short queries never refill; non-ASCII shifts the boundaries, so padding could not help.
    return query;
  }
  let out = '';
  for (const [idx, w] of words(query).entries()) {
    let sep = idx === 0 ? '' : ' ';
    const starts = lookaheadStarts(w);
    // Push the word past the boundary when any of its look-aheads would straddle it.
    while (starts.some((s) => endangered(out.length + sep.length + s))) {
      sep += ' ';
    }
    out += sep + w;
  }
  return out;
}

/** The look-ahead starts of a query (for tests). */
export function lookaheadOffsets(query: string): number[] {
  const offsets: number[] = [];
  let pos = 0;
  for (const w of words(query)) {
    lookaheadStarts(w).forEach((s) => offsets.push(pos + s));
    pos += w.length + 1;
  }
  return offsets;
}

export { endangered as lookaheadCrossesBoundary };
