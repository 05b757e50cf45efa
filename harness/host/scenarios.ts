// Example queries for the harness pages. Trace ids and the TraceQL metrics query come from the
// server (the recorded Tempo exchanges), so replayed Tempo answers every one of them.
import type { DataQuery } from '@grafana/data';
import type { HarnessTimeRange } from './queryRunner';

export interface QueryScenario {
  name: string;
  query: DataQuery & Record<string, unknown>;
  intervalMs?: number;
  range?: HarnessTimeRange;
}

declare global {
  interface Window {
    __harnessScenarioData: { traceIds: string[]; traceqlMetrics: string; traceqlMetricsStepMs: number };
  }
}

export function genaiScenarios(): QueryScenario[] {
  const d = window.__harnessScenarioData;
  return [
    { name: 'traceSearch', query: { refId: 'A', queryType: 'traceSearch', filters: {} } },
    { name: 'traceById', query: { refId: 'A', queryType: 'traceById', traceId: d.traceIds[0] ?? '' } },
    { name: 'tracePoints', query: { refId: 'A', queryType: 'tracePoints', filters: {} } },
    // The demo agent app's traces (fixtures/tempo/demo-traces.recordings.json).
    {
      name: 'tracePointsDemo',
      query: { refId: 'A', queryType: 'tracePoints', filters: { services: ['genai-demo-agent'] } },
    },
    { name: 'versionAggregates', query: { refId: 'A', queryType: 'versionAggregates', filters: {} } },
    // The demo's agents, tools and models as node-graph frames (the same replayed searches).
    {
      name: 'agentGraphDemo',
      query: { refId: 'A', queryType: 'agentGraph', filters: { services: ['genai-demo-agent'] } },
    },
    {
      name: 'metrics',
      query: {
        refId: 'A',
        queryType: 'metrics',
        metric: { mode: 'builder', signal: 'requestRate', groupBy: ['model'] },
      },
    },
    {
      name: 'metricsPromql',
      query: {
        refId: 'A',
        queryType: 'metrics',
        metric: {
          mode: 'promql',
          expr: 'sum by (gen_ai_token_type) (rate(gen_ai_client_token_usage_sum[$__rate_interval]))',
        },
      },
    },
    {
      name: 'versionComparison',
      query: {
        refId: 'A',
        queryType: 'versionComparison',
        versionComparison: { baseline: 'fixed', baselineVersion: 'v1' },
      },
    },
    {
      name: 'traceqlMetrics',
      query: { refId: 'A', queryType: 'traceqlMetrics', traceqlMetrics: d.traceqlMetrics },
      intervalMs: d.traceqlMetricsStepMs,
    },
  ];
}

export function scenarioFor(uid: string, name: string): QueryScenario {
  const s = genaiScenarios().find((x) => x.name === name);
  if (!s) {
    throw new Error(
      `No query scenario "${name}" for data source ${uid}; known: ${genaiScenarios()
        .map((x) => x.name)
        .join(', ')}`
    );
  }
  return s;
}
