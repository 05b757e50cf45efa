/** @jest-environment node */
/**
 * End-to-end check of the demo app (demo/): runs it for real in one-shot mode as a child process
 * (three pipeline-version processes, the OpenAI-compatible simulator, the real
 * @opentelemetry/instrumentation-openai), receives its OTLP/HTTP export in-process, and feeds the
 * traces through the datasource's own pipeline (decode → normalise → price → span tree).
 * The simulator's response log is the ground truth for tokens, models and failures.
 */
import { calcPrice } from '@pydantic/genai-prices';
import { decodeKeyValues, type Attributes } from '../../src/data/otlp/anyValue';
import type { OtlpKeyValue } from '../../src/data/otlp/types';
import { buildTraceFromPayload, type LoadedTrace } from '../../src/data/trace/loadTrace';
import type { TreeNode } from '../../src/data/trace/spanTree';
import { pipelineOptions } from '../helpers/pipeline';
import { runDemoOneShot, type DemoRun, type SimulatorLogEntry } from './demoProcess';
import { latestPoints, totalBy, type MetricPoint } from './otlpMetricPoints';

const CONVERSATIONS_PER_VERSION = 3;
const SEED = 'jest-demo-1';
const VERSIONS = ['v1', 'v2', 'v3'];

interface HistogramPoint {
  version: string;
  attributes: Attributes;
  count: number;
  sum: number;
  time: bigint;
  temporality: number;
  bounds: number[];
}

interface ControlChecks {
  health: { status: number; body: any };
  incidentAfterSwitch: any;
  badIncidentStatus: number;
  malformedIncidentStatus: number;
  switched: any;
}

async function getJson(url: string, method = 'GET'): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { method });
  return { status: res.status, body: await res.json() };
}

/** Switches the incident to `quality` and probes the rest of the control API. */
async function exerciseControlApi(base: string): Promise<ControlChecks> {
  const switched = (await getJson(`${base}/incident/quality`, 'POST')).body;
  const badIncidentStatus = (await getJson(`${base}/incident/meteor`, 'POST')).status;
  // A malformed escape must be refused, not crash the supervisor (the health check below then fails).
  const malformedIncidentStatus = (await getJson(`${base}/incident/%E0%A4%A`, 'POST')).status;
  const incidentAfterSwitch = (await getJson(`${base}/incident`)).body;
  const health = await getJson(`${base}/healthz`);
  return { health, incidentAfterSwitch, badIncidentStatus, malformedIncidentStatus, switched };
}

/** Splits the received export requests into one OTLP payload per trace. */
function payloadsByTrace(requests: any[]): Map<string, { resourceSpans: any[] }> {
  const out = new Map<string, { resourceSpans: any[] }>();
  for (const req of requests) {
    for (const rs of req.resourceSpans ?? []) {
      for (const ss of rs.scopeSpans ?? []) {
        for (const span of ss.spans ?? []) {
          const id = String(span.traceId).toLowerCase();
          if (!out.has(id)) {
            out.set(id, { resourceSpans: [] });
          }
          out.get(id)!.resourceSpans.push({ resource: rs.resource, scopeSpans: [{ scope: ss.scope, spans: [span] }] });
        }
      }
    }
  }
  return out;
}

/** The latest (cumulative) data point of every histogram series of one metric. */
function histogramSeries(requests: any[], name: string): HistogramPoint[] {
  const latest = new Map<string, HistogramPoint>();
  for (const req of requests) {
    for (const rm of req.resourceMetrics ?? []) {
      const resource = decodeKeyValues(rm.resource?.attributes as OtlpKeyValue[]);
      for (const sm of rm.scopeMetrics ?? []) {
        for (const m of sm.metrics ?? []) {
          if (m.name !== name || !m.histogram) {
            continue;
          }
          for (const dp of m.histogram.dataPoints ?? []) {
            const attributes = decodeKeyValues(dp.attributes as OtlpKeyValue[]);
            const key = JSON.stringify([resource['service.version'], Object.entries(attributes).sort()]);
            const point: HistogramPoint = {
              version: String(resource['service.version']),
              attributes,
              count: Number(dp.count),
              sum: Number(dp.sum),
              time: BigInt(dp.timeUnixNano),
              temporality: m.histogram.aggregationTemporality,
              bounds: (dp.explicitBounds ?? []).map(Number),
            };
            const prev = latest.get(key);
            if (!prev || prev.time < point.time) {
              latest.set(key, point);
            }
          }
        }
      }
    }
  }
  return [...latest.values()];
}

