import { css } from '@emotion/css';
import React from 'react';
import type { GenAiKind } from '../../data/genai/model';

/**
 * The icons rows draw. `@grafana/ui`'s `Icon` parses its SVG file per instance; virtual rows change
 * kind as they scroll, so they draw the same Unicons shapes (path data from @grafana/ui's bundled
 * icons, Apache-2.0) as cached background images. Details and toolbar use `Icon`.
 */
interface Glyph {
  viewBox: string;
  paths: Array<{ d: string; stroke?: number; fill?: boolean }>;
}

const SPARKLE_BIG =
  'M29.8 19.76C23.03 18.41 21.59 16.97 20.24 10.2C20.19 9.94 19.81 9.94 19.76 10.2C18.4 16.97 16.97 18.41 10.2 19.76C9.93 19.82 9.93 20.19 10.2 20.24C16.97 21.6 18.4 23.03 19.76 29.81C19.81 30.07 20.19 30.07 20.24 29.81C21.59 23.03 23.03 21.6 29.8 20.24C30.06 20.19 30.06 19.82 29.8 19.76Z';
const SPARKLE_SMALL =
  'M11.9 6.88C8.51 6.2 7.8 5.49 7.12 2.1C7.09 1.97 6.91 1.97 6.88 2.1C6.2 5.49 5.49 6.2 2.1 6.88C1.97 6.91 1.97 7.1 2.1 7.12C5.49 7.8 6.2 8.52 6.88 11.9C6.91 12.03 7.09 12.03 7.12 11.9C7.8 8.52 8.51 7.8 11.9 7.12C12.03 7.1 12.03 6.91 11.9 6.88Z';

export type GlyphName = GenAiKind | 'error' | 'chevronRight' | 'chevronDown';

