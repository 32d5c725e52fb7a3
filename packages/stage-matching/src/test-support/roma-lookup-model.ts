import type { SyntheticScene } from '@aquamvs/benchmark';
import type { FrameImage } from '@aquamvs/core';
import type { Rig } from '@aquamvs/geometry';
import type { DenseWarp } from '@aquamvs/core';
import { imageToTensor } from '../roma/image-tensor.js';
import { encodeOnnxModel } from './onnx-graph.js';

/**
 * The exact warp `ref → src` of a synthetic scene (pixel-centre convention): each cell's reference pixel is cast to
 * the true surface point and projected into `src`; certainty 1 where it lands inside the source image, else 0.
 */
function trueWarp(scene: SyntheticScene, rig: Rig, ref: string, src: string, gridW: number, gridH: number): DenseWarp {
  const r = rig.models.get(ref);
  const s = rig.models.get(src);
  if (r === undefined || s === undefined) throw new Error(`no model for ${ref} or ${src}`);
  const { width: rw, height: rh } = r.undistortion;
  const { width: sw, height: sh } = s.undistortion;
  const warp = new Float32Array(gridW * gridH * 2);
  const certainty = new Float32Array(gridW * gridH);
  const px = new Float64Array(2);
  for (let i = 0; i < gridH; i++) {
    for (let j = 0; j < gridW; j++) {
      const k = i * gridW + j;
      const gt = scene.groundTruthAt(ref, (j + 0.5) * (rw / gridW) - 0.5, (i + 0.5) * (rh / gridH) - 0.5);
      const ok = Number.isFinite(gt.depth) && s.projection.projectPoint(gt.point[0], gt.point[1], gt.point[2], px);
      const inside = ok && px[0] >= -0.5 && px[0] <= sw - 0.5 && px[1] >= -0.5 && px[1] <= sh - 0.5;
      warp[k * 2] = ((px[0] + 0.5) / sw) * 2 - 1;
      warp[k * 2 + 1] = ((px[1] + 0.5) / sh) * 2 - 1;
      certainty[k] = inside ? 1 : 0;
    }
  }
  return { width: gridW, height: gridH, warp, certainty };
}

/** Deterministic weights in [−1, 1] for the image signature. */
function signatureWeights(n: number): Float32Array {
  let s = 12345;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296) * 2 - 1;
  return out;
}

const signature = (tensor: Float32Array, weights: Float32Array): number => {
  let sum = 0;
  for (let i = 0; i < tensor.length; i++) sum += tensor[i] * weights[i];
  return sum;
};

/**
 * A stand-in RoMa ONNX model holding the true warps of every ordered camera pair of a frame: it computes a fixed
 * weighted sum of each input image (its signature), picks the stored pair whose signatures are nearest
 * (`ArgMin |a − a_k| + |b − b_k|`) and gathers that pair's warp and certainty. Inputs `image_a`, `image_b`
 * float32 [1,3,H,W]; outputs `warp` [1,H_w,W_w,2], `overlap` [1,H_w,W_w].
 */
export function buildLookupRomaModel(
  scene: SyntheticScene,
  rig: Rig,
  images: ReadonlyMap<string, FrameImage>,
  gridW: number,
  gridH: number,
): Uint8Array {
  const cameras = [...rig.ringCameras, ...rig.auxiliaryCameras];
  const first = images.get(cameras[0]) as FrameImage;
  const { width, height } = first;
  const weights = signatureWeights(3 * width * height);
  const sig = new Map(cameras.map((c) => [c, signature(imageToTensor(images.get(c) as FrameImage, width, height), weights)]));
  const pairs = cameras.flatMap((a) => cameras.filter((b) => b !== a).map((b) => [a, b] as const));
  const cells = gridW * gridH;
  const warps = new Float32Array(pairs.length * cells * 2);
  const overlaps = new Float32Array(pairs.length * cells);
  pairs.forEach(([a, b], k) => {
    const w = trueWarp(scene, rig, a, b, gridW, gridH);
    warps.set(w.warp, k * cells * 2);
    overlaps.set(w.certainty, k * cells);
  });
  const K = pairs.length;
  return encodeOnnxModel({
    inputs: [
      { name: 'image_a', dims: [1, 3, height, width] },
      { name: 'image_b', dims: [1, 3, height, width] },
    ],
    outputs: [
      { name: 'warp', dims: [1, gridH, gridW, 2] },
      { name: 'overlap', dims: [1, gridH, gridW] },
    ],
    initializers: [
      { name: 'sig_w', dims: [1, 3, height, width], data: weights },
      { name: 'sig_a', dims: [K], data: Float32Array.from(pairs.map(([a]) => sig.get(a) ?? 0)) },
      { name: 'sig_b', dims: [K], data: Float32Array.from(pairs.map(([, b]) => sig.get(b) ?? 0)) },
      { name: 'warps', dims: [K, gridH, gridW, 2], data: warps },
      { name: 'overlaps', dims: [K, gridH, gridW], data: overlaps },
    ],
    nodes: [
      { op: 'Mul', inputs: ['image_a', 'sig_w'], outputs: ['wa'] },
      { op: 'ReduceSum', inputs: ['wa'], outputs: ['sa'], ints: { keepdims: 0 } },
      { op: 'Mul', inputs: ['image_b', 'sig_w'], outputs: ['wb'] },
      { op: 'ReduceSum', inputs: ['wb'], outputs: ['sb'], ints: { keepdims: 0 } },
      { op: 'Sub', inputs: ['sa', 'sig_a'], outputs: ['da'] },
      { op: 'Sub', inputs: ['sb', 'sig_b'], outputs: ['db'] },
      { op: 'Abs', inputs: ['da'], outputs: ['aa'] },
      { op: 'Abs', inputs: ['db'], outputs: ['ab'] },
      { op: 'Add', inputs: ['aa', 'ab'], outputs: ['dist'] },
      { op: 'ArgMin', inputs: ['dist'], outputs: ['idx'], ints: { axis: 0, keepdims: 1 } },
      { op: 'Gather', inputs: ['warps', 'idx'], outputs: ['warp'], ints: { axis: 0 } },
      { op: 'Gather', inputs: ['overlaps', 'idx'], outputs: ['overlap'], ints: { axis: 0 } },
    ],
  });
}
