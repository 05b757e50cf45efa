// Grafana's interpolation of dashboard variables into Prometheus queries, reduced to what our
// dashboards use, so their PromQL can be run against a real Prometheus outside Grafana.
import type { Variable } from './dashboardFiles';

/** `$name`, `${name}` and `${name:format}` references (Grafana's variable syntax). */
const VARIABLE_REF = /\$(\w+)|\$\{(\w+)(?::(\w+))?\}/g;

/** Names a text refers to, without Grafana's built-ins (`$__…`) and regex back-references (`$1`). */
export function referencedVariables(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(VARIABLE_REF)) {
    const name = m[1] ?? m[2];
    if (!name.startsWith('__') && !/^\d+$/.test(name)) {
      names.add(name);
    }
  }
  return [...names];
}

// Grafana's Prometheus data source (prometheusSpecialRegexEscape) escapes regex metacharacters in
// multi-value variables with a doubled backslash: the query is a PromQL string, where `\.` alone
// would be an invalid escape; `\\.` is the regex `\.`.
function escapeRegex(v: string): string {
  return v.replace(/\\/g, '\\\\\\\\').replace(/[$^*{}[\]'+?.()|]/g, '\\\\$&');
}

export interface PromqlMacros {
  rateInterval: string;
  range: string;
  interval: string;
}

/**
 * Replaces variables as Grafana's Prometheus data source does: a multi-value or include-all
 * variable becomes `(a|b)` of escaped values, "All" its allValue when it has one, else every value.
 * `selected` holds the chosen values per variable; `ALL` selects all of `options`.
 */
export function interpolatePromql(
  expr: string,
  variables: Variable[],
  selected: Record<string, string[] | typeof ALL>,
  options: Record<string, string[]>,
  macros: PromqlMacros
): string {
  return expr.replace(VARIABLE_REF, (whole, a?: string, b?: string) => {
    const name = (a ?? b)!;
    switch (name) {
      case '__rate_interval':
        return macros.rateInterval;
      case '__range':
        return macros.range;
      case '__interval':
        return macros.interval;
    }
    const v = variables.find((x) => x.name === name);
    if (!v) {
      return whole; // unknown names stay, as in Grafana (e.g. label_replace's "$1")
    }
    if (v.type === 'textbox' || v.type === 'constant') {
      return String(selected[name] ?? v.query ?? '');
    }
    const sel = selected[name] ?? ALL;
    if (sel === ALL && v.allValue !== undefined) {
      return v.allValue;
    }
    const values = sel === ALL ? (options[name] ?? []) : sel;
    if (!v.multi && !v.includeAll) {
      return values[0] ?? '';
    }
    return values.length === 1 ? escapeRegex(values[0]) : `(${values.map(escapeRegex).join('|')})`;
  });
}

export const ALL = '$__all' as const;