function sumBy<T>(items: T[], key: (t: T) => string | undefined, value: (t: T) => number): Map<string, number> {
  const out = new Map<string, number>();
  for (const it of items) {
    const k = key(it);
    if (k !== undefined) {
      out.set(k, (out.get(k) ?? 0) + value(it));
    }
  }
  return out;
}

/**
 * On a loaded machine an answer can leave the simulator just as the client's (scaled, 0.5 s)
 * timeout fires: logged as sent, seen as a timeout. Those few count as what the client saw.
 */
function asSeenByClient(sim: SimulatorLogEntry[], nodes: TreeNode[]): SimulatorLogEntry[] {
  const answered = new Set(
    nodes.filter((n) => n.span.kind === 'llm' && n.span.status !== 'error').map((n) => n.span.responseId)
  );
  const late = (e: SimulatorLogEntry) => e.endpoint === 'chat' && e.status === 200 && !answered.has(e.responseId);
  expect(sim.filter(late).length).toBeLessThanOrEqual(3);
  return sim.map((e) => (late(e) ? { ...e, status: 'aborted' as const } : e));
}

const EXPECTED_ERROR_TYPE: Record<string, string> = {
  429: 'RateLimitError',
  500: 'InternalServerError',
  stalled: 'APIConnectionTimeoutError',
  aborted: 'APIConnectionTimeoutError',
};

