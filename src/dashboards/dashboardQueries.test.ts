/**
 * Every query of the shipped dashboards and alert rules, run for real: PromQL (variables
 * interpolated as Grafana does) against a real Prometheus (Debian package) backfilled with
 * steady synthetic GenAI series and our cost recording rules, values checked against arithmetic
 * on the synthetic definitions; our data source's panels through GenAiDataSource with replayed
 * real Tempo responses.
 *
 * @jest-environment node
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { calcPrice } from '@pydantic/genai-prices';
import {
  dateTime,
  getFieldDisplayName,
  standardTransformers,
  standardTransformersRegistry,
  transformDataFrame,
  type DataFrame,
  type DataQueryRequest,
  type DataSourceInstanceSettings,
  type DataTransformerConfig,
  type DataTransformerInfo,
  type TransformerRegistryItem,
} from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { GenAiDataSource, type TransportFactory } from '../datasource/datasource';
import type { GenAiDataSourceOptions, GenAiQuery } from '../datasource/types';
import { fetchTransport } from '../data/http/transport';
import { PrometheusClient } from '../data/prometheus/prometheusClient';
import { realPrices } from '../testing/pipeline';
import { loadOtlpFixtures } from '../testing/otlpIngest';
import { startPrometheus, type RunningPrometheus } from '../testing/prometheusServer';
import { replayTransport, type RecordingFile } from '../testing/recordedTransport';
import {
  DURATION_BUCKETS,
  SERIES,
  singleBucketQuantile,
  STEP_SEC,
  syntheticOpenMetrics,
  syntheticSpanMetrics,
  TTFT_BUCKETS,
} from '../testing/syntheticMetrics';
import { allTargets, loadDashboards, REPO_ROOT, type Dashboard, type PanelTarget } from './dashboardFiles';
import { loadAlertRules } from './grafanaAlertRules';
import { ALL, interpolatePromql } from './promqlTemplate';

jest.setTimeout(120_000);

const END = Math.floor(Date.now() / 1000) - 30;
const DURATION = 1800;
const RANGE_SEC = 900;
const STEP = 60;
// Grafana's $__rate_interval for a 60 s step and a 15 s scrape interval: max(4 × 15, 60 + 15).
const MACROS = { rateInterval: '75s', range: `${RANGE_SEC}s`, interval: `${STEP}s` };
const RULES_DIR = path.join(REPO_ROOT, 'stack/prometheus/rules');

const dashboards = loadDashboards().map((f) => f.dashboard);
const dash = (uid: string) => dashboards.find((d) => d.uid === uid)!;

// Traffic the synthetic module lacks: agent tool spans (Tempo span-metrics), a gateway
// whose gpt-4o-mini calls are partly answered by gpt-4o (gen_ai.response.model), and an app on
// semconv ≤1.36 that labels the provider only gen_ai_system (instrumentation-openai 0.22).
const TOOL = { span_name: 'execute_tool search_docs', ok: 3, errors: 1 };
const GATEWAY = { same: 3, fallback: 1 };
const LEGACY = { job: 'legacy-app', model: 'mistral-small-latest', provider: 'mistral_ai', calls: 2 };
// An app whose resource has no service.version (no service_version label on its series).
const UNVERSIONED = { job: 'batch-app', model: 'gpt-4o-mini', calls: 1, inputTokens: 500, outputTokens: 50 };
// An app sending both time-to-first-token histograms with identical labels (different values and
// bucket layouts, as the client metric uses the operation-duration buckets).
const STREAMER = { job: 'stream-app', model: 'gpt-4.1-mini', clientTtftSec: 0.3, serverTtftSec: 2 };
const TTFT_CLIENT = 'gen_ai_client_operation_time_to_first_chunk_seconds';
const TTFT_SERVER = 'gen_ai_server_time_to_first_token_seconds';

function extraOpenMetrics(): string {
  const steps = Math.floor(DURATION / STEP_SEC);
  const lines: string[] = [];
  const emit = (name: string, labels: Record<string, string>, perStep: number) => {
    const l = Object.entries(labels)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(',');
    for (let k = 0; k <= steps; k++) {
      lines.push(`${name}{${l}} ${perStep * (k + 1)} ${END - (steps - k) * STEP_SEC}`);
    }
  };
  lines.push('# TYPE traces_spanmetrics_calls counter');
  const tool = {
    service: 'agent-app',
    span_name: TOOL.span_name,
    span_kind: 'SPAN_KIND_INTERNAL',
    gen_ai_operation_name: 'execute_tool',
    service_version: 'v2',
  };
  emit('traces_spanmetrics_calls_total', { ...tool, status_code: 'STATUS_CODE_UNSET' }, TOOL.ok);
  emit('traces_spanmetrics_calls_total', { ...tool, status_code: 'STATUS_CODE_ERROR' }, TOOL.errors);
  lines.push('# TYPE gen_ai_client_operation_duration_seconds histogram');
  const gw = {
    job: 'gateway',
    instance: 'gateway-v2',
    gen_ai_request_model: 'gpt-4o-mini',
    gen_ai_provider_name: 'openai',
    gen_ai_operation_name: 'chat',
    service_version: 'v2',
  };
  emit(
    'gen_ai_client_operation_duration_seconds_count',
    { ...gw, gen_ai_response_model: 'gpt-4o-mini-2024-07-18' },
    GATEWAY.same
  );
  emit(
    'gen_ai_client_operation_duration_seconds_count',
    { ...gw, gen_ai_response_model: 'gpt-4o-2024-08-06' },
    GATEWAY.fallback
  );
  emit(
    'gen_ai_client_operation_duration_seconds_count',
    {
      job: LEGACY.job,
      instance: `${LEGACY.job}-v1`,
      gen_ai_request_model: LEGACY.model,
      gen_ai_system: LEGACY.provider,
      gen_ai_operation_name: 'chat',
      service_version: 'v1',
    },
    LEGACY.calls
  );
  const unversioned = {
    job: UNVERSIONED.job,
    instance: UNVERSIONED.job,
    gen_ai_request_model: UNVERSIONED.model,
    gen_ai_provider_name: 'openai',
    gen_ai_operation_name: 'chat',
  };
  const streamer = {
    job: STREAMER.job,
    instance: `${STREAMER.job}-v1`,
    gen_ai_request_model: STREAMER.model,
    gen_ai_provider_name: 'openai',
    gen_ai_operation_name: 'chat',
    service_version: 'v1',
  };
  emit('gen_ai_client_operation_duration_seconds_count', unversioned, UNVERSIONED.calls);
  emit('gen_ai_client_operation_duration_seconds_count', streamer, 1);
  lines.push('# TYPE gen_ai_client_token_usage histogram');
  for (const [type, tokens] of [
    ['input', UNVERSIONED.inputTokens],
    ['output', UNVERSIONED.outputTokens],
  ] as const) {
    emit('gen_ai_client_token_usage_sum', { ...unversioned, gen_ai_token_type: type }, tokens * UNVERSIONED.calls);
    emit('gen_ai_client_token_usage_count', { ...unversioned, gen_ai_token_type: type }, UNVERSIONED.calls);
  }
  // One observation per step in one bucket of each layout.
  const histogram = (name: string, buckets: number[], value: number) => {
    lines.push(`# TYPE ${name} histogram`);
    for (const le of [...buckets.map(String), '+Inf']) {
      emit(`${name}_bucket`, { ...streamer, le }, value <= Number(le) ? 1 : 0);
    }
    emit(`${name}_sum`, streamer, value);
    emit(`${name}_count`, streamer, 1);
  };
  histogram(TTFT_CLIENT, DURATION_BUCKETS, STREAMER.clientTtftSec);
  histogram(TTFT_SERVER, TTFT_BUCKETS, STREAMER.serverTtftSec);
  return lines.join('\n') + '\n';
}

const withoutEof = (s: string) => s.replace(/# EOF\n?$/, '');

let prom: RunningPrometheus;
let client: PrometheusClient;

beforeAll(async () => {
  const text =
    withoutEof(syntheticOpenMetrics({ endSec: END, durationSec: DURATION, promoteVersion: true })) +
    withoutEof(syntheticSpanMetrics({ endSec: END, durationSec: DURATION })) +
    extraOpenMetrics() +
    '# EOF\n';
  const ruleFiles = ['genai-cost.rules.yaml', 'genai-budget.rules.yaml'].map((f) => path.join(RULES_DIR, f));
  prom = await startPrometheus(text, {
    ruleFiles,
    backfillRules: { start: END - DURATION, end: END, evalIntervalSec: STEP_SEC },
  });
  client = new PrometheusClient(fetchTransport(prom.url, { backend: 'Prometheus' }));
}, 120_000);
afterAll(() => prom?.stop());

// ---------- variables ----------

// Our data source's variables list names from Tempo; for the same traffic they are these.
const GENAI_VARIABLE_VALUES: Record<string, string[]> = {
  service: ['agent-app', 'retriever', 'gateway'],
  model: [...new Set(SERIES.map((s) => s.model))],
  version: ['v1', 'v2', 'v3'],
};

/**
 * Options of every query variable, run for real as Grafana does, in order: `label_values(...)`
 * through Prometheus' label values API over the time range; `query_result(...)` as an instant
 * query at the range's end, each series' text (`{a="x"} 1 <ms>`) through the variable's regex,
 * deduplicated and sorted (`sort: 1`). `selected` holds earlier variables' choices (default All).
 */
