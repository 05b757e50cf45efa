import { BoundedCache } from './boundedCache';
import { compileCustomPatterns } from './customPatterns';
import { BUILT_IN_DETECTORS, type BuiltInPiiKind } from './detectors';
import { PiiMatches, type Detector, type ResolvedMatch } from './piiMatches';
import { DEFAULT_PII_SETTINGS, type PiiSettings } from './piiSettings';
import { isQuiet, segmentsAround } from './secondLook';

/**
 * Masks personal data in content before it is shown or exported: each detected span becomes a
 * typed token ([email], [phone], [card], [iban], [ip], [api-key], [<custom name>]). Detection is a
 * few linear scans (see each detector), overlaps resolve to the earliest then longest span, and
 * results are cached per value so re-renders and repeated values cost a lookup.
 */
// `string & {}` keeps the built-in names as suggestions while allowing custom ones.
export type PiiKind = BuiltInPiiKind | (string & {});

export interface MaskResult {
  text: string;
  /** Spans masked, by kind. */
  found: Partial<Record<PiiKind, number>>;
}

// Bounds of each masker's cache: a 100k-span trace keeps only its recently shown values.
const CACHE_ENTRIES = 5_000;
const CACHE_CHARS = 8_000_000;
// Below this length masking costs about as much as a lookup, and would only churn the cache.
const MIN_CACHED_LENGTH = 32;
// What a value becomes if masking itself fails (e.g. the masked text would exceed the engine's
// maximum string length): fail closed, never show the unmasked value.
const UNMASKABLE = '[masked]';

// A token next to a longer one can let a neighbour qualify on a second look (secondLook.ts);
// chains longer than this are contrived enough to stop at.
const MAX_EXTRA_PASSES = 3;

const NOTHING: MaskResult['found'] = Object.freeze({});

interface KindDetector {
  kind: string;
  token: string;
  detect: Detector;
  /** A custom pattern's failure skips it; a built-in's fails the value closed. */
  custom: boolean;
}

export class PiiMasker {
  readonly enabled: boolean;
  private readonly detectors: KindDetector[];
  private readonly hasCustomPatterns: boolean;
  private readonly cache = new BoundedCache<MaskResult>(
    CACHE_ENTRIES,
    CACHE_CHARS,
    // The masked copy only costs memory when it differs from the key.
    (key, r) => key.length + (r.text === key ? 0 : r.text.length)
  );

  constructor(settings: PiiSettings) {
    // Settings come from a data source's saved JSON: anything but an explicit false is on.
    this.enabled = settings?.enabled !== false;
    this.detectors = [
      // A custom pattern is the user's intent: it wins a tie with a built-in detector.
      ...compileCustomPatterns(settings?.customPatterns).map((c) => ({
        kind: c.name,
        token: `[${c.name}]`,
        detect: c.detect,
        custom: true,
      })),
      ...BUILT_IN_DETECTORS.map((d) => ({ kind: d.kind, token: `[${d.kind}]`, detect: d.detect, custom: false })),
    ];
    this.hasCustomPatterns = this.detectors.some((d) => d.custom);
  }

  /** The value with each detected span replaced by its token; the value itself when disabled. Never throws. */
  mask(value: string): string {
    return this.maskWithCounts(value).text;
  }

  /** The masked value and how many spans of each kind were masked. Never throws; the result is shared, and frozen. */
  maskWithCounts(value: string): MaskResult {
    const text = typeof value === 'string' ? value : displayed(value);
    if (!this.enabled || text === '') {
      return Object.freeze({ text, found: NOTHING });
    }
    const cacheable = text.length >= MIN_CACHED_LENGTH;
    const cached = cacheable ? this.cache.get(text) : undefined;
    if (cached !== undefined) {
      return cached;
    }
    let result: MaskResult;
    try {
      result = this.compute(text);
    } catch {
      result = { text: UNMASKABLE, found: NOTHING };
    }
    Object.freeze(result);
    if (cacheable) {
      this.cache.set(text, result);
    }
    return result;
  }

