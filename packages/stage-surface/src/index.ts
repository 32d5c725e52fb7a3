import { surfacePlugin } from './plugin.js';

export { defaultBallRadii, reconstructBallPivoting } from './ball-pivoting.js';
export type { BallPivotingOptions, BallPivotingStats } from './ball-pivoting.js';
export { bestViewColors } from './best-view-colors.js';
export type { ColorView } from './best-view-colors.js';
export { decimateMesh } from './decimate-mesh.js';
export { STAGE_SURFACE_ERROR_CODES } from './errors.js';
export { exportMesh, MESH_FORMATS } from './export-mesh.js';
export type { ExportMeshOptions, ExportMeshResult, MeshFormat } from './export-mesh.js';
export { encodeGltf } from './gltf-encode.js';
export type { GltfFiles } from './gltf-encode.js';
export type { StageSurfaceErrorCode } from './errors.js';
export { reconstructHeightfield } from './heightfield.js';
export type { HeightfieldOptions } from './heightfield.js';
export { computeVertexNormals } from './mesh-normals.js';
export { reconstructPoisson } from './poisson.js';
export { reconstructPoissonHeightfield } from './poisson-heightfield.js';
export type { PoissonHeightfieldOptions } from './poisson-heightfield.js';
export type { PoissonOptions, PoissonStats } from './poisson.js';
export { reconstructSurface, SURFACE_METHODS } from './reconstruct-surface.js';
export type { ReconstructSurfaceOptions, SurfaceMethod } from './reconstruct-surface.js';
export { SurfaceStage } from './surface-stage.js';
export type { SurfaceStageOptions } from './surface-stage.js';
export { SURFACE_PLUGIN_NAME, surfacePlugin } from './plugin.js';
export { SURFACE_RECONSTRUCTOR, SURFACE_STAGE_OPTIONS } from './tokens.js';
export type { SurfaceReconstructor } from './tokens.js';

export default surfacePlugin;
