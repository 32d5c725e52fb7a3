import { AquamvsError } from '@aquamvs/core/worker';

/** Error codes thrown by @aquamvs/stage-surface, sorted alphabetically. */
export const STAGE_SURFACE_ERROR_CODES = [
  'AQM_ERR_SURFACE_BALL_RADII',
  'AQM_ERR_SURFACE_EMPTY_MESH',
  'AQM_ERR_SURFACE_EXPORT_FORMAT',
  'AQM_ERR_SURFACE_EXPORT_WRITE',
  'AQM_ERR_SURFACE_METHOD',
  'AQM_ERR_SURFACE_NEEDS_NORMALS',
  'AQM_ERR_SURFACE_POISSON_DEPTH',
  'AQM_ERR_SURFACE_TOO_FEW_POINTS',
] as const;

/** One of {@link STAGE_SURFACE_ERROR_CODES}. */
export type StageSurfaceErrorCode = (typeof STAGE_SURFACE_ERROR_CODES)[number];

export const ballRadii = (radii: readonly number[]): AquamvsError =>
  new AquamvsError('AQM_ERR_SURFACE_BALL_RADII', `reconstruction.bpa_radii: expected one or more radii > 0 in metres, got [${radii.join(', ')}]`);
export const emptyMesh = (file: string): AquamvsError =>
  new AquamvsError('AQM_ERR_SURFACE_EMPTY_MESH', `${file}: the mesh has no vertices or no faces; nothing to export`);
export const exportFormat = (file: string, format: string): AquamvsError =>
  new AquamvsError('AQM_ERR_SURFACE_EXPORT_FORMAT', `${file}: unknown mesh format '${format}' (expected ply, obj, stl, gltf or glb)`);
export const exportWrite = (file: string, cause: unknown): AquamvsError =>
  new AquamvsError('AQM_ERR_SURFACE_EXPORT_WRITE', `Failed to write mesh to ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, {
    cause,
  });
export const surfaceMethod = (method: string): AquamvsError =>
  new AquamvsError(
    'AQM_ERR_SURFACE_METHOD',
    `reconstruction.surface_method: '${method}' is not available (expected poisson, poisson25d, heightfield, bpa or tin)`,
  );
export const needsNormals = (method: string): AquamvsError =>
  new AquamvsError('AQM_ERR_SURFACE_NEEDS_NORMALS', `surface method '${method}' needs a point cloud with normals`);
export const poissonDepth = (depth: number): AquamvsError =>
  new AquamvsError('AQM_ERR_SURFACE_POISSON_DEPTH', `reconstruction.poisson_depth: ${depth} is out of range (expected an integer 1–10)`);
export const tooFewPoints = (method: string, count: number, min: number): AquamvsError =>
  new AquamvsError('AQM_ERR_SURFACE_TOO_FEW_POINTS', `surface method '${method}' needs at least ${min} points, got ${count}`);
