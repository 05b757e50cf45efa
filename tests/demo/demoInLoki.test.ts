/** @jest-environment node */
/**
 * The demo app's logs in a real Loki (LOKI_URL; skipped without it, as CI has no Loki): the demo
 * runs once, exporting its GenAI log records over OTLP/HTTP protobuf to Loki, as the compose stack
 * does, and its traces to an in-process receiver; then every answered LLM call's chat is read back
 * through the data source's one query per trace.
 */
import { fetchTransport } from '../../src/data/http/transport';
import { LokiClient } from '../../src/data/loki/lokiClient';
import { loadTraceLogMessages } from '../../src/data/loki/traceLogMessages';
import { traceLogQuery } from '../../src/data/loki/traceLogQuery';
import { buildTraceFromPayload } from '../../src/data/trace/loadTrace';
import { waitUntilQueryable } from '../helpers/otlpLogs';
import { pipelineOptions } from '../helpers/pipeline';
import { runDemoOneShot } from './demoProcess';

const LOKI = process.env.LOKI_URL?.replace(/\/+$/, '');
const suite = LOKI ? describe : describe.skip;

suite(`demo app logs in Loki${LOKI ? '' : ' (skipped: set LOKI_URL)'}`, () => {
  it('every answered LLM call of the demo shows its user prompt and the model’s answer from Loki', async () => {
    const demo = await runDemoOneShot({
      conversations: 1,
      seed: 'jest-demo-loki',
      env: { DEMO_VERSIONS: 'v2' },
      otlpEnv: (url) => ({
        OTEL_EXPORTER_OTLP_ENDPOINT: url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_METRIC_EXPORT_INTERVAL: '600000',
        OTEL_LOGS_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: `${LOKI}/otlp/v1/logs`,
        OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/protobuf',
      }),
      timeoutMs: 85_000,
    });
    const ids = new Set<string>();
    for (const req of demo.received.traces) {
      for (const rs of req.resourceSpans ?? []) {
        for (const ss of rs.scopeSpans ?? []) {
          for (const s of ss.spans ?? []) {
            ids.add(String(s.traceId).toLowerCase());
          }
        }
      }
    }
    const loki = new LokiClient(fetchTransport(LOKI!, { backend: 'Loki' }));
    let calls = 0;
    for (const id of ids) {
      const trace = buildTraceFromPayload(
        id,
        { resourceSpans: demo.received.traces.flatMap((r) => r.resourceSpans) },
        pipelineOptions()
      );
      const chats = trace.nodes.filter(
        (n) => n.span.kind === 'llm' && n.span.status !== 'error' && n.span.traceId === id
      );
      if (!chats.length) {
        continue;
      }
      await waitUntilQueryable(LOKI!, traceLogQuery({ traceId: id, services: ['genai-demo-agent'] }), chats.length * 2);
      const logs = await loadTraceLogMessages(loki, {
        traceId: id,
        services: ['genai-demo-agent'],
        startMs: trace.startMs,
        endMs: trace.endMs,
      });
      for (const n of chats) {
        const m = logs.bySpan.get(n.span.spanId)!;
        expect({ span: n.span.name, roles: m && [...m.input, ...m.output].map((x) => x.role) }).toEqual({
          span: n.span.name,
          roles: expect.arrayContaining(['user', 'assistant']),
        });
        expect(m.output.at(-1)!.role).toBe('assistant');
        calls++;
      }
    }
    expect(calls).toBeGreaterThan(2);
  }, 120_000);
});
