import { createRefractiveProjection, type RefractiveProjection } from '@aquamvs/geometry';
import type { GreyPlane } from '../grey-plane.js';
import type { ReferenceSweepInput } from '../sweep-reference.js';

/** A pinhole camera of a synthetic rig (world +Z down, cameras in air above the water). */
export interface SyntheticCamera {
  readonly name: string;
  readonly K: number[];
  readonly R: number[];
  readonly t: number[];
  readonly projection: RefractiveProjection;
}

export interface SyntheticRigOptions {
  ringCount: number;
  radius: number;
  width: number;
  height: number;
  focal: number;
  waterZ: number;
  /** Ring cameras look at (0, 0, lookAtZ); Infinity = straight down. */
  lookAtZ: number;
  /** Add a centre camera looking straight down. */
  center: boolean;
}

function normalize(v: number[]): number[] {
  const l = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / l, v[1] / l, v[2] / l];
}
function cross(a: number[], b: number[]): number[] {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function camera(name: string, C: number[], forward: number[], o: SyntheticRigOptions): SyntheticCamera {
  const z = normalize(forward);
  const hint = Math.abs(z[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  const y = normalize(cross(z, hint));
  const x = cross(y, z);
  const R = [...x, ...y, ...z];
  const t = [0, 1, 2].map((i) => -(R[i * 3] * C[0] + R[i * 3 + 1] * C[1] + R[i * 3 + 2] * C[2]));
  const K = [o.focal, 0, (o.width - 1) / 2, 0, o.focal, (o.height - 1) / 2, 0, 0, 1];
  return { name, K, R, t, projection: createRefractiveProjection({ K, R, t, waterZ: o.waterZ }) };
}

/** Ring cameras `cam00…` at Z = 0 (+ `center`), all with the same image size. */
export function syntheticRig(o: SyntheticRigOptions): SyntheticCamera[] {
  const out: SyntheticCamera[] = [];
  for (let i = 0; i < o.ringCount; i++) {
    const a = (2 * Math.PI * i) / o.ringCount;
    const C = [o.radius * Math.cos(a), o.radius * Math.sin(a), 0];
    const fwd = Number.isFinite(o.lookAtZ) ? [-C[0], -C[1], o.lookAtZ] : [0, 0, 1];
    out.push(camera(`cam${String(i).padStart(2, '0')}`, C, fwd, o));
  }
  if (o.center) out.push(camera('center', [0, 0, 0], [0, 0, 1], o));
  return out;
}

/** A height field surface `z(x, y)` under water, with a band-limited texture. */
export interface SyntheticSurface {
  z(x: number, y: number): number;
  texture(x: number, y: number): number;
}

/** Random sum of sinusoids, wavelengths in [minWave, 4·minWave], values in about [0.1, 0.9]. */
export function sinusoidTexture(minWave: number, seed = 1): (x: number, y: number) => number {
  let s = seed;
  const rnd = (): number => (s = (s * 1664525 + 1013904223) >>> 0) / 4294967296;
  const terms = Array.from({ length: 24 }, () => {
    const wave = minWave * (1 + 3 * rnd());
    const a = rnd() * Math.PI * 2;
    return { kx: (Math.cos(a) * 2 * Math.PI) / wave, ky: (Math.sin(a) * 2 * Math.PI) / wave, p: rnd() * Math.PI * 2 };
  });
  return (x, y) => {
    let v = 0;
    for (const t of terms) v += Math.sin(t.kx * x + t.ky * y + t.p);
    return 0.5 + ((0.4 * v) / Math.sqrt(terms.length * 2)) * 1.5;
  };
}

/** Flat plane at `z0` or undulating `z0 + A(sin(2πx/λ) + sin(2πy/1.3λ))`. */
export function syntheticSurface(z0: number, texture: (x: number, y: number) => number, amplitude = 0, wavelength = 0.05): SyntheticSurface {
  const k = (2 * Math.PI) / wavelength;
  return {
    z: (x, y) => (amplitude === 0 ? z0 : z0 + amplitude * (Math.sin(k * x) + Math.sin((k * y) / 1.3))),
    texture,
  };
}

/** Ray depth where the refracted ray `o + δ·d` meets the surface (fixed-point iteration). */
function hitDepth(surface: SyntheticSurface, o: ArrayLike<number>, d: ArrayLike<number>, i: number): number {
  let delta = (surface.z(o[i], o[i + 1]) - o[i + 2]) / d[i + 2];
  for (let it = 0; it < 30; it++) {
    const next = (surface.z(o[i] + delta * d[i], o[i + 1] + delta * d[i + 1]) - o[i + 2]) / d[i + 2];
    if (Math.abs(next - delta) < 1e-12) return next;
    delta = next;
  }
  return delta;
}

/** Renders a camera's grey image (`supersample²` rays per pixel) and its ground-truth ray depth at pixel centres. */
export function renderView(
  cam: SyntheticCamera,
  width: number,
  height: number,
  surface: SyntheticSurface,
  supersample = 3,
): {
  image: GreyPlane;
  depth: Float64Array;
} {
  const ss = supersample;
  const px = new Float64Array(width * ss * 2);
  const data = new Float32Array(width * height);
  const depth = new Float64Array(width * height);
  const centre = new Float64Array(width * 2);
  for (let y = 0; y < height; y++) {
    for (let sy = 0; sy < ss; sy++) {
      for (let x = 0; x < width; x++) {
        for (let sx = 0; sx < ss; sx++) {
          px[(x * ss + sx) * 2] = x - 0.5 + (sx + 0.5) / ss;
          px[(x * ss + sx) * 2 + 1] = y - 0.5 + (sy + 0.5) / ss;
        }
      }
      const { origins: o, directions: d } = cam.projection.castRay(px);
      for (let j = 0; j < width * ss; j++) {
        const delta = hitDepth(surface, o, d, j * 3);
        data[y * width + Math.floor(j / ss)] += surface.texture(o[j * 3] + delta * d[j * 3], o[j * 3 + 1] + delta * d[j * 3 + 1]) / (ss * ss);
      }
    }
    for (let x = 0; x < width; x++) {
      centre[x * 2] = x;
      centre[x * 2 + 1] = y;
    }
    const { origins: o, directions: d } = cam.projection.castRay(centre);
    for (let x = 0; x < width; x++) depth[y * width + x] = hitDepth(surface, o, d, x * 3);
  }
  return { image: { width, height, data }, depth };
}

/**
 * The sweep input of rig camera `use[0]` as reference and `use[1..]` as sources, rendered of `surface` (supersample
 * 2), with its ground-truth depth.
 */
export function referenceOf(
  rig: readonly SyntheticCamera[],
  use: readonly number[],
  width: number,
  height: number,
  surface: SyntheticSurface,
  range: { min: number; max: number },
): { input: ReferenceSweepInput; gt: Float64Array } {
  const views = use.map((i) => renderView(rig[i], width, height, surface, 2));
  return {
    input: {
      camera: rig[use[0]].name,
      ref: views[0].image,
      sources: views.slice(1).map((v) => v.image),
      refProjection: rig[use[0]].projection,
      sourceProjections: use.slice(1).map((i) => rig[i].projection),
      range,
    },
    gt: views[0].depth,
  };
}
