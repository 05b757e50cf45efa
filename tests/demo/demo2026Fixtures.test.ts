/**
 * The demo's telemetry recorded under the 2026 GenAI names (fixtures/otlp/demo-2026.*, see that
 * folder's README). Traces: through the data source's trace pipeline, checked against the
 * simulator's log. Metrics: in a real Prometheus, read through the data source's own path: the inventory
 * detects the 2026 families, and the metric picker's queries give the recorded values. The
 * recorded run is replayed as if it repeated every STEP_SEC (otlpToOpenMetrics), so every
 * expected rate is a recorded total / STEP_SEC, computed here from the fixture itself.
 *
 * @jest-environment node
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MetricInventory } from '../../src/data/metrics/metricInventory';
import { buildMetricQuery, type MetricQueryOptions } from '../../src/data/metrics/metricQueryBuilder';
import { DEFAULT_MAX_SERIES, metricSignalFrames, type MetricQueryContext } from '../../src/data/queries/metricQueries';
import { buildTraceFromPayload } from '../../src/data/trace/loadTrace';
import { pipelineOptions } from '../helpers/pipeline';
import { readSimulatorLog } from './demoProcess';
import { lastValues, metricContext } from '../helpers/metricQueryContext';
import { otlpMetricsToOpenMetrics } from '../helpers/otlpToOpenMetrics';
import { startPrometheus, type RunningPrometheus } from '../helpers/prometheusServer';
import { latestPoints, totalBy, type MetricPoint } from './otlpMetricPoints';

const FIXTURES = path.resolve(__dirname, '../../fixtures/otlp');
const FIXTURE = path.join(FIXTURES, 'demo-2026.metrics.json');
const STEP_SEC = 15;
const END = Math.floor(Date.now() / 1000) - 30;

jest.setTimeout(60_000);

/** Prometheus' histogram_quantile over explicit buckets (linear inside the bucket). */
function bucketQuantile(q: number, bounds: number[], counts: number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const rank = q * total;
  let cumulative = 0;
  for (let i = 0; i < counts.length; i++) {
    if (cumulative + counts[i] >= rank && counts[i] > 0) {
      if (i === bounds.length) {
        return bounds[bounds.length - 1];
      }
      const lower = i === 0 ? 0 : bounds[i - 1];
      return lower + ((bounds[i] - lower) * (rank - cumulative)) / counts[i];
    }
    cumulative += counts[i];
  }
  return NaN;
}

const last = lastValues;

