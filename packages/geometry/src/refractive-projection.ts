import { geometryArgument } from './errors.js';
import { solveInterfaceRadiusFast, solveInterfaceRadiusNewton } from './interface-solver.js';
import { cameraCenterOf, mat3Inverse, mat3Multiply } from './mat3.js';

/** Camera and interface parameters of a {@link RefractiveProjection}. Matrices are row-major. */
export interface RefractiveProjectionParams {
  /** 3×3 intrinsics (of the *undistorted* image, i.e. K_new), length 9. */
  K: ArrayLike<number>;
  /** World→camera rotation, length 9. */
  R: ArrayLike<number>;
  /** World→camera translation, length 3. */
  t: ArrayLike<number>;
  /** Z of the water surface (world +Z down). */
  waterZ: number;
  /**
   * Interface normal from water to air; used by `castRay` only (`project` assumes a horizontal surface).
   * @default [0, 0, -1]
   */
  normal?: ArrayLike<number>;
  /** @default 1.0 */
  nAir?: number;
  /** @default 1.333 */
  nWater?: number;
}

/** `'fast'`: bracketed Halley solver (default); `'newton'`: the 10-step Newton reference of §3.3. */
export type ProjectionMethod = 'fast' | 'newton';

/** Result of {@link RefractiveProjection.project}. */
export interface ProjectionResult {
  /** N×2 `(u, v)`; NaN where invalid. */
  pixels: Float64Array;
  /** 1 where the point is below the water and in front of the camera. */
  valid: Uint8Array;
}

/** Result of {@link RefractiveProjection.castRay}. */
export interface RayBatch {
  /** N×3 points on the water surface. */
  origins: Float64Array;
  /** N×3 unit directions in water (+Z). A point at ray depth δ is `origin + δ·direction`. */
  directions: Float64Array;
}

/** Refractive camera model: a pinhole camera in air looking through a flat water surface (§3.3). */
export interface RefractiveProjection {
  readonly K: readonly number[];
  readonly R: readonly number[];
  readonly t: readonly number[];
  readonly waterZ: number;
  readonly normal: readonly [number, number, number];
  readonly nAir: number;
  readonly nWater: number;
  /** Camera centre `C = −Rᵀt`. */
  readonly center: readonly [number, number, number];
  /** Projects N×3 world points to N×2 pixels. No image-bounds check. */
  project(points: Float64Array, method?: ProjectionMethod): ProjectionResult;
  /** Allocation-free {@link project}: writes `points.length / 3` results into the given arrays. */
  projectInto(points: Float64Array, outPixels: Float64Array, outValid: Uint8Array, method?: ProjectionMethod): void;
  /**
   * Projects one point with the fast solver, writing `(u, v)` at `out[offset]`, `out[offset + 1]`
   * (NaN when invalid); returns validity. For per-point hot loops.
   */
  projectPoint(x: number, y: number, z: number, out: Float64Array, offset?: number): boolean;
  /**
   * {@link projectPoint} that also returns the point's ray depth in this camera: its distance from where the ray
   * through `(u, v)` enters the water (what a depth map stores), NaN when invalid. Saves casting the ray back.
   */
  projectPointDepth(x: number, y: number, z: number, out: Float64Array, offset?: number): number;
  /**
   * {@link projectPointDepth} whose interface solve starts from `ratios[slot]` (the previous point's solution through
   * this slot; NaN for none) and leaves this point's there. Neighbouring points along a row of pixels have nearly the
   * same solution, so the solve takes one residual evaluation instead of two or three; results agree with
   * {@link projectPointDepth} to ~1e-12 m.
   */
  projectPointDepthNear(x: number, y: number, z: number, out: Float64Array, offset: number, ratios: Float64Array, slot: number): number;
  /** Casts refracted rays for N×2 pixels. */
  castRay(pixels: Float64Array): RayBatch;
  /** Allocation-free {@link castRay}. */
  castRayInto(pixels: Float64Array, outOrigins: Float64Array, outDirections: Float64Array): void;
}

function checkLength(what: string, value: ArrayLike<number>, n: number): number[] {
  const out = Array.from(value);
  if (out.length !== n || !out.every(Number.isFinite)) {
    throw geometryArgument(`createRefractiveProjection: ${what}`, `${n} finite numbers`, out);
  }
  return out;
}

/** The start of a solve with no previous solution (never written). */
const NO_START = Float64Array.of(Number.NaN);

