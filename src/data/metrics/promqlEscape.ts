// Regex matchers are RE2 anchored at both ends. Every user or variable value goes through these
// before it is placed in a PromQL query.
import { goStringLiteral } from '../escape/goStringLiteral';

export function promqlString(value: string): string {
  return goStringLiteral(value);
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
