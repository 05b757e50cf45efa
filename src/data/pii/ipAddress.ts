import { isDigit, isHex, isWord } from './chars';
import type { Emit } from './piiMatches';

/**
 * IP addresses, not inside longer tokens (v1.2.3.4, 1.2.3.4.5 and std::vector stay):
 * - IPv4: four dotted octets 0–255 without leading zeros, so 256.1.1.1 and 01.02.03.04 are not
 *   addresses; a trailing sentence dot, port or prefix length is not part of it.
 * - IPv6: full (8 groups), compressed with one '::', IPv4-mapped (::ffff:192.0.2.1). Found from
 *   each ':' by scanning the surrounding run of hex digits, colons and dots once, then parsed; the
 *   run must hold a decimal digit, which keeps words that happen to be hex ("dead::beef", "a::b")
 *   and a lone "::" unmasked.
 */
const OCTET = String.raw`(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)`;
const IPV4 = new RegExp(String.raw`(?<![\w.])${OCTET}(?:\.${OCTET}){3}(?![\w]|\.\d)`, 'g');
// "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255" is 45 characters.
const MAX_IPV6 = 45;

export function detectIpv4(text: string, emit: Emit): void {
  if (text.indexOf('.') === -1) {
    return;
  }
  const re = IPV4;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    emit(m.index, m.index + m[0].length);
  }
}

function isIpv6Char(c: number): boolean {
  return isHex(c) || c === 58 /* : */ || c === 46; /* . */
}

export function detectIpv6(text: string, emit: Emit): void {
  const n = text.length;
  let scanned = 0;
  for (let colon = text.indexOf(':'); colon !== -1; colon = text.indexOf(':', Math.max(colon + 1, scanned))) {
    const before = text.charCodeAt(colon - 1);
    const after = text.charCodeAt(colon + 1);
    // Most colons in prose and JSON ("Note: ", "key":"v", https://) have no hex digit or colon
    // on either side.
    if (!isHex(before) && before !== 58 && !isHex(after) && after !== 58) {
      continue;
    }
    // The run of hex digits, colons and dots around it, each character scanned once: the next
    // colon searched for is past the run.
    let start = colon;
    while (start > scanned && colon - start <= MAX_IPV6 && isIpv6Char(text.charCodeAt(start - 1))) {
      start--;
    }
    let end = colon + 1;
    while (end < n && isIpv6Char(text.charCodeAt(end))) {
      end++;
    }
    scanned = end;
    if (end - start <= MAX_IPV6 + 2 && !isIpv6Char(text.charCodeAt(start - 1))) {
      emitAddressInRun(text, start, end, emit);
    }
  }
}

/**
 * The address that the run [start, end) is, if any. A single leading or trailing ':' and trailing
 * dots are separators ("ip:fe80::1.", "fe80::1: up"), not part of it; otherwise the run must not
 * touch a word character.
 */
function emitAddressInRun(text: string, start: number, end: number, emit: Emit): void {
  let s = start;
  let e = end;
  if (text.charCodeAt(s) === 58 && text.charCodeAt(s + 1) !== 58) {
    s++;
  } else if (isWord(text.charCodeAt(s - 1))) {
    return;
  }
  while (e > s && text.charCodeAt(e - 1) === 46) {
    e--;
  }
  if (e === end && isWord(text.charCodeAt(e))) {
    return;
  }
  if (text.charCodeAt(e - 1) === 58 && text.charCodeAt(e - 2) !== 58) {
    e--;
  }
  if (e - s <= MAX_IPV6 && hasDigit(text, s, e) && ipv6Valid(text, s, e)) {
    emit(s, e);
  }
}

function hasDigit(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    if (isDigit(text.charCodeAt(i))) {
      return true;
    }
  }
  return false;
}

/** Whether text[from, to) is an IPv6 address: 8 groups of 1–4 hex digits, or fewer and one '::'; the last two may be an IPv4 address. */
export function ipv6Valid(text: string, from: number, to: number): boolean {
  let groups = 0;
  let compressed = false;
  let i = from;
  if (text.charCodeAt(i) === 58) {
    if (text.charCodeAt(i + 1) !== 58 || i + 2 === to) {
      return false;
    }
    compressed = true;
    i += 2;
  }
  while (i < to) {
    let j = i;
    while (j < to && j - i < 5 && isHex(text.charCodeAt(j))) {
      j++;
    }
    if (j < to && text.charCodeAt(j) === 46) {
      if (!ipv4Valid(text, i, to)) {
        return false;
      }
      groups += 2;
      break;
    }
    if (j === i || j - i > 4) {
      return false;
    }
    groups++;
    if (j === to) {
      break;
    }
    if (text.charCodeAt(j) !== 58) {
      return false;
    }
    if (text.charCodeAt(j + 1) === 58) {
      if (compressed) {
        return false;
      }
      compressed = true;
      i = j + 2;
    } else if (j + 1 === to) {
      return false;
    } else {
      i = j + 1;
    }
  }
  return compressed ? groups <= 7 : groups === 8;
}

/** Whether text[from, to) is exactly a dotted IPv4 address with octets 0–255, no leading zeros. */
export function ipv4Valid(text: string, from: number, to: number): boolean {
  let octets = 0;
  let i = from;
  while (i < to) {
    let value = 0;
    let j = i;
    while (j < to && j - i < 4 && isDigit(text.charCodeAt(j))) {
      value = value * 10 + text.charCodeAt(j) - 48;
      j++;
    }
    const len = j - i;
    if (len === 0 || len > 3 || value > 255 || (len > 1 && text.charCodeAt(i) === 48)) {
      return false;
    }
    octets++;
    if (j === to) {
      break;
    }
    if (text.charCodeAt(j) !== 46 || j + 1 === to || octets === 4) {
      return false;
    }
    i = j + 1;
  }
  return octets === 4;
}
