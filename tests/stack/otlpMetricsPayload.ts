// OTLP/JSON metrics export requests (the body an OTel SDK's OTLP/HTTP exporter posts), for
// pushing GenAI histograms into a real Prometheus 3 OTLP receiver in tests.
import { kvs, type Plain } from '../helpers/otlpBuilders';

export interface HistogramPoint {
  attrs: Record<string, Plain>;
  /** Recorded values; count, sum and bucket counts are derived from them. */
  values: number[];
}

export interface HistogramSpec {
  name: string;
  unit: string;
  bounds: number[];
  points: HistogramPoint[];
}

const CUMULATIVE = 2;

function bucketCounts(values: number[], bounds: number[]): string[] {
  const counts = new Array(bounds.length + 1).fill(0);
  for (const v of values) {
    const i = bounds.findIndex((b) => v <= b);
    counts[i === -1 ? bounds.length : i] += 1;
  }
  return counts.map(String);
}

/** One resource (e.g. one pipeline version of the demo agent) with cumulative histograms. */
export function otlpHistogramRequest(
  resource: Record<string, Plain>,
  histograms: HistogramSpec[],
  startMs: number,
  nowMs = Date.now()
) {
  const ns = (ms: number) => (BigInt(ms) * BigInt(1_000_000)).toString();
  return {
    resourceMetrics: [
      {
        resource: { attributes: kvs(resource) },
        scopeMetrics: [
          {
            scope: { name: 'genai-observability-tests' },
            metrics: histograms.map((h) => ({
              name: h.name,
              unit: h.unit,
              histogram: {
                aggregationTemporality: CUMULATIVE,
                dataPoints: h.points.map((p) => ({
                  attributes: kvs(p.attrs),
                  startTimeUnixNano: ns(startMs),
                  timeUnixNano: ns(nowMs),
                  count: String(p.values.length),
                  sum: p.values.reduce((a, b) => a + b, 0),
                  bucketCounts: bucketCounts(p.values, h.bounds),
                  explicitBounds: h.bounds,
                })),
              },
            })),
          },
        ],
      },
    ],
  };
}

export async function pushOtlpMetrics(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) {
    throw new Error(`OTLP metrics push to ${url} failed: HTTP ${res.status} ${await res.text()}`);
  }
}
