/** @jest-environment node */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  dateTime,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
} from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';
import { firstValueFrom, toArray } from 'rxjs';
import { BackendError } from '../data/http/backendError';
import { fetchTransport, type HttpTransport } from '../data/http/transport';
import { realPrices } from '../../tests/helpers/pipeline';
import { freePort, startPrometheus, type RunningPrometheus } from '../../tests/helpers/prometheusServer';
import { loadOtlpFixtures } from '../../tests/helpers/otlpIngest';
import { SERIES, syntheticOpenMetrics } from '../../tests/helpers/syntheticMetrics';
import { replayTransport, type RecordingFile } from '../../tests/helpers/recordedTransport';
import { GenAiDataSource, type TransportFactory } from './datasource';
import type { GenAiDataSourceOptions, GenAiQuery } from './types';

const recordings: RecordingFile = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../fixtures/tempo/recordings.json'), 'utf8')
);
const fixtureTraceIds = loadOtlpFixtures().map((f) => f.traceIds[0]);

/** Grafana's template service, reduced to what the datasource calls. */
function templateSrv(vars: Record<string, string | string[]>): TemplateSrv {
  return {
    replace(target?: string, _scoped?: unknown, format?: unknown) {
      return (target ?? '').replace(/\$(\w+)|\$\{(\w+)\}/g, (m, a, b) => {
        const v = vars[a ?? b];
        if (v === undefined) {
          return m;
        }
        return typeof format === 'function' ? format(v) : Array.isArray(v) ? v.join(',') : v;
      });
    },
  } as unknown as TemplateSrv;
}

function settings(jsonData: GenAiDataSourceOptions): DataSourceInstanceSettings<GenAiDataSourceOptions> {
  return {
    id: 1,
    uid: 'genai-uid',
    name: 'GenAI',
    type: 'genaiobs-genai-datasource',
    access: 'proxy',
    readOnly: false,
    jsonData,
    meta: {},
  } as unknown as DataSourceInstanceSettings<GenAiDataSourceOptions>;
}

function request(targets: GenAiQuery[], rangeSec = 7 * 24 * 3600, intervalMs = 60_000): DataQueryRequest<GenAiQuery> {
  const to = dateTime();
  const from = dateTime(to.valueOf() - rangeSec * 1000);
  return {
    requestId: 'Q1',
    targets,
    range: { from, to, raw: { from: 'now-7d', to: 'now' } },
    scopedVars: {},
    intervalMs,
  } as unknown as DataQueryRequest<GenAiQuery>;
}

function datasource(
  factory: TransportFactory,
  vars: Record<string, string | string[]> = {},
  jsonData: GenAiDataSourceOptions = { tempoDatasourceUid: 'tempo', prometheusDatasourceUid: 'prom' }
) {
  return new GenAiDataSource(settings(jsonData), factory, templateSrv(vars), () => Promise.resolve(realPrices));
}

const replayTempo: TransportFactory = (uid, backend) =>
  backend === 'Tempo' ? replayTransport(recordings) : fetchTransport('http://127.0.0.1:9', { backend });

