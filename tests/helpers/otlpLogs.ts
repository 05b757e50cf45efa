// The log-record fixtures (fixtures/otlp/*.logs.json, written by real instrumentations) as Loki
// receives them: moved to "now" (Loki's queriers ask ingesters only about recent hours), optionally
// under fresh trace ids (a live Loki keeps what earlier runs sent), sent to Loki's OTLP endpoint.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { OTLP_FIXTURE_DIR } from './otlpIngest';

interface OtlpLogRecord {
  timeUnixNano?: string;
  observedTimeUnixNano?: string;
  traceId?: string;
  spanId?: string;
  eventName?: string;
  body?: unknown;
  attributes?: Array<{ key: string; value: Record<string, unknown> }>;
}

export interface OtlpLogsPayload {
  resourceLogs: Array<{
    resource?: { attributes?: Array<{ key: string; value: { stringValue?: string } }> };
    scopeLogs: Array<{ scope?: { name?: string }; logRecords: OtlpLogRecord[] }>;
  }>;
}

export interface LogFixture {
  dialect: string;
  payload: OtlpLogsPayload;
  traceIds: string[];
  /** `service.name` of each resource: Loki's `service_name` stream label. */
  services: string[];
}

export function loadLogFixtures(dir = OTLP_FIXTURE_DIR): LogFixture[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.logs.json'))
    .sort()
    .map((f) => {
      const payload = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as OtlpLogsPayload;
      const records = allRecords(payload);
      return {
        dialect: f.replace(/\.logs\.json$/, ''),
        payload,
        traceIds: [...new Set(records.map((r) => String(r.traceId).toLowerCase()))],
        services: [
          ...new Set(
            payload.resourceLogs.map(
              (rl) => rl.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? ''
            )
          ),
        ],
      };
    });
}

export function allRecords(payload: OtlpLogsPayload): OtlpLogRecord[] {
  return payload.resourceLogs.flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords));
}

/** Every record moved by one offset so the last one is `lagMs` before now; order is kept. */
export function shiftLogsToNow(payload: OtlpLogsPayload, nowMs = Date.now(), lagMs = 5_000): OtlpLogsPayload {
  const copy = structuredClone(payload);
  const records = allRecords(copy);
  const last = records.reduce((m, r) => (BigInt(r.timeUnixNano ?? 0) > m ? BigInt(r.timeUnixNano ?? 0) : m), BigInt(0));
  const delta = BigInt(nowMs - lagMs) * BigInt(1_000_000) - last;
  for (const r of records) {
    for (const k of ['timeUnixNano', 'observedTimeUnixNano'] as const) {
      if (r[k]) {
        r[k] = (BigInt(r[k]!) + delta).toString();
      }
    }
  }
  return copy;
}

/** The same records under new random trace ids (one per original id); returns the mapping too. */
export function withFreshTraceIds(payload: OtlpLogsPayload): { payload: OtlpLogsPayload; ids: Map<string, string> } {
  const copy = structuredClone(payload);
  const ids = new Map<string, string>();
  for (const r of allRecords(copy)) {
    const old = String(r.traceId).toLowerCase();
    if (!ids.has(old)) {
      ids.set(old, randomBytes(16).toString('hex'));
    }
    r.traceId = ids.get(old);
  }
  return { payload: copy, ids };
}

/** Sends records to an OTLP/HTTP logs endpoint (Loki: /otlp/v1/logs) as JSON. */
export { ingest as ingestLogs } from './otlpIngest';

/** Polls Loki until it returns `count` records for the trace (ingestion is asynchronous). */
export async function waitUntilQueryable(
  lokiUrl: string,
  query: string,
  count: number,
  timeoutMs = 60_000
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = Date.now();
    const sp = new URLSearchParams({
      query,
      start: `${now - 3_600_000}000000`,
      end: `${now + 60_000}000000`,
      limit: '5000',
    });
    const body = (await (await fetch(`${lokiUrl}/loki/api/v1/query_range?${sp}`)).json()) as {
      data?: { result?: Array<{ values?: unknown[] }> };
    };
    const got = (body.data?.result ?? []).reduce((n, s) => n + (s.values?.length ?? 0), 0);
    if (got >= count) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Loki at ${lokiUrl} returned ${got} of ${count} records for ${query} within ${timeoutMs / 1000} s`
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
