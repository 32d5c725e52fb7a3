import type { PointCloud, SurfaceMesh } from '@aquamvs/core';
import { surfaceMethod } from './errors.js';
import { reconstructHeightfield } from './heightfield.js';
import { reconstructPoisson } from './poisson.js';
import { reconstructPoissonHeightfield } from './poisson-heightfield.js';

/** Surface methods this package implements (`reconstruction.surface_method`). */
export const SURFACE_METHODS = ['poisson', 'poisson25d', 'heightfield'] as const;
/** One of {@link SURFACE_METHODS}. */
export type SurfaceMethod = (typeof SURFACE_METHODS)[number];

/** Options of {@link reconstructSurface}. */
export interface ReconstructSurfaceOptions {
  /** @default 'poisson' */
  method?: string;
  /** `poisson_depth`. @default 9 */
  poissonDepth?: number;
  /** `grid_resolution` for the height field, metres. @default 0.002 */
  gridResolution?: number;
}

/**
 * Dispatches to {@link reconstructPoisson}, {@link reconstructPoissonHeightfield} (`poisson25d`, an aquamvs
 * addition) or {@link reconstructHeightfield} (spec §3.12). `bpa` (ball pivoting)
 * and unknown methods throw `AQM_ERR_SURFACE_METHOD`.
 */
export function reconstructSurface(cloud: PointCloud, options: ReconstructSurfaceOptions = {}): SurfaceMesh {
  const method = options.method ?? 'poisson';
  if (method === 'poisson') {
    const { stats: _stats, ...mesh } = reconstructPoisson(cloud, options.poissonDepth === undefined ? {} : { depth: options.poissonDepth });
    return mesh;
  }
  if (method === 'poisson25d') {
    return reconstructPoissonHeightfield(cloud, options.gridResolution === undefined ? {} : { gridResolution: options.gridResolution });
  }
  if (method === 'heightfield') {
    return reconstructHeightfield(cloud, options.gridResolution === undefined ? {} : { gridResolution: options.gridResolution });
  }
  throw surfaceMethod(method);
}
