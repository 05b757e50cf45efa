/** A number typed into an editor field: empty, negative or not a number means "not set". */
export function nonNegativeNumber(s: string): number | undefined {
  if (s.trim() === '') {
    return undefined;
  }
  const n = Number(s);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}
