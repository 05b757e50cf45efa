/** @jest-environment node */
import { BUILT_IN_DETECTORS } from './detectors';
import { maskerFor, PiiMasker } from './piiMasker';
import type { Detector } from './piiMatches';
import { DEFAULT_PII_SETTINGS, type PiiSettings } from './piiSettings';

const masker = () => new PiiMasker(DEFAULT_PII_SETTINGS);
const LONG = 'Hi, I am Bob (bob@example.com, +44 20 7946 0958); my card is 4111 1111 1111 1111.';

describe('PiiMasker', () => {
  it('replaces each value with its typed token and counts them by kind', () => {
    const text = 'a@b.com, c@d.org from 10.0.0.1 and 2001:db8::1, card 4111111111111111, key AKIAIOSFODNN7EXAMPLE';
    expect(masker().maskWithCounts(text)).toEqual({
      text: '[email], [email] from [ip] and [ip], card [card], key [api-key]',
      found: { email: 2, ip: 2, card: 1, 'api-key': 1 },
    });
    expect(masker().maskWithCounts('nothing here')).toEqual({ text: 'nothing here', found: {} });
  });

  it('returns the value itself when disabled', () => {
    const off = new PiiMasker({ enabled: false, customPatterns: [{ name: 'x', pattern: 'x' }] });
    expect(off.enabled).toBe(false);
    expect(off.mask(LONG)).toBe(LONG);
    expect(off.maskWithCounts(LONG)).toEqual({ text: LONG, found: {} });
  });

  it('is on unless explicitly off, whatever the saved settings hold', () => {
    expect(new PiiMasker({} as PiiSettings).mask('bob@example.com')).toBe('[email]');
    expect(new PiiMasker(undefined as unknown as PiiSettings).mask('bob@example.com')).toBe('[email]');
    expect(new PiiMasker({ enabled: true, customPatterns: 'x' } as unknown as PiiSettings).mask('x@y.io')).toBe(
      '[email]'
    );
  });

  it('caches per value: the same result object for a repeated value', () => {
    const m = masker();
    const first = m.maskWithCounts(LONG);
    expect(first.text).toBe('Hi, I am Bob ([email], [phone]); my card is [card].');
    expect(m.maskWithCounts(LONG)).toBe(first);
    expect(m.maskWithCounts(LONG.slice(0) + '')).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.found)).toBe(true);
    // Short values are recomputed, to the same result.
    expect(m.maskWithCounts('bob@example.com')).not.toBe(m.maskWithCounts('bob@example.com'));
    expect(m.mask('bob@example.com')).toBe('[email]');
  });

  it('resolves overlaps to the earliest, then longest, span; tokens never nest', () => {
    // A bearer JWT is one api-key (the bearer and JWT shapes report the same span).
    expect(masker().mask('Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln')).toBe('Bearer [api-key]');
    // The IPv4 inside an IPv4-mapped IPv6 address is part of the longer, earlier one.
    expect(masker().mask('::ffff:192.0.2.1')).toBe('[ip]');
    // A span overlapping a kept one keeps its rest: no digit of the card stays visible.
    expect(masker().maskWithCounts('01 4111 1111 1111 1111')).toEqual({
      text: '[phone][card]',
      found: { phone: 1, card: 1 },
    });
  });

  it('masks again where a token lets a neighbour qualify, so masking is idempotent', () => {
    const m = masker();
    // "::0" touches the "m" of the email first, then the token.
    expect(m.mask('0@0.com::0')).toBe('[email][ip]');
    expect(m.mask('x 10.0.0.1:4111111111111111')).toBe('x [ip]:[card]');
    expect(m.mask(m.mask('0@0.com::0'))).toBe('[email][ip]');
  });

  it('never throws: malformed Unicode, control characters, non-strings', () => {
    const m = masker();
    expect(m.mask('\uD800bob@example.com\uDFFF')).toBe('\uD800[email]\uDFFF');
    expect(m.mask('\u0000\u0007+44 20 7946 0958\u001b[0m')).toBe('\u0000\u0007[phone]\u001b[0m');
    expect(m.mask('\uDFFF\uD800'.repeat(1000))).toBe('\uDFFF\uD800'.repeat(1000));
    expect(m.mask(4111111111111111 as unknown as string)).toBe('[card]');
    expect(m.mask(null as unknown as string)).toBe('');
    expect(m.mask(Object.create(null) as string)).toBe('[masked]');
    expect(m.mask('')).toBe('');
  });

  it('fails closed when a built-in detector throws, and skips a custom pattern that does', () => {
    const email = BUILT_IN_DETECTORS.find((d) => d.kind === 'email')! as { detect: Detector };
    const original = email.detect;
    email.detect = () => {
      throw new RangeError('boom');
    };
    try {
      expect(new PiiMasker(DEFAULT_PII_SETTINGS).maskWithCounts('bob@example.com')).toEqual({
        text: '[masked]',
        found: {},
      });
    } finally {
      email.detect = original;
    }
    expect(new PiiMasker(DEFAULT_PII_SETTINGS).mask('bob@example.com')).toBe('[email]');
  });
});

