/**
 * An instance that changed version within the range (a redeploy that kept job and instance) has
 * two target_info series. The version join must stay one-to-one — Prometheus rejects a
 * group_left with duplicate series on the right — and attribute the instance to its newest version.
 *
 * @jest-environment node
 */
import { fetchTransport } from '../http/transport';
import { detectMetricInventory } from '../metrics/metricInventory';
import { PrometheusClient } from '../prometheus/prometheusClient';
import { startPrometheus, type RunningPrometheus } from '../../../tests/helpers/prometheusServer';
import { fetchVersionData } from './versionComparison';

jest.setTimeout(120_000);

const STEP = 15;
const END = Math.floor(Date.now() / 1000 / STEP) * STEP - 120;
const STEPS = 240; // one hour
const start = END - STEPS * STEP;

function openMetrics(): string {
  const id = 'job="app",instance="i1"';
  const base = `gen_ai_operation_name="chat",gen_ai_request_model="gpt-4o",${id}`;
  const lines: string[] = ['# TYPE gen_ai_client_inference_duration_seconds histogram'];
  for (let i = 0; i <= STEPS; i++) {
    const t = start + i * STEP;
    // One call per step, every call 0.5 s.
    lines.push(`gen_ai_client_inference_duration_seconds_bucket{${base},le="1.0"} ${i} ${t}`);
    lines.push(`gen_ai_client_inference_duration_seconds_bucket{${base},le="+Inf"} ${i} ${t}`);
    lines.push(`gen_ai_client_inference_duration_seconds_sum{${base}} ${0.5 * i} ${t}`);
    lines.push(`gen_ai_client_inference_duration_seconds_count{${base}} ${i} ${t}`);
  }
  lines.push('# TYPE target_info gauge');
  for (let i = 0; i <= STEPS; i++) {
    // v1 until 15 minutes before the end: both versions are inside the 30-minute range.
    const version = i < (STEPS * 3) / 4 ? 'v1' : 'v2';
    lines.push(`target_info{${id},service_version="${version}"} 1 ${start + i * STEP}`);
  }
  return `${lines.join('\n')}\n# EOF\n`;
}

describe('version comparison with the version joined from target_info', () => {
  let prom: RunningPrometheus;
  beforeAll(async () => {
    prom = await startPrometheus(openMetrics());
  });
  afterAll(() => prom?.stop());

  it('keeps the join one-to-one when an instance changed version within the range', async () => {
    const client = new PrometheusClient(fetchTransport(prom.url, { backend: 'Prometheus' }));
    const inventory = await detectMetricInventory(client);
    expect(inventory.version).toBe('target_info');
    const data = await fetchVersionData(
      {
        prometheus: client,
        range: { start: END - 1800, end: END },
        scrapeIntervalSec: STEP,
        inventory: async () => inventory,
      },
      {}
    );
    // The instance's newest version holds its calls of the range: 1800 s / 15 s = 120 calls.
    expect(data.samples.requests?.v2).toEqual({ kind: 'total', value: 120 });
    expect(data.samples.requests?.v1).toBeUndefined();
  });
});