describe('demo app telemetry (real run, one-shot)', () => {
  let run: DemoRun<ControlChecks>;
  let sim: SimulatorLogEntry[];
  let traces: LoadedTrace[];
  let nodes: TreeNode[];
  let metricRequests: any[];
  let logRequests: any[];

  beforeAll(async () => {
    let received: { traces: any[]; metrics: any[]; logs: any[] };
    ({ run, sim, received } = await runDemoOneShot({
      conversations: CONVERSATIONS_PER_VERSION,
      seed: SEED,
      otlpEnv: (url) => ({
        OTEL_EXPORTER_OTLP_ENDPOINT: url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_METRIC_EXPORT_INTERVAL: '60000',
        // As in the compose stack: the instrumentation's prompts and completions go out as logs.
        OTEL_LOGS_EXPORTER: 'otlp',
      }),
      timeoutMs: 85_000,
      onControlApi: exerciseControlApi,
    }));
    logRequests = received.logs;
    const opts = pipelineOptions();
    traces = [...payloadsByTrace(received.traces)].map(([id, payload]) => buildTraceFromPayload(id, payload, opts));
    nodes = traces.flatMap((t) => t.nodes.filter((n) => !n.synthetic));
    sim = asSeenByClient(sim, nodes);
    metricRequests = received.metrics;
  }, 90_000);

  const modelCalls = () => nodes.filter((n) => n.span.kind === 'llm' || n.span.kind === 'embedding');

  it('runs three versions of genai-demo-agent, one trace per agent run, no orphans', () => {
    const runs = Object.values(run.runsPerVersion).reduce((a, b) => a + b, 0);
    expect(traces.length).toBe(runs);
    expect(new Set(nodes.map((n) => n.span.version))).toEqual(new Set(VERSIONS));
    expect(new Set(nodes.map((n) => n.span.serviceName))).toEqual(new Set(['genai-demo-agent']));
    for (const t of traces) {
      const roots = t.nodes.filter((n) => n.parent === -1 && !n.synthetic);
      expect(roots.map((n) => n.span.name)).toEqual(['invoke_agent orchestrator']);
      expect(t.nodes.some((n) => n.orphan)).toBe(false);
    }
    // The instrumentation makes the model spans; the demo makes agent, tool and retrieval spans.
    const names = new Set(nodes.map((n) => n.span.name));
    for (const n of [
      'invoke_agent research',
      'invoke_agent analysis',
      'invoke_agent review',
      'execute_tool web_search',
      'execute_tool sql_query',
      'retrieval sales-knowledge-base',
      'embeddings text-embedding-3-small',
      'chat gpt-4o',
      'chat gpt-4o-mini',
    ]) {
      expect(names).toContain(n);
    }
    for (const n of nodes.filter((x) => x.span.kind === 'agent')) {
      expect(n.span.agentVersion).toBe(n.span.version);
    }
    // v2 has no reviewer.
    expect(nodes.some((n) => n.span.version === 'v2' && n.span.agentName === 'review')).toBe(false);
  });

  it('recovers every token count and model the simulator returned from the spans', () => {
    const ok = sim.filter((e) => e.status === 200);
    expect(ok.length).toBeGreaterThan(50);
    const byResponseId = new Map(modelCalls().map((n) => [n.span.responseId, n]));
    for (const e of ok.filter((x) => x.endpoint === 'chat')) {
      const n = byResponseId.get(e.responseId);
      expect(n).toBeDefined();
      expect([n!.span.version, n!.span.requestModel, n!.span.responseModel]).toEqual([
        e.version,
        e.requestModel,
        e.responseModel,
      ]);
      expect([n!.span.tokens.input, n!.span.tokens.output]).toEqual([e.inputTokens, e.outputTokens]);
      expect(n!.span.status).not.toBe('error');
    }
    // Embedding responses carry no id: compare the token counts per version as multisets.
    for (const v of VERSIONS) {
      const fromSim = ok
        .filter((e) => e.endpoint === 'embeddings' && e.version === v)
        .map((e) => e.inputTokens)
        .sort();
      const fromSpans = modelCalls()
        .filter((n) => n.span.kind === 'embedding' && n.span.version === v && n.span.status !== 'error')
        .map((n) => n.span.tokens.input)
        .sort();
      expect(fromSpans).toEqual(fromSim);
      expect(fromSim.length).toBeGreaterThan(0);
    }
    // Every successful model span is one simulator answer (no extra, none lost).
    expect(modelCalls().filter((n) => n.span.status !== 'error').length).toBe(ok.length);
    // Fallbacks: the router answered with a bigger model than requested.
    const fallbacks = ok.filter((e) => e.fallback);
    expect(fallbacks.length).toBeGreaterThan(0);
    for (const e of fallbacks) {
      const s = byResponseId.get(e.responseId)!.span;
      expect([s.requestModel, s.responseModel]).toEqual(['gpt-4o-mini', 'gpt-4o']);
    }
  });

  it('marks failed model calls with the error type of the failure the simulator produced', () => {
    const failed = sim.filter((e) => e.status !== 200);
    expect(failed.length).toBeGreaterThan(0);
    const expected = sumBy(
      failed,
      (e) => `${e.version}/${e.endpoint}/${EXPECTED_ERROR_TYPE[e.status]}`,
      () => 1
    );
    const actual = sumBy(
      modelCalls().filter((n) => n.span.status === 'error'),
      (n) => `${n.span.version}/${n.span.kind === 'llm' ? 'chat' : 'embeddings'}/${n.span.error?.type}`,
      () => 1
    );
    expect(actual).toEqual(expected);
    expect([...expected.keys()].some((k) => k.endsWith('RateLimitError'))).toBe(true);
    // Tool failures come from the demo's tools, with their error class as error.type.
    const toolErrors = nodes.filter((n) => n.span.kind === 'tool' && n.span.status === 'error');
    expect(toolErrors.length).toBeGreaterThan(0);
    for (const n of toolErrors) {
      expect(n.span.error?.type).toMatch(
        /^(SearchTimeoutError|PageFetchForbiddenError|SqlSyntaxError|CalculatorOverflowError)$/
      );
    }
  });

  it('prices every model call with the price table; the unknown model stays unpriced', () => {
    const priced = modelCalls().filter((n) => n.span.status !== 'error' && n.span.responseModel !== 'acme-titler-1');
    expect(priced.length).toBeGreaterThan(50);
    for (const n of priced) {
      const usage = { input_tokens: n.span.tokens.input ?? 0, output_tokens: n.span.tokens.output ?? 0 };
      const quote = calcPrice(usage, n.span.responseModel!, { providerId: 'openai' });
      expect(quote).toBeTruthy();
      expect(n.cost.usd).toBeCloseTo(quote!.total_price, 12);
    }
    const unknown = modelCalls().filter((n) => n.span.responseModel === 'acme-titler-1' && n.span.status !== 'error');
    expect(unknown.length).toBeGreaterThan(0);
    for (const n of unknown) {
      expect(n.cost.usd).toBeUndefined();
      expect(n.cost.unknownReason).toBeTruthy();
    }
    // The documented trade-off: v1 (gpt-4o everywhere) > v3 (mini + 4o review) > v2 (mini only) per run.
    const perRun = (v: string) => {
      const own = traces.filter((t) => t.nodes.some((n) => n.span.version === v));
      return own.reduce((s, t) => s + (t.totals.costUsd ?? 0), 0) / own.length;
    };
    expect(perRun('v1')).toBeGreaterThan(perRun('v3'));
    expect(perRun('v3')).toBeGreaterThan(perRun('v2'));
  });

  it('attaches evaluation results to the LLM span that produced the evaluated answer', () => {
    const byId = new Map(nodes.map((n) => [n.span.spanId, n]));
    const evals = nodes.flatMap((n) => n.span.evaluations.map((ev) => ({ ev, carrier: n })));
    for (const v of VERSIONS) {
      expect(evals.filter((e) => e.carrier.span.version === v).length).toBeGreaterThan(0);
    }
    for (const { ev, carrier } of evals) {
      expect(carrier.span.name).toBe('invoke_agent orchestrator');
      const target = byId.get(ev.targetSpanId)!;
      expect(target).toBeDefined();
      expect(target.span.kind).toBe('llm');
      expect(target.span.responseId).toBe(ev.responseId);
      expect(target.span.traceId).toBe(carrier.span.traceId);
      expect(['relevance', 'groundedness']).toContain(ev.name);
      expect(ev.scoreValue).toBeGreaterThanOrEqual(0);
      expect(ev.scoreValue).toBeLessThanOrEqual(1);
      expect(ev.scoreLabel).toBe(ev.scoreValue! >= 0.7 ? 'pass' : 'fail');
      expect(ev.explanation).toContain(ev.name);
    }
    // The incident switched through the control API reached every version process.
    expect(run.control!.switched).toEqual({ incident: 'quality' });
    expect(run.control!.incidentAfterSwitch.incident).toBe('quality');
    expect(run.control!.badIncidentStatus).toBe(400);
    expect(run.control!.malformedIncidentStatus).toBe(400);
    expect(run.control!.health.status).toBe(200);
    expect(Object.keys(run.runsPerVersion).sort()).toEqual(VERSIONS);
    for (const v of VERSIONS) {
      expect(
        evals.some(
          (e) => e.carrier.span.version === v && /contradicts the retrieved context/.test(e.ev.explanation ?? '')
        )
      ).toBe(true);
    }
  });

  it('shares gen_ai.conversation.id across the traces of a conversation', () => {
    const convTraces = new Map<string, Set<string>>();
    for (const n of nodes) {
      expect(n.span.conversationId).toMatch(/^conv_v[123]_/);
      const set = convTraces.get(n.span.conversationId!) ?? new Set<string>();
      set.add(n.span.traceId);
      convTraces.set(n.span.conversationId!, set);
    }
    expect([...convTraces.values()].some((s) => s.size >= 2)).toBe(true);
    expect(convTraces.size).toBe(CONVERSATIONS_PER_VERSION * VERSIONS.length);
  });

  it('writes prompts and completions as log records of their LLM spans, not on the spans (the Loki path)', () => {
    const records = logRequests.flatMap((r) =>
      (r.resourceLogs ?? []).flatMap((rl: any) => (rl.scopeLogs ?? []).flatMap((sl: any) => sl.logRecords ?? []))
    );
    const eventName = (rec: any) =>
      rec.eventName || rec.attributes?.find((a: any) => a.key === 'event.name')?.value?.stringValue;
    const bySpan = new Map<string, string[]>();
    for (const rec of records) {
      const id = String(rec.spanId).toLowerCase();
      bySpan.set(id, [...(bySpan.get(id) ?? []), eventName(rec)]);
    }
    const chats = modelCalls().filter((n) => n.span.kind === 'llm' && n.span.status !== 'error');
    expect(chats.length).toBeGreaterThan(5);
    for (const n of chats) {
      // Each answered call: its user prompt and the model's choice, under the span's own ids.
      expect({ span: n.span.name, events: bySpan.get(n.span.spanId) }).toEqual({
        span: n.span.name,
        events: expect.arrayContaining(['gen_ai.user.message', 'gen_ai.choice']),
      });
      expect(n.span.content.input).toEqual([]);
      expect(n.span.content.output).toEqual([]);
    }
    const traceIds = new Set(nodes.map((n) => n.span.traceId));
    expect(records.every((r: any) => traceIds.has(String(r.traceId).toLowerCase()))).toBe(true);
  });

  it('exports metrics (cumulative) whose token sums equal the span tokens per version, model and type', () => {
    const tokens = histogramSeries(metricRequests, 'gen_ai.client.token.usage');
    expect(tokens.length).toBeGreaterThan(0);
    const key = (v: string, req: unknown, resp: unknown, type: string) => `${v}|${req}|${resp}|${type}`;
    const fromMetrics = sumBy(
      tokens,
      (p) =>
        key(
          p.version,
          p.attributes['gen_ai.request.model'],
          p.attributes['gen_ai.response.model'],
          String(p.attributes['gen_ai.token.type'])
        ),
      (p) => p.sum
    );
    const ok = modelCalls().filter((n) => n.span.status !== 'error');
    const fromSpans = new Map<string, number>();
    for (const n of ok) {
      for (const type of ['input', 'output'] as const) {
        const t = n.span.tokens[type];
        if (t !== undefined) {
          const k = key(n.span.version!, n.span.requestModel, n.span.responseModel, type);
          fromSpans.set(k, (fromSpans.get(k) ?? 0) + t);
        }
      }
    }
    expect(fromMetrics).toEqual(fromSpans);

    const all = [
      'gen_ai.client.token.usage',
      'gen_ai.client.operation.duration',
      'gen_ai.evaluation.score',
      'gen_ai.client.operation.time_to_first_chunk',
    ];
    for (const name of all) {
      const series = histogramSeries(metricRequests, name);
      expect(series.length).toBeGreaterThan(0);
      expect(new Set(series.map((p) => p.temporality))).toEqual(new Set([2])); // CUMULATIVE
    }

    const scores = histogramSeries(metricRequests, 'gen_ai.evaluation.score');
    expect(scores[0].bounds).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    const evals = nodes.flatMap((n) => n.span.evaluations.map((ev) => ({ ev, version: n.span.version! })));
    const byId = new Map(nodes.map((n) => [n.span.spanId, n]));
    const evKey = (v: string, name: string, label: string, model: string) => `${v}|${name}|${label}|${model}`;
    const scoreCount = sumBy(
      scores,
      (p) =>
        evKey(
          p.version,
          String(p.attributes['gen_ai.evaluation.name']),
          String(p.attributes['gen_ai.evaluation.score.label']),
          String(p.attributes['gen_ai.request.model'])
        ),
      (p) => p.count
    );
    const eventCount = sumBy(
      evals,
      (e) => evKey(e.version, e.ev.name, e.ev.scoreLabel!, String(byId.get(e.ev.targetSpanId)!.span.requestModel)),
      () => 1
    );
    expect(scoreCount).toEqual(eventCount);
    const scoreSum = [
      ...sumBy(
        scores,
        (p) => p.version,
        (p) => p.sum
      ),
    ].sort();
    const eventSum = [
      ...sumBy(
        evals,
        (e) => e.version,
        (e) => e.ev.scoreValue!
      ),
    ].sort();
    expect(scoreSum.map(([v]) => v)).toEqual(eventSum.map(([v]) => v));
    scoreSum.forEach(([, s], i) => expect(s).toBeCloseTo(eventSum[i][1], 9));

    // Time to first chunk: one point per successful streamed call, also on its span.
    const ttft = histogramSeries(metricRequests, 'gen_ai.client.operation.time_to_first_chunk');
    const streamed = ok.filter((n) => n.span.attributes['gen_ai.response.time_to_first_chunk'] !== undefined);
    expect(streamed.length).toBeGreaterThan(0);
    expect(ttft.reduce((s, p) => s + p.count, 0)).toBe(sim.filter((e) => e.stream && e.status === 200).length);
    expect(streamed.length).toBe(sim.filter((e) => e.stream && e.status === 200).length);
  });
});