async function variableOptions(
  d: Dashboard,
  selected: Record<string, string[]> = {}
): Promise<Record<string, string[]>> {
  const options: Record<string, string[]> = {};
  for (const v of d.templating.list.filter((x) => x.type === 'query')) {
    if (v.datasource?.type !== 'prometheus') {
      options[v.name] = GENAI_VARIABLE_VALUES[v.name];
      continue;
    }
    const labelValues = /^label_values\((.*), (\w+)\)$/.exec(v.definition!);
    if (labelValues) {
      const selector = interpolatePromql(labelValues[1], d.templating.list, selected, options, MACROS);
      options[v.name] = await client.http
        .getJson<{ data: string[] }>({
          path: `/api/v1/label/${labelValues[2]}/values`,
          params: { 'match[]': [selector], start: END - RANGE_SEC, end: END },
        })
        .then((r) => r.data);
      continue;
    }
    const queryResult = /^query_result\((.*)\)$/.exec(v.definition!)!;
    const expr = interpolatePromql(queryResult[1], d.templating.list, selected, options, MACROS);
    const regex = new RegExp(/^\/(.*)\/$/.exec(String(v.regex))![1]);
    const r = await client.query(expr, END);
    const texts = r.result.map((s) => {
      const labels = Object.entries(s.metric).map(([k, x]) => `${k}=${JSON.stringify(x)}`);
      return `{${labels.join(', ')}} ${s.value[1]} ${END * 1000}`;
    });
    const values = texts.map((t) => regex.exec(t)?.[1]).filter((x): x is string => x !== undefined);
    options[v.name] = [...new Set(values)].sort();
  }
  return options;
}

