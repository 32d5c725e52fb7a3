import type { ArtifactKey, DepthMap, RunContext, Stage, StageContext } from '@aquamvs/core';
import { prepareRig } from '@aquamvs/geometry';
import { encodeNpz } from '@aquamvs/io';
import { cameraMissing, warpGrid } from '../errors.js';
import { aggregatePairwiseDepths } from './aggregate-pairwise-depths.js';
import { upsampleDepth, type UpsampledDepth } from './upsample-depth.js';
import { warpToPairwiseDepth, type WarpCamera } from './warp-to-pairwise-depth.js';

/** A RoMa depth map: core's {@link DepthMap} plus the number of agreeing pairwise depths per pixel. */
export interface RomaDepthMap extends DepthMap {
  readonly consistency: Int32Array;
}

/**
 * Stage `roma-depth` (spec §3.9, RoMa full pathway). For each ring reference (sorted) it pulls the warps of its
 * directed pairs from `denseWarps` one at a time and turns each into a pairwise ray-depth map at once (so at most one
 * warp and one reference's pairwise maps are in memory), aggregates them by the median-with-tolerance rule
 * (`reconstruction.roma_depth_tolerance`, `min_consistent_views`), upsamples to the reference's K_new grid, applies
 * the ROI mask and writes `depth_maps/{cam}.npz` (`depth`, `confidence` float32, `consistency` int32).
 * A ring camera of the frame that gets no depth map — no source left of its pairs, or no pixel with
 * `min_consistent_views` agreeing pairwise depths — leaves the frame after the stage (`ctx.dropCamera`: the frame
 * fails, or goes on under `preprocessing.min_cameras` and says so); its image still served the others as a source.
 * Produces `depthMaps`.
 * Fusion must then skip its cross-view filter (the warp-level agreement is the consistency check).
 */
export class RomaDepthStage implements Stage {
  readonly id = 'roma-depth';
  readonly consumes: readonly ArtifactKey[] = ['denseWarps', 'masks', 'undistortedImages'];
  readonly produces: readonly ArtifactKey[] = ['depthMaps'];
  readonly intermediates: readonly string[] = ['depth_maps'];

  async prepare(run: RunContext): Promise<void> {
    await prepareRig(run);
  }

  async run(ctx: StageContext): Promise<void> {
    const rig = await prepareRig(ctx.run); // built in prepare(); a cached lookup here
    const config = ctx.run.config;
    const source = ctx.artifacts.get('denseWarps');
    const cameraOf = (name: string): WarpCamera => {
      const model = rig.models.get(name);
      if (model === undefined) throw cameraMissing(name, 'camera model in the rig (it is not in the calibration or has no input)');
      return { projection: model.projection, width: model.undistortion.width, height: model.undistortion.height };
    };
    const refs = [...new Set(source.pairs.map((p) => p.ref))].sort();
    const masks = ctx.artifacts.get('masks');
    // Ring cameras of the frame that end without a depth map, and why: they leave the frame once their images served.
    const images = ctx.artifacts.get('undistortedImages');
    const unmapped = new Map<string, string>();
    for (const ref of rig.ringCameras) {
      if (images.has(ref) && !refs.includes(ref)) unmapped.set(ref, 'no depth map: RoMa had no source image (every camera of its pairs is gone)');
    }
    const maps = new Map<string, RomaDepthMap>();
    const span = <T>(name: string, fn: () => Promise<T>): Promise<T> => ctx.span(name, fn);
    let done = 0;
    ctx.progress(0, source.pairs.length);
    for (const ref of refs) {
      const refCamera = cameraOf(ref);
      const pairwise: Float32Array[] = [];
      let gridW = 0;
      let gridH = 0;
      for (const pair of source.pairs) {
        if (pair.ref !== ref) continue;
        const warp = await source.warp(ref, pair.src, span);
        const result = warpToPairwiseDepth(warp, refCamera, cameraOf(pair.src), {
          certaintyThreshold: config.dense_matching.certainty_threshold,
          convention: source.convention,
        });
        if (pairwise.length > 0 && (warp.width !== gridW || warp.height !== gridH)) {
          throw warpGrid(`${ref}→${pair.src}`, `${warp.width}×${warp.height}`, `${gridW}×${gridH} like the other pairs of '${ref}'`);
        }
        gridW = warp.width;
        gridH = warp.height;
        pairwise.push(result.depth);
        ctx.progress(++done, source.pairs.length);
      }
      if (pairwise.length === 0) continue;
      const pairCount = pairwise.length;
      const aggregated = aggregatePairwiseDepths(pairwise, {
        tolerance: config.reconstruction.roma_depth_tolerance,
        minConsistentViews: config.reconstruction.min_consistent_views,
      });
      pairwise.length = 0;
      const full = upsampleDepth(aggregated, gridW, gridH, refCamera.width, refCamera.height);
      applyMask(full, masks.get(ref));
      if (!full.depth.some((d) => d === d)) {
        const { min_consistent_views: views, roma_depth_tolerance: tolerance } = config.reconstruction;
        unmapped.set(
          ref,
          `no depth map: no pixel has ${views} of its ${pairCount} pairwise RoMa depths within ${tolerance} m of their median (reconstruction.min_consistent_views, roma_depth_tolerance)`,
        );
        continue;
      }
      maps.set(ref, { ...full, crossViewChecked: true });
    }
    await ctx.span('write', () => writeMaps(ctx, maps));
    ctx.artifacts.set('depthMaps', maps);
    for (const [camera, reason] of unmapped) ctx.dropCamera(camera, reason);
  }
}

/** NaN depth, zero confidence and consistency where the ROI mask is 0 (spec §3.9 step 4). */
function applyMask(map: UpsampledDepth, mask: Uint8Array | undefined): void {
  if (mask === undefined || mask.length !== map.depth.length) return;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] !== 0) continue;
    map.depth[i] = Number.NaN;
    map.confidence[i] = 0;
    map.consistency[i] = 0;
  }
}

async function writeMaps(ctx: StageContext, maps: ReadonlyMap<string, RomaDepthMap>): Promise<void> {
  for (const [camera, map] of maps) {
    const shape = [map.height, map.width];
    await ctx.output.writeFile(
      `depth_maps/${camera}.npz`,
      encodeNpz({ depth: { data: map.depth, shape }, confidence: { data: map.confidence, shape }, consistency: { data: map.consistency, shape } }),
    );
  }
}
