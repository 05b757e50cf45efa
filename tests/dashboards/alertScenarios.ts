// For every alert rule, a scenario where it must fire (condition held longer than `for`) and one
// where it must stay quiet, as promtool input series. Expected values come from plain
// arithmetic on the series defined here, independent of Prometheus.
import { singleBucketQuantile } from '../helpers/syntheticMetrics';

export interface ExpectedAlert {
  labels: Record<string, string>;
  /** The chain's value (printf "%.4f"). */
  value: number;
}

export interface Check {
  /** Minutes since the first sample. */
  atMin: number;
  /** Rule uid → series the chain yields a value for (firing or not). */
  values: Record<string, ExpectedAlert[]>;
  /** Rule uid → series that are firing at that time (empty: none). */
  firing: Record<string, ExpectedAlert[]>;
}

export interface Scenario {
  name: string;
  /** Rule uids under test. */
  rules: string[];
  /** Sample spacing and rule evaluation interval, minutes. */
  intervalMin: number;
  /** Extra Prometheus rule files (paths from the repository root) the rules read. */
  ruleFiles?: string[];
  series: Array<{ series: string; values: string }>;
  checks: Check[];
}

const COUNT = 'gen_ai_client_operation_duration_seconds_count';
const COST = 'genai:cost_usd:total';

function labels(l: Record<string, string>): string {
  return `{${Object.entries(l)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ')}}`;
}

/** A counter growing by `perStep[i]` for `steps[i]` samples in turn (promtool notation). */
function counter(segments: Array<{ perStep: number; steps: number }>, missingSteps = 0): string {
  const parts: string[] = missingSteps ? [`_x${missingSteps}`] : [];
  let v = 0;
  segments.forEach((s, i) => {
    const start = i === 0 ? v : v + s.perStep;
    const n = i === 0 ? s.steps : s.steps - 1;
    parts.push(`${round(start)}+${s.perStep}x${n}`);
    v = start + s.perStep * n;
  });
  return parts.join(' ');
}

/** A piecewise-linear counter's value at a sample index (the same arithmetic as `counter`). */
function counterAt(segments: Array<{ perStep: number; steps: number }>, index: number): number {
  let v = 0;
  let left = index;
  for (const s of segments) {
    const take = Math.min(left, s.steps);
    v += s.perStep * take;
    left -= take;
  }
  return v;
}

function round(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}

const explicit = (values: number[]) => values.map((v) => String(round(v))).join(' ');

// ---------- cost per request vs the previous 24 h ----------
function costPerRequestUp(afterPerMin: number, fires: boolean): Scenario {
  const L = { job: 'agent', service_version: 'v2' };
  const cost = [
    { perStep: 0.6, steps: 1500 },
    { perStep: afterPerMin, steps: 100 },
  ];
  const c = (m: number) => counterAt(cost, m);
  // Requests: 60 per minute throughout, so the ratio of costs over equal request counts.
  const ratio = (t: number) => (c(t) - c(t - 60)) / 60 / ((c(t - 60) - c(t - 1500)) / 1440);
  const v = (t: number) => [{ labels: L, value: ratio(t) }];
  return {
    name: `cost per request ${fires ? '+50 %' : '+10 %'} after 25 h`,
    rules: ['genai-cost-per-request-up'],
    intervalMin: 1,
    series: [
      {
        series: `${COUNT}${labels({ ...L, gen_ai_request_model: 'gpt-4o' })}`,
        values: counter([{ perStep: 60, steps: 1600 }]),
      },
      { series: `${COST}${labels({ ...L, gen_ai_request_model: 'gpt-4o' })}`, values: counter(cost) },
    ],
    checks: [
      // +50 %: above 1.2 from minute 1525 (the last hour half new); pending, not yet firing at 1540.
      { atMin: 1540, values: {}, firing: { 'genai-cost-per-request-up': [] } },
      // At 1560 the last hour is all new and the 24 h before all old: the value is the plain ratio
      // (the same for Prometheus 2's closed and Prometheus 3's left-open windows).
      {
        atMin: 1560,
        values: { 'genai-cost-per-request-up': v(1560) },
        firing: { 'genai-cost-per-request-up': fires ? v(1560) : [] },
      },
    ],
  };
}