interface Sample {
  metric: Record<string, string>;
  value: number;
}

/** Runs a target as Grafana would (instant or range) and returns each series' last value. */
async function runTarget(t: PanelTarget, selected: Record<string, string[] | typeof ALL>): Promise<Sample[]> {
  const options = await variableOptions(t.dashboard);
  const expr = interpolatePromql(String(t.target.expr), t.dashboard.templating.list, selected, options, MACROS);
  if (t.target.instant) {
    const r = await client.query(expr, END);
    return r.result.map((s) => ({ metric: s.metric, value: Number(s.value[1]) }));
  }
  const m = await client.queryRange(expr, { start: END - RANGE_SEC, end: END, step: STEP });
  return m.result.map((s) => ({ metric: s.metric, value: Number(s.values![s.values!.length - 1][1]) }));
}

const promTargets = dashboards.flatMap((d) => allTargets(d).filter((t) => t.pluginType === 'prometheus'));

describe('dashboard variables', () => {
  it.each(dashboards.map((d) => [d.uid, d] as [string, Dashboard]))(
    '%s: every Prometheus variable lists values',
    async (_u, d) => {
      const options = await variableOptions(d);
      for (const v of d.templating.list.filter((x) => x.type === 'query' && x.datasource?.type === 'prometheus')) {
        expect([v.name, options[v.name].length > 0]).toEqual([v.name, true]);
      }
      if (d.uid === 'genai-overview') {
        expect(options.version).toEqual(['v1', 'v2', 'v3']);
      }
      if (options.provider) {
        // LEGACY's provider is only in gen_ai_system.
        expect(options.provider).toEqual(['anthropic', LEGACY.provider, 'openai']);
      }
    }
  );

  it.each(['genai-overview', 'genai-cost'])(
    '%s: a provider chosen lists the models of series with either provider label',
    async (uid) => {
      expect((await variableOptions(dash(uid), { provider: [LEGACY.provider] })).model).toEqual([LEGACY.model]);
      const anthropic = SERIES.filter((s) => s.provider === 'anthropic').map((s) => s.model);
      expect((await variableOptions(dash(uid), { provider: ['anthropic', LEGACY.provider] })).model).toEqual(
        [...anthropic, LEGACY.model].sort()
      );
    }
  );
});

describe('every dashboard PromQL query returns data from the synthetic series', () => {
  it.each(
    promTargets.map(
      (t) => [`${t.dashboard.uid} #${t.panel.id} ${t.panel.title} (${t.target.refId})`, t] as [string, PanelTarget]
    )
  )('%s', async (_title, t) => {
    const samples = await runTarget(t, {});
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.some((s) => Number.isFinite(s.value))).toBe(true);
  });
});

