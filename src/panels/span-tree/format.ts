import { tryParseJson } from '../../data/genai/attributeReaders';
import type { TimeUnit } from './types';

/** Durations in the unit the panel options ask for; 'auto' picks µs / ms / s by size. */
export function formatDuration(ms: number, unit: TimeUnit): string {
  if (!Number.isFinite(ms)) {
    return '–';
  }
  const u = unit === 'auto' ? (ms < 1 ? 'us' : ms < 1000 ? 'ms' : 's') : unit;
  switch (u) {
    case 'us':
      return `${trim(ms * 1000)} µs`;
    case 's':
      return `${trim(ms / 1000)} s`;
    default:
      return `${trim(ms)} ms`;
  }
}

function trim(x: number): string {
  const a = Math.abs(x);
  return a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : x.toFixed(2);
}

/** USD with enough digits to tell sub-cent LLM calls apart. */
export function formatUsd(usd: number | null | undefined): string {
  if (usd === null || usd === undefined || !Number.isFinite(usd)) {
    return '–';
  }
  if (usd === 0) {
    return '$0';
  }
  if (usd >= 1) {
    return `$${usd.toFixed(2)}`;
  }
  if (usd >= 0.01) {
    return `$${usd.toFixed(4)}`;
  }
  // Two significant digits without exponent notation: 2.4e-7 → $0.00000024.
  return `$${usd.toFixed(Math.min(12, 1 - Math.floor(Math.log10(usd))))}`;
}

/** A cost that leaves out spans of unknown cost is a lower bound: `≥ $x`, or `unknown` when nothing is known. */
export function formatCostTotal(usd: number, unknownCostSpans: number): string {
  if (!(unknownCostSpans > 0)) {
    return formatUsd(usd);
  }
  return usd > 0 ? `≥ ${formatUsd(usd)}` : 'unknown';
}

export function unknownCostTitle(unknownCostSpans: number): string | undefined {
  return unknownCostSpans > 0
    ? `Incomplete: the cost of ${unknownCostSpans} span${unknownCostSpans === 1 ? '' : 's'} is unknown (see the span details)`
    : undefined;
}

export function formatTokens(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) {
    return '–';
  }
  if (n >= 1e6) {
    return `${(n / 1e6).toFixed(n >= 1e7 ? 0 : 1)}M`;
  }
  if (n >= 1e4) {
    return `${(n / 1e3).toFixed(0)}k`;
  }
  if (n >= 1e3) {
    return `${(n / 1e3).toFixed(1)}k`;
  }
  return String(n);
}

export function formatPercent(share: number): string {
  if (!(share > 0)) {
    return '0%';
  }
  return share >= 0.1 ? `${(share * 100).toFixed(0)}%` : share >= 0.001 ? `${(share * 100).toFixed(1)}%` : '<0.1%';
}

/**
 * Any attribute or tool value as display text: the rest as indented JSON, strings as they are,
 * or, with `prettyJson`, re-indented when they hold a JSON object or array (tool arguments often do).
 */
export function valueText(v: unknown, prettyJson = false): string {
  if (v === null || v === undefined) {
    return '';
  }
  if (typeof v === 'string') {
    const t = v.trim();
    if (prettyJson && (t.startsWith('{') || t.startsWith('[')) && (t.endsWith('}') || t.endsWith(']'))) {
      const parsed = tryParseJson(t);
      return parsed !== undefined && typeof parsed === 'object' ? valueText(parsed) : v;
    }
    return v;
  }
  try {
    return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x), 2) ?? String(v);
  } catch {
    return String(v);
  }
}