describe('recorded 2026 metrics of the demo in a real Prometheus', () => {
  const payload = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  const points: MetricPoint[] = latestPoints([payload]);
  const model = (p: MetricPoint) => String(p.attributes['gen_ai.request.model']);
  let prom: RunningPrometheus;
  let inventory: MetricInventory;
  let ctx: MetricQueryContext;
  const run = (o: MetricQueryOptions) => metricSignalFrames(ctx, o, 'A').then(last);

  beforeAll(async () => {
    const text = otlpMetricsToOpenMetrics(payload, {
      endSec: END,
      durationSec: 1800,
      stepSec: STEP_SEC,
      promote: ['service.version'],
    });
    prom = await startPrometheus(text);
    ({ inventory, ctx } = await metricContext(
      prom.url,
      { start: END - 600, end: END },
      { maxSeries: DEFAULT_MAX_SERIES, scrapeIntervalSec: STEP_SEC }
    ));
  });
  afterAll(() => prom?.stop());

  it('the fixture holds every 2026 family and none of the old inference names', () => {
    const names = new Set(points.map((p) => p.name));
    expect(names.has('gen_ai.client.token.usage')).toBe(false);
    expect(names.has('gen_ai.client.operation.time_to_first_chunk')).toBe(false);
    for (const kind of ['input', 'output', 'cache_read.input', 'cache_write.input', 'reasoning.output']) {
      expect(names.has(`gen_ai.client.inference.usage.${kind}_tokens`)).toBe(true);
    }
  });

  it('the inventory finds the 2026 families under their Prometheus names', () => {
    expect(inventory.tokens).toBeUndefined();
    expect(inventory.inferenceDuration).toEqual({ base: 'gen_ai_client_inference_duration_seconds', kind: 'classic' });
    // Embeddings are no inference: they stay on operation.duration.
    expect(inventory.duration).toEqual({ base: 'gen_ai_client_operation_duration_seconds', kind: 'classic' });
    expect(inventory.usageCounters).toEqual({
      input: 'gen_ai_client_inference_usage_input_tokens_total',
      output: 'gen_ai_client_inference_usage_output_tokens_total',
      cache_read: 'gen_ai_client_inference_usage_cache_read_input_tokens_total',
      cache_write: 'gen_ai_client_inference_usage_cache_write_input_tokens_total',
      reasoning: 'gen_ai_client_inference_usage_reasoning_output_tokens_total',
    });
    expect(inventory.ttft?.inference).toEqual({
      base: 'gen_ai_client_inference_time_to_first_chunk_seconds',
      kind: 'classic',
    });
    expect(inventory.agentDuration).toEqual({ base: 'gen_ai_invoke_agent_duration_seconds', kind: 'classic' });
    expect(inventory.toolDuration).toEqual({ base: 'gen_ai_execute_tool_duration_seconds', kind: 'classic' });
    expect(inventory.workflowDuration).toEqual({ base: 'gen_ai_invoke_workflow_duration_seconds', kind: 'classic' });
    expect(inventory.version).toBe('promoted');
    const q = buildMetricQuery({ signal: 'tokensPerSecond', groupBy: ['model'] }, inventory).expr;
    expect(q).toContain('gen_ai_client_inference_usage_cache_write_input_tokens_total');
    expect(q).not.toContain('gen_ai_client_token_usage');
  });

  it('tokens per second by model and type are the recorded counters / step', async () => {
    const r = await run({ signal: 'tokensPerSecond', groupBy: ['model'] });
    const expected: Record<string, number> = {};
    const kinds: Record<string, string> = {
      input_tokens: 'input',
      output_tokens: 'output',
      'cache_read.input_tokens': 'cache_read',
      'cache_write.input_tokens': 'cache_write',
      'reasoning.output_tokens': 'reasoning',
    };
    for (const [suffix, type] of Object.entries(kinds)) {
      for (const [m, v] of totalBy(points, `gen_ai.client.inference.usage.${suffix}`, model)) {
        expected[`${m} · ${type}`] = v / STEP_SEC;
      }
    }
    expect(Object.keys(r).sort()).toEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) {
      expect(r[k]).toBeCloseTo(v, 9);
    }
    expect(Object.entries(expected).some(([k, v]) => k.endsWith('cache_write') && v > 0)).toBe(true);
  });

  it('request and error rates by model count every attempt of both duration families once', async () => {
    const calls = new Map<string, number>();
    const errors = new Map<string, number>();
    for (const p of points) {
      if (p.name === 'gen_ai.client.inference.duration' || p.name === 'gen_ai.client.operation.duration') {
        calls.set(model(p), (calls.get(model(p)) ?? 0) + p.count!);
        if (p.attributes['error.type']) {
          errors.set(model(p), (errors.get(model(p)) ?? 0) + p.count!);
        }
      }
    }
    const rate = await run({ signal: 'requestRate', groupBy: ['model'] });
    expect(Object.keys(rate).sort()).toEqual([...calls.keys()].sort());
    for (const [m, n] of calls) {
      expect(rate[m]).toBeCloseTo(n / STEP_SEC, 9);
    }
    const errorRate = await run({ signal: 'errorRate', groupBy: ['model'] });
    for (const [m, n] of calls) {
      expect(errorRate[m]).toBeCloseTo((errors.get(m) ?? 0) / n, 9);
    }
    expect([...errors.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('agent and tool rates and the workflow latency come from the 2026 duration histograms', async () => {
    const agents = await run({ signal: 'agentRate', groupBy: ['agent'] });
    const perAgent = totalBy(
      points,
      'gen_ai.invoke_agent.duration',
      (p) => String(p.attributes['gen_ai.agent.name']),
      'count'
    );
    expect(Object.keys(agents).sort()).toEqual([...perAgent.keys()].sort());
    for (const [a, n] of perAgent) {
      expect(agents[a]).toBeCloseTo(n / STEP_SEC, 9);
    }
    const tools = await run({ signal: 'toolRate' });
    const toolCalls = [...totalBy(points, 'gen_ai.execute_tool.duration', () => '', 'count').values()][0];
    expect(Object.values(tools)[0]).toBeCloseTo(toolCalls / STEP_SEC, 9);

    // Workflow p50 from the recorded buckets of all versions, summed (histogram_quantile's rule).
    const wf = payload.resourceMetrics.flatMap((rm: any) =>
      rm.scopeMetrics.flatMap((sm: any) =>
        sm.metrics
          .filter((m: any) => m.name === 'gen_ai.invoke_workflow.duration')
          .flatMap((m: any) => m.histogram.dataPoints)
      )
    );
    const bounds: number[] = wf[0].explicitBounds.map(Number);
    const counts = bounds.map(() => 0).concat([0]);
    for (const dp of wf) {
      dp.bucketCounts.forEach((c: string | number, i: number) => (counts[i] += Number(c)));
    }
    const p50 = await run({ signal: 'workflowLatency', quantile: 0.5 });
    expect(Object.values(p50)[0]).toBeCloseTo(bucketQuantile(0.5, bounds, counts), 9);
  });
});

describe('recorded 2026 traces of the demo through the trace pipeline', () => {
  const payload = JSON.parse(readFileSync(path.join(FIXTURES, 'demo-2026.traces.json'), 'utf8'));
  const sim = readSimulatorLog(path.join(FIXTURES, 'demo-2026.simulator.jsonl'));
  const byTrace = new Map<string, any[]>();
  for (const rs of payload.resourceSpans) {
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) {
        const list = byTrace.get(span.traceId) ?? [];
        list.push({ resource: rs.resource, scopeSpans: [{ scope: ss.scope, spans: [span] }] });
        byTrace.set(span.traceId, list);
      }
    }
  }
  const traces = [...byTrace].map(([id, resourceSpans]) =>
    buildTraceFromPayload(id, { resourceSpans }, pipelineOptions())
  );
  const nodes = traces.flatMap((t) => t.nodes.filter((n) => !n.synthetic));

  it('reads cache writes under gen_ai.usage.cache_write.input_tokens, as the simulator returned them', () => {
    const answered = new Map(
      sim.filter((e) => e.endpoint === 'chat' && e.status === 200).map((e) => [e.responseId, e])
    );
    const chats = nodes.filter((n) => n.span.kind === 'llm' && n.span.status !== 'error');
    expect(chats.length).toBeGreaterThan(20);
    let writes = 0;
    for (const n of chats) {
      const e = answered.get(n.span.responseId);
      expect(e).toBeDefined();
      expect(n.span.tokens).toMatchObject({ input: e!.inputTokens, output: e!.outputTokens });
      expect([n.span.tokens.cacheRead, n.span.tokens.cacheCreation]).toEqual([e!.cacheReadTokens, e!.cacheWriteTokens]);
      writes += n.span.tokens.cacheCreation ?? 0;
    }
    expect(writes).toBeGreaterThan(0);
    // Trace totals add the cache writes up like every other count.
    const sum = (f: (t: (typeof traces)[number]) => number) => traces.reduce((a, t) => a + f(t), 0);
    expect(sum((t) => t.totals.cacheCreationTokens)).toBe(writes);
  });

  it('reads gen_ai.retrieval.top_k, workflow roots, and versions without gen_ai.agent.version', () => {
    const retrievals = nodes.filter((n) => n.span.kind === 'retrieval');
    expect(retrievals.length).toBeGreaterThan(0);
    expect(retrievals.every((n) => n.span.retrievalTopK === n.span.attributes['gen_ai.retrieval.top_k'])).toBe(true);
    expect(retrievals.every((n) => (n.span.retrievalTopK ?? 0) > 0)).toBe(true);
    const agents = nodes.filter((n) => n.span.kind === 'agent');
    expect(agents.every((n) => n.span.agentVersion === undefined && /^v[123]$/.test(n.span.version ?? ''))).toBe(true);
    for (const t of traces) {
      const roots = t.nodes.filter((n) => n.parent === -1);
      expect(roots.map((n) => [n.span.name, n.span.kind])).toEqual([['invoke_workflow sales-assistant', 'workflow']]);
      expect(t.totals.agentRuns).toBe(t.nodes.filter((n) => n.span.kind === 'agent').length);
    }
  });
});
