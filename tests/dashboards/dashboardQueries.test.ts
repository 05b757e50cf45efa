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
import { GenAiDataSource, type TransportFactory } from '../../src/datasource/datasource';
import type { GenAiDataSourceOptions, GenAiQuery } from '../../src/datasource/types';
import { fetchTransport } from '../../src/data/http/transport';
import { PrometheusClient } from '../../src/data/prometheus/prometheusClient';
import { realPrices } from '../helpers/pipeline';
import { loadOtlpFixtures } from '../helpers/otlpIngest';
import { startPrometheus, type RunningPrometheus } from '../helpers/prometheusServer';
import { replayTransport, type RecordingFile } from '../helpers/recordedTransport';
import {
  CACHE_TOKENS,
  DURATION_BUCKETS,
  SERIES,
  singleBucketQuantile,
  STEP_SEC,
  syntheticOpenMetricsByGeneration,
  syntheticSpanMetrics,
  TTFT_BUCKETS,
  type MetricGeneration,
  type SeriesSpec,
} from '../helpers/syntheticMetrics';
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
const UNVERSIONED = {
  job: 'batch-app',
  model: 'gpt-4o-mini',
  calls: 1,
  inputTokens: 500,
  outputTokens: 50,
  cacheReadTokens: 400,
};
// An app sending both time-to-first-token histograms with identical labels (different values and
// bucket layouts, as the client metric uses the operation-duration buckets).
const STREAMER = { job: 'stream-app', model: 'gpt-4.1-mini', clientTtftSec: 0.3, serverTtftSec: 2 };
const TTFT_CLIENT_OLD = 'gen_ai_client_operation_time_to_first_chunk_seconds';
const TTFT_CLIENT_NEW = 'gen_ai_client_inference_time_to_first_chunk_seconds';
const TTFT_SERVER = 'gen_ai_server_time_to_first_token_seconds';
const CALLS_OLD = 'gen_ai_client_operation_duration_seconds_count';
const CALLS_NEW = 'gen_ai_client_inference_duration_seconds_count';

/**
 * The same traffic on a Prometheus holding only the semconv ≤ 1.41 names, only the 2026 names,
 * or a mix: services on different generations, and apps sending both for the same calls (the
 * unversioned batch app and the streaming app), which must not be counted twice.
 */
const CASES = {
  old: { series: (): MetricGeneration => 'old', app: (_job: string): MetricGeneration => 'old' },
  new: { series: (): MetricGeneration => 'new', app: (_job: string): MetricGeneration => 'new' },
  mixed: {
    series: (s: SeriesSpec): MetricGeneration => (s.job === 'retriever' ? 'old' : 'new'),
    app: (job: string): MetricGeneration =>
      ({ gateway: 'new', [LEGACY.job]: 'old', [UNVERSIONED.job]: 'both', [STREAMER.job]: 'both' })[
        job
      ] as MetricGeneration,
  },
};
type CaseName = keyof typeof CASES;
const CASE_NAMES = Object.keys(CASES) as CaseName[];
const sendsOld = (g: MetricGeneration) => g !== 'new';
const sendsNew = (g: MetricGeneration) => g !== 'old';

