// TraceQL (Tempo) and PromQL (Prometheus) both unquote double-quoted strings with Go's rules
// (strconv.Unquote), so one encoder serves both query languages.

/**
 * A double-quoted Go string literal holding exactly `value`. Lone surrogates (no UTF-8 form;
 * Go rejects \uD800) become U+FFFD, as they would on the wire. With `asciiOnly`, every
 * non-ASCII character is escaped too (\u / \U), which keeps byte offsets equal to offsets.
 */
export function goStringLiteral(value: string, asciiOnly = false): string {
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
    } else if (code < 0x20 || code === 0x7f || (asciiOnly && code > 0x7f)) {
      out += code > 0xffff ? '\\U' + code.toString(16).padStart(8, '0') : '\\u' + code.toString(16).padStart(4, '0');
    } else {
      out += ch;
    }
  }
  return out + '"';
}
