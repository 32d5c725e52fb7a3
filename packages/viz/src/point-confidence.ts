import { cameraProjection, undistortionModel, type Calibration } from '@aquamvs/geometry';
import type { DepthMapFile } from './depth-viz.js';

/**
 * Confidence of each point from the depth maps it came from: every point is projected (refractively, on the
 * undistorted K_new grid) into each camera's depth map; where the map's ray depth at that pixel agrees with the
 * point's own ray depth (within 1 % or 5 mm) the map's confidence is a candidate, and the highest candidate wins.
 * Points no map explains get NaN. The fused PLY does not store confidence, so this recovers it for colouring.
 */
export function pointConfidence(positions: Float32Array, calibration: Calibration, maps: readonly DepthMapFile[]): Float32Array {
  const n = positions.length / 3;
  const out = new Float32Array(n).fill(NaN);
  const points = Float64Array.from(positions);
  for (const map of maps) {
    const camera = calibration.cameras[map.camera];
    if (camera === undefined) continue;
    const undistortion = undistortionModel(camera);
    if (undistortion.width !== map.width || undistortion.height !== map.height) continue;
    const projection = cameraProjection(calibration, camera, undistortion.K);
    const { pixels, valid } = projection.project(points);
    const rays = projection.castRay(pixels);
    for (let i = 0; i < n; i++) {
      if (!valid[i]) continue;
      const u = Math.round(pixels[2 * i]);
      const v = Math.round(pixels[2 * i + 1]);
      if (u < 0 || v < 0 || u >= map.width || v >= map.height) continue;
      const d = map.depth[v * map.width + u];
      const c = map.confidence[v * map.width + u];
      if (!Number.isFinite(d) || !Number.isFinite(c)) continue;
      let delta = 0;
      for (let k = 0; k < 3; k++) delta += (points[3 * i + k] - rays.origins[3 * i + k]) * rays.directions[3 * i + k];
      if (Math.abs(delta - d) > Math.max(0.005, 0.01 * d)) continue;
      if (!(out[i] >= c)) out[i] = c;
    }
  }
  return out;
}