class RefractiveProjectionModel implements RefractiveProjection {
  readonly K: readonly number[];
  readonly R: readonly number[];
  readonly t: readonly number[];
  readonly waterZ: number;
  readonly normal: readonly [number, number, number];
  readonly nAir: number;
  readonly nWater: number;
  readonly center: readonly [number, number, number];
  private readonly kInv: readonly number[];
  private readonly kr: readonly number[];

  constructor(p: RefractiveProjectionParams) {
    this.K = checkLength('K', p.K, 9);
    this.R = checkLength('R', p.R, 9);
    this.t = checkLength('t', p.t, 3);
    const n = checkLength('normal', p.normal ?? [0, 0, -1], 3);
    const len = Math.hypot(n[0], n[1], n[2]);
    if (!(len > 0)) throw geometryArgument('createRefractiveProjection: normal', 'a non-zero vector', n);
    this.normal = [n[0] / len, n[1] / len, n[2] / len];
    this.waterZ = p.waterZ;
    this.nAir = p.nAir ?? 1.0;
    this.nWater = p.nWater ?? 1.333;
    if (!Number.isFinite(this.waterZ) || !(this.nAir > 0) || !(this.nWater > 0)) {
      throw geometryArgument('createRefractiveProjection', 'finite waterZ and positive nAir, nWater', p);
    }
    const kInv = mat3Inverse(this.K);
    if (kInv === null) throw geometryArgument('createRefractiveProjection: K', 'an invertible matrix', this.K);
    this.kInv = kInv;
    this.kr = mat3Multiply(this.K, this.R);
    this.center = cameraCenterOf(this.R, this.t);
  }

  project(points: Float64Array, method: ProjectionMethod = 'fast'): ProjectionResult {
    const n = Math.floor(points.length / 3);
    const pixels = new Float64Array(n * 2);
    const valid = new Uint8Array(n);
    this.projectInto(points, pixels, valid, method);
    return { pixels, valid };
  }

  projectInto(points: Float64Array, outPixels: Float64Array, outValid: Uint8Array, method: ProjectionMethod = 'fast'): void {
    const n = Math.floor(points.length / 3);
    if (outPixels.length < n * 2 || outValid.length < n) {
      throw geometryArgument('projectInto: output arrays', `room for ${n} points`, [outPixels.length, outValid.length]);
    }
    if (method === 'newton') {
      for (let i = 0; i < n; i++) {
        outValid[i] = this.projectNewton(points[i * 3], points[i * 3 + 1], points[i * 3 + 2], outPixels, i * 2) ? 1 : 0;
      }
    } else {
      for (let i = 0; i < n; i++) {
        outValid[i] = this.projectPoint(points[i * 3], points[i * 3 + 1], points[i * 3 + 2], outPixels, i * 2) ? 1 : 0;
      }
    }
  }

  projectPoint(x: number, y: number, z: number, out: Float64Array, offset = 0): boolean {
    return !Number.isNaN(this.projectPointDepth(x, y, z, out, offset));
  }

  projectPointDepth(x: number, y: number, z: number, out: Float64Array, offset = 0): number {
    return this.projectPointDepthNear(x, y, z, out, offset, NO_START, 0);
  }

  projectPointDepthNear(x: number, y: number, z: number, out: Float64Array, offset: number, ratios: Float64Array, slot: number): number {
    const c = this.center;
    const hc = this.waterZ - c[2];
    const hq = z - this.waterZ;
    if (!(hq > 0)) {
      out[offset] = Number.NaN;
      out[offset + 1] = Number.NaN;
      return Number.NaN;
    }
    const dx = x - c[0];
    const dy = y - c[1];
    const r = Math.sqrt(dx * dx + dy * dy + 1e-12);
    const s = solveInterfaceRadiusFast(r, hc, hq, this.nAir, this.nWater, ratios[slot] * r) / r;
    if (ratios !== NO_START) ratios[slot] = s;
    // p_cam = R·(P − C) with P − C = (s·dx, s·dy, hc); pixel = (K·R)·(P − C) / z_cam.
    const vx = s * dx;
    const vy = s * dy;
    const m = this.kr;
    const zc = m[6] * vx + m[7] * vy + m[8] * hc;
    if (!(zc > 0)) {
      out[offset] = Number.NaN;
      out[offset + 1] = Number.NaN;
      return Number.NaN;
    }
    out[offset] = (m[0] * vx + m[1] * vy + m[2] * hc) / zc;
    out[offset + 1] = (m[3] * vx + m[4] * vy + m[5] * hc) / zc;
    // The ray enters the water at P; the point lies (1 − s)·(dx, dy) across and hq below it.
    const across = (1 - s) * (1 - s) * (dx * dx + dy * dy);
    return Math.sqrt(across + hq * hq);
  }

