// Every value placed in LogQL goes through here. LogQL unquotes double-quoted strings with Go's
// rules and matches regexes with RE2, as PromQL does, so the PromQL encoders serve.
import { labelMatcher, promqlString } from '../metrics/promqlEscape';

/** Loki's name for a resource without `service.name` (its OTLP ingestion). */
export const LOKI_UNKNOWN_SERVICE = 'unknown_service';

export interface TraceLogQueryInput {
  traceId: string;
  /** The trace's `service.name`s; Loki's OTLP ingestion makes each a `service_name` stream label. */
  services: string[];
  /** A LogQL stream selector from the settings, used instead of the services (e.g. `{job="genai"}`). */
  streamSelector?: string;
}

const HEX_ID = /^[0-9a-f]{1,32}$/;

/** Loki keeps trace ids as 32 lowercase hex digits; Tempo accepts them shorter. */
export function lokiTraceId(traceId: string): string {
  const id = traceId.trim().toLowerCase();
  if (!HEX_ID.test(id)) {
    throw new Error(`"${traceId}" is not a trace id (1 to 32 hex digits)`);
  }
  return id.padStart(32, '0');
}

/**
 * A stream selector from the settings: one `{...}` with at least one matcher. It is the user's
 * own LogQL, sent as written; this only refuses what cannot be a selector, so the error is ours
 * and not Loki's parse error.
 */
export function validateStreamSelector(s: string): string | undefined {
  const t = s.trim();
  if (!/^\{[^{}]*\}$/.test(t) || !/[=~!]/.test(t)) {
    return 'A stream selector is one {label="value", …} with at least one matcher, e.g. {job="genai"}.';
  }
  return undefined;
}

/** The one LogQL query that fetches a trace's log records: a stream selector, then its trace id. */
export function traceLogQuery(input: TraceLogQueryInput): string {
  const selector = input.streamSelector?.trim() ? input.streamSelector.trim() : serviceSelector(input.services);
  return `${selector} | trace_id=${promqlString(lokiTraceId(input.traceId))}`;
}

function serviceSelector(services: string[]): string {
  const names = [...new Set(services.map((s) => (s.trim() === '' ? LOKI_UNKNOWN_SERVICE : s)))].sort();
  // No service known (spans without a resource): every stream, which Loki accepts as `=~".+"`.
  return `{${names.length ? labelMatcher('service_name', names) : 'service_name=~".+"'}}`;
}
