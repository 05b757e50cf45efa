/** Cost in USD with enough digits for sub-cent traces. */
export function formatCost(v: number): string {
  if (!Number.isFinite(v)) {
    return 'unknown';
  }
  if (v === 0) {
    return '$0';
  }
  const a = Math.abs(v);
  return `$${a >= 1 ? v.toFixed(2) : a >= 0.01 ? v.toFixed(4) : v.toPrecision(2)}`;
}

export function formatY(v: number, label: string): string {
  if (!Number.isFinite(v)) {
    return 'unknown';
  }
  if (label.startsWith('Latency')) {
    return `${Math.round(v)} ms`;
  }
  if (label === 'Tokens') {
    return String(Math.round(v));
  }
  if (label.startsWith('Pass rate')) {
    return `${(v * 100).toFixed(0)} %`;
  }
  return +v.toFixed(3) + '';
}
