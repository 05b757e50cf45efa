// Canvas drawing of the scatter on uPlot's context: points batched per series, the frontier
// staircase and the centroids' interval crosses. Pixel positions are kept for hover.
import type uPlot from 'uplot';
import type { ScatterModel } from '../../data/scatter/scatterModel';
import type { ScatterPoints } from '../../data/scatter/scatterPoints';
import { stepLine } from '../../data/scatter/pixelGrid';
import { discRaster } from './discRaster';

export interface DrawStyle {
  colorOf: (series: string) => string;
  frontierColor: string;
  background: string;
  showSeriesFrontiers: boolean;
  showCentroids: boolean;
  showMargins: boolean;
  /** Per point, a factor 1–4 on the radius (area ∝ value); undefined: one size. */
  sizeFactor?: Float32Array;
  marginColor: string;
  pixelRatio: number;
  /**
   * Series whose centroids (exact means over all traffic) are on the frontier of the means, by
   * increasing cost: drawn as a step line through those centroids. Undefined: not drawn.
   */
  centroidFrontier?: string[];
}

/** Above this many points they are rasterised instead of drawn as canvas arcs. */
export const ARC_LIMIT = 2_000;

/**
 * Draws everything; returns the points' CSS-pixel positions relative to the plot area, how many
 * points were ringed as on their own series' frontier, and the frontier of the means as drawn.
 */
