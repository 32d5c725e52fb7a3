/**
 * Small synthetic refractive scenes for tests and the bench: a ring rig (like @aquamvs/benchmark's) and a
 * renderer of a textured height field seen through the water surface, with ground-truth ray depths.
 */
import type { FrameImage } from '@aquamvs/core';
import { computeUndistortion, createCalibration, createRefractiveProjection, undistortPoints, type Calibration, type CameraCalibration } from '@aquamvs/geometry';

export interface TestRigOptions {
  ringCameras: number;
  imageSize: [number, number];
  focal: number;
  withCenter?: boolean;
  distortion?: number;
}

const unit = (v: number[]): number[] => {
  const n = Math.hypot(v[0], v[1], v[2]);
  return v.map((x) => x / n);
};

/** Ring rig: radius 0.635 m, cameras tilted 10° inward, water at 0.978, fisheye centre camera (auxiliary). */
export function testRig(o: TestRigOptions): Calibration {
  const [w, h] = o.imageSize;
  const s = o.distortion ?? 1;
  const cams: CameraCalibration[] = [];
  for (let i = 0; i < o.ringCameras; i++) {
    const phi = Math.PI + (2 * Math.PI * i) / o.ringCameras;
    const C = [0.635 * (1 + Math.cos(phi)), 0.635 * Math.sin(phi), 0];
    const inward = [-Math.cos(phi), -Math.sin(phi), 0];
    const t = (10 * Math.PI) / 180;
    const z = unit([Math.sin(t) * inward[0], Math.sin(t) * inward[1], Math.cos(t)]);
    const d = inward[0] * z[0] + inward[1] * z[1];
    const x = unit([inward[0] - d * z[0], inward[1] - d * z[1], -d * z[2]]);
    const y = [z[1] * x[2] - z[2] * x[1], z[2] * x[0] - z[0] * x[2], z[0] * x[1] - z[1] * x[0]];
    const R = [...x, ...y, ...z];
    const tv = [0, 1, 2].map((r) => -(R[r * 3] * C[0] + R[r * 3 + 1] * C[1] + R[r * 3 + 2] * C[2]));
    cams.push({
      name: `ring${String(i).padStart(2, '0')}`,
      K: [o.focal, 0, w / 2 + 0.7, 0, o.focal * 1.001, h / 2 - 0.4, 0, 0, 1],
      distCoeffs: [s * -0.04, s * 0.02, s * 1e-4, s * -1e-4, s * -0.004],
      R,
      t: tv,
      imageSize: [w, h],
      isFisheye: false,
      isAuxiliary: false,
    });
  }
  if (o.withCenter ?? true) {
    cams.push({
      name: 'center',
      K: [o.focal / 2, 0, w / 2, 0, o.focal / 2, h / 2, 0, 0, 1],
      distCoeffs: [s * 0.03, s * -0.008, s * 0.002, s * -0.0004],
      R: [1, 0, 0, 0, 1, 0, 0, 0, 1],
      t: [-0.635, 0, 0.02],
      imageSize: [w, h],
      isFisheye: true,
      isAuxiliary: true,
    });
  }
  return createCalibration({ cameras: cams, waterZ: 0.978 });
}

/** A height field `Z = base + A·(sin(2πx/λ) + sin(2πy/(1.3λ)))` with a procedural sand texture. */
export interface TestSurface {
  baseZ: number;
  amplitude: number;
  wavelength: number;
  /** Smallest texture feature, metres (octaves below are left out to avoid aliasing). */
  minFeature: number;
}

export function surfaceZ(s: TestSurface, x: number, y: number): number {
  if (s.amplitude === 0) return s.baseZ;
  const k = (2 * Math.PI) / s.wavelength;
  return s.baseZ + s.amplitude * (Math.sin(k * x) + Math.sin((k * y) / 1.3));
}

function hash(ix: number, iy: number, seed: number): number {
  let hv = Math.imul(ix, 374761393) ^ Math.imul(iy, 668265263) ^ Math.imul(seed, 2246822519);
  hv = Math.imul(hv ^ (hv >>> 13), 1274126177);
  return ((hv ^ (hv >>> 16)) >>> 0) / 4294967296;
}

