import type { PointCloud, SurfaceMesh } from '@aquamvs/core';
import { reconstructBallPivoting } from './ball-pivoting.js';
import { surfaceMethod } from './errors.js';
import { reconstructHeightfield } from './heightfield.js';
import { reconstructPoisson } from './poisson.js';
import { reconstructPoissonHeightfield } from './poisson-heightfield.js';
import type { SurfacePool } from './surface-pool.js';
import { reconstructTin } from './tin.js';

/** Surface methods this package implements (`reconstruction.surface_method`). */
export const SURFACE_METHODS = ['poisson', 'poisson25d', 'heightfield', 'bpa', 'tin'] as const;
/** One of {@link SURFACE_METHODS}. */
export type SurfaceMethod = (typeof SURFACE_METHODS)[number];

/** Options of {@link reconstructSurface}. */
export interface ReconstructSurfaceOptions {
  /** @default 'poisson' */
  method?: string;
  /** `poisson_depth`. @default 9 */
  poissonDepth?: number;
  /** `grid_resolution`: the height-field cell, and the voxel `bpa` and `tin` average the cloud into first, metres. @default 0.002 */
  gridResolution?: number;
  /** `bpa_radii`: ball radii, metres; null = `[1, 2, 4] ×` the mean nearest-neighbour distance. @default null */
  bpaRadii?: readonly number[] | null;
  /** Worker threads `poisson` may use (a run's {@link SurfacePool} or a thread count). @default 1 */
  workers?: number | SurfacePool;
}

/**
 * Dispatches to {@link reconstructPoisson}, {@link reconstructPoissonHeightfield} (`poisson25d`, an aquamvs
 * addition), {@link reconstructHeightfield}, {@link reconstructBallPivoting} (`bpa`) (spec §3.12) or
 * {@link reconstructTin} (`tin`, an aquamvs addition: the sparse pathway's automatic method). Unknown methods throw
 * `AQM_ERR_SURFACE_METHOD`.
 */
export async function reconstructSurface(cloud: PointCloud, options: ReconstructSurfaceOptions = {}): Promise<SurfaceMesh> {
  const method = options.method ?? 'poisson';
  if (method === 'poisson') {
    const { stats: _stats, ...mesh } = await reconstructPoisson(cloud, {
      ...(options.poissonDepth === undefined ? {} : { depth: options.poissonDepth }),
      ...(options.workers === undefined ? {} : { workers: options.workers }),
    });
    return mesh;
  }
  if (method === 'poisson25d') {
    return reconstructPoissonHeightfield(cloud, options.gridResolution === undefined ? {} : { gridResolution: options.gridResolution });
  }
  if (method === 'heightfield') {
    return reconstructHeightfield(cloud, options.gridResolution === undefined ? {} : { gridResolution: options.gridResolution });
  }
  if (method === 'bpa') {
    // Averaged into height-field cells first: see BallPivotingOptions.voxel.
    const { stats: _stats, ...mesh } = reconstructBallPivoting(cloud, { radii: options.bpaRadii ?? null, voxel: options.gridResolution ?? 0.002 });
    return mesh;
  }
  if (method === 'tin') return reconstructTin(cloud, { voxel: options.gridResolution ?? 0.002 });
  throw surfaceMethod(method);
}
