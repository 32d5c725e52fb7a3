import type { SyntheticScene } from '@aquamvs/benchmark';
import { STAGE, type AquamvsPlugin, type FrameImage, type PointCloud, type Stage, type SurfaceMesh } from '@aquamvs/core';
import { undistortionModel } from '@aquamvs/geometry';

/** A stage `gt-cloud` publishing `cloud` as `pointCloud` and uniform-colour undistorted images (camera i: grey 40·(i+1)). */
export function gtCloudPlugin(scene: SyntheticScene, cloud: PointCloud): AquamvsPlugin {
  const stage: Stage = {
    id: 'gt-cloud',
    consumes: [],
    produces: ['pointCloud', 'undistortedImages'],
    run(ctx) {
      ctx.artifacts.set('pointCloud', cloud);
      const images = new Map<string, FrameImage>();
      scene.calibration.ringCameras.forEach((name, i) => {
        const { width, height } = undistortionModel(scene.calibration.cameras[name]);
        images.set(name, { width, height, channels: 3, data: new Uint8Array(width * height * 3).fill(40 * (i + 1)) });
      });
      ctx.artifacts.set('undistortedImages', images);
      return Promise.resolve();
    },
  };
  return { name: 'gt-cloud', register: (c) => c.register(STAGE, { useValue: stage }) };
}

/** A stage `capture` that hands `mesh` to `sink`. */
export function captureMeshPlugin(sink: (mesh: SurfaceMesh) => void): AquamvsPlugin {
  const stage: Stage = {
    id: 'capture',
    consumes: ['mesh'],
    produces: [],
    run(ctx) {
      sink(ctx.artifacts.get('mesh'));
      return Promise.resolve();
    },
  };
  return { name: 'capture', register: (c) => c.register(STAGE, { useValue: stage }) };
}