/** Every metric the demo emits with DEMO_SEMCONV=2026 (the evaluation score is this project's own). */
const METRICS_2026 = [
  'gen_ai.client.inference.duration',
  'gen_ai.client.operation.duration',
  'gen_ai.client.inference.time_to_first_chunk',
  'gen_ai.client.inference.time_per_output_chunk',
  'gen_ai.client.inference.usage.input_tokens',
  'gen_ai.client.inference.usage.output_tokens',
  'gen_ai.client.inference.usage.cache_read.input_tokens',
  'gen_ai.client.inference.usage.cache_write.input_tokens',
  'gen_ai.client.inference.usage.reasoning.output_tokens',
  'gen_ai.client.inference.operation.input_tokens',
  'gen_ai.client.inference.operation.output_tokens',
  'gen_ai.invoke_agent.duration',
  'gen_ai.execute_tool.duration',
  'gen_ai.invoke_workflow.duration',
  'gen_ai.invoke_agent.inference_calls',
  'gen_ai.invoke_agent.tool_calls',
  'gen_ai.evaluation.score',
];

describe('demo app telemetry with DEMO_SEMCONV=2026 (real run, one-shot)', () => {
  let sim: SimulatorLogEntry[];
  let traces: LoadedTrace[];
  let nodes: TreeNode[];
  let points: MetricPoint[];

  beforeAll(async () => {
    const demo = await runDemoOneShot({
      conversations: 2,
      seed: 'jest-demo-2026',
      // The setting that keeps the demo's earlier behaviour: log events copied onto their spans.
      env: { DEMO_SEMCONV: '2026', DEMO_LOG_EVENTS_ON_SPANS: 'true' },
      otlpEnv: (url) => ({
        OTEL_EXPORTER_OTLP_ENDPOINT: url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_METRIC_EXPORT_INTERVAL: '60000',
      }),
      timeoutMs: 85_000,
    });
    const opts = pipelineOptions();
    traces = [...payloadsByTrace(demo.received.traces)].map(([id, p]) => buildTraceFromPayload(id, p, opts));
    nodes = traces.flatMap((t) => t.nodes.filter((n) => !n.synthetic));
    points = latestPoints(demo.received.metrics);
    sim = asSeenByClient(demo.sim, nodes);
  }, 90_000);

  const byVersionModel = (p: MetricPoint) =>
    `${p.version}|${p.attributes['gen_ai.request.model']}|${p.attributes['gen_ai.response.model']}`;
  const simTotals = (field: keyof SimulatorLogEntry, endpoints: string[]) =>
    sumBy(
      sim.filter((e) => e.status === 200 && endpoints.includes(e.endpoint)),
      (e) => `${e.version}|${e.requestModel}|${e.responseModel}`,
      (e) => Number(e[field] ?? 0)
    );

  it('emits the 2026 metric names, cumulative, and none of the old inference names', () => {
    const names = new Set(points.map((p) => p.name));
    expect([...names].sort()).toEqual([...METRICS_2026].sort());
    expect(new Set(points.map((p) => p.temporality))).toEqual(new Set([2]));
    // operation.duration stays for what is not inference: here embeddings only.
    const other = points.filter((p) => p.name === 'gen_ai.client.operation.duration');
    expect(new Set(other.map((p) => p.attributes['gen_ai.operation.name']))).toEqual(new Set(['embeddings']));
    const counters = points.filter((p) => p.name.startsWith('gen_ai.client.inference.usage.'));
    expect(counters.every((p) => p.monotonic === true && p.attributes['gen_ai.token.modality'] === 'text')).toBe(true);
    expect(counters.some((p) => p.attributes['gen_ai.token.type'] !== undefined)).toBe(false);
  });

  it('counts exactly the tokens the simulator returned, cache reads and writes included', () => {
    const counter = (kind: string) => totalBy(points, `gen_ai.client.inference.usage.${kind}`, byVersionModel);
    expect(counter('input_tokens')).toEqual(simTotals('inputTokens', ['chat', 'embeddings']));
    expect(counter('output_tokens')).toEqual(simTotals('outputTokens', ['chat']));
    expect(counter('cache_read.input_tokens')).toEqual(simTotals('cacheReadTokens', ['chat']));
    expect(counter('cache_write.input_tokens')).toEqual(simTotals('cacheWriteTokens', ['chat']));
    const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    expect(total(counter('cache_read.input_tokens'))).toBeGreaterThan(0);
    expect(total(counter('cache_write.input_tokens'))).toBeGreaterThan(0);
    // Cache reads and writes are parts of the input.
    expect(total(counter('cache_read.input_tokens')) + total(counter('cache_write.input_tokens'))).toBeLessThan(
      total(counter('input_tokens'))
    );
    // The per-call histograms hold the same tokens, one point per answered call.
    expect(totalBy(points, 'gen_ai.client.inference.operation.input_tokens', byVersionModel)).toEqual(
      counter('input_tokens')
    );
    expect(total(totalBy(points, 'gen_ai.client.inference.operation.input_tokens', () => '', 'count'))).toBe(
      sim.filter((e) => e.status === 200).length
    );
  });

  it('records one inference duration per chat attempt, failures with their error type', () => {
    const fromMetric = totalBy(
      points,
      'gen_ai.client.inference.duration',
      (p) => `${p.version}|${p.attributes['gen_ai.request.model']}|${p.attributes['error.type'] ?? 'ok'}`,
      'count'
    );
    const fromSim = sumBy(
      sim.filter((e) => e.endpoint === 'chat'),
      (e) => `${e.version}|${e.requestModel}|${e.status === 200 ? 'ok' : EXPECTED_ERROR_TYPE[e.status]}`,
      () => 1
    );
    expect(fromMetric).toEqual(fromSim);
    const ttfc = totalBy(points, 'gen_ai.client.inference.time_to_first_chunk', () => '', 'count').get('');
    expect(ttfc).toBe(sim.filter((e) => e.endpoint === 'chat' && e.stream && e.status === 200).length);
  });

  it('uses the 2026 span attribute names; agent runs and versions still add up', () => {
    const chats = nodes.filter((n) => n.span.kind === 'llm' && n.span.status !== 'error');
    const bySim = new Map(sim.filter((e) => e.endpoint === 'chat' && e.status === 200).map((e) => [e.responseId, e]));
    expect(chats.length).toBe(bySim.size);
    for (const n of chats) {
      const e = bySim.get(n.span.responseId)!;
      expect(n.span.attributes['gen_ai.usage.cache_write.input_tokens']).toBe(e.cacheWriteTokens);
      expect(n.span.attributes['gen_ai.usage.cache_creation.input_tokens']).toBeUndefined();
      expect([n.span.tokens.cacheRead, n.span.tokens.cacheCreation]).toEqual([e.cacheReadTokens, e.cacheWriteTokens]);
    }
    const retrievals = nodes.filter((n) => n.span.kind === 'retrieval');
    expect(retrievals.length).toBeGreaterThan(0);
    for (const n of retrievals) {
      expect(n.span.attributes['gen_ai.request.top_k']).toBeUndefined();
      expect(n.span.retrievalTopK).toBe(n.span.attributes['gen_ai.retrieval.top_k']);
      expect(n.span.retrievalTopK).toBeGreaterThan(0);
    }
    const agents = nodes.filter((n) => n.span.kind === 'agent');
    for (const n of agents) {
      expect(n.span.attributes['gen_ai.agent.version']).toBeUndefined();
      expect(n.span.version).toBe(n.span.resource['service.version']);
    }
    expect(new Set(agents.map((n) => n.span.version))).toEqual(new Set(VERSIONS));
    for (const t of traces) {
      const roots = t.nodes.filter((n) => n.parent === -1 && !n.synthetic);
      expect(roots.map((n) => [n.span.name, n.span.kind])).toEqual([['invoke_workflow sales-assistant', 'workflow']]);
      expect(t.totals.agentRuns).toBe(t.nodes.filter((n) => n.span.kind === 'agent').length);
    }
  });

  it('with DEMO_LOG_EVENTS_ON_SPANS=true, the chats are on the spans themselves (the earlier behaviour)', () => {
    const chats = nodes.filter((n) => n.span.kind === 'llm' && n.span.status !== 'error');
    expect(chats.length).toBeGreaterThan(0);
    for (const n of chats) {
      expect(n.span.content.input.length).toBeGreaterThan(0);
      expect(n.span.content.output.length).toBeGreaterThan(0);
    }
  });

  it('agent, tool and workflow metrics count the spans they describe', () => {
    const count = (name: string) => [...totalBy(points, name, () => '', 'count').values()][0];
    const sum = (name: string) => [...totalBy(points, name, () => '').values()][0];
    const agents = nodes.filter((n) => n.span.kind === 'agent');
    const tools = nodes.filter((n) => n.span.kind === 'tool');
    expect(count('gen_ai.invoke_agent.duration')).toBe(agents.length);
    expect(count('gen_ai.execute_tool.duration')).toBe(tools.length);
    expect(count('gen_ai.invoke_workflow.duration')).toBe(traces.length);
    expect(sum('gen_ai.invoke_agent.tool_calls')).toBe(tools.length);
    // Every chat attempt (failed ones too) runs inside some agent.
    expect(sum('gen_ai.invoke_agent.inference_calls')).toBe(sim.filter((e) => e.endpoint === 'chat').length);
    expect(count('gen_ai.invoke_agent.inference_calls')).toBe(agents.length);
  });
});