// ---------- values ----------

const price = (model: string) => {
  const p = calcPrice({ input_tokens: 1e6, output_tokens: 1e6 }, model, {
    providerId: model.startsWith('claude') ? 'anthropic' : 'openai',
  })!.model_price as Record<string, number>;
  return { input: p.input_mtok / 1e6, output: p.output_mtok / 1e6 };
};
const callCost = (model: string) => {
  const s = SERIES.find((x) => x.model === model)!;
  const p = price(model);
  return s.inputTokens * p.input + s.outputTokens * p.output;
};

function target(uid: string, panelId: number, refId = 'A'): PanelTarget {
  const t = allTargets(dash(uid)).find((x) => x.panel.id === panelId && x.target.refId === refId);
  if (!t) {
    throw new Error(`${uid} has no panel ${panelId} target ${refId}`);
  }
  return t;
}

/** The last value per value of `label`. */
async function byLabel(t: PanelTarget, label: string, selected: Record<string, string[]> = {}) {
  const out: Record<string, number> = {};
  for (const s of await runTarget(t, selected)) {
    out[s.metric[label] ?? ''] = s.value;
  }
  return out;
}

const APP = { service: ['agent-app'] };
const perSec = (callsPerStep: number) => callsPerStep / STEP_SEC;

describe('dashboard values equal the arithmetic of the synthetic traffic', () => {
  it('overview: request rate and error rate by model', async () => {
    const rate = await byLabel(target('genai-overview', 7), 'gen_ai_request_model', APP);
    expect(rate['gpt-4o']).toBeCloseTo(perSec(2), 10); // v1 and v2
    expect(rate['gpt-4o-mini']).toBeCloseTo(perSec(1), 10);
    expect(rate['claude-sonnet-4-20250514']).toBeCloseTo(perSec(1), 10);
    expect(Object.keys(rate)).not.toContain('text-embedding-3-small'); // the retriever service
    const errors = await byLabel(target('genai-overview', 8), 'gen_ai_request_model', APP);
    expect(errors).toEqual({
      'gpt-4o': 0.5,
      'gpt-4o-mini': 0,
      'claude-sonnet-4-20250514': 0,
      'acme-unknown-model-1': 0,
    });
  });

  it('a provider filter matches gen_ai_provider_name or gen_ai_system, each series once', async () => {
    const byModel = (uid: string, panelId: number, provider?: string[]) =>
      byLabel(target(uid, panelId), 'gen_ai_request_model', provider ? { provider } : {});
    // Overview "Request rate by model"; the cost dashboard's cost-per-request denominator has the same filter.
    const legacy = await byModel('genai-overview', 7, [LEGACY.provider]);
    expect(legacy).toEqual({ [LEGACY.model]: expect.any(Number) });
    expect(legacy[LEGACY.model]).toBeCloseTo(perSec(LEGACY.calls), 10);
    const both = await byModel('genai-overview', 7, ['anthropic', LEGACY.provider]);
    const anthropic = SERIES.filter((s) => s.provider === 'anthropic').map((s) => s.model);
    expect(Object.keys(both).sort()).toEqual([...anthropic, LEGACY.model].sort());
    expect(both[LEGACY.model]).toBeCloseTo(perSec(LEGACY.calls), 10);
    const openai = await byModel('genai-overview', 7, ['openai']);
    expect(Object.keys(openai)).not.toContain(LEGACY.model);
    // All (`.*` on both labels): every series once, not twice.
    const all = await byModel('genai-overview', 7);
    expect(all[LEGACY.model]).toBeCloseTo(perSec(LEGACY.calls), 10);
    expect(all['gpt-4o']).toBeCloseTo(perSec(2), 10);
    const [requests] = await runTarget(target('genai-overview', 1), { provider: [LEGACY.provider] });
    expect(requests.value).toBeCloseTo(LEGACY.calls * (RANGE_SEC / STEP_SEC), 6);
  });

  it('overview: latency and time-to-first-token percentiles of one model', async () => {
    const claude = { model: ['claude-sonnet-4-20250514'] };
    for (const [refId, q] of [
      ['A', 0.5],
      ['B', 0.9],
      ['C', 0.99],
    ] as const) {
      const [lat] = await runTarget(target('genai-overview', 9, refId), claude);
      expect(lat.value).toBeCloseTo(singleBucketQuantile(q, 3, DURATION_BUCKETS), 10);
      const [ttft] = await runTarget(target('genai-overview', 10, refId), claude);
      expect(ttft.value).toBeCloseTo(singleBucketQuantile(q, 0.7, TTFT_BUCKETS), 10);
    }
  });

  it('time to first token: the client histogram where an app sends both, else the server one', async () => {
    // The case is real: one selector over both families fails on the streaming app's series.
    await expect(
      client.query(`rate({__name__=~"${TTFT_CLIENT}_bucket|${TTFT_SERVER}_bucket", job="${STREAMER.job}"}[5m])`, END)
    ).rejects.toThrow(/same labelset/);
    const chat = SERIES.filter((s) => s.operation === 'chat');
    for (const [refId, q] of [
      ['A', 0.5],
      ['B', 0.9],
      ['C', 0.99],
    ] as const) {
      const ttft = (selected: Record<string, string[]>) => runTarget(target('genai-overview', 10, refId), selected);
      const [both, ...rest] = await ttft({ service: [STREAMER.job] });
      expect(rest).toEqual([]);
      expect(both.value).toBeCloseTo(singleBucketQuantile(q, STREAMER.clientTtftSec, DURATION_BUCKETS), 10);
      // agent-app sends only the server histogram.
      const [server] = await ttft({ service: ['agent-app'], model: ['gpt-4o-mini'] });
      expect(server.value).toBeCloseTo(singleBucketQuantile(q, 0.12, TTFT_BUCKETS), 10);
      // All: quantiles per service and model, each from its own family; the highest is shown.
      const [all] = await ttft({});
      const perJobModel = [
        ...chat.map((s) => singleBucketQuantile(q, s.ttftSec, TTFT_BUCKETS)),
        singleBucketQuantile(q, STREAMER.clientTtftSec, DURATION_BUCKETS),
      ];
      expect(all.value).toBeCloseTo(Math.max(...perJobModel), 10);
      expect(all.value).toBeLessThan(singleBucketQuantile(q, STREAMER.serverTtftSec, TTFT_BUCKETS));
    }
  });

  it('"All" matches series without the label: cost spend equals overview spend, unversioned app included', async () => {
    const [overview] = await runTarget(target('genai-overview', 5), {});
    const [cost] = await runTarget(target('genai-cost', 1), {});
    expect(cost.value / overview.value).toBeCloseTo(1, 12);
    const p = price(UNVERSIONED.model);
    const steps = RANGE_SEC / STEP_SEC;
    const unversionedSpend =
      steps * UNVERSIONED.calls * (UNVERSIONED.inputTokens * p.input + UNVERSIONED.outputTokens * p.output);
    const [batch] = await runTarget(target('genai-cost', 1), { service: [UNVERSIONED.job] });
    expect(batch.value / unversionedSpend).toBeCloseTo(1, 9);
    // Every listed version chosen leaves the unversioned app out: "All" is that plus the app.
    const versions = (await variableOptions(dash('genai-cost'))).version;
    expect(versions).toEqual(['v1', 'v2', 'v3']);
    const [versioned] = await runTarget(target('genai-cost', 1), { version: versions });
    expect((cost.value - versioned.value) / unversionedSpend).toBeCloseTo(1, 9);
    // The versions dashboard shows the unversioned calls under an empty version.
    const calls = await byLabel(target('genai-versions', 7, 'A'), 'service_version');
    expect(calls['']).toBeCloseTo(UNVERSIONED.calls * steps, 6);
    expect(Object.keys(calls).sort()).toEqual(['', 'v1', 'v2', 'v3']);
  });

  it('overview: tokens per request, cost per request by model and the quality score', async () => {
    const tokens = await byLabel(target('genai-overview', 12), 'gen_ai_token_type', { model: ['gpt-4o'] });
    expect(tokens).toEqual({ input: 1200, output: 300 });
    const cpr = await byLabel(target('genai-overview', 14), 'gen_ai_request_model', APP);
    for (const m of ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4-20250514']) {
      expect(cpr[m] / callCost(m)).toBeCloseTo(1, 9);
    }
    expect(Object.keys(cpr)).not.toContain('acme-unknown-model-1'); // no price: no cost, not 0
    const q = await byLabel(target('genai-overview', 15), 'gen_ai_evaluation_name', APP);
    expect(q.relevance).toBeCloseTo((0.8 + 0.6 + 0.9) / 3, 10);
  });

  it('cost: spend per hour by version and the share of calls answered by another model', async () => {
    const spend = await byLabel(target('genai-cost', 7), 'service_version', APP);
    const perHour = (calls: string[]) => (calls.reduce((s, m) => s + callCost(m), 0) / STEP_SEC) * 3600;
    expect(spend.v1 / perHour(['gpt-4o'])).toBeCloseTo(1, 9);
    expect(spend.v2 / perHour(['gpt-4o', 'gpt-4o-mini'])).toBeCloseTo(1, 9);
    expect(spend.v3 / perHour(['claude-sonnet-4-20250514'])).toBeCloseTo(1, 9);
    const [fallback, ...rest] = await runTarget(target('genai-cost', 12), { service: ['gateway'] });
    expect(rest).toEqual([]); // the dated gpt-4o-mini-2024-07-18 answers are the same model
    expect(fallback.metric).toEqual({
      gen_ai_request_model: 'gpt-4o-mini',
      gen_ai_response_model: 'gpt-4o-2024-08-06',
    });
    expect(fallback.value).toBeCloseTo(GATEWAY.fallback / (GATEWAY.same + GATEWAY.fallback), 10);
  });

  it('cost: budget burn reads the monthly budget variable', async () => {
    const [spend] = await runTarget(target('genai-cost', 11, 'A'), {});
    const [budget] = await runTarget(target('genai-cost', 11, 'B'), {});
    const [used] = await runTarget(target('genai-cost', 4), {});
    expect(budget.value).toBe(1000);
    expect(used.value).toBeCloseTo(spend.value / 1000, 12);
    expect(spend.value).toBeGreaterThan(0);
  });

  it('traces: tool error rate and the slowest steps from span-metrics', async () => {
    const tools = await byLabel(target('genai-traces', 3), 'span_name');
    expect(tools).toEqual({ [TOOL.span_name]: TOOL.errors / (TOOL.ok + TOOL.errors) });
    const slowest = await runTarget(target('genai-traces', 5), {});
    const top = slowest.reduce((a, b) => (b.value > a.value ? b : a));
    expect(top.metric.span_name).toBe('chat claude-sonnet-4-20250514');
    expect(top.value).toBeCloseTo(singleBucketQuantile(0.9, 3, DURATION_BUCKETS), 10);
    expect(slowest.length).toBeLessThanOrEqual(10);
  });

  it('versions: quality by version and the metrics comparison table', async () => {
    const q = await byLabel(target('genai-versions', 1), 'service_version', APP);
    expect(Object.keys(q).sort()).toEqual(['v1', 'v2', 'v3']);
    expect(q.v1).toBeCloseTo(0.8, 12);
    expect(q.v2).toBeCloseTo(0.6, 12);
    expect(q.v3).toBeCloseTo(0.9, 12);
    const cpr = await byLabel(target('genai-versions', 7, 'B'), 'service_version', APP);
    expect(cpr.v1 / callCost('gpt-4o')).toBeCloseTo(1, 9);
    expect(cpr.v2 / ((callCost('gpt-4o') + callCost('gpt-4o-mini')) / 2)).toBeCloseTo(1, 9);
    // v3's second model has no price: its calls count, its cost is unknown (left out).
    expect(cpr.v3 / (callCost('claude-sonnet-4-20250514') / 2)).toBeCloseTo(1, 9);
    const errors = await byLabel(target('genai-versions', 7, 'D'), 'service_version', APP);
    expect(errors).toEqual({ v1: 0, v2: 0.5, v3: 0 });
  });
});

