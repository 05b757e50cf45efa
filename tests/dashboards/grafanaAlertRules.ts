// Grafana alert rule provisioning files (provisioning/alerting/*.yaml) and the translation of a
// rule's query → reduce → [math] → threshold chain into one equivalent PromQL expression, so
// promtool can evaluate it (with `for`) on synthetic series.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from './dashboardFiles';

export const ALERTING_DIR = path.join(REPO_ROOT, 'provisioning/alerting');

export interface AlertQuery {
  refId: string;
  datasourceUid: string;
  relativeTimeRange?: { from: number; to: number };
  model: Record<string, unknown>;
}

export interface AlertRule {
  uid: string;
  title: string;
  condition: string;
  data: AlertQuery[];
  for: string;
  noDataState?: string;
  execErrState?: string;
  dashboardUid?: string;
  panelId?: number;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  isPaused?: boolean;
}

export interface AlertRuleGroup {
  orgId?: number;
  name: string;
  folder: string;
  interval: string;
  rules: AlertRule[];
}

export interface AlertingFile {
  apiVersion: number;
  groups?: AlertRuleGroup[];
  contactPoints?: Array<{
    orgId?: number;
    name: string;
    receivers: Array<{ uid: string; type: string; settings: Record<string, unknown>; disableResolveMessage?: boolean }>;
  }>;
  policies?: Array<Record<string, unknown>>;
}

export function loadAlertingFile(name: string): AlertingFile {
  return parse(readFileSync(path.join(ALERTING_DIR, name), 'utf8')) as AlertingFile;
}

export const RULES_FILE = 'genai-alert-rules.yaml';

export function loadAlertRules(): AlertRule[] {
  return (loadAlertingFile(RULES_FILE).groups ?? []).flatMap((g) => g.rules);
}

const PROMQL_COMPARISON: Record<string, string> = { gt: '>', lt: '<' };

/** Grafana math functions our rules use, with the PromQL function of the same meaning. */
const MATH_FUNCTIONS: Record<string, string> = { abs: 'abs' };

export interface PromqlChain {
  /** The value the threshold sees, per series (query, reduced, after math). */
  value: string;
  /** The firing condition: `value` filtered by the threshold. */
  condition: string;
}

/**
 * The rule's chain as PromQL. The data query must be an instant Prometheus query, reduced with
 * `last` (an instant vector has one sample per series, so reduce is the identity; `dropNN` drops
 * NaN, which a PromQL comparison drops too), optionally a math step, then a gt/lt threshold.
 */
export function ruleAsPromql(rule: AlertRule): PromqlChain {
  const byRef = new Map(rule.data.map((d) => [d.refId, d]));
  const exprOf = (refId: string): string => {
    const q = byRef.get(refId);
    if (!q) {
      throw new Error(`${rule.uid}: no step ${refId}`);
    }
    const m = q.model;
    if (q.datasourceUid !== '__expr__') {
      if (m.instant !== true || typeof m.expr !== 'string') {
        throw new Error(`${rule.uid}: ${refId} must be an instant PromQL query`);
      }
      return `(${m.expr})`;
    }
    switch (m.type) {
      case 'reduce':
        if (m.reducer !== 'last') {
          throw new Error(`${rule.uid}: reducer ${String(m.reducer)} has no PromQL equivalent here`);
        }
        return exprOf(String(m.expression));
      case 'math': {
        const text = String(m.expression);
        // Functions first (on the math text only), then the referenced steps.
        const replaced = text
          .replace(/\b([a-z_]+)\(/g, (_w, fn: string) => {
            if (!(fn in MATH_FUNCTIONS)) {
              throw new Error(`${rule.uid}: math function ${fn} not translated`);
            }
            return `${MATH_FUNCTIONS[fn]}(`;
          })
          .replace(/\$\{?([A-Za-z]\w*)\}?/g, (_w, ref: string) => exprOf(ref));
        return `(${replaced})`;
      }
      default:
        throw new Error(`${rule.uid}: step ${refId} of type ${String(m.type)} cannot feed another step here`);
    }
  };
  const cond = byRef.get(rule.condition);
  if (!cond || cond.model.type !== 'threshold') {
    throw new Error(`${rule.uid}: the condition must be a threshold step`);
  }
  const evaluator = (cond.model.conditions as Array<{ evaluator: { type: string; params: number[] } }>)[0].evaluator;
  const op = PROMQL_COMPARISON[evaluator.type];
  if (!op) {
    throw new Error(`${rule.uid}: threshold ${evaluator.type} not translated`);
  }
  const value = exprOf(String(cond.model.expression));
  return { value, condition: `${value} ${op} ${evaluator.params[0]}` };
}
