/** Nearest point to a pixel, via a uniform grid over the points' pixel positions (hover on 100k points). */
export class PixelGrid {
  private readonly cells = new Map<number, number[]>();

  constructor(
    private readonly px: Float32Array,
    private readonly py: Float32Array,
    private readonly cell = 12
  ) {
    for (let i = 0; i < px.length; i++) {
      if (Number.isFinite(px[i]) && Number.isFinite(py[i])) {
        const k = this.key(Math.floor(px[i] / cell), Math.floor(py[i] / cell));
        const c = this.cells.get(k);
        if (c) {
          c.push(i);
        } else {
          this.cells.set(k, [i]);
        }
      }
    }
  }

  private key(cx: number, cy: number): number {
    return (cx + 1024) * 65536 + (cy + 1024);
  }

  /** Index of the nearest point within `radius` px, or -1. */
  nearest(x: number, y: number, radius: number): number {
    const r = Math.ceil(radius / this.cell);
    const cx = Math.floor(x / this.cell);
    const cy = Math.floor(y / this.cell);
    let best = -1;
    let bestD = radius * radius;
    for (let i = cx - r; i <= cx + r; i++) {
      for (let j = cy - r; j <= cy + r; j++) {
        for (const p of this.cells.get(this.key(i, j)) ?? []) {
          const d = (this.px[p] - x) ** 2 + (this.py[p] - y) ** 2;
          if (d <= bestD) {
            bestD = d;
            best = p;
          }
        }
      }
    }
    return best;
  }
}

/** The frontier as a staircase through its points (sorted by cost): across, then up/down. */
export function stepLine(xs: number[], ys: number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let k = 0; k < xs.length; k++) {
    if (k > 0) {
      out.push([xs[k], ys[k - 1]]);
    }
    out.push([xs[k], ys[k]]);
  }
  return out;
}