describe('GenAiDataSource.query', () => {
  it('runs a trace search and links each trace to its span tree', async () => {
    const res = await firstValueFrom(
      datasource(replayTempo).query(request([{ refId: 'A', queryType: 'traceSearch' }]))
    );
    expect(res.errors).toBeUndefined();
    const frame = res.data[0];
    expect(frame.refId).toBe('A');
    expect(frame.length).toBe(fixtureTraceIds.length);
    const traceField = frame.fields.find((f: { name: string }) => f.name === 'traceId');
    expect([...traceField.values].sort()).toEqual([...fixtureTraceIds].sort());
    expect(traceField.config.links[0]).toMatchObject({
      title: 'Open agent trace',
      internal: { datasourceUid: 'genai-uid', query: { queryType: 'traceById', traceId: '${__value.raw}' } },
    });
    expect(frame.meta.executedQueryString).toMatch(/^\{ span\.gen_ai\.operation\.name != nil/);
  });

  it('expands multi-value variables into OR-ed, escaped values', () => {
    const ds = datasource(replayTempo, { model: ['gpt-4o', 'say "hi"'], svc: 'checkout' });
    const q = ds.describeTraceQL({ refId: 'A', filters: { models: ['$model'], services: ['${svc}'] } });
    expect(q).toContain('span.gen_ai.request.model = "gpt-4o"');
    expect(q).toContain('span.gen_ai.request.model = "say \\"hi\\""');
    expect(q).toContain('(resource.service.name = "checkout")');
    // "All" with no custom value means no filter at all.
    expect(
      datasource(replayTempo, { model: '$__all' }).describeTraceQL({ refId: 'A', filters: { models: ['$model'] } })
    ).not.toContain('request.model =');
  });

  it('filters on the trace ids a multi-value variable holds; an empty selection filters nothing', () => {
    const ids = ['0af7651916cd43dd8448eb211c80319c', '4BF92F3577B34DA6A3CE929D0E0E4736'];
    const q = datasource(replayTempo, { selectedTraces: ids }).describeTraceQL({
      refId: 'A',
      filters: { traceIds: ['$selectedTraces'] },
    });
    expect(q).toContain(`(trace:id = "${ids[0]}" || trace:id = "${ids[1].toLowerCase()}")`);
    const none = datasource(replayTempo, { selectedTraces: [] }).describeTraceQL({
      refId: 'A',
      filters: { traceIds: ['$selectedTraces'] },
    });
    expect(none).toBe(datasource(replayTempo).describeTraceQL({ refId: 'A' }));
  });

  it('treats a match-everything regex (the dashboards\u2019 "All" value) as no filter, real values still filter', () => {
    const filters = { services: ['$service'], models: ['${model}'], versions: ['$version'] };
    const unfiltered = datasource(replayTempo).describeTraceQL({ refId: 'A' });
    // Grafana passes a custom all value through unformatted: the variable becomes ".*" as is.
    for (const all of ['.*', '.+']) {
      const q = datasource(replayTempo, { service: all, model: all, version: all }).describeTraceQL({
        refId: 'A',
        filters,
      });
      expect(q).toBe(unfiltered);
    }
    // One match-everything value among others still matches everything.
    expect(
      datasource(replayTempo, { model: ['gpt-4o', '.*'] }).describeTraceQL({
        refId: 'A',
        filters: { models: ['$model'] },
      })
    ).toBe(unfiltered);
    const real = datasource(replayTempo, { service: 'checkout', model: '.*', version: 'v2' }).describeTraceQL({
      refId: 'A',
      filters,
    });
    expect(real).toContain('(resource.service.name = "checkout")');
    expect(real).toMatch(/= "v2"/);
    expect(real).not.toContain('request.model =');
    expect(real).not.toContain('.*');
    // A regex that is not match-everything is a value like any other.
    expect(
      datasource(replayTempo, { model: 'gpt-.*' }).describeTraceQL({ refId: 'A', filters: { models: ['$model'] } })
    ).toContain('span.gen_ai.request.model = "gpt-.*"');
  });

  it('loads a trace by id taken from a variable', async () => {
    const evaluationsTrace = loadOtlpFixtures().find((f) => f.dialect === 'evaluations')!.traceIds[0];
    const ds = datasource(replayTempo, { traceId: evaluationsTrace });
    const res = await firstValueFrom(ds.query(request([{ refId: 'B', queryType: 'traceById', traceId: '$traceId' }])));
    expect(res.errors).toBeUndefined();
    expect(res.data[0].meta.custom.frameType).toBe('genai-span-tree');
    // The panel's "raw trace" link goes to the Tempo data source the trace came from.
    expect(res.data[0].meta.custom.tempoDatasourceUid).toBe('tempo');
    // The panel masks content as the data source's settings say: on by default.
    expect(res.data[0].meta.custom.pii).toEqual({ enabled: true, customPatterns: [], revealRole: 'Admin' });
    const names = res.data[0].fields.find((f: { name: string }) => f.name === 'name').values;
    expect(names).toEqual(['invoke_agent support-agent', 'chat claude-sonnet-4-20250514', 'evaluate faithfulness']);
  });

  it('answers each target separately and keeps going when one fails', async () => {
    const res: DataQueryResponse[] = await firstValueFrom(
      datasource(replayTempo)
        .query(
          request([
            { refId: 'A', queryType: 'traceSearch' },
            { refId: 'B', queryType: 'traceById', traceId: 'zz-not-hex' },
          ])
        )
        .pipe(toArray())
    );
    const a = res.find((r) => r.key?.endsWith('_A'))!;
    const b = res.find((r) => r.key?.endsWith('_B'))!;
    expect(a.data[0].length).toBe(fixtureTraceIds.length);
    expect(b.errors?.[0]?.message).toBe('"zz-not-hex" is not a trace id (1–32 hex digits)');
    expect(b.errors?.[0]?.refId).toBe('B');
  });

  it('reports Tempo being down as a clear error, not a crash', async () => {
    const port = await freePort();
    const ds = datasource((uid, backend) => fetchTransport(`http://127.0.0.1:${port}`, { backend }));
    const res = await firstValueFrom(ds.query(request([{ refId: 'A', queryType: 'traceSearch' }])));
    expect(res.state).toBe('Error');
    expect(res.errors?.[0]?.message).toMatch(
      new RegExp(`^Tempo is unreachable at http://127.0.0.1:${port}: ECONNREFUSED`)
    );
  });

  it('asks for a Tempo data source when none is selected', async () => {
    const res = await firstValueFrom(datasource(replayTempo, {}, {}).query(request([{ refId: 'A' }])));
    expect(res.errors?.[0]?.message).toBe('No Tempo data source is selected in this data source’s settings.');
  });

  it('cancels the Tempo request when Grafana unsubscribes (a newer refresh)', async () => {
    let seen: AbortSignal | undefined;
    const hanging: HttpTransport = {
      backend: 'Tempo',
      getJson: (req) =>
        new Promise((_resolve, reject) => {
          seen = req.signal;
          req.signal?.addEventListener('abort', () => reject(new BackendError('Tempo', 'cancelled', 'cancelled')));
        }),
    };
    const emitted: DataQueryResponse[] = [];
    const sub = datasource(() => hanging)
      .query(request([{ refId: 'A' }]))
      .subscribe((r) => emitted.push(r));
    await new Promise((r) => setTimeout(r, 20));
    expect(seen?.aborted).toBe(false);
    sub.unsubscribe();
    expect(seen?.aborted).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(emitted).toEqual([]);
  });
});

describe('GenAiDataSource metric queries (real Prometheus, replayed Tempo)', () => {
  let prom: RunningPrometheus;
  const end = Math.floor(Date.now() / 1000) - 30;
  beforeAll(async () => {
    const rules = path.resolve(__dirname, '../../stack/prometheus/rules/genai-cost.rules.yaml');
    prom = await startPrometheus(syntheticOpenMetrics({ endSec: end, durationSec: 1800, promoteVersion: true }), {
      ruleFiles: [rules],
      backfillRules: { start: end - 1800, end, evalIntervalSec: 15 },
    });
  }, 60_000);
  afterAll(() => prom?.stop());

  const ds = () =>
    datasource(
      (uid, backend) => (backend === 'Tempo' ? replayTransport(recordings) : fetchTransport(prom.url, { backend })),
      {
        model: ['gpt-4o-mini', 'claude-sonnet-4-20250514'],
      }
    );

  it('runs a picker query with variables and shows its PromQL', async () => {
    const q: GenAiQuery = {
      refId: 'M',
      queryType: 'metrics',
      metric: { signal: 'tokensPerRequest', groupBy: ['model'], filters: { model: ['$model'] } },
    };
    const res = await firstValueFrom(ds().query(request([q], 1200)));
    expect(res.errors).toBeUndefined();
    const names = res.data.map((f: { name: string }) => f.name).sort();
    expect(names).toEqual([
      'claude-sonnet-4-20250514 · input',
      'claude-sonnet-4-20250514 · output',
      'gpt-4o-mini · input',
      'gpt-4o-mini · output',
    ]);
    const mini = res.data.find((f: { name: string }) => f.name === 'gpt-4o-mini · input');
    expect(mini.fields[1].values.at(-1)).toBeCloseTo(800, 9);
    expect(await ds().describePromQL(q)).toBe(
      'sum by (gen_ai_request_model, gen_ai_token_type) (rate(gen_ai_client_token_usage_sum{gen_ai_request_model=~"gpt-4o-mini|claude-sonnet-4-20250514"}[$__rate_interval])) / ' +
        'sum by (gen_ai_request_model, gen_ai_token_type) (rate(gen_ai_client_token_usage_count{gen_ai_request_model=~"gpt-4o-mini|claude-sonnet-4-20250514"}[$__rate_interval]))'
    );
  });

  it('drops a match-everything metric filter (the dashboards\u2019 "All" value), keeps real ones', async () => {
    const q = (filters: Record<string, string[]>): GenAiQuery => ({
      refId: 'M',
      queryType: 'metrics',
      metric: { signal: 'requestRate', groupBy: ['model'], filters },
    });
    const viaProm = (vars: Record<string, string | string[]>) =>
      datasource(
        (uid, backend) => (backend === 'Tempo' ? replayTransport(recordings) : fetchTransport(prom.url, { backend })),
        vars
      );
    const all = viaProm({ model: '.*', version: '.*' });
    const plain =
      'sum by (gen_ai_request_model) (rate(gen_ai_client_operation_duration_seconds_count[$__rate_interval]))';
    expect(all.interpolate(q({ model: ['$model'], version: ['$version'] })).metric?.filters).toEqual({
      model: [],
      version: [],
    });
    expect(await all.describePromQL(q({ model: ['$model'], version: ['$version'] }))).toBe(plain);
    const res = await firstValueFrom(all.query(request([q({ model: ['$model'], version: ['$version'] })], 1200)));
    expect(res.errors).toBeUndefined();
    expect(res.data.map((f: { name: string }) => f.name).sort()).toEqual(
      [...new Set(SERIES.map((s) => s.model))].sort()
    );
    expect(
      await viaProm({ model: 'gpt-4o', version: '.*' }).describePromQL(q({ model: ['$model'], version: ['$version'] }))
    ).toBe(
      'sum by (gen_ai_request_model) (rate(gen_ai_client_operation_duration_seconds_count{gen_ai_request_model="gpt-4o"}[$__rate_interval]))'
    );
  });

  it('shows a PromQL error and a missing signal as panel errors', async () => {
    const bad = await firstValueFrom(
      ds().query(request([{ refId: 'P', queryType: 'metrics', metric: { mode: 'promql', expr: 'sum(rate(' } }], 1200))
    );
    expect(bad.errors?.[0]?.message).toMatch(/^Prometheus answered HTTP 400: .*parse error/);
    const noProm = await firstValueFrom(
      datasource(replayTempo, {}, { tempoDatasourceUid: 'tempo' }).query(
        request([{ refId: 'N', queryType: 'metrics' }])
      )
    );
    expect(noProm.errors?.[0]?.message).toBe('No Prometheus data source is selected in this data source’s settings.');
  });

  it('runs TraceQL metrics on Tempo', async () => {
    const { CONTRACT_TRACEQL_METRICS } = await import('../../tests/helpers/contractScenarios');
    const res = await firstValueFrom(
      ds().query(
        request([{ refId: 'T', queryType: 'traceqlMetrics', traceqlMetrics: CONTRACT_TRACEQL_METRICS }], 3600, 300_000)
      )
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.map((f: { name: string }) => f.name)).toEqual(
      expect.arrayContaining(['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4-20250514'])
    );
  });
});

describe('GenAiDataSource.metricFindQuery', () => {
  it('returns the distinct values across dialect attributes', async () => {
    const values = (await datasource(replayTempo).metricFindQuery({ refId: 'V', kind: 'models' })).map((v) => v.text);
    expect(values).toEqual([...values].sort());
    expect(values).toEqual(expect.arrayContaining(['gpt-4o', 'claude-sonnet-4-20250514']));
    expect(new Set(values).size).toBe(values.length);
  });
});

describe('GenAiDataSource.testDatasource (real Prometheus)', () => {
  let prom: RunningPrometheus;
  beforeAll(async () => {
    const now = Math.floor(Date.now() / 1000);
    const lines = ['# TYPE gen_ai_client_token_usage histogram'];
    for (let t = now - 3600; t <= now - 60; t += 60) {
      lines.push(
        `gen_ai_client_token_usage_count{gen_ai_token_type="input",gen_ai_request_model="gpt-4o"} ${(t - now + 3600) / 60} ${t}`
      );
      lines.push(
        `gen_ai_client_token_usage_sum{gen_ai_token_type="input",gen_ai_request_model="gpt-4o"} ${t - now + 3600} ${t}`
      );
    }
    lines.push('# TYPE gen_ai_client_operation_duration_seconds histogram');
    lines.push(`gen_ai_client_operation_duration_seconds_count{gen_ai_request_model="gpt-4o"} 5 ${now - 120}`);
    lines.push('# TYPE unrelated_metric gauge', `unrelated_metric 1 ${now - 120}`, '# EOF');
    prom = await startPrometheus(lines.join('\n') + '\n');
  }, 60_000);
  afterAll(() => prom?.stop());

  const withProm =
    (url: string): TransportFactory =>
    (uid, backend) =>
      backend === 'Tempo' ? replayTransport(recordings) : fetchTransport(url, { backend });

  it('reports both backends and what they hold', async () => {
    const res = await datasource(withProm(prom.url)).testDatasource();
    expect(res.status).toBe('success');
    // One trace and one service per recorded fixture.
    const n = fixtureTraceIds.length;
    expect(res.message).toMatch(
      new RegExp(
        `^Tempo: connected \\(Tempo v3\\.0\\.3\\); last 24 h: ${n} traces with \\d+ GenAI spans, ${n} service\\(s\\)`
      )
    );
    expect(res.message).toMatch(
      / · Prometheus: connected \(Prometheus 2\.\d+\.\d+[^)]*\); 2 GenAI metric\(s\): gen_ai_client_operation_duration_seconds, gen_ai_client_token_usage$/
    );
  });

  it('says which masking patterns it cannot apply', async () => {
    const res = await datasource(
      withProm(prom.url),
      {},
      {
        tempoDatasourceUid: 'tempo',
        prometheusDatasourceUid: 'prom',
        piiMasking: {
          customPatterns: [
            { name: 'ok', pattern: 'EMP-\\d+' },
            { name: 'bad', pattern: '(unclosed' },
          ],
        },
      }
    ).testDatasource();
    expect(res.status).toBe('error');
    expect(res.message).toMatch(/^Tempo: connected/);
    expect(res.message).toMatch(/ Masking patterns not applied: "bad": .+\.$/);
    expect(res.message).not.toContain('"ok"');
  });

  it('still reports Tempo when Prometheus is down', async () => {
    const port = await freePort();
    const res = await datasource(withProm(`http://127.0.0.1:${port}`)).testDatasource();
    expect(res.status).toBe('warning');
    expect(res.message).toMatch(/^Tempo: connected/);
    expect(res.message).toMatch(
      new RegExp(`Prometheus: Prometheus is unreachable at http://127.0.0.1:${port}: ECONNREFUSED`)
    );
  });
});

