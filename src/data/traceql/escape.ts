// TraceQL string literals are double-quoted and unquoted by Tempo with Go's rules, so every
// user or variable value goes through here before it is placed in a query.

export function traceqlString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') {
      out += '\\"';
    } else if (ch === '\\') {
      out += '\\\\';
    } else if (ch === '\n') {
      out += '\\n';
    } else if (ch === '\r') {
      out += '\\r';
    } else if (ch === '\t') {
      out += '\\t';
    } else if (code >= 0xd800 && code <= 0xdfff) {
      // A lone surrogate has no UTF-8 form (Go rejects \uD800); it would reach Tempo as U+FFFD anyway.
      out += '\ufffd';
    } else if (code < 0x20 || code >= 0x7f) {
      // Control and non-ASCII characters: escapes keep the query printable and pure ASCII, which
      // the Tempo lexer workaround (lexerBoundaryPadding.ts) relies on.
      out += code > 0xffff ? '\\U' + code.toString(16).padStart(8, '0') : '\\u' + code.toString(16).padStart(4, '0');
    } else {
      out += ch;
    }
  }
  return out + '"';
}

const PLAIN_ATTRIBUTE = /^[A-Za-z_][A-Za-z0-9_.\-]*$/;

/**
 * A scoped attribute reference: `span.gen_ai.request.model`, `resource.service.name`; names
 * with other characters are quoted (`span."my attr"`).
 */
export function traceqlAttribute(scope: 'span' | 'resource' | 'event' | '', name: string): string {
  const prefix = scope ? `${scope}.` : '.';
  // Quoted attribute names know only the escapes \" and \\ (Tempo's parseQuotedAtrribute).
  return PLAIN_ATTRIBUTE.test(name) ? `${prefix}${name}` : `${prefix}"${name.replace(/[\\"]/g, (c) => '\\' + c)}"`;
}

/** Parses `resource.x`, `span.x` or a bare name (span scope) from a settings string. */
export function scopedAttribute(key: string): string {
  if (key.startsWith('resource.')) {
    return traceqlAttribute('resource', key.slice('resource.'.length));
  }
  if (key.startsWith('span.')) {
    return traceqlAttribute('span', key.slice('span.'.length));
  }
  return traceqlAttribute('span', key);
}

/** A duration literal in TraceQL units; negative or non-finite values are refused. */
export function traceqlDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) {
    throw new Error(`Invalid duration: ${ms}`);
  }
  // Whole microseconds avoid exponent notation, which TraceQL does not parse.
  return `${Math.round(ms * 1000)}us`;
}
