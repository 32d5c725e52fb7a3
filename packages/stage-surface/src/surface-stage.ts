import {
  inject,
  injectable,
  spanOptionsFor,
  type ArtifactKey,
  type PointCloud,
  type RunContext,
  type Stage,
  type StageContext,
  type SurfaceMesh,
} from '@aquamvs/core';
import { bestViewColors, prepareRig, type ColorView } from '@aquamvs/geometry';
import { writePlyFile } from '@aquamvs/io';
import { decimateMesh } from './decimate-mesh.js';
import { computeVertexNormals } from './mesh-normals.js';
import { reconstructSurface, type SurfaceMethod } from './reconstruct-surface.js';
import { SurfacePool } from './surface-pool.js';
import { SURFACE_RECONSTRUCTOR, SURFACE_STAGE_OPTIONS, type SurfaceReconstructor } from './tokens.js';
import { removeStatisticalOutliers, selectPoints } from '@aquamvs/geometry';

/** Options of {@link SurfaceStage}. */
export interface SurfaceStageOptions {
  /**
   * Run statistical outlier removal on the incoming cloud first. By default only when the cloud says its producer
   * left it to us (`outliersRemoved: false`: stage `sparse-cloud`, §3.11); stage `fusion` has already cleaned its cloud.
   */
  removeOutliers?: boolean;
  /**
   * Surface method, overriding `reconstruction.surface_method`.
   */
  method?: SurfaceMethod;
}

/**
 * Stage `surface` (spec §3.12–§3.13): `pointCloud` → (sparse mode: statistical outlier removal) → mesh by
 * `reconstruction.surface_method` (`poisson`, `poisson25d`, `heightfield`, `bpa`, `tin`; null: {@link automaticMethod}) → optional decimation to `target_faces` → vertex normals
 * → best-view colours from the ring cameras → `mesh/surface.ply` (binary little-endian with normals and colours) and
 * the `mesh` artifact. An empty cloud or mesh is a warning, not an error. The meshing itself is the injected
 * {@link SURFACE_RECONSTRUCTOR} service.
 */
@injectable()
export class SurfaceStage implements Stage {
  readonly id = 'surface';
  readonly consumes: readonly ArtifactKey[] = ['pointCloud', 'undistortedImages'];
  readonly produces: readonly ArtifactKey[] = ['mesh'];
  readonly #options: SurfaceStageOptions;
  readonly #reconstruct: SurfaceReconstructor;
  #pool: SurfacePool | undefined;

  constructor(
    @inject(SURFACE_STAGE_OPTIONS) options: SurfaceStageOptions = {},
    @inject(SURFACE_RECONSTRUCTOR) reconstruct: SurfaceReconstructor = reconstructSurface,
  ) {
    this.#options = options;
    this.#reconstruct = reconstruct;
  }

  async prepare(run: RunContext): Promise<void> {
    await prepareRig(run);
    await this.#pool?.close();
    this.#pool = new SurfacePool(run.workers);
  }

  async finish(): Promise<void> {
    await this.#pool?.close();
    this.#pool = undefined;
  }

  async run(ctx: StageContext): Promise<void> {
    const rig = await prepareRig(ctx.run); // built in prepare(); a cached lookup here
    const rec = ctx.run.config.reconstruction;
    let cloud: PointCloud = ctx.artifacts.get('pointCloud');
    const emptyMesh: SurfaceMesh = { positions: new Float64Array(0), faces: new Uint32Array(0) };
    let count = cloud.positions.length / 3;
    const clean = this.#options.removeOutliers ?? cloud.outliersRemoved === false;
    if (clean && rec.outlier_removal_enabled && count > rec.outlier_nb_neighbors) {
      const { kept, removed } = removeStatisticalOutliers(cloud.positions, { neighbors: rec.outlier_nb_neighbors, stdRatio: rec.outlier_std_ratio });
      ctx.log.info(`removed ${removed} outliers (${((100 * removed) / count).toFixed(1)}%)`);
      cloud = selectPoints(cloud, kept);
      count = kept.length;
    }
    if (count === 0) {
      ctx.log.warn(`point cloud is empty; no mesh`);
      ctx.recordProvenance({ summary: 'the point cloud is empty: no mesh written', faces: 0 });
      ctx.artifacts.set('mesh', emptyMesh);
      return;
    }
    const method = this.#options.method ?? rec.surface_method ?? automaticMethod(ctx.run.config.pipeline_mode);
    this.#pool ??= new SurfacePool(ctx.run.workers);
    const pool = this.#pool;
    let mesh = await ctx.span(method, async () => {
      const options = { method, poissonDepth: rec.poisson_depth, gridResolution: rec.grid_resolution, bpaRadii: rec.bpa_radii, workers: pool };
      const result = await this.#reconstruct(cloud, options);
      // The splat of each level on the worker threads, on each thread's own profiler track.
      for (const timing of pool.takeActivity()) await ctx.span(`${method} (worker)`, () => undefined, spanOptionsFor(timing));
      await pool.release();
      return result;
    });
    if (rec.target_faces !== null && mesh.faces.length > 0) {
      const target = rec.target_faces;
      mesh = await ctx.span('decimate', () => decimateMesh(mesh, target));
      const faces = mesh.faces.length / 3;
      if (faces > 1.1 * target) ctx.log.warn(`decimation reached ${faces} faces, above 1.1 × target_faces (${target})`);
    }
    if (mesh.faces.length === 0) {
      ctx.log.warn(`${method} produced an empty mesh`);
      ctx.recordProvenance({ summary: `${method} produced an empty mesh from ${count} points: no mesh written`, faces: 0 });
      ctx.artifacts.set('mesh', emptyMesh);
      return;
    }
    const normals = mesh.normals ?? computeVertexNormals(mesh.positions, mesh.faces);
    const images = ctx.artifacts.find('undistortedImages');
    const views: ColorView[] = [];
    for (const name of rig.ringCameras) {
      const model = rig.models.get(name);
      const image = images?.get(name);
      if (model !== undefined && image !== undefined) views.push({ projection: model.projection, image });
    }
    const colors = views.length > 0 ? bestViewColors(mesh.positions, normals, views) : mesh.colors;
    const final: SurfaceMesh = colors
      ? { positions: mesh.positions, faces: mesh.faces, normals, colors }
      : { positions: mesh.positions, faces: mesh.faces, normals };
    ctx.log.info(`mesh ${final.positions.length / 3} vertices, ${final.faces.length / 3} faces (${method})`);
    await ctx.output.writeWith('mesh/surface.ply', (temp) => writePlyFile(temp, final, {}, 'mesh/surface.ply'));
    ctx.artifacts.set('mesh', final);
  }
}

/**
 * `surface_method: null`: screened Poisson on the full pathway's fused cloud; on the sparse pathway a triangulated
 * irregular network of the sparse points (`tin`), whose vertices are the measured points, where Poisson would have
 * to invent the surface between samples from normals that a cloud this sparse cannot estimate (see the README).
 */
function automaticMethod(mode: 'sparse' | 'full'): SurfaceMethod {
  return mode === 'sparse' ? 'tin' : 'poisson';
}
