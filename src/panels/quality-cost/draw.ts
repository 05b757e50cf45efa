// Canvas drawing of the scatter on uPlot's context: points batched per series, the frontier
// staircase and the centroids' interval crosses. Pixel positions are kept for hover.
import type uPlot from 'uplot';
import type { ScatterModel } from '../../data/scatter/scatterModel';
import type { ScatterPoints } from '../../data/scatter/scatterPoints';
import { stepLine } from '../../data/scatter/pixelGrid';

export interface DrawStyle {
  colorOf: (series: string) => string;
  frontierColor: string;
  background: string;
  showSeriesFrontiers: boolean;
  showCentroids: boolean;
  pixelRatio: number;
}

/** Draws everything; returns the points' CSS-pixel positions relative to the plot area. */
export function drawScatter(u: uPlot, p: ScatterPoints, m: ScatterModel, s: DrawStyle) {
  const ctx = u.ctx;
  const n = p.x.length;
  const px = new Float32Array(n);
  const py = new Float32Array(n);
  const r = s.pixelRatio;
  ctx.save();
  ctx.beginPath();
  ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
  ctx.clip();
  const bySeries = new Map<string, Path2D>();
  const size = (n > 20_000 ? 1.5 : 3) * r;
  for (let i = 0; i < n; i++) {
    const x = u.valToPos(p.x[i], 'x', true);
    const y = u.valToPos(p.y[i], 'y', true);
    px[i] = x / r - u.bbox.left / r;
    py[i] = y / r - u.bbox.top / r;
    let path = bySeries.get(p.series[i]);
    if (!path) {
      bySeries.set(p.series[i], (path = new Path2D()));
    }
    path.moveTo(x + size, y);
    path.arc(x, y, size, 0, 2 * Math.PI);
  }
  ctx.globalAlpha = n > 20_000 ? 0.5 : 0.75;
  for (const [key, path] of bySeries) {
    ctx.fillStyle = s.colorOf(key);
    ctx.fill(path);
  }
  ctx.globalAlpha = 1;
  const line = (idx: number[], color: string, width: number, dash: number[]) => {
    if (!idx.length) {
      return;
    }
    const pts = stepLine(
      idx.map((i) => u.valToPos(p.x[i], 'x', true)),
      idx.map((i) => u.valToPos(p.y[i], 'y', true))
    );
    ctx.beginPath();
    pts.forEach(([x, y], k) => (k ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
    ctx.strokeStyle = color;
    ctx.lineWidth = width * r;
    ctx.setLineDash(dash.map((d) => d * r));
    ctx.stroke();
    ctx.setLineDash([]);
  };
  if (s.showSeriesFrontiers && m.frontierBySeries.size > 1) {
    for (const [key, idx] of m.frontierBySeries) {
      line(idx, s.colorOf(key), 1, [4, 3]);
    }
  }
  line(m.frontier, s.frontierColor, 2, []);
  if (s.showCentroids) {
    for (const c of m.centroids) {
      const x = u.valToPos(c.x.mean, 'x', true);
      const y = u.valToPos(c.y.mean, 'y', true);
      ctx.strokeStyle = s.colorOf(c.series);
      ctx.lineWidth = 2 * r;
      ctx.beginPath();
      if (c.x.low !== undefined && c.x.high !== undefined) {
        // A log axis cannot place a non-positive bound: clamp the whisker to the axis.
        const lo = c.x.low > 0 || u.scales.x.distr !== 3 ? u.valToPos(c.x.low, 'x', true) : u.bbox.left;
        ctx.moveTo(lo, y);
        ctx.lineTo(u.valToPos(c.x.high, 'x', true), y);
      }
      if (c.y.low !== undefined && c.y.high !== undefined) {
        ctx.moveTo(x, u.valToPos(c.y.low, 'y', true));
        ctx.lineTo(x, u.valToPos(c.y.high, 'y', true));
      }
      ctx.stroke();
      ctx.beginPath();
      ctx.rect(x - 6 * r, y - 6 * r, 12 * r, 12 * r);
      ctx.fillStyle = s.colorOf(c.series);
      ctx.fill();
      ctx.strokeStyle = s.frontierColor;
      ctx.lineWidth = 1.5 * r;
      ctx.stroke();
    }
  }
  // Frontier points: ringed so they stand out from the cloud.
  ctx.lineWidth = 1.5 * r;
  for (const i of m.frontier) {
    const x = u.valToPos(p.x[i], 'x', true);
    const y = u.valToPos(p.y[i], 'y', true);
    ctx.beginPath();
    ctx.arc(x, y, 4.5 * r, 0, 2 * Math.PI);
    ctx.fillStyle = s.colorOf(p.series[i]);
    ctx.fill();
    ctx.strokeStyle = s.frontierColor;
    ctx.stroke();
  }
  ctx.restore();
  return { px, py };
}
