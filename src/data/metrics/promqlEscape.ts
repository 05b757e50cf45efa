// PromQL string literals are double-quoted Go-style strings; regex matchers are RE2 anchored at
// both ends. Every user or variable value goes through these before it is placed in a query.

export function promqlString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') {
      out += '\\' + ch;
    } else if (ch === '\n') {
      out += '\\n';
    } else if (ch === '\r') {
      out += '\\r';
    } else if (ch === '\t') {
      out += '\\t';
    } else if (code >= 0xd800 && code <= 0xdfff) {
      out += '\\ufffd';
    } else if (code < 0x20 || code === 0x7f) {
      out += '\\u' + code.toString(16).padStart(4, '0');
    } else {
      out += ch;
    }
  }
  return out + '"';
}

/** Escapes RE2 metacharacters so a value matches only itself inside `=~`. */
export function regexLiteral(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

const PLAIN_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A label name as PromQL accepts it: plain, or quoted (UTF-8 names, Prometheus 3). */
export function labelName(name: string): string {
  return PLAIN_LABEL.test(name) ? name : promqlString(name);
}

/** `label="v"` for one value, `label=~"a|b"` for several; nothing for none. */
export function labelMatcher(label: string, values: string[] | undefined): string | undefined {
  const vs = [...new Set((values ?? []).filter((v) => v !== ''))];
  if (!vs.length) {
    return undefined;
  }
  if (vs.length === 1) {
    return `${labelName(label)}=${promqlString(vs[0])}`;
  }
  return `${labelName(label)}=~${promqlString(vs.map(regexLiteral).join('|'))}`;
}