describe('every alert rule query runs on the real Prometheus', () => {
  const rules = loadAlertRules();
  // Rules whose windows fit in the 30 minutes of synthetic data return series here.
  const WITH_DATA = new Set([
    'genai-latency-p99',
    'genai-ttft-p99',
    'genai-error-rate',
    'genai-model-fallback',
    'genai-budget-80',
  ]);
  it.each(rules.map((r) => [r.uid, r] as const))('%s', async (uid, rule) => {
    const expr = String(rule.data.find((d) => d.datasourceUid === 'prometheus')!.model.expr);
    const r = await client.query(expr, END);
    expect(Array.isArray(r.result)).toBe(true);
    if (WITH_DATA.has(uid)) {
      expect(r.result.length).toBeGreaterThan(0);
    }
    if (uid === 'genai-error-rate') {
      const gpt4o = r.result.find((s) => s.metric.gen_ai_request_model === 'gpt-4o')!;
      expect(Number(gpt4o.value[1])).toBe(0.5);
    }
    if (uid === 'genai-ttft-p99') {
      // Per service and model: the client histogram where an app sends both, else the server one.
      const p99 = Object.fromEntries(
        r.result.map((s) => [`${s.metric.job} ${s.metric.gen_ai_request_model}`, Number(s.value[1])])
      );
      const chat = SERIES.filter((s) => s.operation === 'chat');
      expect(Object.keys(p99).sort()).toEqual(
        [...new Set([...chat.map((s) => `${s.job} ${s.model}`), `${STREAMER.job} ${STREAMER.model}`])].sort()
      );
      expect(p99[`${STREAMER.job} ${STREAMER.model}`]).toBeCloseTo(
        singleBucketQuantile(0.99, STREAMER.clientTtftSec, DURATION_BUCKETS),
        10
      );
      for (const s of chat) {
        expect(p99[`${s.job} ${s.model}`]).toBeCloseTo(singleBucketQuantile(0.99, s.ttftSec, TTFT_BUCKETS), 10);
      }
    }
  });
});

