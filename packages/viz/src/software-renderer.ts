import type { FrameImage } from '@aquamvs/core';
import type { Rgb } from './rgb-canvas.js';
import { cameraBasis, type ViewCamera } from './view-camera.js';

/** What {@link renderScene} draws: points (no faces) or a triangle mesh, world metres. */
export interface SceneGeometry {
  /** N×3 positions. */
  readonly positions: Float32Array | Float64Array;
  /** N×3 RGB colours, 0–255; without them a neutral sand colour is used. */
  readonly colors?: Uint8Array;
  /** N×3 unit normals (points only: they shade the splats). */
  readonly normals?: Float32Array | Float64Array;
  /** M×3 triangle vertex indices; when present, triangles are drawn instead of points. */
  readonly faces?: Uint32Array;
}

/** Options of {@link renderScene}. */
export interface RenderOptions {
  /** @default 1280 */
  width?: number;
  /** @default 960 */
  height?: number;
  /** @default [255, 255, 255] */
  background?: Rgb;
  /** Splat radius of points in pixels (a square of side 2r+1). @default 1 */
  pointRadius?: number;
  /** Direction the light travels, world; shading is two-sided. @default [0.3, 0.5, 1] (from above, +Z is down) */
  light?: readonly [number, number, number];
}

const DEFAULT_COLOR: Rgb = [194, 178, 128];
const AMBIENT = 0.35;
const NEAR = 1e-6;

/**
 * Renders points or a triangle mesh with a z-buffered software rasteriser: perspective camera, flat Lambert
 * shading per triangle (two-sided, times the interpolated vertex colours), square point splats. No GPU, no display,
 * no native code: the same pixels on every machine.
 * @example
 * const cam = sceneViewCamera('oblique', robustBounds(mesh.positions)!, 640, 480);
 * const image = renderScene(mesh, cam, { width: 640, height: 480 });
 */
export function renderScene(geometry: SceneGeometry, camera: ViewCamera, options: RenderOptions = {}): FrameImage {
  const width = options.width ?? 1280;
  const height = options.height ?? 960;
  const bg = options.background ?? [255, 255, 255];
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    rgb[3 * i] = bg[0];
    rgb[3 * i + 1] = bg[1];
    rgb[3 * i + 2] = bg[2];
  }
  const zbuf = new Float32Array(width * height).fill(Infinity);
  const screen = projectVertices(geometry.positions, camera, width, height);
  const light = normalizeLight(options.light ?? [0.3, 0.5, 1]);
  const target = { rgb, zbuf, width, height };
  if (geometry.faces !== undefined && geometry.faces.length > 0) drawTriangles(geometry, screen, light, target);
  else drawPoints(geometry, screen, light, Math.max(0, Math.round(options.pointRadius ?? 1)), target);
  return { width, height, channels: 3, data: rgb };
}

interface Target {
  readonly rgb: Uint8Array;
  readonly zbuf: Float32Array;
  readonly width: number;
  readonly height: number;
}

function normalizeLight(l: readonly [number, number, number]): [number, number, number] {
  const n = Math.hypot(l[0], l[1], l[2]) || 1;
  return [l[0] / n, l[1] / n, l[2] / n];
}

/** Screen `(x, y)` and camera depth per vertex (depth ≤ NEAR = behind the camera). */
function projectVertices(positions: ArrayLike<number>, camera: ViewCamera, width: number, height: number): Float64Array {
  const { right, down, forward } = cameraBasis(camera);
  const f = height / 2 / Math.tan(((camera.fovYDeg ?? 60) * Math.PI) / 360);
  const cx = width / 2;
  const cy = height / 2;
  const [ex, ey, ez] = camera.eye;
  const n = Math.floor(positions.length / 3);
  const out = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    const dx = positions[3 * i] - ex;
    const dy = positions[3 * i + 1] - ey;
    const dz = positions[3 * i + 2] - ez;
    const z = dx * forward[0] + dy * forward[1] + dz * forward[2];
    out[3 * i + 2] = Number.isFinite(z) ? z : -1;
    if (!(z > NEAR)) continue;
    out[3 * i] = cx + (f * (dx * right[0] + dy * right[1] + dz * right[2])) / z;
    out[3 * i + 1] = cy + (f * (dx * down[0] + dy * down[1] + dz * down[2])) / z;
  }
  return out;
}

