import type { FrameImage } from '@aquamvs/core';
import type { PairMatches, Rig } from '@aquamvs/geometry';
import { matchPair, type IndexedMatches } from './match-pair.js';
import { closestPoint, horizontalJacobian } from './patch.js';
import { describeView, detectView, type ViewFeatures } from './view-features.js';
import { estimateZRange } from './z-range.js';

/** Options of the built-in (`classic`) matcher. Every field has a default in {@link CLASSIC_DEFAULTS}. */
export interface ClassicMatcherOptions {
  /** Keypoints per camera (config `sparse_matching.max_keypoints`). */
  maxKeypoints: number;
  /** Corner threshold relative to the strongest corner (config `sparse_matching.detection_threshold`). */
  quality: number;
  /** CLAHE clip limit (config `clahe_clip_limit` when `clahe_enabled`), or null. */
  claheClipLimit: number | null;
  /** Plausible ray-depth band (m) searched along each epipolar curve. */
  depthMin: number;
  depthMax: number;
  /** Descriptor grid G (G² values) and sample spacing in pixels of a typical ring camera. */
  descriptorGrid: number;
  descriptorStepPx: number;
  /** Refinement patch grid and sample spacing in pixels. */
  refineGrid: number;
  refineStepPx: number;
  /** Integer search radius of the refinement, pixels. */
  refineSearchPx: number;
  /** Maximum distance from the refractive epipolar curve, pixels. */
  tolerancePx: number;
  /** Lowe ratio on descriptor distances, both directions. */
  ratio: number;
  /** Minimum descriptor NCC and minimum refined NCC. */
  minNcc: number;
  minRefinedNcc: number;
  /** Smoothing before detection and sampling, pixels. */
  blurSigma: number;
}

/** Defaults of {@link ClassicMatcherOptions}. */
export const CLASSIC_DEFAULTS: ClassicMatcherOptions = {
  maxKeypoints: 2048,
  quality: 0.005,
  claheClipLimit: null,
  depthMin: 0.01,
  depthMax: 2.5,
  descriptorGrid: 9,
  descriptorStepPx: 1.5,
  refineGrid: 9,
  refineStepPx: 1.0,
  refineSearchPx: 3,
  tolerancePx: 3,
  ratio: 0.8,
  minNcc: 0.5,
  minRefinedNcc: 0.85,
  blurSigma: 1.0,
};

/**
 * Metres per pixel of the rig's ring cameras on the horizontal plane `Z = z` (median over cameras, at the
 * principal point): converts pixel spacings of patches into one world spacing shared by all cameras.
 */
export function rigMetresPerPixel(rig: Rig, z: number): number {
  const scales: number[] = [];
  const J = new Float64Array(4);
  const names = rig.ringCameras.length > 0 ? rig.ringCameras : [...rig.models.keys()];
  for (const name of names) {
    const model = rig.models.get(name);
    if (model === undefined) continue;
    const K = model.projection.K;
    const { origins: o, directions: d } = model.projection.castRay(new Float64Array([K[2], K[5]]));
    const depth = (z - o[2]) / d[2];
    if (!(depth > 0) || !horizontalJacobian(model.projection, o[0] + depth * d[0], o[1] + depth * d[1], z, J)) continue;
    const det = Math.abs(J[0] * J[3] - J[1] * J[2]);
    if (det > 0) scales.push(1 / Math.sqrt(det));
  }
  if (scales.length === 0) return 1e-3;
  scales.sort((p, q) => p - q);
  return scales[Math.floor(scales.length / 2)];
}

/** Unordered camera pairs `(min, max)` from the reference → sources lists, each once, in first-seen order (§3.5). */
export function canonicalPairs(pairs: Readonly<Record<string, readonly string[]>>): [string, string][] {
  const seen = new Set<string>();
  const out: [string, string][] = [];
  for (const [ref, sources] of Object.entries(pairs)) {
    for (const src of sources) {
      const [a, b] = ref < src ? [ref, src] : [src, ref];
      const key = `${a}\u0000${b}`;
      if (a === b || seen.has(key)) continue;
      seen.add(key);
      out.push([a, b]);
    }
  }
  return out;
}

/** Result of {@link matchFrame}. */
export interface FrameMatches {
  /** Features of every camera that had an image (final descriptors). */
  features: Map<string, ViewFeatures>;
  /** Matches per canonical pair whose cameras both have features. */
  matches: PairMatches[];
  /** World-Z extent of the scene found by the coarse pass (null when too few coarse matches). */
  zRange: { min: number; max: number } | null;
}

