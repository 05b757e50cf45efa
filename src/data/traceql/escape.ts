// Every user or variable value goes through here before it is placed in a TraceQL query.
import { goStringLiteral } from '../escape/goStringLiteral';

/** Pure ASCII, which the Tempo lexer workaround (lexerBoundaryPadding.ts) relies on. */
export function traceqlString(value: string): string {
  return goStringLiteral(value, true);
}

const PLAIN_ATTRIBUTE = /^[A-Za-z_][A-Za-z0-9_.\-]*$/;

/**
 * A scoped attribute reference: `span.gen_ai.request.model`, `resource.service.name`; names
 * with other characters are quoted (`span."my attr"`).
 */
export function traceqlAttribute(scope: 'span' | 'resource' | 'event' | '', name: string): string {
  const prefix = scope ? `${scope}.` : '.';
  // Quoted attribute names know only the escapes \" and \\ (Tempo's parseQuotedAtrribute).
  return PLAIN_ATTRIBUTE.test(name) ? `${prefix}${name}` : `${prefix}"${name.replace(/[\\"]/g, (c) => '\\' + c)}"`;
}

/** Parses `resource.x`, `span.x` or a bare name (span scope) from a settings string. */
export function scopedAttribute(key: string): string {
  if (key.startsWith('resource.')) {
    return traceqlAttribute('resource', key.slice('resource.'.length));
  }
  if (key.startsWith('span.')) {
    return traceqlAttribute('span', key.slice('span.'.length));
  }
  return traceqlAttribute('span', key);
}

/** A duration literal in TraceQL units; negative or non-finite values are refused. */
export function traceqlDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) {
    throw new Error(`Invalid duration: ${ms}`);
  }
  // Whole microseconds avoid exponent notation, which TraceQL does not parse.
  return `${Math.round(ms * 1000)}us`;
}
