import type { FrameImage } from '@aquamvs/core';
import type { RefractiveProjection } from '../refractive-projection.js';

/** A camera for colouring: its refractive model on the image's (K_new) grid and the undistorted image. */
export interface ColorView {
  readonly projection: RefractiveProjection;
  readonly image?: FrameImage;
}

/**
 * Best-view colouring (spec §3.13): each point takes the colour of the camera that sees it most frontally, score
 * `|normalize(X − C) · n|` (straight-line view direction, refraction ignored), among cameras whose projection is
 * valid and inside `0 ≤ u < W, 0 ≤ v < H`; the pixel is `(round(v), round(u))` clamped. Points no camera sees stay
 * grey (128). Views without an image are skipped. Inputs are not modified.
 * @example
 * const colors = bestViewColors(mesh.positions, mesh.normals, ringViews);
 */
export function bestViewColors(positions: Float64Array, normals: Float32Array | Float64Array, views: readonly ColorView[]): Uint8Array {
  const n = Math.floor(positions.length / 3);
  const colors = new Uint8Array(n * 3).fill(128);
  const best = new Float64Array(n).fill(-1);
  const pixels = new Float64Array(n * 2);
  const valid = new Uint8Array(n);
  for (const view of views) {
    const image = view.image;
    if (image === undefined) continue;
    view.projection.projectInto(positions, pixels, valid);
    const [cx, cy, cz] = view.projection.center;
    const { width: w, height: h, data, channels } = image;
    const scale = data instanceof Uint8Array ? 1 : data instanceof Uint16Array ? 1 / 257 : 255;
    for (let i = 0; i < n; i++) {
      if (!valid[i]) continue;
      const u = pixels[i * 2];
      const v = pixels[i * 2 + 1];
      if (!(u >= 0 && u < w && v >= 0 && v < h)) continue;
      const dx = positions[i * 3] - cx,
        dy = positions[i * 3 + 1] - cy,
        dz = positions[i * 3 + 2] - cz;
      const l = Math.hypot(dx, dy, dz);
      const score = l > 0 ? Math.abs((dx * normals[i * 3] + dy * normals[i * 3 + 1] + dz * normals[i * 3 + 2]) / l) : 0;
      if (!(score > best[i])) continue;
      best[i] = score;
      const col = Math.min(w - 1, Math.max(0, Math.round(u)));
      const row = Math.min(h - 1, Math.max(0, Math.round(v)));
      const p = (row * w + col) * channels;
      for (let k = 0; k < 3; k++) {
        const value = data[p + (channels === 3 ? k : 0)] * scale;
        colors[i * 3 + k] = value <= 0 ? 0 : value >= 255 ? 255 : Math.round(value);
      }
    }
  }
  return colors;
}
