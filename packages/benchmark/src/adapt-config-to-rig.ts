import type { AquamvsConfig } from '@aquamvs/core';
import type { Calibration } from '@aquamvs/geometry';

/**
 * The config a synthetic rig can satisfy: a fused point must be confirmed by `min_consistent_views` other ring
 * cameras, and a small rig (`ci`: 4 ring cameras, each overlapping about 2 others) cannot give 3, so it asks for what
 * the rig can deliver. Larger rigs keep the default.
 */
export function adaptConfigToRig(config: AquamvsConfig, calibration: Calibration): AquamvsConfig {
  const ringCount = calibration.ringCameras.length;
  const minViews = Math.max(1, Math.min(config.reconstruction.min_consistent_views, ringCount - 2));
  return { ...config, reconstruction: { ...config.reconstruction, min_consistent_views: minViews } };
}
