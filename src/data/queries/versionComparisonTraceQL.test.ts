/**
 * The version comparison from TraceQL metrics on a real Tempo: replayed from
 * fixtures/tempo/version-comparison.recordings.json (Tempo v3.0.3, recorded by
 * scripts/record-version-traces.ts), or live against TEMPO_URL. Checked against arithmetic on the
 * generated calls (tests/helpers/versionTraces.ts: v2 +25 % tokens and cost, −0.1 quality; v3 = v1),
 * and merged into a Prometheus comparison that lacks the quality histogram.
 *
 * @jest-environment node
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PriceLookup } from '../cost/priceLookup';
import { BackendError } from '../http/backendError';
import { fetchTransport } from '../http/transport';
import { detectMetricInventory } from '../metrics/metricInventory';
import { PrometheusClient } from '../prometheus/prometheusClient';
import { binsFromCumulative } from '../stats/histogramMoments';
import { TempoClient } from '../tempo/tempoClient';
import { startPrometheus, type RunningPrometheus } from '../../../tests/helpers/prometheusServer';
import { replayTransport, type RecordingFile } from '../../../tests/helpers/recordedTransport';
import { scenarioPrices } from '../../../tests/helpers/scenarioPrices';
import { ingestScenario, SCENARIO, scenarioTraces } from '../../../tests/helpers/versionTraceScenario';
import { versionTraffic, VERSION_STEP_SEC } from '../../../tests/helpers/versionTraffic';
import {
  compareVersionData,
  comparisonWindows,
  fetchVersionData,
  versionComparisonFrames,
  type VersionData,
} from './versionComparison';
import { fetchTempoVersionData, log2Cumulative, VersionTraceQL } from './versionComparisonTraceQL';

jest.setTimeout(240_000);

const LIVE = process.env.TEMPO_URL;
const RECORDING = path.resolve(__dirname, '../../../fixtures/tempo/version-comparison.recordings.json');

describe(`version comparison from TraceQL metrics (${LIVE ? `live Tempo at ${LIVE}` : 'replayed Tempo v3 recording'})`, () => {
  let tempo: TempoClient;
  let range: { start: number; end: number };
  let prices: PriceLookup;
  let data: VersionData;
  const service = LIVE ? `version-traces-${Date.now().toString(36)}` : undefined;
  const calls = scenarioTraces(service).calls;

  beforeAll(async () => {
    prices = await scenarioPrices();
    if (LIVE) {
      const otlp = process.env.TEMPO_OTLP_URL ?? 'http://127.0.0.1:4318/v1/traces';
      range = await ingestScenario(otlp, LIVE, service);
      tempo = new TempoClient(fetchTransport(LIVE, { backend: 'Tempo' }));
    } else {
      const file = JSON.parse(readFileSync(RECORDING, 'utf8')) as RecordingFile & { range: typeof range };
      expect(file.tempoVersion).toMatch(/^v3\./);
      range = file.range;
      tempo = new TempoClient(replayTransport(file));
    }
    data = await fetchTempoVersionData(
      { tempo, range, windows: comparisonWindows(range, SCENARIO.scrapeIntervalSec), prices },
      { service: [service ?? 'version-traces-app'] }
    );
  });

  const truth = (v: string) => calls.filter((c) => c.version === v);
  const sample = (m: string, v: string) => data.samples[m]?.[v];

  it('finds the three versions in deployment order', () => {
    expect(data.versions).toEqual(['v1', 'v2', 'v3']);
    expect(data.firstSeen.v1).toBeLessThanOrEqual(data.firstSeen.v2);
    expect(data.firstSeen.v2).toBeLessThan(data.firstSeen.v3);
  });

  it('returns the exact totals of every call, error, token and score', () => {
    for (const v of ['v1', 'v2', 'v3']) {
      const t = truth(v);
      const sum = (f: (c: (typeof t)[number]) => number) => t.reduce((a, c) => a + f(c), 0);
      expect(sample('requests', v)).toEqual({ kind: 'total', value: t.length });
      expect(sample('errorRate', v)).toEqual({ kind: 'proportion', successes: sum((c) => +c.error), trials: t.length });
      const withResponse = t.filter((c) => !c.error);
      expect(sample('fallbackRate', v)).toEqual({
        kind: 'proportion',
        successes: withResponse.filter((c) => c.responseModel === 'gpt-4o-mini').length,
        trials: withResponse.length,
      });
      const inTok = sample('inputTokens', v);
      expect(inTok?.kind === 'mean' && inTok.mean).toBeCloseTo(sum((c) => c.inputTokens) / t.length, 9);
      expect(inTok?.kind === 'mean' && inTok.n).toBe(t.length);
      const outTok = sample('outputTokens', v);
      expect(outTok?.kind === 'mean' && outTok.mean).toBeCloseTo(sum((c) => c.outputTokens) / t.length, 9);
      const q = sample('quality:relevance', v);
      expect(q?.kind === 'mean' && q.mean).toBeCloseTo(sum((c) => c.score) / t.length, 9);
      expect(sample('passRate:relevance', v)).toEqual({
        kind: 'proportion',
        successes: sum((c) => +c.pass),
        trials: t.length,
      });
    }
  });

  it('prices the token sums per model exactly as the data source prices each call', () => {
    for (const v of ['v1', 'v2', 'v3']) {
      const expected = truth(v).reduce(
        (a, c) =>
          a +
          prices(
            { input: c.inputTokens, output: c.outputTokens, cacheRead: 0, cacheCreation: 0 },
            c.error ? c.requestModel : c.responseModel,
            'openai'
          )!.totalUsd,
        0
      );
      const total = sample('costTotal', v);
      expect(total?.kind).toBe('total');
      expect(Math.abs((total as { value: number }).value - expected) / expected).toBeLessThan(1e-9);
      const per = sample('costPerRequest', v);
      expect(per?.kind === 'mean' && per.mean).toBeCloseTo(expected / truth(v).length, 12);
      // Per trace: the same cost over the traces (root spans), which every fourth trace's second
      // call makes larger than the cost per request.
      const traces = new Set(truth(v).map((c) => c.traceId)).size;
      expect(traces).toBeLessThan(truth(v).length);
      const perTrace = sample('costPerTrace', v);
      expect(perTrace?.kind === 'mean' && [perTrace.mean / (expected / traces), perTrace.n]).toEqual([
        expect.closeTo(1, 12),
        traces,
      ]);
      // Its variance from the same windows as the cost per request's (those with traffic, minus one).
      expect(perTrace?.kind === 'mean' && perTrace.df).toBe(per?.kind === 'mean' && per.df);
      expect(perTrace?.kind === 'mean' && perTrace.df).toBeGreaterThanOrEqual(4);
    }
  });

  it('gives each version’s cost per trace a 95 % interval that holds it, and says v2 costs more per trace', () => {
    const c = compareVersionData(data, { baseline: 'fixed', baselineVersion: 'v1' });
    for (const v of ['v1', 'v2', 'v3']) {
      const cell = c.cells.find((x) => x.metric === 'costPerTrace' && x.version === v)!;
      expect(cell.valueCi[0]).toBeLessThan(cell.value!);
      expect(cell.valueCi[1]).toBeGreaterThan(cell.value!);
      const q = c.cells.find((x) => x.metric === 'passRate:relevance' && x.version === v)!;
      // Wilson's interval stays inside [0, 1] and around the rate.
      expect(q.valueCi[0]).toBeGreaterThanOrEqual(0);
      expect(q.valueCi[1]).toBeLessThanOrEqual(1);
      expect(q.valueCi[0]).toBeLessThan(q.value!);
    }
    const v2 = c.cells.find((x) => x.metric === 'costPerTrace' && x.version === 'v2')!;
    expect(v2.verdict).toBe('worse');
    expect(v2.relative).toBeGreaterThan(0.15);
    expect(data.method.costPerTrace).toMatch(/root spans/);
    expect(data.queries).toContain(
      '{ nestedSetParent < 0 && resource.service.version != nil && (resource.service.name = "' +
        (service ?? 'version-traces-app') +
        '") } | count_over_time() by (resource.service.version)'
    );
  });

  it('keeps Tempo’s power-of-2 duration buckets as they are', () => {
    for (const v of ['v1', 'v3']) {
      // Bucket of a duration d: the power of 2 (ns) at or above it.
      const counts = new Map<number, number>();
      for (const c of truth(v)) {
        const ns = Math.round(c.durationSec * 1000 * 1e6);
        const le = 2 ** Math.ceil(Math.log2(ns)) / 1e9;
        counts.set(le, (counts.get(le) ?? 0) + 1);
      }
      const expected = binsFromCumulative(log2Cumulative([...counts].map(([le, count]) => ({ le, count }))));
      const p90 = sample('latencyP90', v);
      expect(p90?.kind).toBe('quantile');
      expect((p90 as { bins: unknown }).bins).toEqual(expected);
    }
  });

  it('says v2 costs more and scores lower, v3 = v1 shows no significant difference', () => {
    const c = compareVersionData(data, { baseline: 'fixed', baselineVersion: 'v1' });
    const cell = (m: string, v: string) => c.cells.find((x) => x.metric === m && x.version === v)!;
    expect(cell('costPerRequest', 'v2').verdict).toBe('worse');
    expect(cell('costPerRequest', 'v2').relative).toBeGreaterThan(0.15);
    expect(cell('quality:relevance', 'v2').verdict).toBe('worse');
    expect(cell('quality:relevance', 'v2').diff).toBeCloseTo(-0.1, 1);
    expect(cell('inputTokens', 'v2').verdict).toBe('worse');
    for (const m of ['latencyP50', 'latencyP90', 'errorRate', 'fallbackRate']) {
      expect([m, cell(m, 'v2').verdict]).toEqual([m, 'no significant difference']);
    }
    const v3 = c.cells.filter((x) => x.version === 'v3' && !['requests', 'costTotal'].includes(x.metric));
    expect(v3.length).toBeGreaterThanOrEqual(10);
    for (const x of v3) {
      expect([x.metric, x.verdict]).toEqual([x.metric, 'no significant difference']);
    }
  });

  it('says what spans cannot give', () => {
    expect(data.unavailable.map((u) => u.id)).toEqual(expect.arrayContaining(['ttftP50', 'cacheReadTokens']));
    expect(Object.values(data.method).every((m) => m.startsWith('TraceQL metrics on Tempo'))).toBe(true);
  });

  it('answers from Tempo alone when there is no Prometheus, and says so in the frame', async () => {
    const frames = await versionComparisonFrames(
      {
        tempo: { client: tempo, prices },
        range,
        scrapeIntervalSec: SCENARIO.scrapeIntervalSec,
        inventory: () => Promise.reject(new Error('no Prometheus')),
      },
      { baseline: 'fixed', baselineVersion: 'v1', filters: { service: [service ?? 'version-traces-app'] } },
      'A'
    );
    const f = frames[0];
    expect(f.meta?.custom?.source).toBe('TraceQL metrics on Tempo, all spans in the range');
    expect(f.meta?.custom?.metricSource?.costPerRequest).toBe('Tempo');
    const col = (n: string) => f.fields.find((x) => x.name === n)!.values;
    const i = col('metric').findIndex(
      (m: string, k: number) => m === 'quality:relevance' && col('version')[k] === 'v2'
    );
    expect(col('verdict')[i]).toBe('worse');
    expect(String(f.meta?.executedQueryString)).toContain('count_over_time() by (resource.service.version');
  });

  if (!LIVE) {
    it('fills only what a Prometheus without the quality histogram lacks, and labels the source', async () => {
      // The same three versions of the same service in Prometheus, without gen_ai.evaluation.score.
      const end = Math.floor(Date.now() / 1000 / VERSION_STEP_SEC) * VERSION_STEP_SEC - 120;
      const traffic = versionTraffic({ endSec: end, steps: 121, promoteVersion: true });
      const text = traffic.openMetrics
        .split('\n')
        .filter((l) => !l.includes('gen_ai_evaluation_score'))
        .join('\n')
        .replaceAll('"agent-app"', '"version-traces-app"');
      let prom: RunningPrometheus | undefined;
      try {
        prom = await startPrometheus(text);
        const client = new PrometheusClient(fetchTransport(prom.url, { backend: 'Prometheus' }));
        const inventory = await detectMetricInventory(client);
        const merged = await fetchVersionData(
          {
            prometheus: client,
            tempo: { client: tempo, prices },
            // The Tempo recording's windows: keep its range length and scrape interval.
            range: { start: end - SCENARIO.rangeSec, end },
            scrapeIntervalSec: SCENARIO.scrapeIntervalSec,
            inventory: async () => inventory,
          },
          { filters: { service: ['version-traces-app'] } }
        );
        expect(merged.source?.costPerRequest).toBe('Prometheus');
        expect(merged.source?.['quality:relevance']).toBe('Tempo');
        expect(merged.source?.['passRate:relevance']).toBe('Tempo');
        expect(merged.unavailable.map((u) => u.id)).not.toContain('quality');
        // Exact totals agree; the windows follow this range, not the recording's.
        const m = merged.samples['quality:relevance'].v2;
        const d = data.samples['quality:relevance'].v2;
        expect(m.kind === 'mean' && d.kind === 'mean' && [m.mean, m.n]).toEqual(d.kind === 'mean' && [d.mean, d.n]);
        expect(merged.queries.some((q) => q.startsWith('Tempo: '))).toBe(true);
        // Cost per trace: Prometheus' exact cost ÷ the traces Tempo counts (their root spans).
        expect(merged.source?.costPerTrace).toBe('Prometheus');
        for (const v of ['v1', 'v2', 'v3']) {
          const cost = merged.samples.costTotal[v];
          const perTrace = merged.samples.costPerTrace[v];
          const traces = new Set(truth(v).map((c) => c.traceId)).size;
          expect(cost.kind).toBe('total');
          expect(perTrace.kind === 'mean' && cost.kind === 'total' && perTrace.mean * traces).toBeCloseTo(
            (cost as { value: number }).value,
            12
          );
        }
        // A model filter selects calls, not traces: no cost per trace, and the reason.
        const byModel = await fetchVersionData(
          {
            prometheus: client,
            tempo: { client: tempo, prices },
            range: { start: end - SCENARIO.rangeSec, end },
            scrapeIntervalSec: SCENARIO.scrapeIntervalSec,
            inventory: async () => inventory,
          },
          { filters: { service: ['version-traces-app'], model: ['gpt-4o'] } }
        ).catch((e: Error) => e);
        const byModelGaps = byModel instanceof Error ? [] : byModel.unavailable;
        expect(byModelGaps.find((u) => u.id === 'costPerTrace')?.reason).toMatch(/model or agent filter/);
        // Tempo down: Prometheus' answer stands and the gaps say why they stay open.
        const down = new TempoClient({
          backend: 'Tempo',
          getJson: () =>
            Promise.reject(new BackendError('Tempo', 'unreachable', 'Tempo is unreachable (connection refused)')),
        });
        const alone = await fetchVersionData(
          {
            prometheus: client,
            tempo: { client: down, prices },
            range: { start: end - SCENARIO.rangeSec, end },
            scrapeIntervalSec: SCENARIO.scrapeIntervalSec,
            inventory: async () => inventory,
          },
          { filters: { service: ['version-traces-app'] } }
        );
        expect(alone.samples.costPerRequest.v2.kind).toBe('mean');
        expect(alone.unavailable.find((u) => u.id === 'costPerTrace')?.reason).toMatch(
          /Tempo could not count the traces: Tempo is unreachable/
        );
        expect(alone.samples['quality:relevance']).toBeUndefined();
        expect(alone.unavailable.find((u) => u.id === 'quality')?.reason).toMatch(
          /no gen_ai.evaluation.score histogram.*TraceQL metrics on Tempo failed: Tempo is unreachable/
        );
      } finally {
        await prom?.stop();
      }
    });
  }
});

describe('TraceQL of the version comparison', () => {
  it('keeps hostile filter values inside string literals and the agent on the span above', () => {
    const q = new VersionTraceQL({ service: ['a" } | rate() by (x) { "'], agent: ['planner\\'], model: ['m'] });
    const text = q.callsByModel();
    expect(text).toContain('resource.service.name = "a\\" } | rate() by (x) { \\""');
    expect(text.startsWith('{ (span.gen_ai.agent.name = "planner\\\\") } >> {')).toBe(true);
    expect(text.match(/\| count_over_time\(\)/g)).toHaveLength(1);
    // Evaluations: one spanset, so the filter's spans are not counted beside the results.
    expect(q.scoreCount(true)).not.toMatch(/\} && \{/);
  });

  it('turns power-of-2 buckets into cumulative buckets with a lower edge', () => {
    expect(
      log2Cumulative([
        { le: 2, count: 3 },
        { le: 0.5, count: 1 },
        { le: 1, count: 0 },
      ])
    ).toEqual([
      { le: 0.25, count: 0 },
      { le: 0.5, count: 1 },
      { le: 2, count: 4 },
      { le: Infinity, count: 4 },
    ]);
    expect(log2Cumulative([])).toEqual([]);
  });
});
