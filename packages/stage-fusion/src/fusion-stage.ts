import { inject, injectable, spanOptionsFor } from '@aquamvs/core';
import type { ArtifactKey, DepthMap, PointCloud, RunContext, Stage, StageContext } from '@aquamvs/core';
import { prepareRig, type Rig } from '@aquamvs/geometry';
import { encodeNpz, encodePng, writePlyFile } from '@aquamvs/io';
import { keptBounds, type DepthView, type FilteredDepthMap } from './consistency-filter.js';
import { filterAllDepthMapsParallel } from './consistency-pool.js';
import { consistencyImage } from './consistency-png.js';
import { depthMapSize } from './errors.js';
import { autoSubdivisions, normalOptions, type FusionView } from './fuse-depth-maps.js';
import { FusionPool } from './fusion-pool.js';
import { mergeDepthMapsParallel } from './merge-pool.js';
import { estimateNormalsAndOutliersParallel, estimateNormalsParallel, type NormalsAndOutliers } from './point-pool.js';
import { selectPointsInPlace } from '@aquamvs/geometry';
import { FUSION_STAGE_OPTIONS } from './tokens.js';

/** Options of {@link FusionStage}. */
export interface FusionStageOptions {
  /**
   * Skip the geometric consistency filter (and `min_confidence`). By default it is skipped only when every depth map
   * says it was already checked across views (`crossViewChecked`: stage `roma-depth`, spec §3.0).
   */
  skipFilter?: boolean;
}

/**
 * Stage `fusion` (spec §3.10): geometric consistency filter of every ring camera's depth map against all the other
 * ring cameras → coloured back-projection → voxel merge (`voxel_size`) → normals oriented up → `point_cloud/fused.ply`
 * (binary little-endian, before outlier removal) → outlier removal (`outlier_method`) → `pointCloud`. With
 * `runtime.save_consistency_maps`, `consistency_maps/{cam}.npz` (int32 `consistency`) and `.png` are written.
 */
@injectable()
export class FusionStage implements Stage {
  readonly id = 'fusion';
  readonly consumes: readonly ArtifactKey[] = ['depthMaps', 'undistortedImages'];
  readonly produces: readonly ArtifactKey[] = ['pointCloud'];
  readonly #options: FusionStageOptions;
  #pool: FusionPool | undefined;

  constructor(@inject(FUSION_STAGE_OPTIONS) options: FusionStageOptions = {}) {
    this.#options = options;
  }

  async prepare(run: RunContext): Promise<void> {
    await prepareRig(run);
    await this.#pool?.close();
    this.#pool = new FusionPool(run.workers);
  }

  async finish(): Promise<void> {
    await this.#pool?.close();
    this.#pool = undefined;
  }

  async run(ctx: StageContext): Promise<void> {
    const rig = await prepareRig(ctx.run); // built in prepare(); a cached lookup here
    const config = ctx.run.config;
    const rec = config.reconstruction;
    this.#pool ??= new FusionPool(ctx.run.workers);
    const pool = this.#pool;
    const depthMaps = ctx.artifacts.get('depthMaps');
    const views: DepthView[] = [];
    for (const name of rig.ringCameras) {
      const depthMap = depthMaps.get(name);
      const model = rig.models.get(name);
      if (depthMap === undefined || model === undefined) continue;
      checkSize(name, depthMap, model.undistortion.width, model.undistortion.height);
      views.push({ name, projection: model.projection, depthMap });
    }
    const merged = await this.#filterAndMerge(ctx, rig, views, pool);
    const mergedCount = merged.positions.length / 3;
    const removeOutliers = rec.outlier_removal_enabled && mergedCount > rec.outlier_nb_neighbors;
    const outlierOptions = { neighbors: rec.outlier_nb_neighbors, stdRatio: rec.outlier_std_ratio };
    // One neighbour search serves the normals and the outlier filter's distances (identical to running both apart),
    // so the `normals` span carries the filter's search too.
    const { normals, outliers }: { normals: Float32Array; outliers?: NormalsAndOutliers['outliers'] } = await ctx.span('normals', async () =>
      workerSpans(
        ctx,
        pool,
        'normals',
        removeOutliers
          ? await estimateNormalsAndOutliersParallel(
              merged.positions,
              normalOptions({ voxelSize: rec.voxel_size }),
              outlierOptions,
              pool,
              rec.outlier_method,
            )
          : { normals: await estimateNormalsParallel(merged.positions, normalOptions({ voxelSize: rec.voxel_size }), pool) },
      ),
    );
    // The workers' neighbour grids (a copy of the cloud each) would otherwise stay in memory through the surface.
    await pool.release();
    const fused: PointCloud = { positions: merged.positions, normals, colors: merged.colors };
    const count = fused.positions.length / 3;
    if (count === 0) {
      ctx.log.warn(`fused point cloud is empty (no consistent depth); nothing saved`);
      // A frame with no cloud is still done (its images held nothing consistent), and run.json and the report say so.
      ctx.recordProvenance({ summary: `no consistent depth in ${views.length} depth map(s): no fused cloud written`, points: 0 });
      ctx.artifacts.set('pointCloud', fused);
      return;
    }
    ctx.log.info(`fused ${count} points from ${views.length} depth maps (voxel ${rec.voxel_size} m)`);
    await ctx.output.writeWith('point_cloud/fused.ply', (temp) => writePlyFile(temp, fused, {}, 'point_cloud/fused.ply'));
    let cloud: PointCloud = fused;
    if (outliers !== undefined) {
      const { kept, removed } = outliers;
      ctx.log.info(`removed ${removed} outliers (${((100 * removed) / count).toFixed(1)}%)`);
      // fused.ply is written: the kept points move to the front of the fused arrays rather than into new ones.
      cloud = await ctx.span('outlier-removal', () => selectPointsInPlace(fused, kept));
    }
    ctx.artifacts.set('pointCloud', cloud);
  }

