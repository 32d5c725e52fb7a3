import { inject, injectable } from '@aquamvs/core';
import type { ArtifactKey, DepthRange, RunContext, Stage, StageContext } from '@aquamvs/core';
import {
  cloudOfPairs,
  computeDepthRanges,
  filterSparseCloud,
  prepareRig,
  requireCameraPairs,
  triangulatePair,
  type PairMatches,
  type RefractiveProjection,
  type TriangulatedPair,
  type TriangulatePairOptions,
} from '@aquamvs/geometry';
import { encodeNpz } from '@aquamvs/io';
import { calibrationFitReport, calibrationMisfits, type CalibrationFitOptions, type PairFit } from '../calibration-fit.js';
import { noSparsePoints } from '../errors.js';
import { epipolarOffsets } from '../image-motion.js';
import { TRIANGULATION_STAGE_OPTIONS } from '../tokens.js';

/** Options of {@link TriangulationStage}. */
export interface TriangulationStageOptions extends TriangulatePairOptions {
  /**
   * Plausibility filter: points deeper than `waterZ + maxDepth` are dropped before depth ranges.
   * @default 2.0
   */
  maxDepth?: number;
  /**
   * Depth range of a camera that sees no point.
   * @default { min: 0.3, max: 0.9 }
   */
  fallback?: DepthRange;
  /** When a camera's matches show that it no longer fits the calibration (see `calibrationMisfits`). */
  calibrationFit?: CalibrationFitOptions;
}

/**
 * Fewest sparse points a frame's depth ranges are measured from (the matcher's scene Z extent needs as many): with
 * fewer, they are chance matches (`ci` rig with two cameras' images swapped: 5 points, every depth map 15 cm off).
 */
const MIN_SPARSE_POINTS = 20;

/** How well a pair's matches fit the calibration: the triangulated ones and their median reprojection error. */
function pairFit(m: PairMatches, { valid, reprojectionErrors }: TriangulatedPair): PairFit {
  const errors: number[] = [];
  for (let i = 0; i < valid.length; i++) if (valid[i]) errors.push(reprojectionErrors[i]);
  errors.sort((a, b) => a - b);
  return { ref: m.ref, src: m.src, points: errors.length, medianErrorPx: errors.length === 0 ? Number.NaN : errors[errors.length >> 1] };
}

/**
 * Stage `triangulation` (spec §3.6): triangulates every pair's matches with the refractive model (positive ray
 * depths, intersection angle ≥ 2°, reprojection < 3 px), writes the raw cloud to `sparse/sparse_cloud.npz`
 * (`points_3d` N×3 float64, `scores` N float32), applies the plausibility filter and computes each active
 * camera's ray-depth range (2nd–98th percentile ± `reconstruction.depth_margin`, widened to where the camera's whole
 * image meets the bed plane fitted to the cloud; fallback 0.3–0.9 m for a camera that sees no point). A frame of which
 * fewer than 20 points pass the filter fails with `AQM_ERR_MATCHING_NO_POINTS` (the reference sweeps every camera over
 * the fallback range or ranges from chance matches then, and writes a cloud and a mesh of noise); a camera whose
 * matches show that it no longer fits the calibration leaves the frame (`calibrationMisfits`, `ctx.dropCamera`).
 * Produces `sparseCloud` (before the plausibility filter, as saved) and, when a later stage consumes them (the plane
 * sweep; not the sparse pathway), `depthRanges`.
 */
@injectable()
export class TriangulationStage implements Stage {
  readonly id = 'triangulation';
  readonly consumes: readonly ArtifactKey[] = ['matches'];
  readonly produces: readonly ArtifactKey[] = ['sparseCloud', 'depthRanges'];
  readonly #options: TriangulationStageOptions;

  constructor(@inject(TRIANGULATION_STAGE_OPTIONS) options: TriangulationStageOptions = {}) {
    this.#options = options;
  }

  async prepare(run: RunContext): Promise<void> {
    // Every pathway triangulates: a rig with no camera pair stops here, before frame 0.
    requireCameraPairs(await prepareRig(run));
  }

