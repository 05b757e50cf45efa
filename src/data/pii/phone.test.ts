/** @jest-environment node */
import { PiiMasker } from './piiMasker';
import { DEFAULT_PII_SETTINGS } from './piiSettings';

const mask = (s: string) => new PiiMasker(DEFAULT_PII_SETTINGS).mask(s);

describe('phone detector', () => {
  it.each([
    // E.164 and international
    ['call +1 (415) 555-0132 today', 'call [phone] today'],
    ['+14155550132.', '[phone].'],
    ['+44 20 7946 0958', '[phone]'],
    ['+44 (0)20 7946 0958', '[phone]'],
    ['+49 30 1234567', '[phone]'],
    ['+33 1 23 45 67 89', '[phone]'],
    ['+1.415.555.0132', '[phone]'],
    ['tel:+4930123456', 'tel:[phone]'],
    // North American
    ['(415) 555-0132', '[phone]'],
    ['(415)555-0132', '[phone]'],
    ['415-555-0132', '[phone]'],
    ['415.555.0132', '[phone]'],
    ['1-415-555-0132', '[phone]'],
    // National with a trunk 0: UK, DE, FR
    ['020 7946 0958', '[phone]'],
    ['0161 496 0000', '[phone]'],
    ['07700 900123', '[phone]'],
    ['030 1234567', '[phone]'],
    ['030/1234567', '[phone]'],
    ['089-12345678', '[phone]'],
    ['01 23 45 67 89', '[phone]'],
    ['01.23.45.67.89', '[phone]'],
    ['0612345678', '[phone]'],
    // A number followed by another keeps the other.
    ['030 1234567 2026', '[phone] 2026'],
    ['020 7946 0958 020 7946 0958', '[phone] [phone]'],
  ])('masks %j as %j', (input, expected) => {
    expect(mask(input)).toBe(expected);
  });

  it.each([
    ['years', 'in 2026, 1999 and 2030'],
    ['prices', 'costs $1,299.99 or €0,99 or 1.234.567,89 EUR'],
    ['token counts', 'used 12345 input tokens and 1234567890 total, 128 256 1024 4096'],
    ['ISO timestamps', '2026-12-02T14:28:28Z and 2026-12-02T14:28:28.123456789+01:00'],
    ['dotted and slashed dates', 'on 02.12.2026 14:28 or 12/02/2026 or 2026/12/02'],
    ['times', 'at 09:30:00 or 14:28'],
    ['UUIDs', '123e4567-e89b-12d3-a456-426614174000'],
    ['trace and span ids', 'trace 4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7'],
    ['numeric span ids', 'span 0000000000001234'],
    ['version numbers', 'v1.2.3, 10.2.3-rc.1 and gpt-4o-2024-08-06'],
    ['epoch seconds', 'ts 1733150908'],
    ['decimals', '0.75 and 3.14159265358'],
    ['short and signed numbers', '+42, +1234567 and x+12345678'],
    ['zip codes', '75001 Paris, 01234 Dresden'],
    ['model ids', 'claude-3-5-sonnet-20241022'],
  ])('leaves %s alone', (_, input) => {
    expect(mask(input)).toBe(input);
  });
});
