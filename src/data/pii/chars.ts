/**
 * Character classes the detectors test by code unit (charCodeAt), cheaper than a regex per
 * character on the hot scanning loops. NaN (past either end) is in none of them.
 */

/** [0-9] */
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** [A-Za-z0-9] */
export function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
}

/** [A-Za-z0-9_]: what `\w` means in a regex without the u flag. */
export function isWord(c: number): boolean {
  return isAlnum(c) || c === 95;
}

/** [0-9A-Fa-f] */
export function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102);
}
