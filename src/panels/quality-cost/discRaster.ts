// Dense scatter points as pixels: discs composited "source over" in integer arithmetic, straight
// into an RGBA buffer (what an ImageData holds). Canvas arcs cost hundreds of ms at 100k points.

export interface DiscInput {
  /** Disc centres; minus `origin`, in pixels of the output. */
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  origin?: [number, number];
  /** Per disc, an index into `rgb`. */
  seriesId: ArrayLike<number>;
  rgb: Array<[number, number, number]>;
  /** Radius in pixels (rounded to half pixels, at least 0.75). */
  radius: number;
  /** Opacity of one disc, 0–1. */
  alpha: number;
  /** Per disc, a factor 1–4 on the radius. */
  sizeFactor?: ArrayLike<number>;
}

/** Composites the discs in order into `out` (w × h RGBA, straight alpha, initially transparent). */
export function discRaster(out: Uint8ClampedArray, w: number, h: number, input: DiscInput): void {
  const { xs, ys, seriesId, rgb, radius, alpha, sizeFactor } = input;
  const [ox, oy] = input.origin ?? [0, 0];
  // Premultiplied colour and coverage in bytes, one 32-bit word per pixel: "over" is then
  // dst·(1 − a) + src on all four bytes at once, two bytes per multiply (each product fits in
  // its 16-bit lane and no byte can carry: src + dst·(1 − a) ≤ 255). Colours are divided by the
  // coverage once per pixel at the end.
  // Accumulated in the output's own buffer, and only the pixels a point touched are finished.
  const pm = new Uint32Array(out.buffer, out.byteOffset, w * h);
  const touched = new Uint32Array(Math.min(w * h, xs.length * 64 + 1024));
  let nTouched = 0;
  // Disc stamps for radii in steps of half a pixel (sizes up to 4× the base radius): (dx, dy)
  // pairs for points near an edge, pixel offsets for the rest (no bounds test per pixel).
  const stamps = new Map<number, { d: Int32Array; off: Int32Array; reach: number }>();
  const stampOf = (rad: number) => {
    const rr = Math.max(0.75, Math.round(rad * 2) / 2);
    let st = stamps.get(rr);
    if (!st) {
      const d: number[] = [];
      const reach = Math.ceil(rr);
      for (let dy = -reach; dy <= reach; dy++) {
        for (let dx = -reach; dx <= reach; dx++) {
          if (dx * dx + dy * dy <= rr * rr) {
            d.push(dx, dy);
          }
        }
      }
      const off = new Int32Array(d.length / 2);
      for (let k = 0; k < off.length; k++) {
        off[k] = d[2 * k + 1] * w + d[2 * k];
      }
      st = { d: Int32Array.from(d), off, reach };
      stamps.set(rr, st);
    }
    return st;
  };
  const base = stampOf(radius);
  const reachAll = Math.ceil(Math.max(0.75, radius) * (sizeFactor ? 4 : 1));
  const a = Math.round(alpha * 256);
  const keep = 256 - a;
  // Coverage of one disc, capped so that src + dst·keep/256 can never exceed a byte; colours on
  // the same scale, so a lone disc keeps its exact colour after the division at the end.
  const a255 = Math.min(Math.round(alpha * 255), 255 - ((255 * keep) >> 8));
  // Premultiplied source colour at alpha, per series id, packed as the pixel words are (through a
  // byte view, so it holds on either endianness).
  const pre = new Uint32Array(rgb.length);
  const preBytes = new Uint8Array(pre.buffer);
  rgb.forEach(([r, g, b], k) => {
    const pre1 = (c: number) => Math.round((c * a255) / 255);
    preBytes.set([pre1(r), pre1(g), pre1(b), a255], 4 * k);
  });
  for (let i = 0; i < xs.length; i++) {
    const cx = Math.round(xs[i] - ox);
    const cy = Math.round(ys[i] - oy);
    if (!(cx >= -reachAll && cy >= -reachAll && cx < w + reachAll && cy < h + reachAll)) {
      continue; // also NaN
    }
    const src = pre[seriesId[i]];
    const st = sizeFactor ? stampOf(radius * sizeFactor[i]) : base;
    if (cx >= st.reach && cy >= st.reach && cx < w - st.reach && cy < h - st.reach) {
      const at = cy * w + cx;
      const off = st.off;
      for (let s = 0; s < off.length; s++) {
        const o = at + off[s];
        const v = pm[o];
        if (v === 0 && nTouched < touched.length) {
          touched[nTouched++] = o;
        }
        pm[o] = src + ((((v & 0xff00ff) * keep) >>> 8) & 0xff00ff) + ((((v >>> 8) & 0xff00ff) * keep) & 0xff00ff00);
      }
    } else {
      const d = st.d;
      for (let s = 0; s < d.length; s += 2) {
        const x = cx + d[s];
        const y = cy + d[s + 1];
        if (x < 0 || y < 0 || x >= w || y >= h) {
          continue;
        }
        const o = y * w + x;
        const v = pm[o];
        if (v === 0 && nTouched < touched.length) {
          touched[nTouched++] = o;
        }
        pm[o] = src + ((((v & 0xff00ff) * keep) >>> 8) & 0xff00ff) + ((((v >>> 8) & 0xff00ff) * keep) & 0xff00ff00);
      }
    }
  }
  // Premultiplied → straight alpha, in place. Every touched pixel is listed unless the list
  // overflowed (sizes far above the base), in which case all pixels are visited.
  const finish = (p: number) => {
    const o = 4 * p;
    const cov = out[o + 3];
    const k = 255 / cov;
    out[o] = out[o] * k;
    out[o + 1] = out[o + 1] * k;
    out[o + 2] = out[o + 2] * k;
  };
  if (nTouched < touched.length) {
    for (let t = 0; t < nTouched; t++) {
      finish(touched[t]);
    }
  } else {
    for (let p = 0; p < pm.length; p++) {
      if (pm[p] !== 0) {
        finish(p);
      }
    }
  }
}
