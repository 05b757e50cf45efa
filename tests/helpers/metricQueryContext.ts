// Shared by the tests that run the data source's metric queries on a real Prometheus.
import type { DataFrame } from '@grafana/data';
import { fetchTransport } from '../../src/data/http/transport';
import { detectMetricInventory } from '../../src/data/metrics/metricInventory';
import { PrometheusClient } from '../../src/data/prometheus/prometheusClient';
import type { MetricQueryContext } from '../../src/data/queries/metricQueries';

/** A query context over [start, end] on a real Prometheus, with the inventory detected once. */
export async function metricContext(
  url: string,
  range: { start: number; end: number },
  o: { maxSeries: number; scrapeIntervalSec: number }
) {
  const client = new PrometheusClient(fetchTransport(url, { backend: 'Prometheus' }));
  const inventory = await detectMetricInventory(client);
  const ctx: MetricQueryContext = {
    prometheus: client,
    range,
    stepSec: 60,
    scrapeIntervalSec: o.scrapeIntervalSec,
    inventory: async () => inventory,
    maxSeries: o.maxSeries,
  };
  return { inventory, ctx };
}

/** The last value of each series, keyed by the frame's display name. */
export function lastValues(frames: DataFrame[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of frames) {
    const values = f.fields[1]?.values ?? [];
    out[f.name ?? ''] = values[values.length - 1];
  }
  return out;
}
