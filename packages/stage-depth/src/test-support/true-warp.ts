import type { SyntheticScene } from '@aquamvs/benchmark';
import type { Rig } from '@aquamvs/geometry';
import type { DenseWarp, WarpPixelConvention } from '@aquamvs/core';

/**
 * The exact warp `ref → src` of a synthetic scene on a `gridW`×`gridH` grid: each cell's reference pixel is cast to
 * the true surface point, projected into `src` and written as normalised coordinates; certainty 1 where the point
 * projects inside the source image, 0 elsewhere.
 */
export function trueWarp(
  scene: SyntheticScene,
  rig: Rig,
  ref: string,
  src: string,
  gridW: number,
  gridH: number,
  convention: WarpPixelConvention = 'centre',
): DenseWarp {
  const r = rig.models.get(ref);
  const s = rig.models.get(src);
  if (r === undefined || s === undefined) throw new Error(`no model for ${ref} or ${src}`);
  const { width: rw, height: rh } = r.undistortion;
  const { width: sw, height: sh } = s.undistortion;
  const half = convention === 'centre' ? 0.5 : 0;
  const warp = new Float32Array(gridW * gridH * 2);
  const certainty = new Float32Array(gridW * gridH);
  const px = new Float64Array(2);
  for (let i = 0; i < gridH; i++) {
    for (let j = 0; j < gridW; j++) {
      const k = i * gridW + j;
      const u = (j + half) * (rw / gridW) - half;
      const v = (i + half) * (rh / gridH) - half;
      const gt = scene.groundTruthAt(ref, u, v);
      const ok = Number.isFinite(gt.depth) && s.projection.projectPoint(gt.point[0], gt.point[1], gt.point[2], px);
      const inside = ok && px[0] >= -0.5 && px[0] <= sw - 0.5 && px[1] >= -0.5 && px[1] <= sh - 0.5;
      warp[k * 2] = ((px[0] + half) / sw) * 2 - 1;
      warp[k * 2 + 1] = ((px[1] + half) / sh) * 2 - 1;
      certainty[k] = inside ? 1 : 0;
    }
  }
  return { width: gridW, height: gridH, warp, certainty };
}
