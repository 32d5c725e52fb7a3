import type { PointCloud, SurfaceMesh, Token } from '@aquamvs/core';
import type { ReconstructSurfaceOptions } from './reconstruct-surface.js';
import type { SurfaceStageOptions } from './surface-stage.js';

/** Turns the frame's point cloud into a mesh; `options.method` is `reconstruction.surface_method` (or the stage option). */
export type SurfaceReconstructor = (cloud: PointCloud, options: ReconstructSurfaceOptions) => SurfaceMesh | Promise<SurfaceMesh>;

/**
 * The surface method stage `surface` calls. The plugin registers {@link reconstructSurface}; a plugin loaded after it
 * (config `plugins:`) registers its own function here to mesh with a lab's own method, keeping the stage's outlier
 * removal, decimation, colouring and output.
 * @example
 * container.register(SURFACE_RECONSTRUCTOR, { useValue: (cloud, { gridResolution }) => myMesher(cloud, gridResolution) });
 */
export const SURFACE_RECONSTRUCTOR = Symbol.for('@aquamvs/stage-surface:reconstructor') as Token<SurfaceReconstructor>;

/** The options {@link surfacePlugin} was given, injected into {@link SurfaceStage}. */
export const SURFACE_STAGE_OPTIONS = Symbol.for('@aquamvs/stage-surface:options') as Token<SurfaceStageOptions>;
