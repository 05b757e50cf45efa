// The Loki exchanges the contract tests replay (fixtures/loki/recordings.json) and run live
// (LOKI_URL): one trace-log query per fixture trace, a trace Loki holds no records for, one
// cut short by a small limit, and the build info the health check asks.
import { LokiClient } from '../../src/data/loki/lokiClient';
import { loadTraceLogMessages, type TraceLogMessages } from '../../src/data/loki/traceLogMessages';
import type { LogFixture } from './otlpLogs';

/** A trace with spans in Tempo (openlit puts its content on spans) and no records in Loki. */
export const TRACE_WITHOUT_LOGS = { traceId: '8d4eb0c1b1d12ba1943c4b513eded036', services: ['fixture-openlit'] };
export const SMALL_LIMIT = 3;
/** A stream selector from the settings that matches none of the fixtures' streams. */
export const ELSEWHERE_SELECTOR = '{service_name="genai-no-such-service"}';

export interface LokiScenarioResults {
  byTrace: Map<string, TraceLogMessages>;
  withoutLogs: TraceLogMessages;
  truncated: TraceLogMessages;
  /** The first trace under a configured stream selector that holds none of its records. */
  elsewhere: TraceLogMessages;
  version?: string;
}

/**
 * `traceIdOf` maps a fixture trace id to the one it was sent under (fresh ids live, the same in
 * recordings); the window is the time the records were moved to.
 */
export async function runLokiScenarios(
  loki: LokiClient,
  fixtures: LogFixture[],
  window: { startMs: number; endMs: number },
  traceIdOf: (id: string) => string = (id) => id
): Promise<LokiScenarioResults> {
  const byTrace = new Map<string, TraceLogMessages>();
  for (const f of fixtures) {
    for (const id of f.traceIds) {
      byTrace.set(id, await loadTraceLogMessages(loki, { traceId: traceIdOf(id), services: f.services, ...window }));
    }
  }
  const withoutLogs = await loadTraceLogMessages(loki, { ...TRACE_WITHOUT_LOGS, ...window });
  const first = fixtures[0];
  const truncated = await loadTraceLogMessages(
    loki,
    { traceId: traceIdOf(first.traceIds[0]), services: first.services, ...window },
    { limit: SMALL_LIMIT }
  );
  const semconv = fixtures.find((f) => f.dialect === 'semconv') ?? first;
  const elsewhere = await loadTraceLogMessages(loki, {
    traceId: traceIdOf(semconv.traceIds[0]),
    services: semconv.services,
    streamSelector: ELSEWHERE_SELECTOR,
    ...window,
  });
  const { version } = await loki.buildInfo();
  return { byTrace, withoutLogs, truncated, elsewhere, version };
}
