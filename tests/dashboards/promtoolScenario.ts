// Runs alert scenarios with `promtool test rules`: each Grafana rule becomes two Prometheus
// alerting rules — its condition (with the rule's `for`) and its chain value (always active,
// `for: 0`) — whose `{{ $value }}` annotations let promtool assert the evaluated numbers.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { REPO_ROOT } from './dashboardFiles';
import { ruleAsPromql, type AlertRule } from './grafanaAlertRules';
import type { ExpectedAlert, Scenario } from './alertScenarios';

const run = promisify(execFile);

// PROMTOOL=/path/to/promtool runs the scenarios with another Prometheus version's engine.
const PROMTOOL = process.env.PROMTOOL || 'promtool';

const VALUE_FORMAT = '{{ printf "%.4f" $value }}';

/** Alert names must be metric names in Prometheus. */
export const alertName = (uid: string) => uid.replace(/[^a-zA-Z0-9_]/g, '_');
export const valueAlertName = (uid: string) => `${alertName(uid)}_value`;

const fmt = (x: number) => x.toFixed(4);

function expected(alerts: ExpectedAlert[]) {
  return alerts.map((a) => ({ exp_labels: a.labels, exp_annotations: { value: fmt(a.value) } }));
}

export interface PromtoolResult {
  ok: boolean;
  output: string;
}

/** Writes the rules and the unit test for one scenario and runs promtool on them. */
export async function runScenario(scenario: Scenario, rules: AlertRule[]): Promise<PromtoolResult> {
  const dir = await mkdtemp(path.join(tmpdir(), 'genai-alerts-'));
  try {
    const promRules = scenario.rules.flatMap((uid) => {
      const rule = rules.find((r) => r.uid === uid);
      if (!rule) {
        throw new Error(`no alert rule ${uid}`);
      }
      const chain = ruleAsPromql(rule);
      return [
        { alert: alertName(uid), expr: chain.condition, for: rule.for, annotations: { value: VALUE_FORMAT } },
        { alert: valueAlertName(uid), expr: chain.value, annotations: { value: VALUE_FORMAT } },
      ];
    });
    const extraFiles = (scenario.ruleFiles ?? []).map((f) => path.join(REPO_ROOT, f));
    await writeFile(
      path.join(dir, 'rules.json'),
      JSON.stringify({ groups: [{ name: 'genai-alerts', rules: promRules }] })
    );
    const alertTests = scenario.checks.flatMap((c) => {
      const at = `${c.atMin}m`;
      return [
        ...Object.entries(c.firing).map(([uid, alerts]) => ({
          eval_time: at,
          alertname: alertName(uid),
          exp_alerts: expected(alerts),
        })),
        ...Object.entries(c.values).map(([uid, alerts]) => ({
          eval_time: at,
          alertname: valueAlertName(uid),
          exp_alerts: expected(alerts),
        })),
      ];
    });
    // Recording rules (e.g. the budget) evaluate first, so the alerts read this evaluation's samples.
    const extraGroups: string[] = [];
    for (const f of extraFiles) {
      const doc = parse(await readFile(f, 'utf8')) as { groups: Array<{ name: string }> };
      extraGroups.push(...doc.groups.map((g) => g.name));
    }
    const test = {
      rule_files: [...extraFiles, 'rules.json'],
      evaluation_interval: `${scenario.intervalMin}m`,
      group_eval_order: [...extraGroups, 'genai-alerts'],
      tests: [{ interval: `${scenario.intervalMin}m`, input_series: scenario.series, alert_rule_test: alertTests }],
    };
    await writeFile(path.join(dir, 'test.json'), JSON.stringify(test, null, 1));
    try {
      const { stdout, stderr } = await run(PROMTOOL, ['test', 'rules', 'test.json'], {
        cwd: dir,
        maxBuffer: 64 << 20,
      });
      return { ok: /SUCCESS/.test(stdout), output: stdout + stderr };
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string; message: string };
      return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` || err.message };
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Checks the rules' annotation templates with promtool (Prometheus parses alert templates with
 * the same Go template functions Grafana offers, e.g. humanizePercentage). Grafana's
 * `$values.<refId>.Value` becomes Prometheus' `$value` for the check.
 */
export async function checkAnnotationTemplates(rules: AlertRule[]): Promise<PromtoolResult> {
  const dir = await mkdtemp(path.join(tmpdir(), 'genai-alert-templates-'));
  try {
    const promRules = rules.map((r) => ({
      alert: alertName(r.uid),
      expr: 'vector(1)',
      annotations: Object.fromEntries(
        Object.entries(r.annotations ?? {}).map(([k, v]) => [k, v.replace(/\$values\.[A-Z]\w*\.Value/g, '$value')])
      ),
    }));
    await writeFile(
      path.join(dir, 'rules.json'),
      JSON.stringify({ groups: [{ name: 'templates', rules: promRules }] })
    );
    try {
      const { stdout, stderr } = await run(PROMTOOL, ['check', 'rules', 'rules.json'], { cwd: dir });
      return { ok: /SUCCESS/.test(stdout), output: stdout + stderr };
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string; message: string };
      return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` || err.message };
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