  /**
   * The consistency filter (unless skipped) and the merge of the filtered maps into voxel means. The filtered maps
   * (9 bytes a pixel and view) live only here, so they are garbage by the time the normals run.
   */
  async #filterAndMerge(
    ctx: StageContext,
    rig: Rig,
    views: readonly DepthView[],
    pool: FusionPool,
  ): Promise<{ positions: Float64Array; colors: Uint8Array }> {
    const config = ctx.run.config;
    const rec = config.reconstruction;
    const images = ctx.artifacts.find('undistortedImages');
    const skipFilter = this.#options.skipFilter ?? (views.length > 0 && views.every((v) => v.depthMap.crossViewChecked === true));
    let filtered: Map<string, DepthMap> = new Map(views.map((v) => [v.name, v.depthMap]));
    let bounds: Map<string, ReturnType<typeof keptBounds>> | undefined;
    let rowBounds: Map<string, Float64Array> | undefined;
    if (!skipFilter) {
      const options = {
        depthTolerance: rec.depth_tolerance,
        minConsistentViews: rec.min_consistent_views,
        adaptiveViews: rec.adaptive_consistent_views,
        minConfidence: rec.min_confidence,
        fullCounts: config.runtime.save_consistency_maps,
      };
      const result = await ctx.span('consistency-filter', async () =>
        workerSpans(ctx, pool, 'consistency-filter', await filterAllDepthMapsParallel(views, options, pool)),
      );
      // The workers' handles to the filter's output maps would keep them alive through the normals.
      await pool.release();
      filtered = result;
      bounds = new Map([...result].map(([name, map]) => [name, keptBounds(map)]));
      rowBounds = new Map([...result].map(([name, map]) => [name, map.rowBounds]));
      if (config.runtime.save_consistency_maps) await writeConsistencyMaps(ctx, result, rig);
    }
    const fusionViews: FusionView[] = views.map((v) => {
      const image = images?.get(v.name);
      const depthMap = filtered.get(v.name) ?? v.depthMap;
      return image === undefined ? { name: v.name, projection: v.projection, depthMap } : { name: v.name, projection: v.projection, depthMap, image };
    });
    const subdivisions = fusionViews.map((v) => rec.fusion_subdivisions ?? autoSubdivisions(v, rec.voxel_size));
    ctx.log.debug(`sub-pixel samples per pixel step: ${fusionViews.map((v, i) => `${v.name} ${subdivisions[i]}`).join(', ')}`);
    // The filter's bounds of the kept points spare the merge its bounds pass (views at one point per pixel).
    const knownBounds = fusionViews.map((v) => bounds?.get(v.name));
    const fuseOptions = { voxelSize: rec.voxel_size, subdivisions, maxDepthStep: rec.depth_tolerance, knownBounds };
    const merged = await ctx.span('merge', async () =>
      workerSpans(
        ctx,
        pool,
        'merge',
        await mergeDepthMapsParallel(
          fusionViews,
          fuseOptions,
          pool,
          fusionViews.map((v) => rowBounds?.get(v.name)),
        ),
      ),
    );
    // The workers' voxel grids of their bands would otherwise stay in memory through the normals.
    await pool.release();
    return merged;
  }
}

function checkSize(name: string, map: DepthMap, width: number, height: number): void {
  if (map.width !== width || map.height !== height || map.depth.length !== width * height || map.confidence.length !== width * height) {
    throw depthMapSize(
      name,
      `${map.width}×${map.height} (${map.depth.length} depths, ${map.confidence.length} confidences)`,
      `${width}×${height} (the undistorted grid)`,
    );
  }
}

async function writeConsistencyMaps(ctx: StageContext, maps: Map<string, FilteredDepthMap>, rig: Rig): Promise<void> {
  for (const [name, map] of maps) {
    const shape = [map.height, map.width];
    await ctx.output.writeFile(`consistency_maps/${name}.npz`, encodeNpz({ consistency: { data: map.consistency, shape } }, { compress: true }));
    const image = consistencyImage(map.consistency, map.width, map.height, rig.pairs[name]?.length ?? 0);
    await ctx.output.writeFile(`consistency_maps/${name}.png`, await encodePng(image, {}, `consistency_maps/${name}.png`));
  }
}

/** A span per worker thread for the step just run on `pool`, on that thread's profiler track; returns `value`. */
async function workerSpans<T>(ctx: StageContext, pool: FusionPool, step: string, value: T): Promise<T> {
  for (const timing of pool.takeActivity()) await ctx.span(`${step} (worker)`, () => undefined, spanOptionsFor(timing));
  return value;
}