// ---------- a new version's cost per request vs the service before it ----------
function versionCostChange(newCostPerMin: number, withOldExpensiveVersion: boolean, fires: boolean): Scenario {
  const job = 'agent';
  const total = 2960;
  const start = 2880; // the new version v2 appears at minute 2880 (48 h)
  const old = [{ v: 'v1', costPerMin: 0.6 }, ...(withOldExpensiveVersion ? [{ v: 'v0', costPerMin: 1.2 }] : [])];
  const series = old.flatMap((o) => [
    { series: `${COUNT}${labels({ job, service_version: o.v })}`, values: counter([{ perStep: 60, steps: total }]) },
    {
      series: `${COST}${labels({ job, service_version: o.v })}`,
      values: counter([{ perStep: o.costPerMin, steps: total }]),
    },
  ]);
  series.push(
    {
      series: `${COUNT}${labels({ job, service_version: 'v2' })}`,
      values: counter([{ perStep: 60, steps: total - start }], start),
    },
    {
      series: `${COST}${labels({ job, service_version: 'v2' })}`,
      values: counter([{ perStep: newCostPerMin, steps: total - start }], start),
    }
  );
  const baseline = old.reduce((s, o) => s + o.costPerMin, 0) / (60 * old.length);
  const change = Math.abs(newCostPerMin / 60 / baseline - 1);
  const v = [{ labels: { job, service_version: 'v2' }, value: change }];
  return {
    name: `new version at ${((newCostPerMin / 60 / baseline) * 100).toFixed(0)} % of the service's cost per request${withOldExpensiveVersion ? ', old pricier version ignored' : ''}`,
    rules: ['genai-version-cost-change'],
    intervalMin: 1,
    series,
    checks: [
      { atMin: 2890, values: { 'genai-version-cost-change': v }, firing: { 'genai-version-cost-change': [] } },
      {
        atMin: 2950,
        values: { 'genai-version-cost-change': v },
        firing: { 'genai-version-cost-change': fires ? v : [] },
      },
    ],
  };
}

// ---------- spend against the monthly budget ----------
const BUDGET_USD = 1000; // stack/prometheus/rules/genai-budget.rules.yaml
const BUDGET_RULES = ['genai-budget-80', 'genai-budget-100', 'genai-budget-150'];

function budget(perHour: number): Scenario {
  const hours = 720;
  const used = (t: number) => (perHour * Math.min(t, hours)) / BUDGET_USD; // the window starts at the first sample
  const at = (h: number): Check => {
    const value = [{ labels: {}, value: used(h) }];
    const firing: Record<string, ExpectedAlert[]> = {};
    const values: Record<string, ExpectedAlert[]> = {};
    for (const uid of BUDGET_RULES) {
      const pct = Number(uid.split('-').pop()) / 100;
      values[uid] = value;
      firing[uid] = used(h) > pct && used(h - 1) > pct ? value : [];
    }
    return { atMin: h * 60, values, firing };
  };
  return {
    name: `spend ${perHour} USD/h: ${Math.round((perHour * hours * 100) / BUDGET_USD)} % of the budget after 30 days`,
    rules: BUDGET_RULES,
    intervalMin: 60,
    ruleFiles: ['stack/prometheus/rules/genai-budget.rules.yaml'],
    series: [
      {
        series: `${COST}${labels({ job: 'agent', gen_ai_request_model: 'gpt-4o' })}`,
        values: counter([{ perStep: perHour, steps: hours }]),
      },
    ],
    checks: [at(660), at(720)],
  };
}

// ---------- latency / TTFT p99 from histogram buckets ----------
/** Bucket series of 60 observations per minute: `before` for 30 minutes, then `after`. */
function tailBuckets(
  metric: string,
  L: Record<string, string>,
  buckets: number[],
  before: number,
  after: number
): Scenario['series'] {
  return [...buckets.map(String), '+Inf'].map((le) => {
    const bound = le === '+Inf' ? Infinity : Number(le);
    return {
      series: `${metric}${labels({ ...L, le })}`,
      values: counter([
        { perStep: before <= bound ? 60 : 0, steps: 30 },
        { perStep: after <= bound ? 60 : 0, steps: 60 },
      ]),
    };
  });
}

