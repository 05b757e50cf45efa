/** @jest-environment node */
import { ibanChecksumValid } from './iban';
import { PiiMasker } from './piiMasker';
import { DEFAULT_PII_SETTINGS } from './piiSettings';

const mask = (s: string) => new PiiMasker(DEFAULT_PII_SETTINGS).mask(s);

describe('IBAN mod-97 check', () => {
  it.each([
    ['GB82WEST12345698765432', true],
    ['GB82 WEST 1234 5698 7654 32', true],
    ['GB82WEST12345698765433', false],
    ['DE89370400440532013000', true],
    ['NO9386011117947', true],
  ])('%j is %s', (iban, valid) => {
    expect(ibanChecksumValid(iban, 0, iban.length)).toBe(valid);
  });
});

describe('IBAN detector', () => {
  it.each([
    ['pay to GB82 WEST 1234 5698 7654 32 today', 'pay to [iban] today'],
    ['GB82WEST12345698765432', '[iban]'],
    ['DE89 3704 0044 0532 0130 00', '[iban]'],
    ['DE89 3704 0044 0532 0130 00 THEN more', '[iban] THEN more'],
    ['FR14 2004 1010 0505 0001 3M02 606.', '[iban].'],
    ['NO93 8601 1117 947', '[iban]'],
    ['(IBAN: CH9300762011623852957)', '(IBAN: [iban])'],
  ])('masks %j as %j', (input, expected) => {
    expect(mask(input)).toBe(expected);
  });

  it.each([
    ['a wrong check digit', 'GB82 WEST 1234 5698 7654 33'],
    ['a wrong length', 'GB82 WEST 1234 5698 7654 3'],
    ['an unknown country', 'ZZ82WEST12345698765432'],
    ['lowercase', 'gb82 west 1234 5698 7654 32'],
    ['spaces off the groups of four', 'GB82 WE ST12 3456 9876 5432'],
    ['letters glued on', 'XGB82WEST12345698765432'],
    ['a model name', 'GPT4 and AB12 CDEF'],
  ])('leaves an IBAN with %s alone', (_, input) => {
    expect(mask(input)).toBe(input);
  });
});
