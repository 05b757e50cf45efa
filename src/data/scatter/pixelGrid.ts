/**
 * Nearest point to a pixel, via a uniform grid over the points' pixel positions (hover on 100k
 * points). The grid is two flat arrays (a counting sort of the points by cell), built in two
 * linear passes without a Map or per-cell arrays.
 */
export class PixelGrid {
  private readonly cols: number;
  private readonly rows: number;
  private readonly minCx: number;
  private readonly minCy: number;
  /** Points of cell c are order[start[c] .. start[c + 1]). */
  private readonly start: Uint32Array;
  private readonly order: Uint32Array;

  constructor(
    private readonly px: Float32Array,
    private readonly py: Float32Array,
    private readonly cell = 12
  ) {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < px.length; i++) {
      const x = px[i];
      const y = py[i];
      if (Number.isFinite(x) && Number.isFinite(y)) {
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
    }
    const ok = minX <= maxX;
    this.minCx = ok ? Math.floor(minX / cell) : 0;
    this.minCy = ok ? Math.floor(minY / cell) : 0;
    // Points far outside the plot (clamped scales) would make a huge grid: cap its size.
    this.cols = ok ? Math.min(4096, Math.floor(maxX / cell) - this.minCx + 1) : 0;
    this.rows = ok ? Math.min(4096, Math.floor(maxY / cell) - this.minCy + 1) : 0;
    const cells = this.cols * this.rows;
    const cellOf = new Int32Array(px.length).fill(-1);
    const count = new Uint32Array(cells + 1);
    for (let i = 0; i < px.length; i++) {
      const c = this.cellIndex(Math.floor(px[i] / cell), Math.floor(py[i] / cell));
      if (c >= 0 && Number.isFinite(px[i]) && Number.isFinite(py[i])) {
        cellOf[i] = c;
        count[c + 1]++;
      }
    }
    for (let c = 0; c < cells; c++) {
      count[c + 1] += count[c];
    }
    this.start = count;
    this.order = new Uint32Array(count[cells]);
    const fill = count.slice(0, cells);
    for (let i = 0; i < px.length; i++) {
      if (cellOf[i] >= 0) {
        this.order[fill[cellOf[i]]++] = i;
      }
    }
  }

  private cellIndex(cx: number, cy: number): number {
    const gx = cx - this.minCx;
    const gy = cy - this.minCy;
    return gx >= 0 && gy >= 0 && gx < this.cols && gy < this.rows ? gy * this.cols + gx : -1;
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
        const c = this.cellIndex(i, j);
        if (c < 0) {
          continue;
        }
        for (let k = this.start[c]; k < this.start[c + 1]; k++) {
          const p = this.order[k];
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