export const GLYPHS: Record<GlyphName, Glyph> = {
  chevronRight: { viewBox: '0 0 24 24', paths: [{ d: 'M9 5.5L15.5 12L9 18.5', stroke: 2.6 }] },
  chevronDown: { viewBox: '0 0 24 24', paths: [{ d: 'M5.5 9L12 15.5L18.5 9', stroke: 2.6 }] },
  agent: {
    viewBox: '0 0 32 32',
    paths: [
      { d: SPARKLE_BIG, stroke: 2.9, fill: true },
      { d: SPARKLE_SMALL, stroke: 1.9, fill: true },
    ],
  },
  llm: {
    viewBox: '0 0 24 24',
    paths: [
      {
        d: 'M22 11V17C22 18.1 21.1 19 20 19H6.83C6.3 19 5.79 19.21 5.41 19.59L3.21 21.79C2.9 22.1 2.36 22 2.12 21.68C2.04 21.56 2 21.43 2 21.29V5C2 3.9 2.9 3 4 3H10',
        stroke: 2,
      },
      {
        d: 'M12.08 6.9C14.79 6.36 15.36 5.79 15.9 3.08C15.93 2.97 16.07 2.97 16.1 3.08C16.64 5.79 17.21 6.36 19.92 6.9C20.03 6.93 20.03 7.07 19.92 7.1C17.21 7.64 16.64 8.21 16.1 10.92C16.07 11.03 15.93 11.03 15.9 10.92C15.36 8.21 14.79 7.64 12.08 7.1C11.97 7.07 11.97 6.93 12.08 6.9Z',
        stroke: 2,
        fill: true,
      },
    ],
  },
  tool: {
    viewBox: '0 0 24 24',
    paths: [
      {
        d: 'M21.32,9.55l-1.89-.63.89-1.78A1,1,0,0,0,20.13,6L18,3.87a1,1,0,0,0-1.15-.19l-1.78.89-.63-1.89A1,1,0,0,0,13.5,2h-3a1,1,0,0,0-.95.68L8.92,4.57,7.14,3.68A1,1,0,0,0,6,3.87L3.87,6a1,1,0,0,0-.19,1.15l.89,1.78-1.89.63A1,1,0,0,0,2,10.5v3a1,1,0,0,0,.68.95l1.89.63-.89,1.78A1,1,0,0,0,3.87,18L6,20.13a1,1,0,0,0,1.15.19l1.78-.89.63,1.89a1,1,0,0,0,.95.68h3a1,1,0,0,0,.95-.68l.63-1.89,1.78.89A1,1,0,0,0,18,20.13L20.13,18a1,1,0,0,0,.19-1.15l-.89-1.78,1.89-.63A1,1,0,0,0,22,13.5v-3A1,1,0,0,0,21.32,9.55ZM20,12.78l-1.2.4A2,2,0,0,0,17.64,16l.57,1.14-1.1,1.1L16,17.64a2,2,0,0,0-2.79,1.16l-.4,1.2H11.22l-.4-1.2A2,2,0,0,0,8,17.64l-1.14.57-1.1-1.1L6.36,16A2,2,0,0,0,5.2,13.18L4,12.78V11.22l1.2-.4A2,2,0,0,0,6.36,8L5.79,6.89l1.1-1.1L8,6.36A2,2,0,0,0,10.82,5.2l.4-1.2h1.56l.4,1.2A2,2,0,0,0,16,6.36l1.14-.57,1.1,1.1L17.64,8a2,2,0,0,0,1.16,2.79l1.2.4ZM12,8a4,4,0,1,0,4,4A4,4,0,0,0,12,8Zm0,6a2,2,0,1,1,2-2A2,2,0,0,1,12,14Z',
        fill: true,
      },
    ],
  },
  retrieval: {
    viewBox: '0 0 24 24',
    paths: [
      {
        d: 'M8,16.5a1,1,0,1,0,1,1A1,1,0,0,0,8,16.5ZM12,2C8,2,4,3.37,4,6V18c0,2.63,4,4,8,4s8-1.37,8-4V6C20,3.37,16,2,12,2Zm6,16c0,.71-2.28,2-6,2s-6-1.29-6-2V14.73A13.16,13.16,0,0,0,12,16a13.16,13.16,0,0,0,6-1.27Zm0-6c0,.71-2.28,2-6,2s-6-1.29-6-2V8.73A13.16,13.16,0,0,0,12,10a13.16,13.16,0,0,0,6-1.27ZM12,8C8.28,8,6,6.71,6,6s2.28-2,6-2,6,1.29,6,2S15.72,8,12,8ZM8,10.5a1,1,0,1,0,1,1A1,1,0,0,0,8,10.5Z',
        fill: true,
      },
    ],
  },
  memory: {
    viewBox: '0 0 24 24',
    paths: [
      {
        d: 'M22,11A4,4,0,0,0,20,7.52,3,3,0,0,0,20,7a3,3,0,0,0-3-3l-.18,0A3,3,0,0,0,12,2.78,3,3,0,0,0,7.18,4L7,4A3,3,0,0,0,4,7a3,3,0,0,0,0,.52,4,4,0,0,0-.55,6.59A4,4,0,0,0,7,20l.18,0A3,3,0,0,0,12,21.22,3,3,0,0,0,16.82,20L17,20a4,4,0,0,0,3.5-5.89A4,4,0,0,0,22,11ZM11,8.55a4.72,4.72,0,0,0-.68-.32,1,1,0,0,0-.64,1.9A2,2,0,0,1,11,12v1.55a4.72,4.72,0,0,0-.68-.32,1,1,0,0,0-.64,1.9A2,2,0,0,1,11,17v2a1,1,0,0,1-1,1,1,1,0,0,1-.91-.6,4.07,4.07,0,0,0,.48-.33,1,1,0,1,0-1.28-1.54A2,2,0,0,1,7,18a2,2,0,0,1-2-2,2,2,0,0,1,.32-1.06A3.82,3.82,0,0,0,6,15a1,1,0,0,0,0-2,1.84,1.84,0,0,1-.69-.13A2,2,0,0,1,5,9.25a3.1,3.1,0,0,0,.46.35,1,1,0,1,0,1-1.74.9.9,0,0,1-.34-.33A.92.92,0,0,1,6,7,1,1,0,0,1,7,6a.76.76,0,0,1,.21,0,3.85,3.85,0,0,0,.19.47,1,1,0,0,0,1.37.37A1,1,0,0,0,9.13,5.5,1.06,1.06,0,0,1,9,5a1,1,0,0,1,2,0Zm7.69,4.32A1.84,1.84,0,0,1,18,13a1,1,0,0,0,0,2,3.82,3.82,0,0,0,.68-.06A2,2,0,0,1,19,16a2,2,0,0,1-2,2,2,2,0,0,1-1.29-.47,1,1,0,0,0-1.28,1.54,4.07,4.07,0,0,0,.48.33A1,1,0,0,1,14,20a1,1,0,0,1-1-1V17a2,2,0,0,1,1.32-1.87,1,1,0,0,0-.64-1.9,4.72,4.72,0,0,0-.68.32V12a2,2,0,0,1,1.32-1.87,1,1,0,0,0-.64-1.9,4.72,4.72,0,0,0-.68.32V5a1,1,0,0,1,2,0,1.06,1.06,0,0,1-.13.5,1,1,0,0,0,.36,1.37A1,1,0,0,0,16.6,6.5,3.85,3.85,0,0,0,16.79,6,.76.76,0,0,1,17,6a1,1,0,0,1,1,1,1,1,0,0,1-.17.55.9.9,0,0,1-.33.31,1,1,0,0,0,1,1.74A2.66,2.66,0,0,0,19,9.25a2,2,0,0,1-.27,3.62Z',
        fill: true,
      },
    ],
  },
  embedding: {
    viewBox: '0 0 24 24',
    paths: [
      {
        d: 'M2.5,8.86l9,5.2a1,1,0,0,0,1,0l9-5.2A1,1,0,0,0,22,8a1,1,0,0,0-.5-.87l-9-5.19a1,1,0,0,0-1,0l-9,5.19A1,1,0,0,0,2,8,1,1,0,0,0,2.5,8.86ZM12,4l7,4-7,4L5,8Zm8.5,7.17L12,16,3.5,11.13a1,1,0,0,0-1.37.37,1,1,0,0,0,.37,1.36l9,5.2a1,1,0,0,0,1,0l9-5.2a1,1,0,0,0,.37-1.36A1,1,0,0,0,20.5,11.13Zm0,4L12,20,3.5,15.13a1,1,0,0,0-1.37.37,1,1,0,0,0,.37,1.36l9,5.2a1,1,0,0,0,1,0l9-5.2a1,1,0,0,0,.37-1.36A1,1,0,0,0,20.5,15.13Z',
        fill: true,
      },
    ],
  },
  workflow: {
    viewBox: '0 0 24 24',
    paths: [
      {
        d: 'M22,15H20V12a1,1,0,0,0-1-1H13V9h2a1,1,0,0,0,1-1V2a1,1,0,0,0-1-1H9A1,1,0,0,0,8,2V8A1,1,0,0,0,9,9h2v2H5a1,1,0,0,0-1,1v3H2a1,1,0,0,0-1,1v6a1,1,0,0,0,1,1H8a1,1,0,0,0,1-1V16a1,1,0,0,0-1-1H6V13H18v2H16a1,1,0,0,0-1,1v6a1,1,0,0,0,1,1h6a1,1,0,0,0,1-1V16A1,1,0,0,0,22,15ZM7,17v4H3V17ZM10,7V3h4V7ZM21,21H17V17h4Z',
        fill: true,
      },
    ],
  },
  other: {
    viewBox: '0 0 24 24',
    paths: [{ d: 'M12,2A10,10,0,1,0,22,12,10,10,0,0,0,12,2Zm0,18a8,8,0,1,1,8-8A8,8,0,0,1,12,20Z', fill: true }],
  },
  error: {
    viewBox: '0 0 24 24',
    paths: [
      {
        d: 'M12,14a1.25,1.25,0,1,0,1.25,1.25A1.25,1.25,0,0,0,12,14Zm0-1.5a1,1,0,0,0,1-1v-3a1,1,0,0,0-2,0v3A1,1,0,0,0,12,12.5ZM12,2A10,10,0,1,0,22,12,10,10,0,0,0,12,2Zm0,18a8,8,0,1,1,8-8A8,8,0,0,1,12,20Z',
        fill: true,
      },
    ],
  },
};

