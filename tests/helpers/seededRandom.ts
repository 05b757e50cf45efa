// Deterministic random numbers for simulations (tests and bench): mulberry32 plus Box–Muller.
export interface Random {
  uniform(): number;
  normal(mean?: number, sd?: number): number;
  binomial(n: number, p: number): number;
}

export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let spare: number | undefined;
  const normal = (mean = 0, sd = 1) => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return mean + sd * s;
    }
    const u = 1 - uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return mean + sd * r * Math.cos(2 * Math.PI * v);
  };
  const binomial = (n: number, p: number) => {
    let x = 0;
    for (let i = 0; i < n; i++) {
      if (uniform() < p) {
        x++;
      }
    }
    return x;
  };
  return { uniform, normal, binomial };
}
