// A call answered by another model than the one asked for: a fallback of the gateway or SDK.

// A snapshot or alias suffix: gpt-4o → gpt-4o-2024-08-06, claude-sonnet-4 → claude-sonnet-4-20250514.
const SNAPSHOT_SUFFIX = /^[-@:.]?(\d[\d-]*|latest|v\d+(\.\d+)*)$/i;

/** The call was answered by another model than the one asked for (not a dated snapshot of it). */
export function isFallback(requested: string, response: string): boolean {
  if (response === requested) {
    return false;
  }
  return !(response.startsWith(requested) && SNAPSHOT_SUFFIX.test(response.slice(requested.length)));
}

export interface FallbackCount {
  fallback: number;
  /** Calls whose response model is known. */
  known: number;
}

/**
 * Fallbacks per version from call counts grouped by requested and response model (Prometheus
 * series or TraceQL-metrics series alike); rows without both models are not counted.
 */
export function fallbacksByVersion(
  rows: Array<{ labels: Record<string, string>; value: number }>,
  keys: { version: string; requested: string; response: string | undefined }
): Record<string, FallbackCount> {
  const out: Record<string, FallbackCount> = {};
  for (const r of rows) {
    const v = r.labels[keys.version];
    const asked = r.labels[keys.requested];
    const got = keys.response ? r.labels[keys.response] : undefined;
    if (v === undefined || !asked || !got || !Number.isFinite(r.value)) {
      continue;
    }
    const e = (out[v] ??= { fallback: 0, known: 0 });
    e.known += r.value;
    if (isFallback(asked, got)) {
      e.fallback += r.value;
    }
  }
  return out;
}
