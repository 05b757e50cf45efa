/** @jest-environment node */
import { detectEmails } from './email';
import { PiiMasker } from './piiMasker';
import { DEFAULT_PII_SETTINGS } from './piiSettings';

const mask = (s: string) => new PiiMasker(DEFAULT_PII_SETTINGS).mask(s);

describe('email detector', () => {
  it.each([
    ['mail bob@example.com now', 'mail [email] now'],
    ['first.last+tag@mail.example.co.uk.', '[email].'],
    ['<alice_o%x-y@sub-domain.example.org>', '<[email]>'],
    ['mailto:bob@example.com?subject=hi', 'mailto:[email]?subject=hi'],
    ['josé.garcía@example.es', '[email]'],
    ['"to":"BOB@EXAMPLE.COM","cc":"a@b.io"', '"to":"[email]","cc":"[email]"'],
    ['a..b@example.com', 'a..[email]'],
    ['x@y@example.com', 'x@[email]'],
    ['bob@example.com.1.2.3.4', '[email].1.2.3.4'],
    ['one@a.com,two@b.com', '[email],[email]'],
    // An IP-literal domain is no email, but its address is still masked.
    ['user@[192.168.1.1]', 'user@[[ip]]'],
  ])('masks %j as %j', (input, expected) => {
    expect(mask(input)).toBe(expected);
  });

  it.each([
    'no at sign here',
    '@handle and @ alone',
    'bob@localhost',
    'bob@example.c',
    'bob@example.com5',
    'bob.@example.com',
    'bob@-example.com',
    'bob@example-.com',
    'price 5@3.50 each',
    'npm i @grafana/ui@12.0.0',
  ])('leaves %j alone', (input) => {
    expect(mask(input)).toBe(input);
  });

  it('reads the local part back at most 64 characters and the domain at most 253', () => {
    const spans: Array<[number, number]> = [];
    detectEmails(`${'a'.repeat(100)}@example.com`, (s, e) => spans.push([s, e]));
    expect(spans).toEqual([[36, 112]]);
    spans.length = 0;
    detectEmails(`a@${'b'.repeat(300)}.com`, (s, e) => spans.push([s, e]));
    expect(spans).toEqual([]);
  });

  it('stays linear on a megabyte of at signs and local characters', () => {
    const t = performance.now();
    detectEmails('a.'.repeat(250_000) + '@'.repeat(250_000) + 'x@'.repeat(250_000), () => {});
    // Quadratic would take minutes; linear takes a fraction of a second.
    expect(performance.now() - t).toBeLessThan(2000);
  });
});
