import { AquamvsError } from '@aquamvs/core/worker';

/** Error codes thrown by @aquamvs/stage-fusion, sorted alphabetically. */
export const STAGE_FUSION_ERROR_CODES = ['AQM_ERR_FUSION_DEPTH_MAP_SIZE', 'AQM_ERR_FUSION_VOXEL_GRID'] as const;

/** One of {@link STAGE_FUSION_ERROR_CODES}. */
export type StageFusionErrorCode = (typeof STAGE_FUSION_ERROR_CODES)[number];

export const depthMapSize = (camera: string, got: string, expected: string): AquamvsError =>
  new AquamvsError('AQM_ERR_FUSION_DEPTH_MAP_SIZE', `camera '${camera}': depth map is ${got}, expected ${expected}`);

export const voxelGrid = (voxel: number, extent: readonly number[]): AquamvsError =>
  new AquamvsError(
    'AQM_ERR_FUSION_VOXEL_GRID',
    `reconstruction.voxel_size: ${voxel} m is too fine for a cloud spanning ${extent.map((e) => e.toFixed(3)).join(' × ')} m (more than 2^53 voxels)`,
  );
