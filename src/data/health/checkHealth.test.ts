/**
 * The Prometheus part of the health check on a real Prometheus holding old and 2026 GenAI names.
 *
 * @jest-environment node
 */
import { fetchTransport } from '../http/transport';
import { PrometheusClient } from '../prometheus/prometheusClient';
import { checkHealth } from './checkHealth';
import { startPrometheus, type RunningPrometheus } from '../../../tests/helpers/prometheusServer';
import { plansFor, SERIES, syntheticOpenMetrics2026 } from '../../../tests/helpers/syntheticMetrics';

jest.setTimeout(60_000);

describe('health check lists the GenAI metrics Prometheus holds', () => {
  let prom: RunningPrometheus | undefined;
  afterEach(() => prom?.stop());

  const report = async (text: string) => {
    prom = await startPrometheus(text);
    const client = new PrometheusClient(fetchTransport(prom.url, { backend: 'Prometheus' }));
    return (await checkHealth(undefined, client)).prometheus!;
  };
  const END = () => Math.floor(Date.now() / 1000) - 30;

  it('names the 2026 families first, then the others', async () => {
    // One app mid-migration: every call under both generations' names.
    const text = syntheticOpenMetrics2026({
      endSec: END(),
      durationSec: 300,
      promoteVersion: true,
      plans: plansFor('both'),
      agentAndToolSeries: true,
    });
    const p = await report(text);
    expect(p.ok).toBe(true);
    const m =
      /^connected \(Prometheus [^)]+\); (\d+) GenAI metric\(s\), (\d+) under the 2026 GenAI names: (.*); others: (.*)$/.exec(
        p.message
      );
    expect(m).not.toBeNull();
    const current = m![3].split(', ');
    expect(current).toEqual([
      'gen_ai_client_inference_duration_seconds',
      'gen_ai_client_inference_operation_input_tokens',
      'gen_ai_client_inference_operation_output_tokens',
      'gen_ai_client_inference_time_to_first_chunk_seconds',
      'gen_ai_client_inference_usage_cache_read_input_tokens',
      'gen_ai_client_inference_usage_cache_write_input_tokens',
      'gen_ai_client_inference_usage_input_tokens',
      'gen_ai_client_inference_usage_output_tokens',
      '…',
    ]);
    // …then reasoning tokens, execute_tool and invoke_agent durations: 11 in all.
    expect(Number(m![2])).toBe(11);
    expect(m![4].split(', ')).toEqual([
      'gen_ai_client_operation_duration_seconds',
      'gen_ai_client_operation_time_to_first_chunk_seconds',
      'gen_ai_client_token_usage',
      'gen_ai_server_time_to_first_token_seconds',
    ]);
    expect(Number(m![1])).toBe(15);
  });

  it('keeps the short summary when only the old names are there', async () => {
    const plans = plansFor('old', 'server', SERIES);
    const p = await report(syntheticOpenMetrics2026({ endSec: END(), durationSec: 300, promoteVersion: true, plans }));
    expect(p.message).toMatch(
      /^connected \(Prometheus [^)]+\); 3 GenAI metric\(s\): gen_ai_client_operation_duration_seconds, gen_ai_client_token_usage, gen_ai_server_time_to_first_token_seconds$/
    );
  });
});