describe('custom patterns', () => {
  const settings = (customPatterns: PiiSettings['customPatterns']): PiiSettings => ({ enabled: true, customPatterns });

  it('mask with the pattern name as the token, with the g flag added', () => {
    const m = new PiiMasker(settings([{ name: 'employee-id', pattern: 'EMP-\\d{6}' }]));
    expect(m.maskWithCounts('EMP-123456 and EMP-654321, not EMP-12')).toEqual({
      text: '[employee-id] and [employee-id], not EMP-12',
      found: { 'employee-id': 2 },
    });
  });

  it('honour their flags, and win a tie with a built-in detector', () => {
    const m = new PiiMasker(
      settings([
        { name: 'ticket', pattern: '^tck-\\d+$', flags: 'im' },
        { name: 'staff-mail', pattern: '[a-z]+@corp\\.example\\.com' },
      ])
    );
    expect(m.mask('TCK-1\nsee tck-2\ntck-3')).toBe('[ticket]\nsee tck-2\n[ticket]');
    expect(m.mask('ann@corp.example.com, bob@example.com')).toBe('[staff-mail], [email]');
  });

  it('skip invalid patterns, never failing the value', () => {
    const m = new PiiMasker(
      settings([
        { name: 'broken', pattern: '(' },
        { name: 'Bad Name', pattern: 'x' },
        { name: 'empty', pattern: 'y*' },
        { name: 'flags', pattern: 'z', flags: 'g' },
        null as never,
        { name: 'ok', pattern: 'secret-\\w+' },
      ])
    );
    expect(m.mask('x y z secret-sauce bob@example.com')).toBe('x y z [ok] [email]');
  });

  it('step past an empty match that validation could not see', () => {
    // Matches empty after '#', which none of validation's probe strings holds.
    const m = new PiiMasker(settings([{ name: 'tag', pattern: '(?<=#)x?' }]));
    expect(m.mask('#y #x #')).toBe('#y #[tag] #');
    const u = new PiiMasker(settings([{ name: 'tag', pattern: '(?<=#)x?', flags: 'u' }]));
    expect(u.mask('#😀 #x')).toBe('#😀 #[tag]');
  });
});

describe('maskerFor', () => {
  it('shares one masker per settings object, and per equal settings', () => {
    const s: PiiSettings = { enabled: true, customPatterns: [{ name: 'a', pattern: 'a+' }] };
    expect(maskerFor(s)).toBe(maskerFor(s));
    expect(maskerFor({ ...s, customPatterns: [...s.customPatterns] })).toBe(maskerFor(s));
    expect(maskerFor({ ...s, enabled: false })).not.toBe(maskerFor(s));
    expect(maskerFor(undefined)).toBe(maskerFor(DEFAULT_PII_SETTINGS));
    expect(maskerFor(undefined).mask('bob@example.com')).toBe('[email]');
    expect(maskerFor({ enabled: false, customPatterns: [] }).mask('bob@example.com')).toBe('bob@example.com');
  });
});
