import type { FrameImage } from '@aquamvs/core';
import type { PairMatches, Rig } from '@aquamvs/geometry';
import { createMatcherExecutor, type MatcherExecutor } from '../parallel/matcher-pool.js';
import { cameraParams, type MatcherSetup } from '../parallel/matcher-tasks.js';
import { toShared } from '../parallel/shared-arrays.js';
import type { ClassicMatcherOptions } from './classic-matcher-options.js';
import { horizontalJacobian } from './patch.js';
import type { ViewFeatures } from './view-features.js';
import { estimateZRange, type ZRange } from './z-range.js';

export { CLASSIC_DEFAULTS } from './classic-matcher-options.js';
export type { ClassicMatcherOptions } from './classic-matcher-options.js';

/**
 * Metres per pixel of the rig's ring cameras on the horizontal plane `Z = z` (median over cameras, at the
 * principal point): converts pixel spacings of patches into one world spacing shared by all cameras.
 */
function rigMetresPerPixel(rig: Rig, z: number): number {
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
  zRange: ZRange | null;
}

/** Per-run matcher setup of a rig: the refractive models of its cameras as plain data, options and masks. */
export function matcherSetup(rig: Rig, options: ClassicMatcherOptions, masks: ReadonlyMap<string, Uint8Array> = new Map()): MatcherSetup {
  const cameras: MatcherSetup['cameras'] = {};
  for (const [name, model] of rig.models) cameras[name] = cameraParams(model.projection);
  return { cameras, options, masks: Object.fromEntries(masks) };
}

/**
 * The built-in matcher on one frame, in two passes. Coarse: descriptors on the plane at the middle of the
 * plausible band, candidates along the whole refractive epipolar curve (depthMin–depthMax), no refinement, on
 * each reference camera's nearest source only; the depths of those matches give the scene's world-Z extent
 * ({@link estimateZRange}). Fine, on every pair: descriptors re-laid on the plane at the scene's middle Z,
 * candidates only along the part of the curve inside that Z extent, sub-pixel refinement of every match and
 * the third-view check. Cameras and pairs are tasks of `executor` (worker threads
 * or this thread; see {@link createMatcherExecutor}); the result does not depend on how many threads run them.
 */
export async function matchFrame(
  rig: Rig,
  images: ReadonlyMap<string, FrameImage>,
  pairs: readonly (readonly [string, string])[],
  options: ClassicMatcherOptions,
  masks: ReadonlyMap<string, Uint8Array> = new Map(),
  onStep: () => void = () => undefined,
  executor?: MatcherExecutor,
): Promise<FrameMatches> {
  const exec = executor ?? createMatcherExecutor(matcherSetup(rig, options, masks), 1);
  const shared = exec.size > 1;
  const waterZ = rig.calibration.waterZ;
  const coarseZ = waterZ + 0.5 * (options.depthMin + options.depthMax);
  const coarseStep = options.descriptorStepPx * rigMetresPerPixel(rig, coarseZ);
  const names = [...images.keys()].filter((name) => rig.models.has(name));
  const detections = await Promise.all(
    names.map(async (name) => {
      const image = images.get(name) as FrameImage;
      const input = shared ? { ...image, data: toShared(image.data) } : image;
      const result = await exec.detect(name, input, coarseZ, coarseStep);
      onStep();
      return result;
    }),
  );
  const detected = new Map(names.map((name, i) => [name, detections[i].detected]));
  const coarse = new Map(names.map((name, i) => [name, detections[i].described]));
  const usable = pairs.filter(([a, b]) => detected.has(a) && detected.has(b));
  const zLists = await Promise.all(
    coarsePairs(rig, usable).map(([a, b]) => exec.coarse(coarse.get(a) as ViewFeatures, coarse.get(b) as ViewFeatures)),
  );
  const zs: number[] = [];
  for (const list of zLists) for (const z of list) if (z > waterZ) zs.push(z);
  const zRange = estimateZRange(zs);
  let features = coarse;
  if (zRange !== null) {
    const fineZ = 0.5 * (zRange.min + zRange.max);
    const fineStep = options.descriptorStepPx * rigMetresPerPixel(rig, fineZ);
    const described = await Promise.all(names.map((name) => exec.describe(detected.get(name) as ViewFeatures, fineZ, fineStep)));
    features = new Map(names.map((name, i) => [name, described[i]]));
  }
  const matches = await Promise.all(
    usable.map(async ([a, b]) => {
      const others = thirdViewOrder(rig, a, b).flatMap((name) => features.get(name) ?? []);
      const m = await exec.fine(features.get(a) as ViewFeatures, features.get(b) as ViewFeatures, zRange, others);
      onStep();
      return m;
    }),
  );
  if (executor === undefined) await exec.close();
  return { features, matches, zRange };
}

/** Cameras that may confirm matches of pair (a, b): the pair-selection sources of a, then of b, without a and b. */
function thirdViewOrder(rig: Rig, a: string, b: string): string[] {
  const out: string[] = [];
  for (const name of [...(rig.pairs[a] ?? []), ...(rig.pairs[b] ?? [])]) if (name !== a && name !== b && !out.includes(name)) out.push(name);
  return out;
}

/**
 * Pairs of the coarse pass: each reference camera with its first (nearest) source that has features, once per
 * unordered pair; all usable pairs when that leaves none. The Z extent needs many matches, not every pair.
 */
function coarsePairs(rig: Rig, usable: readonly (readonly [string, string])[]): (readonly [string, string])[] {
  const out: (readonly [string, string])[] = [];
  for (const [ref, sources] of Object.entries(rig.pairs)) {
    for (const src of sources) {
      const pair = usable.find(([a, b]) => (a === ref && b === src) || (a === src && b === ref));
      if (pair === undefined) continue;
      if (!out.includes(pair)) out.push(pair);
      break;
    }
  }
  return out.length > 0 ? out : [...usable];
}
