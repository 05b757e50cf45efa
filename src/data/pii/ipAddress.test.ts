/** @jest-environment node */
import { ipv4Valid, ipv6Valid } from './ipAddress';
import { PiiMasker } from './piiMasker';
import { DEFAULT_PII_SETTINGS } from './piiSettings';

const mask = (s: string) => new PiiMasker(DEFAULT_PII_SETTINGS).mask(s);
const v4 = (s: string) => ipv4Valid(s, 0, s.length);
const v6 = (s: string) => ipv6Valid(s, 0, s.length);

describe('IP address parsing', () => {
  it.each([
    ['0.0.0.0', true],
    ['255.255.255.255', true],
    ['192.168.1.1', true],
    ['256.1.1.1', false],
    ['1.2.3', false],
    ['1.2.3.4.5', false],
    ['01.2.3.4', false],
    ['1.2.3.', false],
    ['1..2.3', false],
  ])('IPv4 %j is %s', (s, valid) => {
    expect(v4(s)).toBe(valid);
  });

  it.each([
    ['2001:0db8:85a3:0000:0000:8a2e:0370:7334', true],
    ['2001:db8::1', true],
    ['::1', true],
    ['fe80::', true],
    ['::ffff:192.0.2.1', true],
    ['64:ff9b::192.0.2.33', true],
    ['1:2:3:4:5:6:7:8', true],
    ['1:2:3:4:5:6:7::8', false],
    ['1:2:3:4:5:6:7', false],
    ['1::2::3', false],
    ['12345::1', false],
    [':1:2:3:4:5:6:7', false],
    ['1:2:3:4:5:6:7:', false],
    ['::', false],
    ['::ffff:256.0.2.1', false],
    ['g::1', false],
  ])('IPv6 %j is %s', (s, valid) => {
    expect(v6(s)).toBe(valid);
  });
});

describe('IP address detector', () => {
  it.each([
    ['from 192.168.1.1 to 10.0.0.254.', 'from [ip] to [ip].'],
    ['http://10.0.0.7:8080/v1', 'http://[ip]:8080/v1'],
    ['subnet 172.16.0.0/12', 'subnet [ip]/12'],
    ['(8.8.8.8)', '([ip])'],
    ['2001:db8::8a2e:370:7334', '[ip]'],
    ['full 2001:0db8:85a3:0000:0000:8a2e:0370:7334 here', 'full [ip] here'],
    ['ip:2001:db8::1', 'ip:[ip]'],
    ['[::1]:8080', '[[ip]]:8080'],
    ['fe80::1%eth0', '[ip]%eth0'],
    ['mapped ::ffff:192.0.2.1', 'mapped [ip]'],
    ['"client":"2001:db8::42"', '"client":"[ip]"'],
    ['gateway fe80::1.', 'gateway [ip].'],
  ])('masks %j as %j', (input, expected) => {
    expect(mask(input)).toBe(expected);
  });

  it.each([
    ['an octet over 255', '256.1.1.1'],
    ['a leading zero', '01.02.03.04'],
    ['five parts', '1.2.3.4.5'],
    ['a version', 'v1.2.3.4 and 1.2.3'],
    ['a dotted chain', 'see 10.1.2.3.4.5'],
    ['a word', 'host.10.0.0.1'],
    ['C++ scopes', 'std::vector a::b Foo::Bar'],
    ['hex words', 'dead::beef and cafe::babe'],
    ['a Haskell signature', 'foo :: Int -> Int'],
    ['times', '14:28:28 and 2026-12-02T14:28:28Z'],
    ['a MAC address', '00:1a:2b:3c:4d:5e'],
    ['a hash with a prefix', 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
    ['a trace id', '4bf92f3577b34da6a3ce929d0e0e4736'],
    ['JSON', '{"a":1,"b":"c:d","e":[1,2]}'],
  ])('leaves %s alone', (_, input) => {
    expect(mask(input)).toBe(input);
  });
});
