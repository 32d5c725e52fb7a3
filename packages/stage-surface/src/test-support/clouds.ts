import { createSyntheticScene, type SyntheticScene } from '@aquamvs/benchmark';
import type { PointCloud } from '@aquamvs/core';

/** Deterministic pseudo-random numbers in [0, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** A jittered grid of points on `z = f(x, y)` over [x0, x1]² with spacing `step`, normals up (−Z) and colours. */
export function surfaceCloud(
  f: (x: number, y: number) => number,
  grad: (x: number, y: number) => [number, number],
  x0: number,
  x1: number,
  step: number,
  seed = 1,
): PointCloud {
  const rand = lcg(seed);
  const pos: number[] = [];
  const nor: number[] = [];
  const col: number[] = [];
  for (let y = x0; y <= x1; y += step) {
    for (let x = x0; x <= x1; x += step) {
      const px = x + (rand() - 0.5) * step * 0.5;
      const py = y + (rand() - 0.5) * step * 0.5;
      pos.push(px, py, f(px, py));
      const [gx, gy] = grad(px, py);
      const l = Math.hypot(gx, gy, 1);
      nor.push(gx / l, gy / l, -1 / l);
      const c = (t: number): number => Math.min(255, Math.max(0, Math.round(((t - x0) / (x1 - x0)) * 255)));
      col.push(c(px), c(py), 100);
    }
  }
  return { positions: Float64Array.from(pos), normals: Float32Array.from(nor), colors: Uint8Array.from(col) };
}

const scenes = new Map<string, SyntheticScene>();
export function ciScene(name: 'flat' | 'undulating'): SyntheticScene {
  let s = scenes.get(name);
  if (s === undefined) {
    s = createSyntheticScene({ rig: 'ci', scene: name });
    scenes.set(name, s);
  }
  return s;
}

/** The ring cameras' ground-truth points (every `stride`-th pixel) with analytic normals and a colour pattern. */
export function groundTruthCloud(scene: SyntheticScene, stride = 2): PointCloud {
  const pos: number[] = [];
  const nor: number[] = [];
  const col: number[] = [];
  for (const cam of scene.calibration.ringCameras) {
    const gt = scene.groundTruth(cam);
    for (let p = 0; p < gt.width * gt.height; p += stride) {
      const [x, y, z] = [gt.points[p * 3], gt.points[p * 3 + 1], gt.points[p * 3 + 2]];
      if (!Number.isFinite(z)) continue;
      pos.push(x, y, z);
      nor.push(...scene.surface.normal(x, y));
      col.push(p % 256, 50, 200);
    }
  }
  return { positions: Float64Array.from(pos), normals: Float32Array.from(nor), colors: Uint8Array.from(col) };
}

/** Median of the distances of N×3 points to the scene's true surface, in mm. */
export function medianDistanceMm(scene: SyntheticScene, points: Float64Array): number {
  const d = scene.surface.distanceToSurface(points).sort();
  return d[d.length >> 1] * 1000;
}