// ---------- our data source's panels ----------

const recordings: RecordingFile = JSON.parse(
  readFileSync(path.join(REPO_ROOT, 'fixtures/tempo/recordings.json'), 'utf8')
);

/** Grafana's template service with fixed values per variable. */
function templateSrv(vars: Record<string, string>): TemplateSrv {
  return {
    replace(text?: string, _scoped?: unknown, format?: unknown) {
      return (text ?? '').replace(/\$(\w+)|\$\{(\w+)\}/g, (m, a, b) => {
        const v = vars[a ?? b];
        return v === undefined ? m : typeof format === 'function' ? format(v) : v;
      });
    },
  } as unknown as TemplateSrv;
}

// As provisioned (provisioning/datasources/genai.yaml): uid genai on Tempo `tempo` and Prometheus `prometheus`.
const SETTINGS = {
  id: 1,
  uid: 'genai',
  name: 'GenAI',
  type: 'genaiobs-genai-datasource',
  access: 'proxy',
  readOnly: false,
  jsonData: { tempoDatasourceUid: 'tempo', prometheusDatasourceUid: 'prometheus' },
  meta: {},
} as unknown as DataSourceInstanceSettings<GenAiDataSourceOptions>;

function genaiDatasource(vars: Record<string, string>) {
  const factory: TransportFactory = (_uid, backend) =>
    backend === 'Tempo' ? replayTransport(recordings) : fetchTransport(prom.url, { backend });
  return new GenAiDataSource(SETTINGS, factory, templateSrv(vars), () => Promise.resolve(realPrices));
}

