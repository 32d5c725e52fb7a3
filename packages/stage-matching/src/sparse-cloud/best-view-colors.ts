import type { FrameImage } from '@aquamvs/core';
import type { RefractiveProjection } from '@aquamvs/geometry';

/** A camera offered to {@link bestViewColors}. */
export interface ColorView {
  readonly projection: RefractiveProjection;
  /** Undistorted RGB (or grey) image on the projection's K_new grid. */
  readonly image: FrameImage;
}

/**
 * Best-view colours (spec §3.13): each point takes the colour of the camera whose straight-line view direction
 * is most aligned with its normal (`|normalize(X − C) · n|`), among cameras where it projects validly inside
 * the image; the pixel is `(round(u), round(v))` clamped. No such camera ⇒ grey 128. Returns N×3 RGB.
 */
export function bestViewColors(points: Float64Array, normals: Float32Array, views: readonly ColorView[]): Uint8Array {
  const n = points.length / 3;
  const colors = new Uint8Array(n * 3).fill(128);
  const best = new Float64Array(n).fill(-1);
  const pixels = new Float64Array(n * 2);
  const valid = new Uint8Array(n);
  for (const { projection, image } of views) {
    projection.projectInto(points, pixels, valid);
    const [cx, cy, cz] = projection.center;
    const { width: W, height: H, channels: C, data } = image;
    const scale = data instanceof Uint16Array ? 255 / 65535 : 1;
    for (let i = 0; i < n; i++) {
      if (!valid[i]) continue;
      const u = pixels[i * 2];
      const v = pixels[i * 2 + 1];
      if (!(u >= 0 && u < W && v >= 0 && v < H)) continue;
      const dx = points[i * 3] - cx;
      const dy = points[i * 3 + 1] - cy;
      const dz = points[i * 3 + 2] - cz;
      const len = Math.hypot(dx, dy, dz) || 1;
      const score = Math.abs((dx * normals[i * 3] + dy * normals[i * 3 + 1] + dz * normals[i * 3 + 2]) / len);
      if (!(score > best[i])) continue;
      best[i] = score;
      const x = Math.min(W - 1, Math.max(0, Math.round(u)));
      const y = Math.min(H - 1, Math.max(0, Math.round(v)));
      const p = (y * W + x) * C;
      for (let k = 0; k < 3; k++) colors[i * 3 + k] = Math.min(255, Math.max(0, Math.round(data[p + (C === 1 ? 0 : k)] * scale)));
    }
  }
  return colors;
}