function histogramTail(
  rule: string,
  metric: string,
  buckets: number[],
  slowValue: number,
  fastValue: number,
  fires: boolean
): Scenario {
  const L = { job: 'agent', gen_ai_request_model: 'gpt-4o' };
  // `fastValue` for 30 minutes, then `slowValue` (or fast throughout).
  const after = fires ? slowValue : fastValue;
  const series = tailBuckets(metric, L, buckets, fastValue, after);
  const v = (value: number) => [{ labels: L, value: singleBucketQuantile(0.99, value, buckets) }];
  return {
    name: `${fires ? 'slow' : 'fast'} calls after 30 min`,
    rules: [rule],
    intervalMin: 1,
    series,
    checks: [
      { atMin: 20, values: { [rule]: v(fastValue) }, firing: { [rule]: [] } },
      // The tail crosses the threshold at minute 31; `for: 10m` makes it fire from minute 41.
      { atMin: 36, values: {}, firing: { [rule]: [] } },
      { atMin: 60, values: { [rule]: v(after) }, firing: { [rule]: fires ? v(after) : [] } },
    ],
  };
}

// ---------- TTFT from both histogram families ----------
const TTFT_CLIENT = 'gen_ai_client_operation_time_to_first_chunk_seconds_bucket';
const TTFT_SERVER = 'gen_ai_server_time_to_first_token_seconds_bucket';
const CLIENT_BUCKETS = [0.64, 1.28, 2.56, 5.12];
const SERVER_BUCKETS = [1, 2.5, 5];

/**
 * One app sends both TTFT histograms with identical labels (different bucket layouts); the rule
 * reads the client one. Its tail turns slow (`clientSlow`) while the server one turns fast, or the
 * other way round. A second app sends only the server histogram, slow after 30 minutes (fallback).
 */
function ttftBothFamilies(clientSlow: boolean): Scenario {
  const rule = 'genai-ttft-p99';
  const both = { job: 'agent', gen_ai_request_model: 'gpt-4o', gen_ai_provider_name: 'openai' };
  const serverOnly = { job: 'legacy', gen_ai_request_model: 'gpt-4o-mini' };
  const [clientAfter, serverAfter] = clientSlow ? [4, 2] : [2, 4];
  const p99 = (v: number, buckets: number[]) => singleBucketQuantile(0.99, v, buckets);
  const agent = (v: number) => ({
    labels: { job: 'agent', gen_ai_request_model: 'gpt-4o' },
    value: p99(v, CLIENT_BUCKETS),
  });
  const legacy = (v: number) => ({ labels: serverOnly, value: p99(v, SERVER_BUCKETS) });
  const late = [agent(clientAfter), legacy(4)];
  return {
    name: `an app sending both families with the client one ${clientSlow ? 'slow' : 'fast'}, one only the server family`,
    rules: [rule],
    intervalMin: 1,
    series: [
      ...tailBuckets(TTFT_CLIENT, both, CLIENT_BUCKETS, 0.5, clientAfter),
      ...tailBuckets(TTFT_SERVER, both, SERVER_BUCKETS, 0.5, serverAfter),
      ...tailBuckets(TTFT_SERVER, serverOnly, SERVER_BUCKETS, 0.5, 4),
    ],
    checks: [
      { atMin: 20, values: { [rule]: [agent(0.5), legacy(0.5)] }, firing: { [rule]: [] } },
      { atMin: 60, values: { [rule]: late }, firing: { [rule]: late.filter((a) => a.value > 3) } },
    ],
  };
}

