import type { FrameImage } from '@aquamvs/core';
import type { CameraFeatures } from '../artifacts.js';
import { clahe } from '../features/clahe.js';
import { toGrey } from '../features/grey.js';
import type { RawKeypoints } from './extractor-model.js';
import { longSideSize, resizeGrey } from './resize-grey.js';

/** The long side LightGlue's `extract` resizes images to (spec §3.5). */
export const LIGHTGLUE_RESIZE = 1024;

/** Options of {@link extractFeatures}. */
export interface FeatureExtractOptions {
  readonly maxKeypoints: number;
  /** Keypoints scoring below it are dropped. */
  readonly detectionThreshold: number;
  /** CLAHE clip limit, or null for none. */
  readonly claheClipLimit: number | null;
  /** W×H, non-zero = keep (spec §3.14). */
  readonly mask?: Uint8Array;
  /** Fixed model input size (`null`: long side {@link LIGHTGLUE_RESIZE}). */
  readonly inputSize?: { readonly width: number; readonly height: number } | null;
}

/** Runs an extractor on a `[1,1,H,W]` grey plane in [0, 1]. */
export type RunExtractor = (grey: Float32Array, width: number, height: number) => Promise<RawKeypoints>;

/**
 * Features of one undistorted image (spec §3.5): grey, optional CLAHE, ÷255, resized so the long side is 1024 px,
 * run through the extractor, keypoints mapped back with `kp = (kp_resized + 0.5)/scale − 0.5` per axis; then
 * keypoints with `score < detectionThreshold` (compared in float32, as torch does) are dropped, the `maxKeypoints` best kept (ties by index), then
 * those whose rounded, clamped pixel is 0 in the mask removed.
 */
export async function extractFeatures(camera: string, image: FrameImage, run: RunExtractor, options: FeatureExtractOptions): Promise<CameraFeatures> {
  const { width, height } = image;
  let grey = toGrey(camera, image);
  if (options.claheClipLimit !== null) grey = clahe(grey, width, height, options.claheClipLimit);
  const scale = image.data instanceof Float32Array || image.data instanceof Float64Array ? 1 : 1 / 255;
  for (let i = 0; i < grey.length; i++) grey[i] *= scale;
  const [rw, rh] = options.inputSize == null ? longSideSize(width, height, LIGHTGLUE_RESIZE) : [options.inputSize.width, options.inputSize.height];
  const raw = await run(resizeGrey(grey, width, height, rw, rh), rw, rh);
  const sx = rw / width;
  const sy = rh / height;
  const n = raw.scores.length;
  const order: number[] = [];
  const threshold = Math.fround(options.detectionThreshold);
  for (let i = 0; i < n; i++) if (raw.scores[i] >= threshold) order.push(i);
  order.sort((a, b) => raw.scores[b] - raw.scores[a] || a - b);
  const inMask = (i: number): boolean => {
    if (options.mask === undefined) return true;
    const x = Math.min(width - 1, Math.max(0, Math.round((raw.keypoints[i * 2] + 0.5) / sx - 0.5)));
    const y = Math.min(height - 1, Math.max(0, Math.round((raw.keypoints[i * 2 + 1] + 0.5) / sy - 0.5)));
    return options.mask[y * width + x] !== 0;
  };
  const keep = order.slice(0, options.maxKeypoints).filter(inMask);
  const D = raw.descriptorSize;
  const keypoints = new Float64Array(keep.length * 2);
  const scores = new Float32Array(keep.length);
  const descriptors = new Float32Array(keep.length * D);
  keep.forEach((i, k) => {
    keypoints[k * 2] = (raw.keypoints[i * 2] + 0.5) / sx - 0.5;
    keypoints[k * 2 + 1] = (raw.keypoints[i * 2 + 1] + 0.5) / sy - 0.5;
    scores[k] = raw.scores[i];
    descriptors.set(raw.descriptors.subarray(i * D, i * D + D), k * D);
  });
  return { keypoints, scores, descriptors, descriptorSize: D };
}