/**
 * The built-in matcher on one frame, in two passes. Coarse: descriptors on the plane at the middle of the
 * plausible band, candidates along the whole refractive epipolar curve (depthMin–depthMax), no refinement;
 * the depths of those matches give the scene's world-Z extent ({@link estimateZRange}). Fine: descriptors
 * re-laid on the plane at the scene's middle Z, candidates only along the part of the curve inside that Z
 * extent, and sub-pixel refinement of every match.
 */
export function matchFrame(
  rig: Rig,
  images: ReadonlyMap<string, FrameImage>,
  pairs: readonly (readonly [string, string])[],
  options: ClassicMatcherOptions,
  masks: ReadonlyMap<string, Uint8Array> = new Map(),
  onStep: () => void = () => undefined,
): FrameMatches {
  const detected = new Map<string, ViewFeatures>();
  for (const [name, image] of images) {
    const model = rig.models.get(name);
    if (model === undefined) continue;
    const mask = masks.get(name);
    detected.set(name, detectView(name, image, model.projection, {
      maxKeypoints: options.maxKeypoints,
      quality: options.quality,
      claheClipLimit: options.claheClipLimit,
      blurSigma: options.blurSigma,
      ...(mask === undefined ? {} : { mask }),
    }));
    onStep();
  }
  const usable = pairs.filter(([a, b]) => detected.has(a) && detected.has(b));
  const waterZ = rig.calibration.waterZ;
  const coarseZ = waterZ + 0.5 * (options.depthMin + options.depthMax);
  const coarse = describeAll(rig, detected, coarseZ, options);
  const zs: number[] = [];
  const point = new Float64Array(3);
  for (const [a, b] of usable) {
    const fa = coarse.get(a) as ViewFeatures;
    const fb = coarse.get(b) as ViewFeatures;
    const m = matchWith(rig, fa, fb, options, null, false);
    for (let k = 0; k < m.scores.length; k++) {
      if (closestPoint(fa.origins, fa.directions, m.refIndex[k], fb.origins, fb.directions, m.srcIndex[k], point)) zs.push(point[2]);
    }
  }
  const zRange = estimateZRange(zs.filter((z) => z > waterZ));
  const fineZ = zRange === null ? coarseZ : 0.5 * (zRange.min + zRange.max);
  const features = zRange === null ? coarse : describeAll(rig, detected, fineZ, options);
  const matches: PairMatches[] = [];
  for (const [a, b] of usable) {
    const { refIndex: _r, srcIndex: _s, ...m } = matchWith(rig, features.get(a) as ViewFeatures, features.get(b) as ViewFeatures, options, zRange, true);
    matches.push(m);
    onStep();
  }
  return { features, matches, zRange };
}

function describeAll(rig: Rig, detected: ReadonlyMap<string, ViewFeatures>, z: number, options: ClassicMatcherOptions): Map<string, ViewFeatures> {
  const step = options.descriptorStepPx * rigMetresPerPixel(rig, z);
  const out = new Map<string, ViewFeatures>();
  for (const [name, view] of detected) {
    const model = rig.models.get(name);
    if (model !== undefined) out.set(name, describeView(view, model.projection, z, step, options.descriptorGrid));
  }
  return out;
}

function matchWith(
  rig: Rig,
  a: ViewFeatures,
  b: ViewFeatures,
  options: ClassicMatcherOptions,
  zRange: { min: number; max: number } | null,
  refine: boolean,
): IndexedMatches {
  const projA = rig.models.get(a.camera)?.projection;
  const projB = rig.models.get(b.camera)?.projection;
  if (projA === undefined || projB === undefined) {
    const none = { refPixels: new Float64Array(), srcPixels: new Float64Array(), scores: new Float32Array() };
    return { ref: a.camera, src: b.camera, ...none, refIndex: new Int32Array(), srcIndex: new Int32Array() };
  }
  return matchPair(a, b, projA, projB, {
    depthMin: options.depthMin,
    depthMax: options.depthMax,
    zRange,
    curveSegments: zRange === null ? 32 : 8,
    tolerancePx: options.tolerancePx,
    ratio: options.ratio,
    minNcc: options.minNcc,
    refine: refine
      ? { grid: options.refineGrid, stepPx: options.refineStepPx, searchPx: options.refineSearchPx, minNcc: options.minRefinedNcc }
      : null,
  });
}