async function runGenai(t: PanelTarget, vars: Record<string, string>): Promise<DataFrame[]> {
  const to = dateTime();
  const request = {
    requestId: 'D1',
    targets: [t.target as unknown as GenAiQuery],
    range: { from: dateTime(to.valueOf() - 7 * 86400_000), to, raw: { from: 'now-7d', to: 'now' } },
    scopedVars: {},
    intervalMs: 60_000,
  } as unknown as DataQueryRequest<GenAiQuery>;
  const res = await firstValueFrom(genaiDatasource(vars).query(request));
  expect(res.errors).toBeUndefined();
  return res.data as DataFrame[];
}

// The panels' transformations that live in @grafana/data, registered as Grafana's app does
// (partitionByValues is Grafana's own and not applied here). Some transformers are exported
// under two names (seriesToColumns = joinByField).
const TRANSFORMERS: DataTransformerInfo[] = [
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the only way to reach them outside Grafana
  ...new Map(Object.values(standardTransformers).map((t) => [t.id, t])).values(),
];
standardTransformersRegistry.setInit((): TransformerRegistryItem[] =>
  TRANSFORMERS.map((t) => ({
    id: t.id,
    name: t.name,
    transformation: () => Promise.resolve(t),
    // UI parts of a registry item; nothing renders here.
    editor: () => null,
    imageDark: '',
    imageLight: '',
  }))
);

async function transform(frames: DataFrame[], configs: DataTransformerConfig[]): Promise<DataFrame[]> {
  // transformDataFrame asks window whether it runs inside a Scenes dashboard; there is none here.
  const g = globalThis as { window?: unknown };
  g.window ??= {};
  return lastValueFrom(transformDataFrame(configs, frames).pipe(toArray())).then((all) => all[all.length - 1]);
}

const genaiTargets = dashboards.flatMap((d) =>
  allTargets(d).filter((t) => t.pluginType === 'genaiobs-genai-datasource')
);
/** "All" selected everywhere: Grafana hands the variable's allValue (`.*`) to our data source unformatted. */
function allSelected(d: Dashboard): Record<string, string> {
  return Object.fromEntries(
    d.templating.list.filter((v) => v.type === 'query').map((v) => [v.name, v.allValue ?? '$__all'])
  );
}