// ---------- error rate by provider and model ----------
function errorRate(errorsPerMin: number, fires: boolean): Scenario {
  // As @opentelemetry/instrumentation-openai 0.22 (the demo) labels calls: gen_ai.system only.
  const bad = { gen_ai_system: 'openai', gen_ai_request_model: 'gpt-4o' };
  const good = { gen_ai_provider_name: 'openai', gen_ai_request_model: 'gpt-4o-mini' };
  const rule = 'genai-error-rate';
  const v = [
    { labels: bad, value: errorsPerMin / 60 },
    { labels: good, value: 0 },
  ];
  return {
    name: `${errorsPerMin} of 60 calls per minute fail from minute 20`,
    rules: [rule],
    intervalMin: 1,
    series: [
      {
        series: `${COUNT}${labels({ ...bad, job: 'agent' })}`,
        values: counter([
          { perStep: 60, steps: 20 },
          { perStep: 60 - errorsPerMin, steps: 70 },
        ]),
      },
      {
        series: `${COUNT}${labels({ ...bad, job: 'agent', error_type: 'timeout' })}`,
        values: counter([{ perStep: errorsPerMin, steps: 70 }], 20),
      },
      { series: `${COUNT}${labels({ ...good, job: 'agent' })}`, values: counter([{ perStep: 60, steps: 90 }]) },
    ],
    checks: [
      { atMin: 26, values: {}, firing: { [rule]: [] } },
      { atMin: 60, values: { [rule]: v }, firing: { [rule]: fires ? [v[0]] : [] } },
    ],
  };
}

// ---------- quality below its 7-day band ----------
function qualityDrop(dropTo: number | undefined): Scenario {
  const rule = 'genai-quality-drop';
  const L = { job: 'agent', gen_ai_evaluation_name: 'relevance' };
  // Hour H covers (H-1 h, H h]; hours ≥ DROP_HOUR score `dropTo`. Less than 7 days of history,
  // so the baseline holds the same hourly points whether windows are closed (Prometheus 2) or
  // left-open (Prometheus 3).
  const DROP_HOUR = 100;
  const hours = 104;
  const steps = hours * 4; // 15-minute samples, 4 scores each
  // Hourly means alternate 0.78 / 0.82: mean 0.8, standard deviation 0.02.
  const mean = (h: number) => (dropTo !== undefined && h >= DROP_HOUR ? dropTo : h % 2 === 0 ? 0.78 : 0.82);
  const count: number[] = [];
  const sum: number[] = [];
  for (let k = 0; k <= steps; k++) {
    count.push(4 * k);
    sum.push(k === 0 ? 0 : sum[k - 1] + 4 * mean(Math.ceil(k / 4)));
  }
  const at = (min: number) => min / 15;
  const q1h = (min: number) => (sum[at(min)] - sum[at(min - 60)]) / (count[at(min)] - count[at(min - 60)]);
  const value = (min: number) => {
    // Hourly points of the 7 days before the last hour (closed window, as Prometheus 2 evaluates it).
    const points: number[] = [];
    for (let h = Math.max(1, Math.ceil((min - 60 - 7 * 1440) / 60)); h <= Math.floor((min - 60) / 60); h++) {
      points.push(q1h(h * 60));
    }
    const avg = points.reduce((s, x) => s + x, 0) / points.length;
    const sd = Math.sqrt(points.reduce((s, x) => s + (x - avg) ** 2, 0) / points.length);
    return q1h(min) - (avg - 2 * sd);
  };
  const v = (min: number) => [{ labels: L, value: value(min) }];
  const fires = dropTo !== undefined;
  return {
    name: fires ? `score drops from about 0.8 to ${dropTo} after 99 h` : 'score alternates 0.78 / 0.82 within its band',
    rules: [rule],
    intervalMin: 15,
    series: [
      { series: `gen_ai_evaluation_score_count${labels(L)}`, values: explicit(count) },
      { series: `gen_ai_evaluation_score_sum${labels(L)}`, values: explicit(sum) },
    ],
    checks: [
      // Below the band from 99 h 15–30 min (the last hour partly low); `for: 30m` with 15-minute
      // evaluations: pending at 99 h 30, firing from 100 h.
      { atMin: 99 * 60 + 30, values: {}, firing: { [rule]: [] } },
      { atMin: 101 * 60, values: { [rule]: v(101 * 60) }, firing: { [rule]: fires ? v(101 * 60) : [] } },
      { atMin: 102 * 60, values: { [rule]: v(102 * 60) }, firing: { [rule]: fires ? v(102 * 60) : [] } },
    ],
  };
}