/** The glyph as an SVG image in one colour (a data URL; shapes and colours are ours, never user text). */
export function glyphDataUrl(name: GlyphName, color: string): string {
  const g = GLYPHS[name];
  const paths = g.paths
    .map(
      (p) =>
        `<path d="${p.d}" fill="${p.fill ? color : 'none'}"${p.stroke ? ` stroke="${color}" stroke-width="${p.stroke}"` : ''} stroke-linecap="round" stroke-linejoin="round"/>`
    )
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${g.viewBox}">${paths}</svg>`;
  return `url("data:image/svg+xml,${encodeURIComponent(svg)}")`;
}

/**
 * The glyph as a PNG data URL drawn at the screen's pixel ratio, where the browser can draw paths
 * (jsdom cannot: undefined). Painting an SVG background re-renders its vectors on every paint,
 * measured at 4–5 ms of a scroll frame for a screen of rows; a bitmap is copied.
 */
function glyphBitmapUrl(name: GlyphName, color: string, px: number): string | undefined {
  if (typeof document === 'undefined' || typeof Path2D === 'undefined') {
    return undefined;
  }
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = px;
  const ctx = canvas.getContext('2d');
  if (!ctx) {
    return undefined;
  }
  const g = GLYPHS[name];
  const [, , w] = g.viewBox.split(' ').map(Number);
  ctx.scale(px / w, px / w);
  ctx.fillStyle = ctx.strokeStyle = color;
  ctx.lineCap = ctx.lineJoin = 'round';
  for (const p of g.paths) {
    const path = new Path2D(p.d);
    if (p.fill) {
      ctx.fill(path);
    }
    if (p.stroke) {
      ctx.lineWidth = p.stroke;
      ctx.stroke(path);
    }
  }
  return `url("${canvas.toDataURL('image/png')}")`;
}

