/**
 * Reads metric points out of OTLP/JSON ExportMetricsServiceRequests (what the demo exports):
 * the latest cumulative point of every series, for sums and histograms alike.
 */
import { decodeKeyValues, type Attributes } from '../../src/data/otlp/anyValue';
import type { OtlpKeyValue } from '../../src/data/otlp/types';

export interface MetricPoint {
  name: string;
  /** The resource's service.version. */
  version: string;
  attributes: Attributes;
  /** Counter value, or the histogram's sum. */
  value: number;
  /** Histogram count (undefined for counters). */
  count?: number;
  time: bigint;
  temporality: number;
  monotonic?: boolean;
}

export function latestPoints(requests: any[]): MetricPoint[] {
  const latest = new Map<string, MetricPoint>();
  for (const req of requests) {
    for (const rm of req.resourceMetrics ?? []) {
      const resource = decodeKeyValues(rm.resource?.attributes as OtlpKeyValue[]);
      for (const sm of rm.scopeMetrics ?? []) {
        for (const m of sm.metrics ?? []) {
          const data = m.sum ?? m.histogram;
          for (const dp of data?.dataPoints ?? []) {
            const attributes = decodeKeyValues(dp.attributes as OtlpKeyValue[]);
            const point: MetricPoint = {
              name: m.name,
              version: String(resource['service.version']),
              attributes,
              value: m.sum ? Number(dp.asInt ?? dp.asDouble ?? 0) : Number(dp.sum ?? 0),
              count: m.histogram ? Number(dp.count) : undefined,
              time: BigInt(dp.timeUnixNano),
              temporality: data.aggregationTemporality,
              monotonic: m.sum?.isMonotonic,
            };
            const key = JSON.stringify([m.name, point.version, Object.entries(attributes).sort()]);
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

/** Sum of `value` (or `count`) per key over the points of one metric. */
export function totalBy(
  points: MetricPoint[],
  name: string,
  key: (p: MetricPoint) => string,
  field: 'value' | 'count' = 'value'
): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of points) {
    if (p.name === name) {
      const k = key(p);
      out.set(k, (out.get(k) ?? 0) + (p[field] ?? 0));
    }
  }
  return out;
}