function valueNoise(x: number, y: number, seed: number): number {
  const ix = Math.floor(x);
  const iy = Math.floor(y);
  const fx = x - ix;
  const fy = y - iy;
  const sx = fx * fx * (3 - 2 * fx);
  const sy = fy * fy * (3 - 2 * fy);
  const a = hash(ix, iy, seed);
  const b = hash(ix + 1, iy, seed);
  const c = hash(ix, iy + 1, seed);
  const d = hash(ix + 1, iy + 1, seed);
  return a + (b - a) * sx + (c - a) * sy + (a - b - c + d) * sx * sy;
}

/** Sand-like texture in [0, 255] at world (x, y). */
export function texture(s: TestSurface, x: number, y: number): number {
  let v = 0;
  let wsum = 0;
  let octave = 0;
  for (let size = 0.048; size >= s.minFeature; size /= 2, octave++) {
    const w = 0.6 + 0.4 * size / 0.048;
    v += w * valueNoise(x / size, y / size, octave + 1);
    wsum += w;
  }
  return wsum > 0 ? (255 * v) / wsum : 128;
}

/** Renders the raw (distorted) RGB image of every camera, and the true ray depth on the K_new grid. */
export function renderScene(calibration: Calibration, surface: TestSurface): { images: Map<string, FrameImage>; depths: Map<string, Float32Array> } {
  const images = new Map<string, FrameImage>();
  const depths = new Map<string, Float32Array>();
  for (const [name, cam] of Object.entries(calibration.cameras)) {
    const [w, h] = cam.imageSize;
    const und = computeUndistortion(cam);
    const proj = createRefractiveProjection({ K: und.K, R: cam.R, t: cam.t, waterZ: calibration.waterZ });
    const raw = new Float64Array(w * h * 2);
    for (let v = 0; v < h; v++) for (let u = 0; u < w; u++) raw.set([u, v], (v * w + u) * 2);
    const norm = undistortPoints(cam, raw);
    const px = new Float64Array(w * h * 2);
    for (let i = 0; i < w * h; i++) {
      px[i * 2] = und.K[0] * norm[i * 2] + und.K[1] * norm[i * 2 + 1] + und.K[2];
      px[i * 2 + 1] = und.K[4] * norm[i * 2 + 1] + und.K[5];
    }
    const data = new Uint8Array(w * h * 3);
    const shade = (o: Float64Array, d: Float64Array, i: number): number => {
      const depth = intersect(surface, o, d, i);
      if (!Number.isFinite(depth)) return Number.NaN;
      return depth;
    };
    const rays = proj.castRay(px);
    for (let i = 0; i < w * h; i++) {
      const depth = shade(rays.origins, rays.directions, i);
      const j = i * 3;
      const g = Number.isFinite(depth)
        ? texture(surface, rays.origins[j] + depth * rays.directions[j], rays.origins[j + 1] + depth * rays.directions[j + 1])
        : 0;
      const q = Math.max(0, Math.min(255, Math.round(g)));
      data[j] = q;
      data[j + 1] = q;
      data[j + 2] = q;
    }
    images.set(name, { width: w, height: h, channels: 3, data });
    const gridPx = new Float64Array(w * h * 2);
    for (let v = 0; v < h; v++) for (let u = 0; u < w; u++) gridPx.set([u, v], (v * w + u) * 2);
    const gridRays = proj.castRay(gridPx);
    const dm = new Float32Array(w * h);
    for (let i = 0; i < w * h; i++) dm[i] = intersect(surface, gridRays.origins, gridRays.directions, i);
    depths.set(name, dm);
  }
  return { images, depths };
}

/** Ray depth where ray i meets the height field (fixed-point iteration), NaN when it does not converge. */
export function intersect(s: TestSurface, o: Float64Array, d: Float64Array, i: number): number {
  const j = i * 3;
  let depth = (s.baseZ - o[j + 2]) / d[j + 2];
  for (let it = 0; it < 30; it++) {
    const z = surfaceZ(s, o[j] + depth * d[j], o[j + 1] + depth * d[j + 1]);
    const next = (z - o[j + 2]) / d[j + 2];
    if (Math.abs(next - depth) < 1e-9) return next;
    depth = 0.5 * (depth + next);
  }
  return Number.NaN;
}
