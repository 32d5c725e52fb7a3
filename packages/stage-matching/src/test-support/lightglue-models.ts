import type { SyntheticScene } from '@aquamvs/benchmark';
import type { FrameImage } from '@aquamvs/core';
import type { Rig } from '@aquamvs/geometry';
import { toGrey } from '../features/grey.js';
import { LIGHTGLUE_RESIZE } from '../lightglue/extract-features.js';
import { longSideSize, resizeGrey } from '../lightglue/resize-grey.js';
import { encodeOnnxModel, type GraphNode, type Initializer } from './onnx-graph.js';

/** Score the lookup extractor gives keypoints a camera does not see (below the default detection threshold 0.005). */
const HIDDEN_SCORE = 0.001;

/** The true surface points of a lookup extractor and each camera's pixels of them (NaN where not seen). */
export interface LookupTruth {
  /** P×3 world points. */
  readonly points: Float64Array;
  /** Per camera, P×2 undistorted pixels (NaN when outside the image). */
  readonly pixels: ReadonlyMap<string, Float64Array>;
}

function randomUnitRows(rows: number, size: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(rows * size);
  for (let r = 0; r < rows; r++) {
    let norm = 0;
    for (let k = 0; k < size; k++) {
      const v = ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296) * 2 - 1;
      out[r * size + k] = v;
      norm += v * v;
    }
    for (let k = 0; k < size; k++) out[r * size + k] /= Math.sqrt(norm);
  }
  return out;
}

/**
 * A stand-in extractor ONNX model for one frame of a synthetic scene: a grid of surface points (seen by `seedCamera`)
 * projected into every camera. It recognises the camera from a fixed weighted sum of its input image (the image is
 * the 1024-long-side resize) and gathers that camera's keypoints in pixels of the resized image (int64: rounded),
 * scores (1, or {@link HIDDEN_SCORE} where the point is outside the image) and a unit descriptor per surface point.
 */
export function buildLookupExtractor(
  scene: SyntheticScene,
  rig: Rig,
  images: ReadonlyMap<string, FrameImage>,
  seedCamera: string,
  grid: [number, number],
  keypointType: 'int64' | 'float32' = 'int64',
  D = 32,
): { bytes: Uint8Array; truth: LookupTruth } {
  const cameras = [...images.keys()];
  const { width, height } = images.get(cameras[0]) as FrameImage;
  const [rw, rh] = longSideSize(width, height, LIGHTGLUE_RESIZE);
  const weights = randomUnitRows(1, rw * rh, 7).map((v) => v * 1000);
  const [gx, gy] = grid;
  const points: number[] = [];
  for (let i = 0; i < gy; i++) {
    for (let j = 0; j < gx; j++) {
      const gt = scene.groundTruthAt(seedCamera, ((j + 0.5) * width) / gx - 0.5, ((i + 0.5) * height) / gy - 0.5);
      if (Number.isFinite(gt.depth)) points.push(gt.point[0], gt.point[1], gt.point[2]);
    }
  }
  const P = points.length / 3;
  const C = cameras.length;
  const kps = new Float64Array(C * P * 2);
  const scores = new Float32Array(C * P);
  const sigs = new Float32Array(C);
  const pixels = new Map<string, Float64Array>();
  const px = new Float64Array(2);
  cameras.forEach((name, c) => {
    const model = rig.models.get(name);
    if (model === undefined) throw new Error(`no model for ${name}`);
    const image = images.get(name) as FrameImage;
    const grey = resizeGrey(
      toGrey(name, image).map((v) => v / 255),
      width,
      height,
      rw,
      rh,
    );
    let sig = 0;
    for (let i = 0; i < grey.length; i++) sig += grey[i] * weights[i];
    sigs[c] = sig;
    const seen = new Float64Array(P * 2).fill(Number.NaN);
    for (let p = 0; p < P; p++) {
      const ok = model.projection.projectPoint(points[p * 3], points[p * 3 + 1], points[p * 3 + 2], px);
      const inside = ok && px[0] >= 2 && px[0] <= width - 3 && px[1] >= 2 && px[1] <= height - 3;
      const u = inside ? px[0] : 0;
      const v = inside ? px[1] : 0;
      if (inside) seen.set(px, p * 2);
      kps[(c * P + p) * 2] = (u + 0.5) * (rw / width) - 0.5;
      kps[(c * P + p) * 2 + 1] = (v + 0.5) * (rh / height) - 0.5;
      scores[c * P + p] = inside ? 1 : HIDDEN_SCORE;
    }
    pixels.set(name, seen);
  });
  const descs = new Float32Array(C * P * D);
  const unit = randomUnitRows(P, D, 11);
  for (let c = 0; c < C; c++) descs.set(unit, c * P * D);
  const initializers: Initializer[] = [
    { name: 'sig_w', dims: [1, 1, rh, rw], data: weights },
    { name: 'sigs', dims: [C], data: sigs },
    { name: 'kps', dims: [C, P, 2], data: keypointType === 'int64' ? BigInt64Array.from(kps, (k) => BigInt(Math.round(k))) : Float32Array.from(kps) },
    { name: 'all_scores', dims: [C, P], data: scores },
    { name: 'descs', dims: [C, P, D], data: descs },
  ];
  const nodes: GraphNode[] = [
    { op: 'Mul', inputs: ['image', 'sig_w'], outputs: ['wi'] },
    { op: 'ReduceSum', inputs: ['wi'], outputs: ['s'], ints: { keepdims: 0 } },
    { op: 'Sub', inputs: ['s', 'sigs'], outputs: ['d'] },
    { op: 'Abs', inputs: ['d'], outputs: ['ad'] },
    { op: 'ArgMin', inputs: ['ad'], outputs: ['idx'], ints: { axis: 0, keepdims: 1 } },
    { op: 'Gather', inputs: ['kps', 'idx'], outputs: ['keypoints'], ints: { axis: 0 } },
    { op: 'Gather', inputs: ['all_scores', 'idx'], outputs: ['scores'], ints: { axis: 0 } },
    { op: 'Gather', inputs: ['descs', 'idx'], outputs: ['descriptors'], ints: { axis: 0 } },
  ];
  const bytes = encodeOnnxModel({
    inputs: [{ name: 'image', dims: [1, 1, 'H', 'W'] }],
    outputs: [
      { name: 'keypoints', dims: [1, P, 2], type: keypointType },
      { name: 'scores', dims: [1, P] },
      { name: 'descriptors', dims: [1, P, D] },
    ],
    initializers,
    nodes,
  });
  return { bytes, truth: { points: Float64Array.from(points), pixels } };
}