const classes = new Map<string, string>();

/** One class per glyph and colour, made once: rows switch classes as they scroll, nothing is parsed. */
function glyphClass(name: GlyphName, color: string): string {
  const ratio = Math.max(1, Math.ceil(typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1));
  const key = `${name} ${color} ${ratio}`;
  let c = classes.get(key);
  if (!c) {
    c = css({
      display: 'inline-block',
      flex: '0 0 14px',
      width: 14,
      height: 14,
      backgroundImage: glyphBitmapUrl(name, color, 14 * ratio) ?? glyphDataUrl(name, color),
      backgroundSize: '14px 14px',
      backgroundRepeat: 'no-repeat',
    });
    classes.set(key, c);
  }
  return c;
}

/**
 * A row's icon: a span with the glyph as its background image. An inline SVG per row costs a
 * few elements, their layout and vector painting on every scroll frame; a cached image does not.
 */
export function RowGlyph(props: { name: GlyphName; title: string; color: string }) {
  // Without a title the glyph is decoration (the expander's button carries the label).
  return props.title ? (
    <span
      role="img"
      aria-label={props.title}
      title={props.title}
      data-glyph={props.name}
      className={glyphClass(props.name, props.color)}
    />
  ) : (
    <span aria-hidden data-glyph={props.name} className={glyphClass(props.name, props.color)} />
  );
}
