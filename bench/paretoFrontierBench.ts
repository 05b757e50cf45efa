// Pareto frontier of 100,000 points (target ≤ 20 ms), with the baseline of sorting the same
// 100,000 costs (native Float64Array sort) measured in the same run: the frontier is one sort
// plus one sweep.
import { paretoFrontier } from '../src/data/scatter/paretoFrontier';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function benchParetoFrontier(n = 100_000, runs = 15): { frontierMs: number; sortMs: number } {
  let seed = 42;
  const rand = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const x = Float64Array.from({ length: n }, () => Math.exp(-7 + 4 * rand()));
  const y = Float64Array.from({ length: n }, (_, i) => Math.min(1, 0.3 + 0.1 * Math.log(x[i] * 1000) + 0.3 * rand()));
  const frontier: number[] = [];
  const sort: number[] = [];
  for (let r = 0; r <= runs; r++) {
    let t = performance.now();
    const f = paretoFrontier({ x, y, higherIsBetter: true });
    const fMs = performance.now() - t;
    const copy = Float64Array.from(x);
    t = performance.now();
    copy.sort();
    const sMs = performance.now() - t;
    if (r > 0) {
      frontier.push(fMs);
      sort.push(sMs);
    }
    if (!f.length) {
      throw new Error('empty frontier');
    }
  }
  const frontierMs = median(frontier);
  const sortMs = median(sort);
  console.log(
    `Pareto frontier of ${n.toLocaleString('en')} points: ${frontierMs.toFixed(1)} ms (target ≤ 20 ms); ` +
      `sorting the same costs (Float64Array.sort): ${sortMs.toFixed(1)} ms; ratio ${(frontierMs / sortMs).toFixed(2)}×`
  );
  return { frontierMs, sortMs };
}
