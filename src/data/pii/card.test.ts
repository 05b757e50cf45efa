/** @jest-environment node */
import { luhnValid } from './luhn';
import { PiiMasker } from './piiMasker';
import { DEFAULT_PII_SETTINGS } from './piiSettings';

const mask = (s: string) => new PiiMasker(DEFAULT_PII_SETTINGS).mask(s);

describe('Luhn check', () => {
  it.each([
    ['4111111111111111', true],
    ['4111 1111 1111 1111', true],
    ['4111111111111112', false],
    ['79927398713', true],
    ['79927398710', false],
    ['0', true],
    ['', false],
    ['abc', false],
  ])('%j is %s', (digits, valid) => {
    expect(luhnValid(digits)).toBe(valid);
  });
});

describe('card detector', () => {
  it.each([
    ['card 4111 1111 1111 1111 exp 12/29', 'card [card] exp 12/29'],
    ['4111-1111-1111-1111', '[card]'],
    ['4111111111111111', '[card]'],
    ['Mastercard 5555555555554444.', 'Mastercard [card].'],
    ['2223003122003222', '[card]'],
    ['Amex 378282246310005 or 3782 822463 10005', 'Amex [card] or [card]'],
    ['Diners 3056 930902 5904', 'Diners [card]'],
    ['Visa 13 4222222222222', 'Visa 13 [card]'],
    ['19 digits 6011 0009 9013 9424 124', '19 digits [card]'],
    ['(4111111111111111)', '([card])'],
    ['ref 2024 4111 1111 1111 1111', 'ref 2024 [card]'],
    ['4111 1111 1111 1111 123', '[card] 123'],
  ])('masks %j as %j', (input, expected) => {
    expect(mask(input)).toBe(expected);
  });

  it.each([
    ['Luhn-invalid', '4111 1111 1111 1112'],
    ['Luhn-invalid contiguous', '5555555555554445'],
    ['too short', '4111 1111 1111'],
    ['too long', '41111111111111111111'],
    ['mixed separators', '4111 1111-1111 1111'],
    ['odd grouping', '41 1111 1111 1111 11'],
    ['epoch milliseconds', '1733150908123'],
    ['inside a word', 'id4111111111111111'],
    ['a decimal', '4111111111111111.5'],
    ['dashed id', 'order-4111111111111111'],
    ['hex id', '4111111111111111abcdef0123456789'],
  ])('leaves a %s number alone', (_, input) => {
    expect(mask(input)).toBe(input);
  });
});
