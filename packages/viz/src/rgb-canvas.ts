import type { FrameImage } from '@aquamvs/core';
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphRows } from './bitmap-font.js';

/** An RGB colour, 0–255 per channel. */
export type Rgb = readonly [number, number, number];

/**
 * An 8-bit RGB raster with the few drawing primitives the plots need (clipped lines, discs, rectangles, text,
 * image blits). Coordinates are pixels, x right and y down.
 */
export class RgbCanvas {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;

  constructor(width: number, height: number, background: Rgb = [255, 255, 255]) {
    if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
      throw new RangeError(`RgbCanvas: size must be positive integers, got ${width}x${height}`);
    }
    this.width = width;
    this.height = height;
    this.data = new Uint8Array(width * height * 3);
    this.fillRect(0, 0, width, height, background);
  }

  /** The canvas as a {@link FrameImage} (shares the pixel buffer). */
  toImage(): FrameImage {
    return { width: this.width, height: this.height, channels: 3, data: this.data };
  }

  setPixel(x: number, y: number, c: Rgb): void {
    const xi = Math.round(x);
    const yi = Math.round(y);
    if (xi < 0 || yi < 0 || xi >= this.width || yi >= this.height) return;
    const o = 3 * (yi * this.width + xi);
    this.data[o] = c[0];
    this.data[o + 1] = c[1];
    this.data[o + 2] = c[2];
  }

  /** Blends `c` over the pixel with opacity `alpha` (0–1). */
  blendPixel(x: number, y: number, c: Rgb, alpha: number): void {
    const xi = Math.round(x);
    const yi = Math.round(y);
    if (xi < 0 || yi < 0 || xi >= this.width || yi >= this.height) return;
    const o = 3 * (yi * this.width + xi);
    for (let k = 0; k < 3; k++) this.data[o + k] = Math.round(this.data[o + k] * (1 - alpha) + c[k] * alpha);
  }

  fillRect(x: number, y: number, w: number, h: number, c: Rgb): void {
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.width, Math.round(x + w));
    const y1 = Math.min(this.height, Math.round(y + h));
    for (let yy = y0; yy < y1; yy++) {
      for (let xx = x0, o = 3 * (yy * this.width + x0); xx < x1; xx++, o += 3) {
        this.data[o] = c[0];
        this.data[o + 1] = c[1];
        this.data[o + 2] = c[2];
      }
    }
  }

  strokeRect(x: number, y: number, w: number, h: number, c: Rgb): void {
    this.line(x, y, x + w - 1, y, c);
    this.line(x + w - 1, y, x + w - 1, y + h - 1, c);
    this.line(x + w - 1, y + h - 1, x, y + h - 1, c);
    this.line(x, y + h - 1, x, y, c);
  }

  /** A line of `thickness` pixels (DDA; endpoints that are not finite draw nothing). */
  line(x0: number, y0: number, x1: number, y1: number, c: Rgb, thickness = 1, alpha = 1): void {
    if (![x0, y0, x1, y1].every(Number.isFinite)) return;
    const steps = Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0)));
    if (steps > 20 * (this.width + this.height)) return;
    const r = (thickness - 1) / 2;
    for (let i = 0; i <= steps; i++) {
      const t = steps === 0 ? 0 : i / steps;
      const x = x0 + (x1 - x0) * t;
      const y = y0 + (y1 - y0) * t;
      if (r <= 0) {
        if (alpha >= 1) this.setPixel(x, y, c);
        else this.blendPixel(x, y, c, alpha);
      } else this.disc(x, y, r, c);
    }
  }

  /** A filled disc of radius `r` pixels. */
  disc(cx: number, cy: number, r: number, c: Rgb): void {
    const x0 = Math.max(0, Math.floor(cx - r));
    const x1 = Math.min(this.width - 1, Math.ceil(cx + r));
    const y0 = Math.max(0, Math.floor(cy - r));
    const y1 = Math.min(this.height - 1, Math.ceil(cy + r));
    const r2 = (r + 0.5) * (r + 0.5);
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r2) this.setPixel(x, y, c);
    }
  }

  /** Draws `text` with its top-left corner at (x, y), `scale` canvas pixels per font pixel. */
  text(x: number, y: number, text: string, c: Rgb, scale = 1): void {
    let penX = Math.round(x);
    const top = Math.round(y);
    for (const char of text) {
      const rows = glyphRows(char);
      for (let row = 0; row < GLYPH_HEIGHT; row++) {
        for (let col = 0; col < GLYPH_WIDTH; col++) {
          if ((rows[row] >> (GLYPH_WIDTH - 1 - col)) & 1) this.fillRect(penX + col * scale, top + row * scale, scale, scale, c);
        }
      }
      penX += (GLYPH_WIDTH + 1) * scale;
    }
  }

  /** Copies an 8-bit grey or RGB image with its top-left corner at (x, y), nearest-neighbour scaled to w×h. */
  drawImage(image: FrameImage, x: number, y: number, w = image.width, h = image.height): void {
    const src = image.data;
    const ch = image.channels;
    for (let yy = 0; yy < h; yy++) {
      const ty = Math.round(y) + yy;
      if (ty < 0 || ty >= this.height) continue;
      const sy = Math.min(image.height - 1, Math.floor(((yy + 0.5) * image.height) / h));
      for (let xx = 0; xx < w; xx++) {
        const tx = Math.round(x) + xx;
        if (tx < 0 || tx >= this.width) continue;
        const sx = Math.min(image.width - 1, Math.floor(((xx + 0.5) * image.width) / w));
        const s = (sy * image.width + sx) * ch;
        const o = 3 * (ty * this.width + tx);
        const scale = src instanceof Uint16Array ? 1 / 257 : src instanceof Float32Array ? 255 : 1;
        for (let k = 0; k < 3; k++) this.data[o + k] = Math.max(0, Math.min(255, Math.round(src[s + (ch === 3 ? k : 0)] * scale)));
      }
    }
  }
}
