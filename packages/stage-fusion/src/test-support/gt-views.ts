import type { SyntheticScene } from '@aquamvs/benchmark';
import { createSyntheticScene } from '@aquamvs/benchmark';
import type { DepthMap, FrameImage } from '@aquamvs/core';
import { cameraProjection, undistortionModel, type RefractiveProjection } from '@aquamvs/geometry';
import type { FusionView } from '../fuse-depth-maps.js';

/** Refractive model of a calibration camera on its undistorted (K_new) grid. */
function projectionOf(scene: SyntheticScene, name: string): RefractiveProjection {
  const cal = scene.calibration;
  const cam = cal.cameras[name];
  const u = undistortionModel(cam);
  return cameraProjection(cal, cam, u.K);
}

/** Deterministic pseudo-random numbers in [0, 1). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

export interface GtViewOptions {
  /** Gaussian-ish depth noise (metres, std). */
  noise?: number;
  /** Share of pixels replaced by a random depth in ±5 cm. */
  outliers?: number;
  seed?: number;
}

/** Ground-truth depth maps (optionally noisy) of the ring cameras, with a colour image R = column, G = row, B = camera index. */
export function gtViews(scene: SyntheticScene, options: GtViewOptions = {}): FusionView[] {
  const rand = lcg(options.seed ?? 1);
  return scene.calibration.ringCameras.map((name, index) => {
    const gt = scene.groundTruth(name);
    const n = gt.width * gt.height;
    const depth = new Float32Array(n);
    const confidence = new Float32Array(n).fill(1);
    for (let i = 0; i < n; i++) {
      let d = gt.depth[i];
      if (options.noise) d += options.noise * (rand() + rand() + rand() - 1.5) * 2;
      if (options.outliers && rand() < options.outliers) d += (rand() - 0.5) * 0.1;
      depth[i] = d;
    }
    const data = new Uint8Array(n * 3);
    for (let i = 0; i < n; i++) {
      data[i * 3] = (i % gt.width) & 255;
      data[i * 3 + 1] = Math.floor(i / gt.width) & 255;
      data[i * 3 + 2] = index * 50;
    }
    const depthMap: DepthMap = { width: gt.width, height: gt.height, depth, confidence };
    const image: FrameImage = { width: gt.width, height: gt.height, channels: 3, data };
    return { name, projection: projectionOf(scene, name), depthMap, image };
  });
}

const scenes = new Map<string, SyntheticScene>();
/** The `ci` rig with one of its scenes (cached). */
export function ciScene(name: 'flat' | 'undulating' | 'rock' | 'nest' | 'bower'): SyntheticScene {
  let s = scenes.get(name);
  if (s === undefined) {
    s = createSyntheticScene({ rig: 'ci', scene: name });
    scenes.set(name, s);
  }
  return s;
}