function drawPoints(geometry: SceneGeometry, screen: Float64Array, light: readonly number[], r: number, t: Target): void {
  const { colors, normals } = geometry;
  const n = screen.length / 3;
  for (let i = 0; i < n; i++) {
    const z = screen[3 * i + 2];
    if (!(z > NEAR)) continue;
    const px = Math.round(screen[3 * i]);
    const py = Math.round(screen[3 * i + 1]);
    if (px < -r || py < -r || px >= t.width + r || py >= t.height + r) continue;
    let shade = 1;
    if (normals !== undefined) {
      const d = normals[3 * i] * light[0] + normals[3 * i + 1] * light[1] + normals[3 * i + 2] * light[2];
      shade = Number.isFinite(d) ? 0.55 + 0.45 * Math.abs(d) : 1;
    }
    const cr = (colors ? colors[3 * i] : DEFAULT_COLOR[0]) * shade;
    const cg = (colors ? colors[3 * i + 1] : DEFAULT_COLOR[1]) * shade;
    const cb = (colors ? colors[3 * i + 2] : DEFAULT_COLOR[2]) * shade;
    for (let y = Math.max(0, py - r); y <= Math.min(t.height - 1, py + r); y++) {
      for (let x = Math.max(0, px - r); x <= Math.min(t.width - 1, px + r); x++) {
        const p = y * t.width + x;
        if (z >= t.zbuf[p]) continue;
        t.zbuf[p] = z;
        t.rgb[3 * p] = cr;
        t.rgb[3 * p + 1] = cg;
        t.rgb[3 * p + 2] = cb;
      }
    }
  }
}

function drawTriangles(geometry: SceneGeometry, s: Float64Array, light: readonly number[], t: Target): void {
  const { positions: P, colors, faces } = geometry;
  const F = faces as Uint32Array;
  const col = new Float64Array(9);
  for (let f = 0; f < F.length; f += 3) {
    const a = F[f];
    const b = F[f + 1];
    const c = F[f + 2];
    const za = s[3 * a + 2];
    const zb = s[3 * b + 2];
    const zc = s[3 * c + 2];
    if (!(za > NEAR && zb > NEAR && zc > NEAR)) continue;
    const ax = s[3 * a],
      ay = s[3 * a + 1],
      bx = s[3 * b],
      by = s[3 * b + 1],
      cx = s[3 * c],
      cy = s[3 * c + 1];
    const area = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
    if (area === 0 || !Number.isFinite(area)) continue;
    const minX = Math.max(0, Math.ceil(Math.min(ax, bx, cx) - 0.5));
    const maxX = Math.min(t.width - 1, Math.floor(Math.max(ax, bx, cx) - 0.5));
    const minY = Math.max(0, Math.ceil(Math.min(ay, by, cy) - 0.5));
    const maxY = Math.min(t.height - 1, Math.floor(Math.max(ay, by, cy) - 0.5));
    if (minX > maxX || minY > maxY) continue;
    // Flat Lambert shading from the world-space face normal.
    const e1x = P[3 * b] - P[3 * a],
      e1y = P[3 * b + 1] - P[3 * a + 1],
      e1z = P[3 * b + 2] - P[3 * a + 2];
    const e2x = P[3 * c] - P[3 * a],
      e2y = P[3 * c + 1] - P[3 * a + 1],
      e2z = P[3 * c + 2] - P[3 * a + 2];
    const nx = e1y * e2z - e1z * e2y,
      ny = e1z * e2x - e1x * e2z,
      nz = e1x * e2y - e1y * e2x;
    const nl = Math.hypot(nx, ny, nz);
    const lambert = nl > 0 ? Math.abs(nx * light[0] + ny * light[1] + nz * light[2]) / nl : 0;
    const shade = AMBIENT + (1 - AMBIENT) * lambert;
    for (let k = 0; k < 3; k++) {
      const v = k === 0 ? a : k === 1 ? b : c;
      for (let ch = 0; ch < 3; ch++) col[3 * k + ch] = (colors ? colors[3 * v + ch] : DEFAULT_COLOR[ch]) * shade;
    }
    const inv = 1 / area;
    const iza = 1 / za,
      izb = 1 / zb,
      izc = 1 / zc;
    for (let y = minY; y <= maxY; y++) {
      const py = y + 0.5;
      for (let x = minX; x <= maxX; x++) {
        const px = x + 0.5;
        const w0 = ((bx - px) * (cy - py) - (by - py) * (cx - px)) * inv;
        const w1 = ((cx - px) * (ay - py) - (cy - py) * (ax - px)) * inv;
        const w2 = 1 - w0 - w1;
        if (w0 < 0 || w1 < 0 || w2 < 0) continue;
        const iz = w0 * iza + w1 * izb + w2 * izc;
        const z = 1 / iz;
        const p = y * t.width + x;
        if (z >= t.zbuf[p]) continue;
        t.zbuf[p] = z;
        // Perspective-correct colour interpolation.
        const q0 = (w0 * iza) / iz,
          q1 = (w1 * izb) / iz,
          q2 = (w2 * izc) / iz;
        t.rgb[3 * p] = q0 * col[0] + q1 * col[3] + q2 * col[6];
        t.rgb[3 * p + 1] = q0 * col[1] + q1 * col[4] + q2 * col[7];
        t.rgb[3 * p + 2] = q0 * col[2] + q1 * col[5] + q2 * col[8];
      }
    }
  }
}
