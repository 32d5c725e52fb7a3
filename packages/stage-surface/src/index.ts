import { surfacePlugin } from './plugin.js';

export { reconstructBallPivoting } from './ball-pivoting.js';
export type { BallPivotingOptions, BallPivotingStats } from './ball-pivoting.js';
export { STAGE_SURFACE_ERROR_CODES } from './errors.js';
export { exportMesh } from './export-mesh.js';
export type { StageSurfaceErrorCode } from './errors.js';
export { reconstructHeightfield } from './heightfield.js';
export { reconstructPoisson } from './poisson.js';
export { reconstructPoissonHeightfield } from './poisson-heightfield.js';
export { reconstructSurface, SURFACE_METHODS } from './reconstruct-surface.js';
export { reconstructTin } from './tin.js';
export type { TinOptions } from './tin.js';
export type { ReconstructSurfaceOptions, SurfaceMethod } from './reconstruct-surface.js';
export type { SurfaceStageOptions } from './surface-stage.js';
export { SURFACE_PLUGIN_NAME, surfacePlugin } from './plugin.js';
export { SURFACE_RECONSTRUCTOR, SURFACE_STAGE_OPTIONS } from './tokens.js';
export type { SurfaceReconstructor } from './tokens.js';

export default surfacePlugin;
