/**
 * The provisioned Grafana alert rules: file structure as Grafana's provisioning reads it, links
 * to existing dashboard panels, routing of their labels, and — through promtool — for every rule
 * a scenario where it fires (condition held longer than `for`) and one where it stays quiet,
 * with the evaluated values asserted.
 *
 * @jest-environment node
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { allPanels, loadDashboards } from './dashboardFiles';
import { SCENARIOS, type Scenario } from './alertScenarios';
import {
  ALERTING_DIR,
  loadAlertingFile,
  loadAlertRules,
  RULES_FILE,
  ruleAsPromql,
  type AlertRule,
} from './grafanaAlertRules';
import { checkAnnotationTemplates, runScenario } from './promtoolScenario';
import { RENAMED_METRICS } from './renamedMetrics';

jest.setTimeout(120_000);

const rules = loadAlertRules();
const dashboards = loadDashboards().map((f) => f.dashboard);

// The alerts issue #6 asks for, by uid.
const REQUIRED = [
  'genai-cost-per-request-up',
  'genai-version-cost-change',
  'genai-budget-80',
  'genai-budget-100',
  'genai-budget-150',
  'genai-latency-p99',
  'genai-ttft-p99',
  'genai-error-rate',
  'genai-quality-drop',
  'genai-input-tokens-anomaly',
  'genai-model-fallback',
];

/** Prometheus duration (as `for` and group intervals use) in seconds. */
function durationSec(d: string): number {
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };
  const parts = [...d.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== d) {
    throw new Error(`not a duration: ${d}`);
  }
  return parts.reduce((s, p) => s + Number(p[1]) * units[p[2]], 0);
}