  private compute(text: string): MaskResult {
    const kept = this.detect(text);
    if (kept.length === 0) {
      return { text, found: NOTHING };
    }
    // Tokens whose neighbours may qualify once masked (secondLook.ts), as [start, end) pairs.
    const again: number[] = [];
    for (const m of kept) {
      if (!isQuiet(text, m.start, m.end)) {
        again.push(m.start, m.end);
      }
    }
    const found: Record<string, number> = {};
    const cursor = { next: 0 };
    let out: string;
    if (again.length === 0) {
      out = this.render(text, kept, cursor, 0, text.length, found);
    } else if (this.hasCustomPatterns) {
      // A custom pattern may span anything: look at the whole text again.
      out = this.settle(this.render(text, kept, cursor, 0, text.length, found), found);
    } else {
      // Only the segments around those tokens; each is masked the same alone as in the text.
      const segments = segmentsAround(text, again);
      out = '';
      let pos = 0;
      for (let k = 0; k < segments.length; k += 2) {
        out += this.render(text, kept, cursor, pos, segments[k], found);
        out += this.settle(this.render(text, kept, cursor, segments[k], segments[k + 1], found), found);
        pos = segments[k + 1];
      }
      out += this.render(text, kept, cursor, pos, text.length, found);
    }
    return { text: out, found: Object.freeze(found) };
  }

  /** The spans to mask in `text`: every detector's, overlaps resolved, in text order. */
  private detect(text: string): ResolvedMatch[] {
    const matches = new PiiMatches();
    for (let k = 0; k < this.detectors.length; k++) {
      const d = this.detectors[k];
      try {
        d.detect(text, (start, end) => matches.add(start, end, k));
      } catch (e) {
        if (!d.custom) {
          throw e;
        }
      }
    }
    return matches.size === 0 ? [] : matches.resolve();
  }

  /** text[from, to) with the spans in it (from `cursor.next` on) replaced by tokens, counted in `found`. */
  private render(
    text: string,
    kept: readonly ResolvedMatch[],
    cursor: { next: number },
    from: number,
    to: number,
    found: Record<string, number>
  ): string {
    let out = '';
    let pos = from;
    for (; cursor.next < kept.length && kept[cursor.next].start < to; cursor.next++) {
      const m = kept[cursor.next];
      const d = this.detectors[m.kind];
      out += text.slice(pos, m.start) + d.token;
      pos = m.end;
      found[d.kind] = (found[d.kind] ?? 0) + 1;
    }
    return out + text.slice(pos, to);
  }

  /** Masked text masked again until nothing changes, or its tokens all have quiet neighbours. */
  private settle(masked: string, found: Record<string, number>): string {
    let text = masked;
    for (let extra = 0; extra < MAX_EXTRA_PASSES; extra++) {
      const kept = this.detect(text);
      if (kept.length === 0) {
        break;
      }
      const next = this.render(text, kept, { next: 0 }, 0, text.length, found);
      const quiet = kept.every((m) => isQuiet(text, m.start, m.end));
      text = next;
      if (quiet) {
        break;
      }
    }
    return text;
  }
}

/** Typed as a string, but attribute values reach here from JSON: mask what they display as. */
function displayed(value: unknown): string {
  try {
    return value === null || value === undefined ? '' : String(value);
  } catch {
    // An object without a working toString (Object.create(null)) displays as nothing readable.
    return UNMASKABLE;
  }
}

const byObject = new WeakMap<object, PiiMasker>();
// Views that rebuild an equal settings object still share one masker, and so its cache.
const byContent = new Map<string, PiiMasker>();
const MAX_MASKERS_BY_CONTENT = 8;

/** One masker per settings object (memoised, by identity and then by content), so every view shares its cache. Settings are treated as immutable. */
export function maskerFor(settings: PiiSettings | undefined): PiiMasker {
  const s = settings ?? DEFAULT_PII_SETTINGS;
  let masker = byObject.get(s);
  if (masker === undefined) {
    const key = settingsKey(s);
    masker = byContent.get(key);
    if (masker === undefined) {
      masker = new PiiMasker(s);
      byContent.set(key, masker);
      if (byContent.size > MAX_MASKERS_BY_CONTENT) {
        byContent.delete(byContent.keys().next().value!);
      }
    }
    byObject.set(s, masker);
  }
  return masker;
}

function settingsKey(s: PiiSettings): string {
  const patterns = Array.isArray(s.customPatterns) ? s.customPatterns : [];
  return JSON.stringify([s.enabled !== false, patterns.map((p) => [p?.name, p?.pattern, p?.flags ?? ''])]);
}