// ---------- input tokens per request vs the 7-day average ----------
function tokenAnomaly(after: number, fires: boolean): Scenario {
  const rule = 'genai-input-tokens-anomaly';
  const L = { job: 'agent', gen_ai_request_model: 'gpt-4o' };
  const steps = 56 * 4; // 56 h of 15-minute samples, 4 calls each
  const before = 1000; // input tokens per call until 48 h
  const tokens = [
    { perStep: 4 * before, steps: 48 * 4 },
    { perStep: 4 * after, steps: steps - 48 * 4 },
  ];
  const perCall = (min: number, w: number) =>
    (counterAt(tokens, min / 15) - counterAt(tokens, (min - w) / 15)) / ((4 * w) / 15);
  // The baseline holds only pre-change hours at the checked times (up to 48 h).
  const v = (min: number) => [{ labels: L, value: perCall(min, 30) / before }];
  const T = 'gen_ai_client_token_usage';
  return {
    name: `input tokens per call ${before} → ${after} at 48 h`,
    rules: [rule],
    intervalMin: 15,
    series: [
      { series: `${T}_count${labels({ ...L, gen_ai_token_type: 'input' })}`, values: counter([{ perStep: 4, steps }]) },
      { series: `${T}_sum${labels({ ...L, gen_ai_token_type: 'input' })}`, values: counter(tokens) },
      // Output tokens do not count.
      {
        series: `${T}_count${labels({ ...L, gen_ai_token_type: 'output' })}`,
        values: counter([{ perStep: 4, steps }]),
      },
      {
        series: `${T}_sum${labels({ ...L, gen_ai_token_type: 'output' })}`,
        values: counter([{ perStep: 4 * 5000, steps }]),
      },
    ],
    checks: [
      { atMin: 48 * 60, values: { [rule]: v(48 * 60) }, firing: { [rule]: [] } },
      // Above 1.5 from 48 h 15 min (pending), firing after 15 minutes.
      { atMin: 48 * 60 + 15, values: {}, firing: { [rule]: [] } },
      { atMin: 49 * 60, values: { [rule]: v(49 * 60) }, firing: { [rule]: fires ? v(49 * 60) : [] } },
    ],
  };
}

// ---------- calls answered by another model ----------
function fallback(fires: boolean): Scenario {
  const rule = 'genai-model-fallback';
  const req = { job: 'agent', gen_ai_request_model: 'gpt-4o-mini' };
  const series = [
    // Dated variants of the requested model are the same model.
    {
      series: `${COUNT}${labels({ ...req, gen_ai_response_model: 'gpt-4o-mini-2024-07-18' })}`,
      values: counter([
        { perStep: 60, steps: 20 },
        { perStep: fires ? 54 : 60, steps: 40 },
      ]),
    },
    {
      series: `${COUNT}${labels({ job: 'agent', gen_ai_request_model: 'claude-sonnet-4', gen_ai_response_model: 'claude-sonnet-4-20250514' })}`,
      values: counter([{ perStep: 30, steps: 60 }]),
    },
  ];
  if (fires) {
    series.push({
      series: `${COUNT}${labels({ ...req, gen_ai_response_model: 'gpt-4o-2024-08-06' })}`,
      values: counter([{ perStep: 6, steps: 40 }], 20),
    });
  }
  const v = fires ? [{ labels: { ...req, gen_ai_response_model: 'gpt-4o-2024-08-06' }, value: 6 / 60 }] : [];
  return {
    name: fires
      ? '10 % of gpt-4o-mini calls answered by gpt-4o from minute 20'
      : 'only dated variants of the requested models answer',
    rules: [rule],
    intervalMin: 1,
    series,
    checks: [
      { atMin: 26, values: {}, firing: { [rule]: [] } },
      { atMin: 60, values: { [rule]: v }, firing: { [rule]: v } },
    ],
  };
}

