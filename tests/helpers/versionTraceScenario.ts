// The version comparison from TraceQL metrics, against a real Tempo: ingest versionTraces, wait
// until Tempo counts every call, then run the comparison. Used live (TEMPO_URL) by the test and by
// scripts/record-tempo-fixtures.ts, which keeps the exchanges for the replayed test.
import { ingest, shiftToNow, withFreshTraceIds } from './otlpIngest';
import { VERSION_TRACE_SERVICE, versionTraces, type VersionTraces } from './versionTraces';

/** Traces per version, their spread (Tempo 3 live-store keeps exact block times within 2 min of ingestion). */
export const SCENARIO = { traces: 150, spreadMs: 90_000, rangeSec: 120, scrapeIntervalSec: 3 };
export const SCENARIO_FILTERS = { service: [VERSION_TRACE_SERVICE] };

export function scenarioTraces(service = VERSION_TRACE_SERVICE): VersionTraces {
  return versionTraces({ traces: SCENARIO.traces, endMs: 0, spreadMs: SCENARIO.spreadMs, service });
}

/**
 * Ingests the scenario; returns the range that holds all of it. Recordings use the fixed service
 * name on a fresh Tempo; live runs pass their own, so an earlier run's spans never count.
 */
export async function ingestScenario(
  otlpUrl: string,
  tempoUrl: string,
  service = VERSION_TRACE_SERVICE
): Promise<{ start: number; end: number }> {
  const t = scenarioTraces(service);
  const nowMs = Date.now();
  // Fresh trace ids: a live Tempo may still hold an earlier run's traces.
  await ingest(otlpUrl, shiftToNow(withFreshTraceIds(t.payload).payload, nowMs, 5_000));
  const end = Math.ceil(nowMs / 1000) + 10;
  const range = { start: end - SCENARIO.rangeSec, end };
  const perVersion: Record<string, number> = {};
  t.calls.forEach((c) => (perVersion[c.version] = (perVersion[c.version] ?? 0) + 1));
  await waitUntilCounted(tempoUrl, range, perVersion, service);
  return range;
}

/** Polls until Tempo's count_over_time gives every version all its calls. */
async function waitUntilCounted(
  tempoUrl: string,
  range: { start: number; end: number },
  expected: Record<string, number>,
  service: string
) {
  const q = `{ resource.service.name = ${JSON.stringify(service)} && span.gen_ai.operation.name = "chat" } | count_over_time() by (resource.service.version)`;
  const want = JSON.stringify(Object.entries(expected).sort());
  const deadline = Date.now() + 180_000;
  for (;;) {
    const res = await fetch(
      `${tempoUrl}/api/metrics/query?q=${encodeURIComponent(q)}&start=${range.start}&end=${range.end}`
    );
    const body = (await res.json().catch(() => ({}))) as {
      series?: Array<{ value?: number; labels?: Array<{ key: string; value: { stringValue?: string } }> }>;
    };
    const got = (body.series ?? []).map((s) => [
      s.labels?.find((l) => l.key === 'resource.service.version')?.value.stringValue ?? '',
      Number(s.value),
    ]);
    if (JSON.stringify(got.sort()) === want) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Tempo at ${tempoUrl} did not count ${want} calls per version within 180 s: ${JSON.stringify(got)}`
      );
    }
    await new Promise((r) => setTimeout(r, 2_000));
  }
}
