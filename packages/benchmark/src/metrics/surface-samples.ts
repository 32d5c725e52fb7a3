import { cameraProjection, undistortionModel, type Calibration, type RefractiveProjection } from '@aquamvs/geometry';
import type { SceneSurface } from '../scenes/scene-surface.js';

/** Options of {@link surfaceSamples}. */
export interface SurfaceSampleOptions {
  /** Grid spacing in metres. @default 0.002 */
  spacing?: number;
  /** Minimum number of cameras that must see a sample. @default 2 */
  minCameras?: number;
  /** Cameras that count. @default the ring cameras */
  cameras?: readonly string[];
}

interface View {
  projection: RefractiveProjection;
  width: number;
  height: number;
}

/**
 * The ground-truth samples for recall: a uniform (x, y) grid on the analytic surface, kept where at least
 * `minCameras` ring cameras see the point inside their undistorted image (the depth-map grid) and, for surfaces
 * steep enough to hide parts of themselves, unoccluded. Returns N×3 world points.
 * @example
 * const samples = surfaceSamples(scene, { spacing: 0.001 });
 */
export function surfaceSamples(
  scene: { readonly calibration: Calibration; readonly surface: SceneSurface },
  options: SurfaceSampleOptions = {},
): Float64Array {
  const { surface } = scene;
  const spacing = options.spacing ?? 0.002;
  const minCameras = options.minCameras ?? 2;
  const visibility = createVisibility(scene, options.cameras);
  const [bx0, bx1, by0, by1] = visibility.bounds;
  const out: number[] = [];
  for (let y = by0; y <= by1; y += spacing) {
    for (let x = bx0; x <= bx1; x += spacing) {
      if (!surface.contains(x, y)) continue;
      const z = surface.height(x, y);
      if (visibility.seenBy(x, y, z, minCameras) >= minCameras) out.push(x, y, z);
    }
  }
  return Float64Array.from(out);
}

/** Which cameras see a surface point: inside their undistorted image and, on steep surfaces, unoccluded. */
export interface Visibility {
  /** XY box of the surface the cameras see (+1 cm). */
  readonly bounds: readonly [number, number, number, number];
  /** Cameras that see the surface point `(x, y, z)`, counting stops at `enough`. */
  seenBy(x: number, y: number, z: number, enough?: number): number;
}

/** The {@link Visibility} of `cameras` (default the ring cameras) over the scene's surface. */
export function createVisibility(
  scene: { readonly calibration: Calibration; readonly surface: SceneSurface },
  cameras?: readonly string[],
): Visibility {
  const { calibration, surface } = scene;
  const views: View[] = (cameras ?? calibration.ringCameras).map((name) => {
    const cam = calibration.cameras[name];
    const u = undistortionModel({ K: cam.K, distCoeffs: cam.distCoeffs, imageSize: cam.imageSize, isFisheye: cam.isFisheye });
    const projection = cameraProjection(calibration, cam, u.K);
    return { projection, width: u.width, height: u.height };
  });
  // A refracted ray leaves the vertical by at most the critical angle; a surface flatter than that cannot hide itself.
  const critical = Math.asin(Math.min(1, calibration.nAir / calibration.nWater));
  const mayOcclude = surface.field.maxSlope * Math.tan(critical) >= 1;
  const pixel = new Float64Array(2);
  return {
    bounds: footprintBounds(views, surface),
    seenBy(x, y, z, enough = Infinity) {
      let seen = 0;
      for (const view of views) {
        if (!view.projection.projectPoint(x, y, z, pixel, 0)) continue;
        if (!(pixel[0] >= 0 && pixel[0] <= view.width - 1 && pixel[1] >= 0 && pixel[1] <= view.height - 1)) continue;
        if (mayOcclude && !unoccluded(view.projection, surface, pixel, x, y, z)) continue;
        if (++seen >= enough) break;
      }
      return seen;
    },
  };
}

function unoccluded(projection: RefractiveProjection, surface: SceneSurface, pixel: Float64Array, x: number, y: number, z: number): boolean {
  const { origins: o, directions: d } = projection.castRay(pixel);
  const hit = surface.intersect(o[0], o[1], o[2], d[0], d[1], d[2]);
  return Math.abs(hit - Math.hypot(x - o[0], y - o[1], z - o[2])) < 1e-6;
}

/** XY bounding box of where the border rays of every view's undistorted grid meet the surface (+1 cm). */
function footprintBounds(views: readonly View[], surface: SceneSurface): [number, number, number, number] {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const { projection, width, height } of views) {
    const border: number[] = [];
    for (let u = 0; u < width; u += 4) border.push(u, 0, u, height - 1);
    for (let v = 0; v < height; v += 4) border.push(0, v, width - 1, v);
    border.push(width - 1, height - 1);
    const { origins: o, directions: d } = projection.castRay(Float64Array.from(border));
    for (let i = 0; i < border.length / 2; i++) {
      const k = i * 3;
      const delta = surface.intersect(o[k], o[k + 1], o[k + 2], d[k], d[k + 1], d[k + 2]);
      if (!(delta >= 0)) continue;
      const x = o[k] + delta * d[k];
      const y = o[k + 1] + delta * d[k + 1];
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  }
  const [sx0, sx1, sy0, sy1] = surface.spec.bounds;
  if (!(x1 >= x0)) return [sx0, sx1, sy0, sy1];
  return [Math.max(sx0, x0 - 0.01), Math.min(sx1, x1 + 0.01), Math.max(sy0, y0 - 0.01), Math.min(sy1, y1 + 0.01)];
}