  async run(ctx: StageContext): Promise<void> {
    const rig = await prepareRig(ctx.run); // built in prepare(); a cached lookup here
    const projections: Record<string, RefractiveProjection> = {};
    for (const [name, model] of rig.models) projections[name] = model.projection;
    const allMatches = ctx.artifacts.get('matches').filter((m) => projections[m.ref] !== undefined && projections[m.src] !== undefined);
    const triangulateOptions: TriangulatePairOptions = {};
    if (this.#options.minAngle !== undefined) triangulateOptions.minAngle = this.#options.minAngle;
    if (this.#options.maxReprojError !== undefined) triangulateOptions.maxReprojError = this.#options.maxReprojError;
    // A camera whose matches reproject far worse than the rest moved since calibration: its depth map would be
    // centimetres off. It leaves the frame (droppedCameras), and its matches leave the cloud and the depth ranges.
    const triangulated = allMatches.map((m) => triangulatePair(projections[m.ref], projections[m.src], m.refPixels, m.srcPixels, triangulateOptions));
    const auxiliary = new Set(rig.auxiliaryCameras);
    // Each match's offset from the partner's ray, in both cameras: how each camera's image moved against the others'.
    const fits = allMatches.map((m, k) => ({
      ...pairFit(m, triangulated[k]),
      offsets: [
        epipolarOffsets(m.ref, projections[m.ref], projections[m.src], m.refPixels, m.srcPixels, triangulated[k]),
        epipolarOffsets(m.src, projections[m.src], projections[m.ref], m.srcPixels, m.refPixels, triangulated[k]),
      ] as const,
    }));
    ctx.log.debug(`reprojection per pair (median px): ${fits.map((f) => `${f.ref}-${f.src} ${f.medianErrorPx.toFixed(3)}`).join(' ')}`);
    const misfits = calibrationMisfits(fits, auxiliary, this.#options.calibrationFit);
    for (const [camera, reason] of misfits) ctx.dropCamera(camera, reason);
    await ctx.output.writeFile(
      'sparse/calibration_fit.json',
      `${JSON.stringify(calibrationFitReport(fits, misfits, auxiliary, this.#options.calibrationFit), null, 2)}\n`,
    );
    const kept = allMatches.flatMap((m, k) => (misfits.has(m.ref) || misfits.has(m.src) ? [] : [k]));
    const matches = kept.map((k) => allMatches[k]);
    // The spec's triangulate_all_pairs on the pairs left, from the triangulations the fit already made.
    const raw = cloudOfPairs(
      matches,
      kept.map((k) => triangulated[k]),
    );
    const n = raw.scores.length;
    await ctx.output.writeFile(
      'sparse/sparse_cloud.npz',
      encodeNpz({ points_3d: { data: raw.points, shape: [n, 3] }, scores: { data: raw.scores, shape: [n] } }),
    );
    const maxDepth = this.#options.maxDepth ?? 2.0;
    const filtered = filterSparseCloud(raw, rig.calibration.waterZ, maxDepth);
    ctx.log.info(`${n} triangulated points, ${filtered.scores.length} after the plausibility filter`);
    // Hardly a point the cameras agree on: the frame shows nothing they share (every camera capped or dark), the
    // images are not the cameras' own, or the calibration does not fit them. The reference sweeps the fallback range
    // (no point) or ranges from a handful of chance matches then; its maps and mesh would be noise.
    if (filtered.scores.length < MIN_SPARSE_POINTS) {
      const found = { matches: matches.reduce((sum, m) => sum + m.scores.length, 0), pairs: matches.length, triangulated: n };
      throw noSparsePoints(filtered.scores.length, MIN_SPARSE_POINTS, found, rig.calibration.waterZ, maxDepth);
    }
    ctx.artifacts.set('sparseCloud', raw);
    // Only the plane sweep reads them: the sparse pathway skips 13 cameras' projections of the whole cloud.
    if (!ctx.run.consumedLater.has('depthRanges')) return;
    const imageSizes: Record<string, [number, number]> = {};
    for (const [name, model] of rig.models) imageSizes[name] = [model.undistortion.width, model.undistortion.height];
    // The cameras left out above get no range: nothing later sweeps them.
    const ranged = Object.fromEntries(Object.entries(projections).filter(([name]) => !misfits.has(name)));
    const ranges = computeDepthRanges(ranged, filtered.points, {
      depthMargin: ctx.run.config.reconstruction.depth_margin,
      imageSizes,
      ...(this.#options.fallback === undefined ? {} : { fallback: this.#options.fallback }),
    });
    // A camera that saw no sparse point is swept over the fallback range (spec §3.6), which may miss the bed: the
    // frame's run.json entry says which cameras, so its depths are not read as the sparse cloud's.
    const blind = Object.keys(ranges)
      .filter((name) => ranges[name].fromFallback === true)
      .sort();
    if (blind.length > 0) {
      const fallback = this.#options.fallback ?? { min: 0.3, max: 0.9 };
      const why = `camera(s) ${blind.join(', ')} saw no sparse point`;
      ctx.log.warn(`${why}; their depth ranges are the fallback ${fallback.min}–${fallback.max} m`);
      ctx.recordProvenance({
        summary: `depth ranges of ${blind.join(', ')} from the fallback ${fallback.min}–${fallback.max} m (${why})`,
        fallbackRanges: blind,
      });
    }
    ctx.artifacts.set('depthRanges', new Map<string, DepthRange>(Object.entries(ranges).map(([name, r]) => [name, { min: r.min, max: r.max }])));
  }
}