describe('chats from Loki', () => {
  const lokiRecordings: RecordingFile = JSON.parse(
    readFileSync(path.resolve(__dirname, '../../fixtures/loki/recordings.json'), 'utf8')
  );
  const SEMCONV_TRACE = '3ad3ad761cade16ba65971000e65a969';

  function lokiDataSource(jsonData: GenAiDataSourceOptions, loki: HttpTransport) {
    const calls: string[] = [];
    const factory: TransportFactory = (uid, backend) => ({
      backend,
      getJson: (req) => {
        calls.push(`${backend} ${req.path}`);
        return (uid === 'loki' ? loki : replayTransport(recordings)).getJson(req);
      },
    });
    const ds = new GenAiDataSource(settings(jsonData), factory, templateSrv({}), () => Promise.resolve(realPrices));
    return { ds, calls };
  }

  it('asks Loki once per trace, whatever the number of spans opened, and decodes every LLM call', async () => {
    const { ds, calls } = lokiDataSource(
      { tempoDatasourceUid: 'tempo', lokiDatasourceUid: 'loki' },
      replayTransport(lokiRecordings, 'Loki')
    );
    const req = { traceId: SEMCONV_TRACE, services: ['fixture-semconv'], startMs: 0, endMs: 1 };
    const [a, b] = await Promise.all([ds.traceLogMessages(req), ds.traceLogMessages(req)]);
    await ds.traceLogMessages(req);
    expect(a).toBe(b);
    expect(calls).toEqual(['Loki /loki/api/v1/query_range']);
    expect(a.bySpan.size).toBe(4);
    expect(a.bySpan.get('a76cb3d6a31f702d')!.input.map((m) => m.role)).toEqual(['system', 'user']);
  });

  it('does not keep a failure: Loki down now is asked again on the next open', async () => {
    let up = false;
    const loki: HttpTransport = {
      backend: 'Loki',
      getJson: (req) =>
        up
          ? replayTransport(lokiRecordings, 'Loki').getJson(req)
          : Promise.reject(new BackendError('Loki', 'unreachable', 'Loki is unreachable through Grafana (HTTP 502)')),
    };
    const { ds } = lokiDataSource({ lokiDatasourceUid: 'loki' }, loki);
    const req = { traceId: SEMCONV_TRACE, services: ['fixture-semconv'], startMs: 0, endMs: 1 };
    await expect(ds.traceLogMessages(req)).rejects.toThrow('Loki is unreachable through Grafana (HTTP 502)');
    up = true;
    expect((await ds.traceLogMessages(req)).bySpan.size).toBe(4);
  });

  it('says when no Loki is configured or its stream selector is invalid, and Save & test reports the latter', async () => {
    const none = lokiDataSource({ tempoDatasourceUid: 'tempo' }, replayTransport(lokiRecordings, 'Loki')).ds;
    await expect(none.traceLogMessages({ traceId: '1', services: [], startMs: 0, endMs: 1 })).rejects.toThrow(
      'No Loki data source is selected'
    );
    const bad = lokiDataSource(
      { tempoDatasourceUid: 'tempo', lokiDatasourceUid: 'loki', lokiStreamSelector: 'job=x' },
      replayTransport(lokiRecordings, 'Loki')
    ).ds;
    await expect(bad.traceLogMessages({ traceId: '1', services: [], startMs: 0, endMs: 1 })).rejects.toThrow(
      'Loki stream selector not used'
    );
    const test = await bad.testDatasource();
    expect(test.status).toBe('error');
    expect(test.message).toContain('Loki: connected (Loki v3.7.6)');
    expect(test.message).toContain('Loki stream selector not used: A stream selector is one');
  });

  it('trace-by-id frames say Loki can fill their chats, and through which data source', async () => {
    const { ds } = lokiDataSource(
      { tempoDatasourceUid: 'tempo', lokiDatasourceUid: 'loki' },
      replayTransport(lokiRecordings, 'Loki')
    );
    const res = await firstValueFrom(
      ds.query(request([{ refId: 'A', queryType: 'traceById', traceId: SEMCONV_TRACE }]))
    );
    expect(res.errors).toBeUndefined();
    expect(res.data[0].meta.custom).toMatchObject({ datasourceUid: 'genai-uid', logsFromLoki: true });
  });
});
