/**
 * The Luhn checksum of payment card numbers: doubling every second digit from the right, the sum
 * of the digits is a multiple of 10. Non-digits in `s` (spaces, dashes) are skipped.
 */
export function luhnValid(s: string, from = 0, to = s.length): boolean {
  let sum = 0;
  let double = false;
  let digits = 0;
  for (let i = to - 1; i >= from; i--) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) {
      continue;
    }
    digits++;
    if (double) {
      sum += d < 5 ? d * 2 : d * 2 - 9;
    } else {
      sum += d;
    }
    double = !double;
  }
  return digits > 0 && sum % 10 === 0;
}
