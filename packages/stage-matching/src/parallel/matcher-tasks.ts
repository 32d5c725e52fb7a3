import type { FrameImage } from '@aquamvs/core';
import { createRefractiveProjection, type PairMatches, type RefractiveProjection } from '@aquamvs/geometry';
import type { ClassicMatcherOptions } from '../features/classic-matcher-options.js';
import { matchPair } from '../features/match-pair.js';
import { closestPoint } from '../features/patch.js';
import { thirdViewCheck } from '../features/third-view-check.js';
import { describeView, detectView, type ViewFeatures } from '../features/view-features.js';
import type { ZRange } from '../features/z-range.js';

/** The refractive model of one camera as plain data (what a worker thread needs to rebuild it). */
export interface CameraParams {
  K: number[];
  R: number[];
  t: number[];
  waterZ: number;
  normal: number[];
  nAir: number;
  nWater: number;
}

/** Per-run state of the matcher's tasks: sent to every worker once, in the stage's `prepare()`. */
export interface MatcherSetup {
  cameras: Record<string, CameraParams>;
  options: ClassicMatcherOptions;
  /** ROI masks by camera (non-zero = keep). */
  masks: Record<string, Uint8Array>;
}

/** Features of one camera after detection: the detected keypoints and their descriptors on the coarse plane. */
export interface DetectResult {
  detected: ViewFeatures;
  described: ViewFeatures;
}

/**
 * The matcher's unit tasks. Each is a pure function of its arguments and the setup, so a frame gives the same
 * result whichever thread runs which task.
 */
export interface MatcherTasks {
  /** Grey, smoothing, corners, rays; descriptors on the plane `Z = z` with world spacing `step`. */
  detect(camera: string, image: FrameImage, z: number, step: number): DetectResult;
  /** Descriptors of detected features on the plane `Z = z`. */
  describe(view: ViewFeatures, z: number, step: number): ViewFeatures;
  /** Coarse pass of a pair (whole plausible band, no refinement): world Z of each match's ray midpoint. */
  coarse(a: ViewFeatures, b: ViewFeatures): Float64Array;
  /**
   * Fine pass of a pair: candidates inside the scene's Z extent (the whole band when null), refined matches,
   * cross-checked in the `others` cameras (in order) when `thirdViewNcc` is set.
   */
  fine(a: ViewFeatures, b: ViewFeatures, zRange: ZRange | null, others: readonly ViewFeatures[]): PairMatches;
}

/** Plain-data parameters of a refractive projection. */
export function cameraParams(p: RefractiveProjection): CameraParams {
  return { K: [...p.K], R: [...p.R], t: [...p.t], waterZ: p.waterZ, normal: [...p.normal], nAir: p.nAir, nWater: p.nWater };
}

/** The tasks bound to a setup (projections are built once). */
export function createMatcherTasks(setup: MatcherSetup): MatcherTasks {
  const projections = new Map<string, RefractiveProjection>(
    Object.entries(setup.cameras).map(([name, params]) => [name, createRefractiveProjection(params)]),
  );
  const projection = (camera: string): RefractiveProjection => {
    const p = projections.get(camera);
    if (p === undefined) throw new Error(`no refractive model for camera '${camera}'`);
    return p;
  };
  const o = setup.options;
  const pairOptions = (zRange: ZRange | null, refine: boolean) => ({
    depthMin: o.depthMin,
    depthMax: o.depthMax,
    zRange,
    curveSegments: zRange === null ? 32 : 8,
    tolerancePx: o.tolerancePx,
    ratio: o.ratio,
    minNcc: o.minNcc,
    refine: refine ? { grid: o.refineGrid, stepPx: o.refineStepPx, searchPx: o.refineSearchPx, minNcc: o.minRefinedNcc } : null,
  });
  return {
    detect(camera, image, z, step) {
      const proj = projection(camera);
      const mask = setup.masks[camera];
      const detected = detectView(camera, image, proj, {
        maxKeypoints: o.maxKeypoints,
        quality: o.quality,
        claheClipLimit: o.claheClipLimit,
        blurSigma: o.blurSigma,
        ...(mask === undefined ? {} : { mask }),
      });
      return { detected, described: describeView(detected, proj, z, step, o.descriptorGrid) };
    },
    describe(view, z, step) {
      return describeView(view, projection(view.camera), z, step, o.descriptorGrid);
    },
    coarse(a, b) {
      const m = matchPair(a, b, projection(a.camera), projection(b.camera), pairOptions(null, false));
      const zs = new Float64Array(m.scores.length);
      const point = new Float64Array(3);
      let n = 0;
      for (let k = 0; k < m.scores.length; k++) {
        if (closestPoint(a.origins, a.directions, m.refIndex[k], b.origins, b.directions, m.srcIndex[k], point)) zs[n++] = point[2];
      }
      return zs.slice(0, n);
    },
    fine(a, b, zRange, others) {
      const projA = projection(a.camera);
      const projB = projection(b.camera);
      const { refIndex: _r, srcIndex: _s, ...m } = matchPair(a, b, projA, projB, pairOptions(zRange, true));
      if (o.thirdViewNcc === null || others.length === 0) return m;
      const views = others.map((view) => ({ view, projection: projection(view.camera) }));
      return thirdViewCheck(m, a, projA, projB, views, {
        grid: o.refineGrid,
        stepPx: o.refineStepPx,
        minNcc: o.thirdViewNcc,
        maxViews: o.thirdViews,
      });
    },
  };
}
