import type { SyntheticScene } from '@aquamvs/benchmark';
import { STAGE, type AquamvsPlugin, type DepthMap, type FrameImage, type Stage } from '@aquamvs/core';
import { gtViews, type GtViewOptions } from './gt-views.js';

/** A stage `gt-depth` that publishes ground-truth depth maps and test-pattern images of the ring cameras. */
export function gtDepthPlugin(scene: SyntheticScene, options: GtViewOptions = {}, transform?: (m: DepthMap) => DepthMap): AquamvsPlugin {
  const stage: Stage = {
    id: 'gt-depth',
    consumes: [],
    produces: ['depthMaps', 'undistortedImages'],
    run(ctx) {
      const views = gtViews(scene, options);
      ctx.artifacts.set('depthMaps', new Map(views.map((v) => [v.name, transform ? transform(v.depthMap) : v.depthMap])));
      ctx.artifacts.set('undistortedImages', new Map(views.map((v) => [v.name, v.image as FrameImage])));
      return Promise.resolve();
    },
  };
  return { name: 'gt-depth', register: (c) => c.register(STAGE, { useValue: stage }) };
}

/** A stage `capture` that hands the named artifact to `sink`. */
export function capturePlugin<K extends 'pointCloud' | 'mesh'>(key: K, sink: (value: unknown) => void): AquamvsPlugin {
  const stage: Stage = {
    id: 'capture',
    consumes: [key],
    produces: [],
    run(ctx) {
      sink(ctx.artifacts.get(key));
      return Promise.resolve();
    },
  };
  return { name: 'capture', register: (c) => c.register(STAGE, { useValue: stage }) };
}
