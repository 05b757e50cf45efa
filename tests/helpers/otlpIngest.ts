// Sends recorded OTLP/JSON fixtures to a Tempo's OTLP/HTTP receiver, moved to "now" so they fall
// inside search windows, and waits until Tempo can find them.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const OTLP_FIXTURE_DIR = path.resolve(__dirname, '../../fixtures/otlp');

export interface OtlpFixture {
  dialect: string;
  traceIds: string[];
  payload: { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<Record<string, unknown>> }> }> };
}

export function loadOtlpFixtures(dir = OTLP_FIXTURE_DIR): OtlpFixture[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.otlp.json'))
    .sort()
    .map((f) => {
      const payload = JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
      const ids = new Set<string>();
      for (const rs of payload.resourceSpans ?? []) {
        for (const ss of rs.scopeSpans ?? []) {
          for (const s of ss.spans ?? []) {
            ids.add(String(s.traceId).toLowerCase());
          }
        }
      }
      return { dialect: f.replace(/\.otlp\.json$/, ''), traceIds: [...ids], payload };
    });
}

/** Shifts every timestamp so the fixture's last span ends `lagMs` before `nowMs`. */
export function shiftToNow<T>(payload: T, nowMs = Date.now(), lagMs = 5_000): T {
  const text = JSON.stringify(payload);
  let maxEnd = BigInt(0);
  for (const m of text.matchAll(/"endTimeUnixNano":"?(\d+)"?/g)) {
    const v = BigInt(m[1]);
    if (v > maxEnd) {
      maxEnd = v;
    }
  }
  const delta = BigInt(nowMs - lagMs) * BigInt(1_000_000) - maxEnd;
  return JSON.parse(
    text.replace(
      /"(startTimeUnixNano|endTimeUnixNano|timeUnixNano)":"?(\d+)"?/g,
      (_m, k, v) => `"${k}":"${(BigInt(v) + delta).toString()}"`
    )
  );
}

export async function ingest(otlpTracesUrl: string, payload: unknown): Promise<void> {
  const res = await fetch(otlpTracesUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(payload),
  });
  if (!res.ok) {
    throw new Error(`OTLP export to ${otlpTracesUrl} failed: HTTP ${res.status} ${await res.text()}`);
  }
}

/** Polls Tempo search until every trace id is found (recent data becomes searchable after a while). */
export async function waitUntilSearchable(tempoUrl: string, traceIds: string[], timeoutMs = 180_000): Promise<void> {
  const want = new Set(traceIds.map((t) => t.replace(/^0+/, '')));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = Math.floor(Date.now() / 1000);
    const res = await fetch(
      `${tempoUrl}/api/search?q=${encodeURIComponent('{ }')}&limit=1000&start=${now - 3600}&end=${now + 60}`
    );
    const body = (await res.json()) as { traces?: Array<{ traceID: string }> };
    const found = new Set((body.traces ?? []).map((t) => t.traceID.replace(/^0+/, '')));
    const missing = [...want].filter((t) => !found.has(t));
    if (!missing.length) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Tempo at ${tempoUrl} did not make ${missing.length} trace(s) searchable within ${timeoutMs / 1000} s`
      );
    }
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

/** Gives every trace a fresh random id (live runs re-ingest into a Tempo that may hold the old ones). */
export function withFreshTraceIds<T>(payload: T): { payload: T; idMap: Map<string, string> } {
  const idMap = new Map<string, string>();
  const text = JSON.stringify(payload).replace(/"traceId":"([0-9a-fA-F]{32})"/g, (_m, id: string) => {
    const key = id.toLowerCase();
    if (!idMap.has(key)) {
      idMap.set(key, Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join(''));
    }
    return `"traceId":"${idMap.get(key)}"`;
  });
  return { payload: JSON.parse(text), idMap };
}

/** Polls a TraceQL metrics query until it returns series (Tempo serves metrics a little later than search). */
export async function waitUntilMetricsReady(tempoUrl: string, q: string, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = Math.floor(Date.now() / 1000);
    const res = await fetch(
      `${tempoUrl}/api/metrics/query_range?q=${encodeURIComponent(q)}&start=${now - 3600}&end=${now + 60}&step=300s`
    );
    const body = (await res.json().catch(() => ({}))) as { series?: unknown[] };
    if (res.ok && body.series?.length) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`Tempo at ${tempoUrl} returned no TraceQL metrics within ${timeoutMs / 1000} s`);
    }
    await new Promise((r) => setTimeout(r, 3_000));
  }
}
