import type { AttrValue, Attributes } from '../otlp/anyValue';

/** Reads attributes leniently and records why a value was rejected. */
export class AttributeReader {
  constructor(
    readonly attrs: Attributes,
    readonly warnings: string[]
  ) {}

  has(key: string): boolean {
    return this.attrs[key] !== undefined && this.attrs[key] !== null;
  }

  /** First present key of `keys`, as a string (numbers and booleans are stringified). */
  string(keys: readonly string[] | string): string | undefined {
    if (typeof keys === 'string') {
      keys = [keys];
    }
    for (const key of keys) {
      const v = this.attrs[key];
      if (v === undefined || v === null) {
        continue;
      }
      if (typeof v === 'string') {
        return v;
      }
      if (typeof v === 'number' || typeof v === 'boolean') {
        return String(v);
      }
      this.warnings.push(`${key} should be a string but is ${describe(v)}.`);
    }
    return undefined;
  }

  /** First present key of `keys` as a finite, non-negative number when `count` is set. */
  number(keys: readonly string[], opts: { count?: boolean } = {}): { value: number; key: string } | undefined {
    for (const key of keys) {
      const v = this.attrs[key];
      if (v === undefined || v === null) {
        continue;
      }
      const n = toNumber(v);
      if (n === undefined || (opts.count && n < 0)) {
        this.warnings.push(`${key} is not a valid ${opts.count ? 'count' : 'number'}: ${describe(v)}.`);
        continue;
      }
      return { value: n, key };
    }
    return undefined;
  }

  stringList(keys: readonly string[]): string[] | undefined {
    for (const key of keys) {
      const v = this.attrs[key];
      if (v === undefined || v === null) {
        continue;
      }
      if (Array.isArray(v)) {
        return v.filter((x) => x !== null).map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
      }
      if (typeof v === 'string') {
        // Only a JSON array is worth a parse attempt (a failed JSON.parse throws, which is slow).
        const parsed = v.trimStart().startsWith('[') ? tryParseJson(v) : undefined;
        if (Array.isArray(parsed)) {
          return parsed.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
        }
        return [v];
      }
      this.warnings.push(`${key} should be a string list but is ${describe(v)}.`);
    }
    return undefined;
  }

  /** A structured value; JSON strings are parsed, a parse failure is recorded and undefined returned. */
  json(key: string): AttrValue | undefined {
    const v = this.attrs[key];
    if (v === undefined || v === null) {
      return undefined;
    }
    if (typeof v !== 'string') {
      return v;
    }
    const trimmed = v.trim();
    if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) {
      return v;
    }
    const parsed = tryParseJson(trimmed);
    if (parsed === undefined) {
      this.warnings.push(`${key} looks like JSON but does not parse; kept as text.`);
      return v;
    }
    return parsed;
  }
}

export function toNumber(v: AttrValue): number | undefined {
  if (typeof v === 'number') {
    return Number.isFinite(v) ? v : undefined;
  }
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export function tryParseJson(s: string): AttrValue | undefined {
  try {
    return JSON.parse(s) as AttrValue;
  } catch {
    return undefined;
  }
}

function describe(v: AttrValue): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