export const SCENARIOS: Array<{ fires: boolean; scenario: Scenario }> = [
  { fires: true, scenario: costPerRequestUp(0.9, true) },
  { fires: false, scenario: costPerRequestUp(0.66, false) },
  { fires: true, scenario: versionCostChange(0.9, false, true) },
  { fires: false, scenario: versionCostChange(0.96, true, false) },
  { fires: true, scenario: budget(1.2) },
  { fires: true, scenario: budget(2.2) },
  { fires: false, scenario: budget(1) },
  {
    fires: true,
    scenario: histogramTail(
      'genai-latency-p99',
      'gen_ai_client_operation_duration_seconds_bucket',
      [5.12, 10.24, 20.48],
      18,
      8,
      true
    ),
  },
  {
    fires: false,
    scenario: histogramTail(
      'genai-latency-p99',
      'gen_ai_client_operation_duration_seconds_bucket',
      [5.12, 10.24, 20.48],
      18,
      8,
      false
    ),
  },
  // TTFT from the newer client time-to-first-chunk histogram (the rule reads either family).
  {
    fires: true,
    scenario: histogramTail(
      'genai-ttft-p99',
      'gen_ai_client_operation_time_to_first_chunk_seconds_bucket',
      [1, 2.5, 5],
      4,
      2,
      true
    ),
  },
  {
    fires: false,
    scenario: histogramTail(
      'genai-ttft-p99',
      'gen_ai_server_time_to_first_token_seconds_bucket',
      [1, 2.5, 5],
      4,
      2,
      false
    ),
  },
  // Grafana's agent SDK (agento11y) records its own time to first token.
  {
    fires: true,
    scenario: histogramTail(
      'genai-ttft-p99',
      'gen_ai_client_time_to_first_token_seconds_bucket',
      [1, 2.5, 5],
      4,
      2,
      true
    ),
  },
  // An app sending both families: the client one decides; the server-only app falls back.
  { fires: true, scenario: ttftBothFamilies(true) },
  { fires: true, scenario: ttftBothFamilies(false) },
  { fires: true, scenario: errorRate(6, true) },
  { fires: false, scenario: errorRate(2, false) },
  { fires: true, scenario: qualityDrop(0.6) },
  { fires: false, scenario: qualityDrop(undefined) },
  { fires: true, scenario: tokenAnomaly(2200, true) },
  { fires: false, scenario: tokenAnomaly(1300, false) },
  { fires: true, scenario: fallback(true) },
  { fires: false, scenario: fallback(false) },
];

// ---------- the same traffic under the 2026 GenAI metric names ----------

/** A series' name and labels in the 2026 conventions, or undefined where the name did not change. */
function as2026(name: string, l: Record<string, string>): { name: string; labels: Record<string, string> } | undefined {
  const { gen_ai_system: provider, gen_ai_token_type: tokenType, ...rest } = l;
  const labels = provider === undefined ? rest : { ...rest, gen_ai_provider_name: provider };
  let m = /^gen_ai_client_operation_duration_seconds_(bucket|count|sum)$/.exec(name);
  if (m) {
    return { name: `gen_ai_client_inference_duration_seconds_${m[1]}`, labels };
  }
  if (name === 'gen_ai_client_operation_time_to_first_chunk_seconds_bucket') {
    return { name: 'gen_ai_client_inference_time_to_first_chunk_seconds_bucket', labels };
  }
  m = /^gen_ai_client_token_usage_(sum|count)$/.exec(name);
  if (m && (tokenType === 'input' || tokenType === 'output')) {
    return { name: `gen_ai_client_inference_operation_${tokenType}_tokens_${m[1]}`, labels };
  }
  return undefined;
}