/**
 * A stand-in LightGlue ONNX model: mutual nearest neighbours of the descriptors by dot product (MatMul, ArgMax,
 * ReduceMax), score = the similarity. `form: 'pairs'` outputs `matches0` [K,2] int64 and `mscores0` [K];
 * `form: 'index'` outputs `matches0` [1,N] (−1 for none) and `mscores0` [1,N].
 */
export function buildMnnMatcher(form: 'pairs' | 'index'): Uint8Array {
  const nodes: GraphNode[] = [
    { op: 'Flatten', inputs: ['desc0'], outputs: ['d0'], ints: { axis: 2 } },
    { op: 'Flatten', inputs: ['desc1'], outputs: ['d1'], ints: { axis: 2 } },
    { op: 'Transpose', inputs: ['d1'], outputs: ['d1t'] },
    { op: 'MatMul', inputs: ['d0', 'd1t'], outputs: ['sim'] },
    { op: 'ArgMax', inputs: ['sim'], outputs: ['j'], ints: { axis: 1, keepdims: 0 } },
    { op: 'ReduceMax', inputs: ['sim'], outputs: ['rowmax'], ints: { axes: [1], keepdims: 0 } },
    { op: 'ReduceMax', inputs: ['sim'], outputs: ['colmax'], ints: { axes: [0], keepdims: 0 } },
    { op: 'Gather', inputs: ['colmax', 'j'], outputs: ['cm'], ints: { axis: 0 } },
    { op: 'Equal', inputs: ['rowmax', 'cm'], outputs: ['mutual'] },
  ];
  const initializers: Initializer[] = [];
  if (form === 'index') {
    initializers.push(
      { name: 'axis0', dims: [1], data: new BigInt64Array([0n]) },
      { name: 'neg1', dims: [], data: new BigInt64Array([-1n]) },
      { name: 'zero', dims: [], data: new Float32Array([0]) },
    );
    nodes.push(
      { op: 'Where', inputs: ['mutual', 'j', 'neg1'], outputs: ['m'] },
      { op: 'Where', inputs: ['mutual', 'rowmax', 'zero'], outputs: ['ms'] },
      { op: 'Unsqueeze', inputs: ['m', 'axis0'], outputs: ['matches0'] },
      { op: 'Unsqueeze', inputs: ['ms', 'axis0'], outputs: ['mscores0'] },
    );
  } else {
    initializers.push({ name: 'flat', dims: [1], data: new BigInt64Array([-1n]) });
    nodes.push(
      { op: 'NonZero', inputs: ['mutual'], outputs: ['nz'] },
      { op: 'Gather', inputs: ['j', 'nz'], outputs: ['jk'], ints: { axis: 0 } },
      { op: 'Concat', inputs: ['nz', 'jk'], outputs: ['pairs_t'], ints: { axis: 0 } },
      { op: 'Transpose', inputs: ['pairs_t'], outputs: ['matches0'] },
      { op: 'Gather', inputs: ['rowmax', 'nz'], outputs: ['sk'], ints: { axis: 0 } },
      { op: 'Reshape', inputs: ['sk', 'flat'], outputs: ['mscores0'] },
    );
  }
  return encodeOnnxModel({
    inputs: [
      { name: 'kpts0', dims: [1, 'N', 2] },
      { name: 'kpts1', dims: [1, 'M', 2] },
      { name: 'desc0', dims: [1, 'N', 'D'] },
      { name: 'desc1', dims: [1, 'M', 'D'] },
    ],
    outputs:
      form === 'index'
        ? [
            { name: 'matches0', dims: [1, 'N'], type: 'int64' },
            { name: 'mscores0', dims: [1, 'N'] },
          ]
        : [
            { name: 'matches0', dims: ['K', 2], type: 'int64' },
            { name: 'mscores0', dims: ['K'] },
          ],
    initializers,
    nodes,
  });
}
