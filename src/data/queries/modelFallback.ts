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
