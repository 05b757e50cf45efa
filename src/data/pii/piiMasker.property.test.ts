/** @jest-environment node */
import fc from 'fast-check';
import { PiiMasker } from './piiMasker';
import { DEFAULT_PII_SETTINGS, type PiiSettings } from './piiSettings';

// 10,000 runs in all: 2,500 + 2,500 + 3,000 + 1,500 + 496 + 4.

// Planted values with the token each must become. For "Bearer <token>" only the token is the
// secret; the word stays.
const PLANTED: Array<[string, string]> = [
  ['bob@example.com', '[email]'],
  ['first.last+tag@mail.example.co.uk', '[email]'],
  ['josé@example.org', '[email]'],
  ['+1 (415) 555-0132', '[phone]'],
  ['+44 20 7946 0958', '[phone]'],
  ['+14155550132', '[phone]'],
  ['(415) 555-0132', '[phone]'],
  ['415-555-0132', '[phone]'],
  ['020 7946 0958', '[phone]'],
  ['030 1234567', '[phone]'],
  ['01 23 45 67 89', '[phone]'],
  ['4111 1111 1111 1111', '[card]'],
  ['5555-5555-5555-4444', '[card]'],
  ['378282246310005', '[card]'],
  ['3782 822463 10005', '[card]'],
  ['GB82 WEST 1234 5698 7654 32', '[iban]'],
  ['DE89370400440532013000', '[iban]'],
  ['FR14 2004 1010 0505 0001 3M02 606', '[iban]'],
  ['192.168.1.1', '[ip]'],
  ['10.0.0.254', '[ip]'],
  ['2001:db8::8a2e:370:7334', '[ip]'],
  ['::ffff:192.0.2.1', '[ip]'],
  ['2001:0db8:85a3:0000:0000:8a2e:0370:7334', '[ip]'],
  ['sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z', '[api-key]'],
  ['AKIAIOSFODNN7EXAMPLE', '[api-key]'],
  ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', '[api-key]'],
  ['ghp_1234567890abcdefghijABCDEFGHIJ123456', '[api-key]'],
  ['xoxb-123456789012-abcdefABCDEF', '[api-key]'],
  ['AIzaSyA1234567890abcdefghijklmnopqrstuv', '[api-key]'],
];
const BEARER_TOKEN = 'a1b2c3d4e5f6g7h8i9j0';

const masker = new PiiMasker(DEFAULT_PII_SETTINGS);
const mask = (s: string) => masker.mask(s);

// Strings near the detectors' edges: digits, separators, hex letters, '@', brackets.
const tricky = fc.string({
  unit: fc.constantFrom(
    ...'0123456789abcdefxAZ.:-+ ()@_/[]\n'.split(''),
    '::',
    '.com',
    '255',
    '0',
    '+44 ',
    'sk-',
    'eyJ'
  ),
  maxLength: 60,
});
// Text around a planted value: anything, even malformed Unicode, with a separator between.
const filler = fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), tricky, fc.constantFrom('', 'call me at', 'ok.'));
// Punctuation that ends a number: a digit group after a plain space may join a phone number
// ("+44 " before "192.168.1.1" is one), which masks the value under another token.
const space = fc.constantFrom(' ', '\n', ', ', '; ', ' "', '" ', ': ', '\t', ' | ');

describe('PiiMasker properties (fast-check)', () => {
  it('never throws on any string, malformed Unicode included, and returns a string', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.string({ unit: 'grapheme', maxLength: 100 }),
          tricky
        ),
        (s) => {
          expect(typeof mask(s)).toBe('string');
        }
      ),
      { numRuns: 2500 }
    );
  });

  it('is idempotent: masking masked text changes nothing', () => {
    fc.assert(
      fc.property(fc.oneof(tricky, fc.string({ unit: 'binary', maxLength: 100 })), (s) => {
        const once = mask(s);
        expect(mask(once)).toBe(once);
      }),
      { numRuns: 2500 }
    );
  });

  it('removes every planted value, replacing it by its token, wherever it is put', () => {
    const planted = fc.array(fc.tuple(filler, space, fc.integer({ min: 0, max: PLANTED.length }), space), {
      minLength: 1,
      maxLength: 6,
    });
    fc.assert(
      fc.property(planted, filler, (pieces, tail) => {
        let text = '';
        const expected: Array<[string, string]> = [];
        for (const [before, s1, k, s2] of pieces) {
          const [value, token] = k === PLANTED.length ? [`Bearer ${BEARER_TOKEN}`, 'Bearer [api-key]'] : PLANTED[k];
          text += before + s1 + value + s2;
          expected.push([k === PLANTED.length ? BEARER_TOKEN : value, token]);
        }
        text += tail;
        const masked = mask(text);
        for (const [value, token] of expected) {
          expect(masked).not.toContain(value);
          expect(masked).toContain(token);
        }
        expect(mask(masked)).toBe(masked);
      }),
      { numRuns: 3000 }
    );
  });

  it('looks again only around tokens, to the same result as looking at the whole text again', () => {
    // A custom pattern that never matches makes the masker look at the whole text each time.
    const whole = new PiiMasker({ enabled: true, customPatterns: [{ name: 'never', pattern: 'q{9}Q' }] });
    fc.assert(
      fc.property(fc.oneof(tricky, fc.string({ unit: 'binary', maxLength: 100 })), (s) => {
        expect(mask(s)).toBe(whole.mask(s));
      }),
      { numRuns: 1500 }
    );
  });

  it('masks what a custom pattern matches, never throwing, with the built-ins still on', () => {
    // Letters, '-' and '_': literal in a regex, and never a built-in detector's value.
    const word = fc.string({ unit: fc.constantFrom(...'abcxyz-_'.split('')), minLength: 3, maxLength: 8 });
    fc.assert(
      fc.property(word, filler, filler, (secret, before, after) => {
        const settings: PiiSettings = { enabled: true, customPatterns: [{ name: 'secret', pattern: secret }] };
        const m = new PiiMasker(settings);
        const masked = m.mask(`${before} ${secret} | bob@example.com | ${after}`);
        expect(masked).toContain(' [secret] | [email] | ');
        expect(m.mask(masked)).toBe(masked);
      }),
      { numRuns: 496 }
    );
  });

  it('masks huge strings (1 MB, 5 MB) of mixed content, malformed Unicode included, in bounded time', () => {
    const piece = fc.oneof(
      fc.constantFrom(...PLANTED.map(([value]) => value)),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.lorem({ maxCount: 12 })
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 20, maxLength: 60 }), fc.constantFrom(1e6, 5e6), (pieces, size) => {
        const parts: string[] = [];
        let length = 0;
        for (let i = 0; length < size; i++) {
          const p = pieces[i % pieces.length];
          parts.push(p);
          length += p.length + 3;
        }
        const text = parts.join(' | ');
        const t = performance.now();
        const masked = new PiiMasker(DEFAULT_PII_SETTINGS).mask(text);
        // Generous: the target is 20 ms per MB (npm run bench), this is about never hanging.
        expect(performance.now() - t).toBeLessThan((size / 1e6) * 1000);
        for (const [value] of PLANTED) {
          expect(masked.includes(value)).toBe(false);
        }
      }),
      { numRuns: 4 }
    );
  });
});