describe('alerting provisioning files', () => {
  it('are only .yaml/.yml/.json files (Grafana refuses other names and folders in this directory)', () => {
    for (const f of readdirSync(ALERTING_DIR)) {
      expect(statSync(path.join(ALERTING_DIR, f)).isFile()).toBe(true);
      expect(f).toMatch(/\.(ya?ml|json)$/);
    }
  });

  it('define every required rule once, in named groups with a folder and an interval', () => {
    const file = loadAlertingFile(RULES_FILE);
    expect(file.apiVersion).toBe(1);
    for (const g of file.groups ?? []) {
      expect(g.name).toMatch(/\S/);
      expect(g.folder).toBe('GenAI Observability');
      expect(durationSec(g.interval)).toBeGreaterThanOrEqual(10);
      for (const r of g.rules) {
        // Groups evaluate every `interval`; `for` shorter than that cannot be honoured.
        expect(durationSec(r.for)).toBeGreaterThanOrEqual(durationSec(g.interval));
      }
    }
    const uids = rules.map((r) => r.uid);
    expect(new Set(uids).size).toBe(uids.length);
    expect(new Set(rules.map((r) => r.title)).size).toBe(rules.length);
    expect([...uids].sort()).toEqual([...REQUIRED].sort());
    for (const uid of uids) {
      expect(uid.length).toBeLessThanOrEqual(40); // Grafana's uid limit
      expect(uid).toMatch(/^[a-zA-Z0-9_-]+$/);
    }
  });

  describe.each(rules.map((r) => [r.uid, r] as [string, AlertRule]))('rule %s', (_uid, rule) => {
    it('chains its steps by refId: a Prometheus query, reduce, optional math, threshold condition', () => {
      const refIds = rule.data.map((d) => d.refId);
      expect(new Set(refIds).size).toBe(refIds.length);
      expect(refIds).toContain(rule.condition);
      const seen = new Set<string>();
      for (const step of rule.data) {
        const m = step.model;
        expect(m.refId).toBe(step.refId);
        if (step.datasourceUid === '__expr__') {
          expect(m.datasource).toEqual({ type: '__expr__', uid: '__expr__' });
          expect(['reduce', 'math', 'threshold']).toContain(m.type);
          // Every step reads only steps defined before it.
          const refs =
            m.type === 'math'
              ? [...String(m.expression).matchAll(/\$\{?([A-Za-z]\w*)\}?/g)].map((x) => x[1])
              : [String(m.expression)];
          expect(refs.length).toBeGreaterThan(0);
          refs.forEach((r) => expect(seen).toContain(r));
          if (m.type === 'reduce') {
            expect(m.reducer).toBe('last');
            expect(m.settings).toEqual({ mode: 'dropNN' });
          }
          if (m.type === 'threshold') {
            const c = m.conditions as Array<{ evaluator: { type: string; params: number[] } }>;
            expect(c).toHaveLength(1);
            expect(['gt', 'lt']).toContain(c[0].evaluator.type);
            expect(Number.isFinite(c[0].evaluator.params[0])).toBe(true);
          }
        } else {
          // Frontend data sources cannot back alerts: Prometheus, directly.
          expect(step.datasourceUid).toBe('prometheus');
          expect(m.datasource).toEqual({ type: 'prometheus', uid: 'prometheus' });
          expect(m.instant).toBe(true);
          expect(m.range).toBe(false);
          expect(String(m.expr)).toMatch(/\S/);
          expect(step.relativeTimeRange!.from).toBeGreaterThanOrEqual(600);
        }
        seen.add(step.refId);
      }
      expect(rule.data.find((d) => d.refId === rule.condition)!.model.type).toBe('threshold');
      expect(() => ruleAsPromql(rule)).not.toThrow();
    });

    it('reads the 2026 GenAI metric names wherever it reads the semconv ≤ 1.41 ones', () => {
      const expr = String(rule.data.find((q) => q.datasourceUid === 'prometheus')!.model.expr);
      for (const [old, renamed] of RENAMED_METRICS) {
        if (expr.includes(old)) {
          expect([old, expr.includes(renamed)]).toEqual([old, true]);
        }
      }
    });

    it('has states, labels, a summary, a runbook-style description and a link to an existing panel', () => {
      expect(['OK', 'NoData', 'Alerting', 'KeepLast']).toContain(rule.noDataState);
      expect(['Error', 'Alerting', 'OK', 'KeepLast']).toContain(rule.execErrState);
      expect(rule.labels).toMatchObject({ app: 'genai-observability' });
      expect(['info', 'warning', 'critical']).toContain(rule.labels!.severity);
      expect(rule.annotations!.summary).toMatch(/\{\{ .*\$values\.[A-Z]\.Value.*\}\}/);
      expect(rule.annotations!.description).toMatch(/\n1\. .*\n2\. /);
      // Grafana expands ${VAR} from its environment in annotations and $VAR in labels.
      expect(JSON.stringify(rule.annotations)).not.toMatch(/\$\{/);
      expect(JSON.stringify(rule.labels)).not.toMatch(/\$/);
      const d = dashboards.find((x) => x.uid === rule.dashboardUid);
      expect(d).toBeDefined();
      expect(allPanels(d!).map((p) => p.id)).toContain(rule.panelId);
    });
  });
});

describe('annotation templates', () => {
  it('parse as Go templates with the functions they use (promtool check rules)', async () => {
    const res = await checkAnnotationTemplates(rules);
    expect(res.output).toMatch(/SUCCESS: 11 rules found/);
    const broken = await checkAnnotationTemplates([
      { ...rules[0], annotations: { summary: '{{ humanizePercentage $values.B.Value }' } },
    ]);
    expect(broken.ok).toBe(false);
  });
});

describe('example contact point and notification policy', () => {
  const file = loadAlertingFile('genai-notifications.yaml');
  const points = file.contactPoints ?? [];
  type Route = {
    receiver?: string;
    object_matchers?: Array<[string, string, string]>;
    routes?: Route[];
    repeat_interval?: string;
  };
  const root = (file.policies ?? [])[0] as Route;

  it('points at a harmless receiver (a reserved example.com address)', () => {
    expect(file.apiVersion).toBe(1);
    expect(points).toHaveLength(1);
    const receivers = points[0].receivers;
    expect(new Set(receivers.map((r) => r.uid)).size).toBe(receivers.length);
    for (const r of receivers) {
      expect(r.type).toBe('email');
      expect(String(r.settings.addresses)).toMatch(/@example\.com$/);
    }
  });

  /** Alertmanager routing: the deepest first-matching route's receiver. */
  function route(r: Route, labels: Record<string, string>): Route {
    for (const child of r.routes ?? []) {
      const ok = (child.object_matchers ?? []).every(([k, op, v]) => {
        expect(['=', '!=', '=~', '!~']).toContain(op);
        const val = labels[k] ?? '';
        return op === '=' ? val === v : op === '!=' ? val !== v : new RegExp(`^(?:${v})$`).test(val) === (op === '=~');
      });
      if (ok) {
        const deeper = route(child, labels);
        return { ...child, ...deeper, receiver: deeper.receiver ?? child.receiver };
      }
    }
    return r;
  }

  it('routes every GenAI rule to the example contact point, critical ones repeating hourly', () => {
    const names = new Set([...points.map((p) => p.name), 'grafana-default-email']);
    const check = (r: Route) => {
      expect(names).toContain(r.receiver);
      (r.routes ?? []).forEach(check);
    };
    check(root);
    for (const rule of rules) {
      const hit = route(root, rule.labels ?? {});
      expect(hit.receiver).toBe('GenAI alerts (example)');
      expect(hit.repeat_interval).toBe(rule.labels!.severity === 'critical' ? '1h' : '4h');
    }
    // Other alerts of the organisation keep the default contact point.
    expect(route(root, { alertname: 'DiskFull' }).receiver).toBe('grafana-default-email');
  });
});

describe('every alert fires when it should and stays quiet when it should (promtool, real PromQL engine)', () => {
  it('covers each rule with a firing and a quiet scenario', () => {
    for (const uid of REQUIRED) {
      const firingIn = (s: Scenario) => s.checks.some((c) => (c.firing[uid] ?? []).length > 0);
      const involved = SCENARIOS.filter((x) => x.scenario.rules.includes(uid));
      expect(involved.some((x) => x.fires && firingIn(x.scenario))).toBe(true);
      expect(involved.some((x) => !firingIn(x.scenario))).toBe(true);
    }
  });

  it.each(
    SCENARIOS.map(
      (x) =>
        [`${x.scenario.rules.join(', ')} ${x.fires ? 'fires' : 'stays quiet'}: ${x.scenario.name}`, x.scenario] as [
          string,
          Scenario,
        ]
    )
  )('%s', async (_title, scenario) => {
    const res = await runScenario(scenario, rules);
    if (!res.ok) {
      throw new Error(res.output);
    }
  });

  it('fails when an expected value or the threshold is wrong (the checks can fail)', async () => {
    const base = SCENARIOS.find((x) => x.scenario.rules[0] === 'genai-error-rate' && x.fires)!.scenario;
    const last = base.checks[base.checks.length - 1];
    const wrongValue: Scenario = {
      ...base,
      checks: [
        {
          ...last,
          values: { 'genai-error-rate': last.values['genai-error-rate'].map((a) => ({ ...a, value: a.value + 0.01 })) },
        },
      ],
    };
    const res = await runScenario(wrongValue, rules);
    expect(res.ok).toBe(false);
    expect(res.output).toMatch(/genai_error_rate_value/);
    const raised = rules.map((r) =>
      r.uid === 'genai-error-rate'
        ? {
            ...r,
            data: r.data.map((d) =>
              d.model.type === 'threshold'
                ? { ...d, model: { ...d.model, conditions: [{ evaluator: { type: 'gt', params: [0.2] } }] } }
                : d
            ),
          }
        : r
    );
    const res2 = await runScenario(base, raised);
    expect(res2.ok).toBe(false);
    expect(res2.output).toMatch(/genai_error_rate/);
  });
});