  private projectNewton(x: number, y: number, z: number, out: Float64Array, offset: number): boolean {
    const c = this.center;
    const R = this.R;
    const K = this.K;
    const hc = this.waterZ - c[2];
    const hq = z - this.waterZ;
    const dx = x - c[0];
    const dy = y - c[1];
    const r = Math.sqrt(dx * dx + dy * dy + 1e-12);
    const a = solveInterfaceRadiusNewton(r, hc, hq, this.nAir, this.nWater);
    const px = c[0] + (a * dx) / r;
    const py = c[1] + (a * dy) / r;
    const pz = this.waterZ;
    const xc = R[0] * px + R[1] * py + R[2] * pz + this.t[0];
    const yc = R[3] * px + R[4] * py + R[5] * pz + this.t[1];
    const zc = R[6] * px + R[7] * py + R[8] * pz + this.t[2];
    const ok = hq > 0 && zc > 0;
    if (!ok) {
      out[offset] = Number.NaN;
      out[offset + 1] = Number.NaN;
      return false;
    }
    const xn = xc / zc;
    const yn = yc / zc;
    out[offset] = K[0] * xn + K[1] * yn + K[2];
    out[offset + 1] = K[3] * xn + K[4] * yn + K[5];
    return true;
  }

  castRay(pixels: Float64Array): RayBatch {
    const n = Math.floor(pixels.length / 2);
    const origins = new Float64Array(n * 3);
    const directions = new Float64Array(n * 3);
    this.castRayInto(pixels, origins, directions);
    return { origins, directions };
  }

  castRayInto(pixels: Float64Array, outOrigins: Float64Array, outDirections: Float64Array): void {
    const n = Math.floor(pixels.length / 2);
    if (outOrigins.length < n * 3 || outDirections.length < n * 3) {
      throw geometryArgument('castRayInto: output arrays', `room for ${n} rays`, [outOrigins.length, outDirections.length]);
    }
    const ki = this.kInv;
    const R = this.R;
    const c = this.center;
    const [nx, ny, nz] = this.normal;
    const ratio = this.nAir / this.nWater;
    for (let i = 0; i < n; i++) {
      const u = pixels[i * 2];
      const v = pixels[i * 2 + 1];
      let cx = ki[0] * u + ki[1] * v + ki[2];
      let cy = ki[3] * u + ki[4] * v + ki[5];
      let cz = ki[6] * u + ki[7] * v + ki[8];
      const cl = Math.sqrt(cx * cx + cy * cy + cz * cz);
      cx /= cl;
      cy /= cl;
      cz /= cl;
      // d = Rᵀ·d_cam (world, in air)
      const dx = R[0] * cx + R[3] * cy + R[6] * cz;
      const dy = R[1] * cx + R[4] * cy + R[7] * cz;
      const dz = R[2] * cx + R[5] * cy + R[8] * cz;
      const s = (this.waterZ - c[2]) / dz;
      const o = i * 3;
      outOrigins[o] = c[0] + s * dx;
      outOrigins[o + 1] = c[1] + s * dy;
      outOrigins[o + 2] = c[2] + s * dz;
      // Snell, vector form: m = −n points into the water.
      const cosI = -(dx * nx + dy * ny + dz * nz);
      const sin2T = ratio * ratio * (1 - cosI * cosI);
      const cosT = Math.sqrt(Math.max(0, 1 - sin2T));
      const k = cosT - ratio * cosI;
      const tx = ratio * dx - k * nx;
      const ty = ratio * dy - k * ny;
      const tz = ratio * dz - k * nz;
      const tl = Math.sqrt(tx * tx + ty * ty + tz * tz);
      outDirections[o] = tx / tl;
      outDirections[o + 1] = ty / tl;
      outDirections[o + 2] = tz / tl;
    }
  }
}

/**
 * Creates the refractive projection model of one camera (§3.3).
 * @example
 * const proj = createRefractiveProjection({ K, R, t, waterZ: 0.978 });
 * const { pixels, valid } = proj.project(new Float64Array([0.1, 0.2, 1.5]));
 * const { origins, directions } = proj.castRay(pixels);
 */
export function createRefractiveProjection(params: RefractiveProjectionParams): RefractiveProjection {
  return new RefractiveProjectionModel(params);
}
