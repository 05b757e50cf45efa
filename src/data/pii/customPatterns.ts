import type { Emit } from './piiMatches';
import { validateCustomPattern, type CustomPiiPattern } from './piiSettings';

/**
 * The settings' own regexes as detectors. Only patterns that validateCustomPattern accepts are
 * compiled (once, per masker), with `g` added; a pattern that still finds an empty match somewhere
 * is stepped past rather than looped on. What a pattern costs is the user's: JavaScript regexes
 * cannot be interrupted, so one with nested quantifiers can be slow on a large value.
 */
export interface CompiledCustomPattern {
  name: string;
  detect: (text: string, emit: Emit) => void;
}

export function compileCustomPatterns(patterns: readonly CustomPiiPattern[] | undefined): CompiledCustomPattern[] {
  const compiled: CompiledCustomPattern[] = [];
  for (const p of Array.isArray(patterns) ? patterns : []) {
    if (p && validateCustomPattern(p) === undefined) {
      const re = new RegExp(p.pattern, (p.flags ?? '') + 'g');
      compiled.push({ name: p.name, detect: (text, emit) => runGlobal(re, text, emit) });
    }
  }
  return compiled;
}

function runGlobal(re: RegExp, text: string, emit: Emit): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0] === '') {
      // Past the empty match; with the u flag by a whole code point, as String#replace does.
      re.lastIndex = m.index + (re.unicode && isHighSurrogateAt(text, m.index) ? 2 : 1);
    } else {
      emit(m.index, m.index + m[0].length);
    }
  }
}

function isHighSurrogateAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  const d = text.charCodeAt(i + 1);
  return c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff;
}