function extraOpenMetrics(generation: (job: string) => MetricGeneration): string {
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
  /** Calls of an app under the names it sends; its old series labelled gen_ai_system when it sends both. */
  const emitCalls = (labels: Record<string, string>, perStep: number) => {
    const g = generation(labels.job);
    if (sendsNew(g)) {
      emit(CALLS_NEW, labels, perStep);
    }
    if (sendsOld(g)) {
      emit(CALLS_OLD, g === 'both' ? asOldLabels(labels) : labels, perStep);
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
  lines.push('# TYPE gen_ai_client_inference_duration_seconds histogram');
  const gw = {
    job: 'gateway',
    instance: 'gateway-v2',
    gen_ai_request_model: 'gpt-4o-mini',
    gen_ai_provider_name: 'openai',
    gen_ai_operation_name: 'chat',
    service_version: 'v2',
  };
  emitCalls({ ...gw, gen_ai_response_model: 'gpt-4o-mini-2024-07-18' }, GATEWAY.same);
  emitCalls({ ...gw, gen_ai_response_model: 'gpt-4o-2024-08-06' }, GATEWAY.fallback);
  emitCalls(
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
  emitCalls(unversioned, UNVERSIONED.calls);
  emitCalls(streamer, 1);
  const batch = generation(UNVERSIONED.job);
  if (sendsOld(batch)) {
    lines.push('# TYPE gen_ai_client_token_usage histogram');
    const old = batch === 'both' ? asOldLabels(unversioned) : unversioned;
    // agento11y also records cache reads as a token type of this histogram (a subset of input).
    for (const [type, tokens] of [
      ['input', UNVERSIONED.inputTokens],
      ['output', UNVERSIONED.outputTokens],
      ['cache_read', UNVERSIONED.cacheReadTokens],
    ] as const) {
      emit('gen_ai_client_token_usage_sum', { ...old, gen_ai_token_type: type }, tokens * UNVERSIONED.calls);
      emit('gen_ai_client_token_usage_count', { ...old, gen_ai_token_type: type }, UNVERSIONED.calls);
    }
  }
  if (sendsNew(batch)) {
    for (const [kind, tokens] of [
      ['input', UNVERSIONED.inputTokens],
      ['output', UNVERSIONED.outputTokens],
    ] as const) {
      lines.push(`# TYPE gen_ai_client_inference_usage_${kind}_tokens counter`);
      emit(
        `gen_ai_client_inference_usage_${kind}_tokens_total`,
        { ...unversioned, gen_ai_token_modality: 'text' },
        tokens * UNVERSIONED.calls
      );
      lines.push(`# TYPE gen_ai_client_inference_operation_${kind}_tokens histogram`);
      emit(`gen_ai_client_inference_operation_${kind}_tokens_sum`, unversioned, tokens * UNVERSIONED.calls);
      emit(`gen_ai_client_inference_operation_${kind}_tokens_count`, unversioned, UNVERSIONED.calls);
    }
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
  const stream = generation(STREAMER.job);
  if (sendsNew(stream)) {
    histogram(TTFT_CLIENT_NEW, DURATION_BUCKETS, STREAMER.clientTtftSec);
  }
  if (sendsOld(stream)) {
    histogram(TTFT_CLIENT_OLD, DURATION_BUCKETS, STREAMER.clientTtftSec);
  }
  histogram(TTFT_SERVER, TTFT_BUCKETS, STREAMER.serverTtftSec);
  return lines.join('\n') + '\n';
}

/** Labels of the old names from an app sending both: the provider as semconv ≤ 1.36 labels it. */
function asOldLabels({ gen_ai_provider_name: provider, ...rest }: Record<string, string>): Record<string, string> {
  return provider === undefined ? rest : { ...rest, gen_ai_system: provider };
}

const withoutEof = (s: string) => s.replace(/# EOF\n?$/, '');

let prom: RunningPrometheus | undefined;
let client: PrometheusClient;
let current: CaseName = 'old';

async function startCase(name: CaseName): Promise<void> {
  current = name;
  const text =
    withoutEof(
      syntheticOpenMetricsByGeneration({
        endSec: END,
        durationSec: DURATION,
        promoteVersion: true,
        generation: CASES[name].series,
      })
    ) +
    withoutEof(syntheticSpanMetrics({ endSec: END, durationSec: DURATION })) +
    extraOpenMetrics(CASES[name].app) +
    '# EOF\n';
  const ruleFiles = ['genai-cost.rules.yaml', 'genai-budget.rules.yaml'].map((f) => path.join(RULES_DIR, f));
  prom = await startPrometheus(text, {
    ruleFiles,
    backfillRules: { start: END - DURATION, end: END, evalIntervalSec: STEP_SEC },
  });
  client = new PrometheusClient(fetchTransport(prom.url, { backend: 'Prometheus' }));
}

async function stopCase(): Promise<void> {
  await prom?.stop();
  prom = undefined;
}

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

const CACHE_ONLY =
  /^sum(?: by \(\w+\) )?\((rate|increase)\((gen_ai_client_inference_usage_cache_(read|write)_input_tokens_total|genai:cache_savings_usd:total)\{/;
const promTargets = dashboards.flatMap((d) => allTargets(d).filter((t) => t.pluginType === 'prometheus'));

describe.each(CASE_NAMES)('a Prometheus with the %s GenAI metric names', (caseName) => {
  beforeAll(() => startCase(caseName), 180_000);
  afterAll(() => stopCase());

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
      // Cache tokens and savings exist only in the 2026 counters: none on old names (shown as not reported).
      if (current === 'old' && CACHE_ONLY.test(String(t.target.expr))) {
        expect(samples).toEqual([]);
        return;
      }
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
  /** Price-table cost of one agent-app call; cache reads and writes at their rates where the 2026 counters report them. */
  const callCost = (model: string) => {
    const s = SERIES.find((x) => x.model === model)!;
    const cache = CASES[current].series(s) === 'old' ? undefined : CACHE_TOKENS[model];
    return calcPrice(
      {
        input_tokens: s.inputTokens,
        output_tokens: s.outputTokens,
        cache_read_tokens: cache?.read ?? 0,
        cache_write_tokens: cache?.write ?? 0,
      },
      model,
      { providerId: model.startsWith('claude') ? 'anthropic' : 'openai' }
    )!.total_price;
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
    const steps = RANGE_SEC / STEP_SEC;
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const agentApp = SERIES.filter((s) => s.job === 'agent-app');
    // Every app once: SERIES, the gateway, the legacy, unversioned and streaming apps.
    const callsPerStep = SERIES.length + GATEWAY.same + GATEWAY.fallback + LEGACY.calls + UNVERSIONED.calls + 1;
    const inputPerStep = sum(SERIES.map((s) => s.inputTokens)) + UNVERSIONED.inputTokens;
    const outputPerStep = sum(SERIES.map((s) => s.outputTokens)) + UNVERSIONED.outputTokens;

    it('totals count every call and token once, whichever names each app sends', async () => {
      const [requests] = await runTarget(target('genai-overview', 1), {});
      expect(requests.value).toBeCloseTo(callsPerStep * steps, 6);
      const [tokens] = await runTarget(target('genai-overview', 4), {});
      expect(tokens.value).toBeCloseTo((inputPerStep + outputPerStep) * steps, 6);
      const perType = await byLabel(target('genai-overview', 11, 'A'), 'gen_ai_token_type');
      expect(Object.keys(perType).sort()).toEqual(['input', 'output']);
      expect(perType.input).toBeCloseTo(perSec(inputPerStep), 9);
      expect(perType.output).toBeCloseTo(perSec(outputPerStep), 9);
      // The apps sending both generations, alone.
      const [batch] = await runTarget(target('genai-overview', 1), { service: [UNVERSIONED.job] });
      expect(batch.value).toBeCloseTo(UNVERSIONED.calls * steps, 6);
      const [batchTokens] = await runTarget(target('genai-overview', 4), { service: [UNVERSIONED.job] });
      expect(batchTokens.value).toBeCloseTo((UNVERSIONED.inputTokens + UNVERSIONED.outputTokens) * steps, 6);
      const [stream] = await runTarget(target('genai-overview', 7), { service: [STREAMER.job] });
      expect(stream.value).toBeCloseTo(perSec(1), 10);
    });

    it('cache panels: cache tokens and savings where the 2026 counters report them, "not reported" elsewhere', async () => {
      const cached = agentApp.filter((s) => CASES[current].series(s) !== 'old' && CACHE_TOKENS[s.model]);
      const read = sum(cached.map((s) => CACHE_TOKENS[s.model].read));
      const write = sum(cached.map((s) => CACHE_TOKENS[s.model].write));
      const uncachedCost = (s: SeriesSpec) => {
        const p = price(s.model);
        return s.inputTokens * p.input + s.outputTokens * p.output;
      };
      const saved = sum(cached.map((s) => uncachedCost(s) - callCost(s.model)));
      const values = async (uid: string, id: number, refId = 'A') =>
        (await runTarget(target(uid, id, refId), {})).map((x) => x.value);
      for (const id of [14, 15, 16]) {
        // Grafana shows the panel's noValue text when the query returns no series.
        expect(
          allTargets(dash('genai-cost')).find((t) => t.panel.id === id)!.panel.fieldConfig?.defaults?.noValue
        ).toBe('not reported');
      }
      const covered =
        sum(SERIES.filter((s) => CASES[current].series(s) !== 'old').map((s) => s.inputTokens)) +
        (CASES[current].app(UNVERSIONED.job) === 'old' ? 0 : UNVERSIONED.inputTokens);
      const [coverage] = await values('genai-cost', 17);
      expect(coverage).toBeCloseTo(covered / inputPerStep, 12);
      if (cached.length === 0) {
        expect(current).toBe('old');
        expect(await values('genai-cost', 14)).toEqual([]);
        expect(await values('genai-cost', 15)).toEqual([]);
        expect(await values('genai-cost', 16)).toEqual([]);
        expect(await values('genai-cost', 18)).toEqual([]);
        expect(await values('genai-overview', 11, 'B')).toEqual([]);
        expect(await values('genai-overview', 13, 'B')).toEqual([]);
        expect(coverage).toBe(0);
        return;
      }
      expect(read).toBe(1500 + 2 * 1024);
      expect(await values('genai-cost', 14)).toEqual([expect.closeTo(read * steps, 6)]);
      expect(await values('genai-cost', 15)).toEqual([expect.closeTo(write * steps, 6)]);
      const [savedTotal] = await values('genai-cost', 16);
      expect(savedTotal / (saved * steps)).toBeCloseTo(1, 9);
      expect(saved).toBeGreaterThan(0);
      expect(await values('genai-overview', 11, 'B')).toEqual([expect.closeTo(perSec(read), 9)]);
      expect(await values('genai-overview', 11, 'C')).toEqual([expect.closeTo(perSec(write), 9)]);
      const [savedPerHour] = await values('genai-overview', 13, 'B');
      expect(savedPerHour / ((saved / STEP_SEC) * 3600)).toBeCloseTo(1, 9);
      const byModel = await byLabel(target('genai-cost', 18), 'gen_ai_request_model');
      expect(Object.keys(byModel).sort()).toEqual(['claude-sonnet-4-20250514', 'gpt-4o']);
      const reads = await byLabel(target('genai-cost', 19, 'A'), 'gen_ai_request_model');
      expect(reads).toEqual({
        'claude-sonnet-4-20250514': expect.closeTo(perSec(1500), 9),
        'gpt-4o': expect.closeTo(perSec(2048), 9),
      });
    });

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
      const clientTtft = current === 'old' ? TTFT_CLIENT_OLD : TTFT_CLIENT_NEW;
      await expect(
        client.query(`rate({__name__=~"${clientTtft}_bucket|${TTFT_SERVER}_bucket", job="${STREAMER.job}"}[5m])`, END)
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
        // agent-app sends one histogram: the server one, or the 2026 client one (same buckets).
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
      // The comparison panel: the data source's version comparison over all traffic in the range.
      // A range inside the synthetic data, on its sample grid: every series has samples at both ends.
      const [frame] = await runGenai(
        target('genai-versions', 7),
        { ...allSelected(dash('genai-versions')), service: 'agent-app' },
        { fromMs: (END - RANGE_SEC) * 1000, toMs: END * 1000 }
      );
      const col = (n: string) => frame.fields.find((f) => f.name === n)!.values;
      const value = (metric: string, v: string) =>
        col('value')[col('metric').findIndex((m: string, i: number) => m === metric && col('version')[i] === v)];
      expect(value('costPerRequest', 'v1') / callCost('gpt-4o')).toBeCloseTo(1, 9);
      expect(value('costPerRequest', 'v2') / ((callCost('gpt-4o') + callCost('gpt-4o-mini')) / 2)).toBeCloseTo(1, 9);
      // v3's second model has no price: the recorded cost is a lower bound, so it is unknown, with the reason.
      const at = (v: string) =>
        col('metric').findIndex((x: string, i: number) => x === 'costPerRequest' && col('version')[i] === v);
      expect(value('costPerRequest', 'v3')).toBeNull();
      expect(col('reason')[at('v3')]).toMatch(/^cost incomplete: \d+ tokens of models without a price/);
      expect(col('verdict')[at('v3')]).toBe('not enough data');
      expect(['v1', 'v2', 'v3'].map((v) => value('errorRate', v))).toEqual([0, 0.5, 0]);
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
    backend === 'Tempo' ? replayTransport(recordings) : fetchTransport(prom!.url, { backend });
  return new GenAiDataSource(SETTINGS, factory, templateSrv(vars), () => Promise.resolve(realPrices));
}

async function runGenai(
  t: PanelTarget,
  vars: Record<string, string>,
  window?: { fromMs: number; toMs: number }
): Promise<DataFrame[]> {
  const to = dateTime(window?.toMs);
  const request = {
    requestId: 'D1',
    targets: [t.target as unknown as GenAiQuery],
    range: { from: dateTime(window?.fromMs ?? to.valueOf() - 7 * 86400_000), to, raw: { from: 'now-7d', to: 'now' } },
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
  return {
    ...Object.fromEntries(
      d.templating.list.filter((v) => v.type === 'query').map((v) => [v.name, v.allValue ?? '$__all'])
    ),
    // Selections a panel sets (custom variables, e.g. selectedTraces): nothing selected yet.
    ...Object.fromEntries(d.templating.list.filter((v) => v.type === 'custom').map((v) => [v.name, ''])),
  };
}

describe('our data source’s panels return frames from replayed real Tempo responses', () => {
  beforeAll(() => startCase('old'), 180_000);
  afterAll(() => stopCase());
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
      case 'tracePoints': {
        // The quality-vs-cost panel reads the frame as it comes (no transformations): the trace id
        // (its link), cost with its completeness, the scores, and the sample it was drawn from.
        expect(t.panel.type).toBe('genaiobs-qualitycost-panel');
        expect(own).toEqual([]);
        expect(outNames).toEqual(
          expect.arrayContaining(['traceId', 'version', 'costUsd', 'costComplete', 'costUnknownReason', 'latencyMs'])
        );
        expect(outNames.some((n) => n.startsWith('score:'))).toBe(true);
        const sample = frames[0].meta?.custom?.sample as { shown: number; matching: number; method: string };
        expect(sample.shown).toBe(frames[0].length);
        expect(sample.matching).toBeGreaterThanOrEqual(sample.shown);
        expect(sample.method).toMatch(/window/);
        break;
      }
      case 'versionComparison':
        // Rows metric × version with value, interval and verdict, from Prometheus over all traffic.
        expect(names).toEqual(expect.arrayContaining(['metric', 'version', 'value', 'deltaLow', 'verdict']));
        expect((frames[0].meta?.custom?.versions as string[]).length).toBeGreaterThan(0);
        break;
      case 'versionAggregates':
        expect(names).toEqual(expect.arrayContaining(['version', 'costPerRequestUsd', 'latencyP90Ms', 'errorRate']));
        break;
      case 'traceById':
        expect(frames[0].fields.find((f) => f.name === 'traceId')?.values[0] ?? fixtureTrace).toBe(fixtureTrace);
        expect(frames[0].meta?.custom?.frameType).toBe('genai-span-tree');
        break;
      case 'agentGraph': {
        // Grafana's Node Graph panel: a nodes and an edges frame, every edge between known nodes.
        expect(t.panel.type).toBe('nodeGraph');
        expect(frames.map((f) => f.name)).toEqual(['nodes', 'edges']);
        const ids = new Set(frames[0].fields.find((f) => f.name === 'id')!.values);
        const edges = frames[1];
        expect(edges.length).toBeGreaterThan(0);
        for (const end of ['source', 'target']) {
          const values = edges.fields.find((f) => f.name === end)!.values;
          expect(values.every((v) => ids.has(v))).toBe(true);
        }
        if (!t.target.traceId) {
          expect(frames[0].meta?.notices?.[0].text).toMatch(/traces shown of \d+ matching/);
        }
        break;
      }
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
