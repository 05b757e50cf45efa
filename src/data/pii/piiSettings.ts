/**
 * The data source's PII-masking setting: on by default, with the user's own regexes beside the
 * built-in detectors. Display masking is not access control (see the README): it keeps personal
 * data off screens and out of exports, while redaction belongs in the collector.
 */
export interface CustomPiiPattern {
  /** The token's name: a match shows as `[name]`. */
  name: string;
  /** A JavaScript regular expression source, without slashes. */
  pattern: string;
  /** Any of i, m, s, u; `g` is always added when masking. */
  flags?: string;
}

export interface PiiSettings {
  enabled: boolean;
  customPatterns: CustomPiiPattern[];
}

// Frozen (the array too): it is shared, and maskerFor memoises by settings object.
export const DEFAULT_PII_SETTINGS: PiiSettings = Object.freeze({
  enabled: true,
  customPatterns: Object.freeze([]) as unknown as CustomPiiPattern[],
});

const NAME = /^[a-z0-9_-]{1,32}$/;
const FLAGS = /^[imsu]*$/;
// Strings on which a pattern must not find an empty match: one that can would mask nothing at
// that position and, run with `g`, only advances by the masker's guard.
const EMPTY_MATCH_PROBES = ['', 'a', ' A1_-.@\n', 'Zz 09 xyz\r\n\t'];

/**
 * Undefined when the pattern is usable; else a message for the settings editor, which shows it on
 * save. The masker skips any pattern this rejects, so a bad one never fails a view.
 */
export function validateCustomPattern(p: CustomPiiPattern): string | undefined {
  const name = typeof p?.name === 'string' ? p.name : '';
  if (name.trim() === '') {
    return 'Name is required.';
  }
  if (!NAME.test(name)) {
    return `Name "${name}" must be 1–32 characters: lowercase letters, digits, "_" or "-" (it becomes the token [${name}]).`;
  }
  const pattern = typeof p.pattern === 'string' ? p.pattern : '';
  if (pattern === '') {
    return 'Pattern is required.';
  }
  const flags = p.flags ?? '';
  if (typeof flags !== 'string' || !FLAGS.test(flags) || new Set(flags).size !== flags.length) {
    return `Flags "${String(flags)}" are not allowed: use any of i, m, s and u, each at most once.`;
  }
  try {
    new RegExp(pattern, flags);
  } catch (e) {
    // Engines word it differently; V8 and Safari already start with these words, Firefox not.
    const reason = (e instanceof Error ? e.message : String(e)).replace(/^Invalid regular expression: /, '');
    return `Invalid regular expression: ${reason}`;
  }
  if (matchesEmpty(new RegExp(pattern, flags + 'g'))) {
    return 'Pattern matches the empty string; make it match at least one character.';
  }
  return undefined;
}

function matchesEmpty(re: RegExp): boolean {
  for (const probe of EMPTY_MATCH_PROBES) {
    re.lastIndex = 0;
    // At most probe.length + 1 matches: a non-empty one moves lastIndex on, an empty one returns.
    for (let m = re.exec(probe); m; m = re.exec(probe)) {
      if (m[0] === '') {
        return true;
      }
    }
  }
  return false;
}
