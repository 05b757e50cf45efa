/** @jest-environment node */
import { DEFAULT_PII_SETTINGS, validateCustomPattern } from './piiSettings';

describe('PII settings', () => {
  it('are on by default, without custom patterns, and the default cannot be changed', () => {
    expect(DEFAULT_PII_SETTINGS).toEqual({ enabled: true, customPatterns: [] });
    expect(Object.isFrozen(DEFAULT_PII_SETTINGS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_PII_SETTINGS.customPatterns)).toBe(true);
  });

  it.each([
    { name: 'employee-id', pattern: 'EMP-\\d{6}' },
    { name: 'ticket_2', pattern: 'TCK[0-9]+', flags: 'i' },
    { name: 'a', pattern: '\\p{Lu}{3}-\\d', flags: 'u' },
    { name: 'x'.repeat(32), pattern: 'a.b', flags: 'ims' },
  ])('accepts %j', (p) => {
    expect(validateCustomPattern(p)).toBeUndefined();
  });

  it.each([
    [{ name: '', pattern: 'x' }, 'Name is required.'],
    [{ name: '  ', pattern: 'x' }, 'Name is required.'],
    [
      { name: 'Employee ID', pattern: 'x' },
      'Name "Employee ID" must be 1–32 characters: lowercase letters, digits, "_" or "-" (it becomes the token [Employee ID]).',
    ],
    [
      { name: 'x'.repeat(33), pattern: 'x' },
      `Name "${'x'.repeat(33)}" must be 1–32 characters: lowercase letters, digits, "_" or "-" (it becomes the token [${'x'.repeat(33)}]).`,
    ],
    [{ name: 'ok', pattern: '' }, 'Pattern is required.'],
    [
      { name: 'ok', pattern: 'x', flags: 'g' },
      'Flags "g" are not allowed: use any of i, m, s and u, each at most once.',
    ],
    [
      { name: 'ok', pattern: 'x', flags: 'ii' },
      'Flags "ii" are not allowed: use any of i, m, s and u, each at most once.',
    ],
    [
      { name: 'ok', pattern: 'x', flags: 'y' },
      'Flags "y" are not allowed: use any of i, m, s and u, each at most once.',
    ],
    [{ name: 'ok', pattern: '(abc' }, 'Invalid regular expression: /(abc/: Unterminated group'],
    [{ name: 'ok', pattern: '[z-a]' }, 'Invalid regular expression: /[z-a]/: Range out of order in character class'],
    [{ name: 'ok', pattern: '\\p{Foo}', flags: 'u' }, 'Invalid regular expression: /\\p{Foo}/u: Invalid property name'],
    [{ name: 'ok', pattern: 'a*' }, 'Pattern matches the empty string; make it match at least one character.'],
    [{ name: 'ok', pattern: 'x|' }, 'Pattern matches the empty string; make it match at least one character.'],
    [{ name: 'ok', pattern: '\\b' }, 'Pattern matches the empty string; make it match at least one character.'],
    [{ name: 'ok', pattern: '(?=a)' }, 'Pattern matches the empty string; make it match at least one character.'],
    [{ name: 'ok', pattern: '^' }, 'Pattern matches the empty string; make it match at least one character.'],
  ])('rejects %j: %s', (p, message) => {
    expect(validateCustomPattern(p)).toBe(message);
  });

  it('rejects what saved JSON may hold instead of strings', () => {
    expect(validateCustomPattern({ name: 7, pattern: 'x' } as never)).toBe('Name is required.');
    expect(validateCustomPattern({ name: 'ok', pattern: null } as never)).toBe('Pattern is required.');
    expect(validateCustomPattern({ name: 'ok', pattern: 'x', flags: 1 } as never)).toBe(
      'Flags "1" are not allowed: use any of i, m, s and u, each at most once.'
    );
    expect(validateCustomPattern(null as never)).toBe('Name is required.');
  });
});
