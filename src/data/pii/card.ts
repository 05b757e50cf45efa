import { luhnValid } from './luhn';
import type { Emit } from './piiMatches';

/**
 * Payment card numbers: 13–19 digits starting with 2–6 (Mir, Mastercard, Amex, Diners, JCB, Visa,
 * Maestro, Discover, UnionPay; the leading 1 of epoch-millisecond timestamps is left alone), either
 * contiguous or in the printed groups (4-4-4-4, 4-4-4-4-3, Amex 4-6-5, Diners 4-6-4) with one kind
 * of separator, space or dash, and masked only when the Luhn check passes, which leaves nine in
 * ten other digit runs of that shape alone.
 * Boundaries: not inside a longer word, decimal, dotted, dashed or slashed number.
 */
const CARD =
  /(?<![\w.+\-/])[2-6]\d{3}(?:([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{3})?|([ -])\d{6}\2\d{4,5}|\d{9,15})(?![\w]|[.\-/:]\d)/g;

// Lengths of the grouped 4-4-4-4-3 and 4-4-4-4 forms, separators included.
const GROUPED_19 = 23;
const GROUPED_16 = 19;

export function detectCards(text: string, emit: Emit): void {
  if (!/\d{4}/.test(text)) {
    return;
  }
  const re = CARD;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const end = m.index + m[0].length;
    if (luhnValid(text, m.index, end)) {
      emit(m.index, end);
    } else if (m[0].length === GROUPED_19 && luhnValid(text, m.index, m.index + GROUPED_16)) {
      // 4-4-4-4 followed by three more digits ("4111 1111 1111 1111 123"): the card is the 16.
      emit(m.index, m.index + GROUPED_16);
    } else {
      // A failed run may hide a card starting at one of its later groups ("ref 2024 4111 1111 …").
      re.lastIndex = m.index + 1;
    }
  }
}