function parseSeries(series: string): { name: string; labels: Record<string, string> } {
  const m = /^([^{]+)\{(.*)\}$/.exec(series)!;
  const labels: Record<string, string> = {};
  for (const x of m[2].matchAll(/(\w+)=("(?:[^"\\]|\\.)*")/g)) {
    labels[x[1]] = JSON.parse(x[2]);
  }
  return { name: m[1], labels };
}

/** Expected labels as the 2026 names label them (the provider in gen_ai_provider_name). */
function alertAs2026(a: ExpectedAlert): ExpectedAlert {
  const { gen_ai_system: provider, ...rest } = a.labels;
  return { ...a, labels: provider === undefined ? rest : { ...rest, gen_ai_provider_name: provider } };
}

const NEW_JOB = (job: string) => `${job}-2026`;

function uniqueAlerts(alerts: ExpectedAlert[]): ExpectedAlert[] {
  const seen = new Map<string, ExpectedAlert>();
  for (const a of alerts) {
    seen.set(JSON.stringify(Object.entries(a.labels).sort()), a);
  }
  return [...seen.values()];
}

function mapChecks(checks: Check[], f: (alerts: ExpectedAlert[]) => ExpectedAlert[]): Check[] {
  const each = (r: Record<string, ExpectedAlert[]>) =>
    Object.fromEntries(Object.entries(r).map(([uid, alerts]) => [uid, f(alerts)]));
  return checks.map((c) => ({ ...c, values: each(c.values), firing: each(c.firing) }));
}

/**
 * A scenario on a Prometheus with other metric names: `new` — every series under the 2026 names;
 * `mixed` — the original services keep the old names and a copy of each (job `<job>-2026`) sends
 * the 2026 names, so each service alerts on its own, with the old service's values.
 */
export function withGenerations(s: Scenario, mode: 'new' | 'mixed'): Scenario {
  const renamed = s.series.map((x) => {
    const { name, labels } = parseSeries(x.series);
    const n = as2026(name, labels);
    return { original: x, name: n?.name ?? name, labels: n?.labels ?? labels };
  });
  if (mode === 'new') {
    return {
      ...s,
      name: `2026 names: ${s.name}`,
      series: renamed.map((r) => ({ series: `${r.name}${labels(r.labels)}`, values: r.original.values })),
      checks: mapChecks(s.checks, (alerts) => uniqueAlerts(alerts.map(alertAs2026))),
    };
  }
  const copies = renamed.map((r) => ({
    series: `${r.name}${labels({ ...r.labels, ...(r.labels.job ? { job: NEW_JOB(r.labels.job) } : {}) })}`,
    values: r.original.values,
  }));
  const copy = (a: ExpectedAlert) =>
    alertAs2026(a.labels.job ? { ...a, labels: { ...a.labels, job: NEW_JOB(a.labels.job) } } : a);
  return {
    ...s,
    name: `old names in one service, 2026 names in another: ${s.name}`,
    series: [...s.series, ...copies],
    checks: mapChecks(s.checks, (alerts) => uniqueAlerts([...alerts, ...alerts.map(copy)])),
  };
}

// ---------- one app sending both generations for the same calls ----------

/**
 * The cost-per-request scenario where the app also sends its calls under the 2026 name from
 * minute 1500 on (the old series labelled gen_ai_system, as semconv ≤ 1.36 does). Counted twice,
 * the last hour's calls would double and cost per request halve (0.75 ×, quiet).
 */
function costPerRequestDualEmission(): Scenario {
  const base = costPerRequestUp(0.9, true);
  const L = { job: 'agent', service_version: 'v2', gen_ai_request_model: 'gpt-4o' };
  return {
    ...base,
    name: 'an app sending both generations for the same calls from minute 1500: cost per request +50 %',
    series: [
      {
        series: `${COUNT}${labels({ ...L, gen_ai_system: 'openai' })}`,
        values: counter([{ perStep: 60, steps: 1600 }]),
      },
      {
        series: `gen_ai_client_inference_duration_seconds_count${labels({ ...L, gen_ai_provider_name: 'openai' })}`,
        values: counter([{ perStep: 60, steps: 100 }], 1500),
      },
      base.series[1],
    ],
  };
}

/**
 * The failing-calls scenario where the app sends both generations for the same calls, the old
 * ones labelled gen_ai_system: one alert per provider and model (the 2026 labels), not two.
 */
function errorRateDualEmission(): Scenario {
  const base = errorRate(6, true);
  const both = withGenerations(base, 'new');
  return {
    ...both,
    name: `an app sending both generations for the same calls: ${base.name}`,
    series: [...base.series, ...both.series],
  };
}

/** Scenarios with series whose names changed in 2026 (budget and quality read unchanged series). */
const readsRenamed = (s: Scenario) =>
  s.series.some((x) => {
    const { name, labels: l } = parseSeries(x.series);
    return as2026(name, l) !== undefined;
  });

SCENARIOS.push(
  ...SCENARIOS.filter((x) => readsRenamed(x.scenario)).flatMap((x) =>
    (['new', 'mixed'] as const).map((mode) => ({ fires: x.fires, scenario: withGenerations(x.scenario, mode) }))
  ),
  { fires: true, scenario: costPerRequestDualEmission() },
  { fires: true, scenario: errorRateDualEmission() }
);