describe('our data source’s panels return frames from replayed real Tempo responses', () => {
  const fixtureTrace = loadOtlpFixtures().find((f) => f.dialect === 'evaluations')!.traceIds[0];

  it.each(
    genaiTargets.map(
      (t) =>
        [`${t.dashboard.uid} #${t.panel.id} ${t.panel.title} (${String(t.target.queryType)})`, t] as [
          string,
          PanelTarget,
        ]
    )
  )('%s', async (_title, t) => {
    const frames = await runGenai(t, { ...allSelected(t.dashboard), traceId: fixtureTrace });
    expect(frames.length).toBeGreaterThan(0);
    expect(frames[0].length).toBeGreaterThan(0);
    const names = frames[0].fields.map((f) => f.name);
    // Grafana matches transformations and overrides on display names.
    const shown = (fs: DataFrame[]) => fs.flatMap((f) => f.fields.map((x) => getFieldDisplayName(x, f, fs)));
    for (const o of t.panel.fieldConfig?.overrides ?? []) {
      if (o.matcher.id === 'byName') {
        expect(shown(frames)).toContain(o.matcher.options);
      }
    }
    const own = (t.panel.transformations ?? []).filter((x) => x.id !== 'partitionByValues') as DataTransformerConfig[];
    for (const tr of own) {
      const referenced = [
        ...Object.keys((tr.options.excludeByName as object) ?? {}),
        ...((tr.options.sort as Array<{ field: string }>) ?? []).map((x) => x.field),
      ];
      referenced.forEach((f) => expect(shown(frames)).toContain(f));
    }
    const out = await transform(frames, own);
    const outNames = out[0].fields.map((f) => f.name);
    switch (t.target.queryType) {
      case 'traceSearch': {
        // The most expensive traces come first; the trace id (the span-tree link) stays.
        expect(names).toEqual(expect.arrayContaining(['traceId', 'costUsd']));
        expect(outNames).toContain('traceId');
        expect(outNames).not.toContain('spansComplete');
        const cost = out[0].fields.find((f) => f.name === 'costUsd')!.values.filter((v) => v != null) as number[];
        if (t.dashboard.uid === 'genai-cost') {
          expect(cost.length).toBeGreaterThan(1);
          expect(cost).toEqual([...cost].sort((a, b) => b - a));
          expect(out[0].length).toBeLessThanOrEqual(20);
          expect(outNames).not.toContain('costComplete');
        }
        break;
      }
      case 'tracePoints':
        // The XY chart gets cost (x) and the evaluation scores (y), split by version.
        expect(shown(out)).toEqual(outNames); // the filter's pattern sees these names
        expect(outNames[0]).toBe('version');
        expect(outNames).toContain('costUsd');
        expect(outNames.some((n) => n.startsWith('score:'))).toBe(true);
        expect(outNames.every((n) => n === 'version' || n === 'costUsd' || n.startsWith('score:'))).toBe(true);
        break;
      case 'versionAggregates':
        expect(names).toEqual(expect.arrayContaining(['version', 'costPerRequestUsd', 'latencyP90Ms', 'errorRate']));
        break;
      case 'traceById':
        expect(frames[0].fields.find((f) => f.name === 'traceId')?.values[0] ?? fixtureTrace).toBe(fixtureTrace);
        expect(frames[0].meta?.custom?.frameType).toBe('genai-span-tree');
        break;
      default:
        throw new Error(`no check for ${String(t.target.queryType)}`);
    }
  });

  it('turn the dashboards’ multi-value variables into escaped TraceQL filters', () => {
    const search = genaiTargets.find(
      (t) => t.dashboard.uid === 'genai-traces' && t.target.queryType === 'traceSearch'
    )!;
    const lists = { service: ['agent-app', 'say "hi"'], model: ['gpt-4o'], version: ['v1', 'v2'] };
    const multi = {
      replace(text?: string, _s?: unknown, format?: unknown) {
        return (text ?? '').replace(/\$(\w+)/g, (m, a: keyof typeof lists) =>
          lists[a] ? (typeof format === 'function' ? format(lists[a]) : lists[a].join(',')) : m
        );
      },
    } as unknown as TemplateSrv;
    const q = new GenAiDataSource(
      SETTINGS,
      () => fetchTransport('http://127.0.0.1:9', { backend: 'Tempo' }),
      multi,
      () => Promise.resolve(realPrices)
    ).describeTraceQL(search.target as unknown as GenAiQuery);
    expect(q).toContain('resource.service.name = "agent-app"');
    expect(q).toContain('resource.service.name = "say \\"hi\\""');
    expect(q).toContain('span.gen_ai.request.model = "gpt-4o"');
    expect(q).toMatch(/"v1".*"v2"/);
  });
});
