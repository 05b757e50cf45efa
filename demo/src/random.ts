/**
 * Deterministic randomness. Every decision the demo makes (which question, which tool fails,
 * which request the simulator rejects) comes from a hash of a seed and a label, so a run with
 * the same DEMO_SEED produces the same traffic whatever the timing.
 */

/** 32-bit FNV-1a of a string. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  }
  return h;
}

/** A uniform number in [0, 1) derived from the labels only. */
export function unit(...labels: Array<string | number>): number {
  return mulberry32(hash32(labels.join('\u0000')))();
}

/** Small, fast seeded PRNG (mulberry32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded stream of decisions for one conversation, turn or request. */
export class Rng {
  private readonly next: () => number;

  constructor(...labels: Array<string | number>) {
    this.next = mulberry32(hash32(labels.join('\u0000')));
  }

  float(): number {
    return this.next();
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  int(min: number, maxInclusive: number): number {
    return min + Math.floor(this.next() * (maxInclusive - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Approximately normal noise (sum of uniforms), mean 0. */
  noise(stdDev: number): number {
    return (this.next() + this.next() + this.next() + this.next() - 2) * stdDev * Math.sqrt(3);
  }
}