export function drawScatter(u: uPlot, p: ScatterPoints, m: ScatterModel, s: DrawStyle) {
  let seriesRings = 0;
  let meansFrontier: string[] = [];
  const ctx = u.ctx;
  const n = p.x.length;
  const px = new Float32Array(n);
  const py = new Float32Array(n);
  const r = s.pixelRatio;
  ctx.save();
  ctx.beginPath();
  ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
  ctx.clip();
  const dense = n > ARC_LIMIT;
  const size = (dense ? 1.5 : 3) * r;
  const devX = new Float32Array(n);
  const devY = new Float32Array(n);
  const toX = projector(u, 'x');
  const toY = projector(u, 'y');
  for (let i = 0; i < n; i++) {
    const x = toX(p.x[i]);
    const y = toY(p.y[i]);
    devX[i] = x;
    devY[i] = y;
    px[i] = x / r - u.bbox.left / r;
    py[i] = y / r - u.bbox.top / r;
  }
  if (dense) {
    // Tens of thousands of canvas arcs cost hundreds of ms to fill: rasterise small discs into
    // one image instead (same look at 1.5 px), then draw it in one call.
    rasterPoints(ctx, u.bbox, devX, devY, m.index.id, m.index.keys.map(s.colorOf), size, 0.5, s.sizeFactor);
  } else {
    const bySeries = new Map<string, Path2D>();
    for (let i = 0; i < n; i++) {
      let path = bySeries.get(p.series[i]);
      if (!path) {
        bySeries.set(p.series[i], (path = new Path2D()));
      }
      const rad = size * (s.sizeFactor?.[i] ?? 1);
      path.moveTo(devX[i] + rad, devY[i]);
      path.arc(devX[i], devY[i], rad, 0, 2 * Math.PI);
    }
    ctx.globalAlpha = 0.75;
    for (const [key, path] of bySeries) {
      ctx.fillStyle = s.colorOf(key);
      ctx.fill(path);
    }
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
  const perSeries = s.showSeriesFrontiers && m.frontierBySeries.size > 1;
  if (perSeries) {
    for (const [key, idx] of m.frontierBySeries) {
      line(idx, s.colorOf(key), 1, [4, 3]);
    }
  }
  line(m.frontier, s.frontierColor, 2, []);
  if (s.showCentroids && s.centroidFrontier && s.centroidFrontier.length > 0) {
    // The frontier of the version means: which versions buy quality, over all traffic.
    const byKey = new Map(m.centroids.map((c) => [c.series, c]));
    const on = s.centroidFrontier.map((k) => byKey.get(k)).filter((c) => c !== undefined);
    meansFrontier = on.map((c) => c.series);
    const pts = stepLine(
      on.map((c) => u.valToPos(c.x.mean, 'x', true)),
      on.map((c) => u.valToPos(c.y.mean, 'y', true))
    );
    ctx.beginPath();
    pts.forEach(([x, y], k) => (k ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
    ctx.strokeStyle = s.frontierColor;
    ctx.lineWidth = 2.5 * r;
    ctx.setLineDash([8 * r, 4 * r]);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  if (s.showCentroids) {
    for (const c of m.centroids) {
      const x = u.valToPos(c.x.mean, 'x', true);
      const y = u.valToPos(c.y.mean, 'y', true);
      ctx.strokeStyle = s.colorOf(c.series);
      ctx.lineWidth = 2 * r;
      ctx.beginPath();
      if (c.x.low !== undefined && c.x.high !== undefined) {
        const clamped = c.x.low <= 0 && u.scales.x.distr === 3;
        if (clamped) {
          // A log axis cannot place a non-positive bound: the lower whisker runs to the axis,
          // dashed, so it does not read as a line that starts there.
          ctx.setLineDash([3 * r, 3 * r]);
          ctx.moveTo(u.bbox.left, y);
          ctx.lineTo(x, y);
          ctx.stroke();
          ctx.setLineDash([]);
          ctx.beginPath();
          ctx.moveTo(x, y);
        } else {
          ctx.moveTo(u.valToPos(c.x.low, 'x', true), y);
        }
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
  if (s.showMargins) {
    drawMargins(u, p, s.marginColor, r);
  }
  // Points on their own series' frontier (when drawn): a thin ring in the series colour.
  if (perSeries) {
    ctx.lineWidth = 1.25 * r;
    for (const [key, idx] of m.frontierBySeries) {
      ctx.strokeStyle = s.colorOf(key);
      for (const i of idx) {
        if (!m.onFrontier[i]) {
          ctx.beginPath();
          ctx.arc(u.valToPos(p.x[i], 'x', true), u.valToPos(p.y[i], 'y', true), 3.5 * r, 0, 2 * Math.PI);
          ctx.fillStyle = s.background;
          ctx.fill();
          ctx.stroke();
          seriesRings++;
        }
      }
    }
  }
  // Overall frontier points: filled and ringed so they stand out from the cloud.
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
  return { px, py, seriesRings, meansFrontier };
}

/**
 * uPlot's value-to-canvas-pixel mapping of a linear or log scale as one affine function (in log10
 * space for a log scale), taken from two of uPlot's own positions: 200,000 valToPos calls are a
 * measurable part of the first paint at 100k points.
 */
export function projector(u: uPlot, key: 'x' | 'y'): (v: number) => number {
  const sc = u.scales[key];
  const min = sc.min ?? 0;
  const max = sc.max ?? 1;
  const log = sc.distr === 3;
  const p0 = u.valToPos(min, key, true);
  const p1 = u.valToPos(max, key, true);
  if (log) {
    const l0 = Math.log10(min);
    const k = (p1 - p0) / (Math.log10(max) - l0);
    return (v) => p0 + (Math.log10(v) - l0) * k;
  }
  const k = (p1 - p0) / (max - min);
  return (v) => p0 + (v - min) * k;
}

/**
 * The traces that are not points, where the one value they have sits: cost without y as ticks
 * along the bottom edge, y without cost along the left edge (one path each, one fill).
 */
function drawMargins(u: uPlot, p: ScatterPoints, color: string, r: number) {
  const ctx = u.ctx;
  const len = 6 * r;
  const w = Math.max(1, r);
  const bottom = u.bbox.top + u.bbox.height;
  const log = u.scales.x.distr === 3;
  const xs = new Path2D();
  for (const v of p.marginX) {
    if (Number.isFinite(v) && (!log || v > 0)) {
      xs.rect(u.valToPos(v, 'x', true) - w / 2, bottom - len, w, len);
    }
  }
  const ys = new Path2D();
  for (const v of p.marginY) {
    if (Number.isFinite(v)) {
      ys.rect(u.bbox.left, u.valToPos(v, 'y', true) - w / 2, len, w);
    }
  }
  ctx.globalAlpha = 0.6;
  ctx.fillStyle = color;
  ctx.fill(xs);
  ctx.fill(ys);
  ctx.globalAlpha = 1;
}

/** A CSS colour as RGB bytes, resolved by the canvas itself (theme colours are hex or rgb()). */
function rgbOf(ctx: CanvasRenderingContext2D, color: string): [number, number, number] {
  ctx.fillStyle = '#000';
  ctx.fillStyle = color;
  const c = String(ctx.fillStyle);
  if (c.startsWith('#') && c.length === 7) {
    return [parseInt(c.slice(1, 3), 16), parseInt(c.slice(3, 5), 16), parseInt(c.slice(5, 7), 16)];
  }
  const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)/.exec(c);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [128, 128, 128];
}

/**
 * Discs of `radius` device px at (xs, ys), in each point's series colour at `alpha`, composited
 * into one image the size of the plot area (discRaster) and drawn onto ctx in one call.
 */
export function rasterPoints(
  ctx: CanvasRenderingContext2D,
  bbox: { left: number; top: number; width: number; height: number },
  xs: Float32Array,
  ys: Float32Array,
  seriesId: Uint32Array,
  colors: string[],
  radius: number,
  alpha: number,
  sizeFactor?: Float32Array
) {
  const w = Math.max(1, Math.ceil(bbox.width));
  const h = Math.max(1, Math.ceil(bbox.height));
  const img = new ImageData(w, h);
  discRaster(img.data, w, h, {
    xs,
    ys,
    origin: [bbox.left, bbox.top],
    seriesId,
    rgb: colors.map((c) => rgbOf(ctx, c)),
    radius,
    alpha,
    sizeFactor,
  });
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  canvas.getContext('2d')!.putImageData(img, 0, 0);
  ctx.drawImage(canvas, bbox.left, bbox.top);
}
