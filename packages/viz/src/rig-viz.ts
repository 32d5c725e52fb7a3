import type { FrameImage } from '@aquamvs/core';
import { cameraProjection, type Calibration } from '@aquamvs/geometry';
import { colormapLut, finiteRange } from './colormap.js';
import { RgbCanvas, type Rgb } from './rgb-canvas.js';

/** Options of {@link renderRig}. */
export interface RenderRigOptions {
  /** N×3 points drawn under the cameras, coloured by height (viridis). */
  cloud?: ArrayLike<number>;
  /** Most cloud points drawn (evenly subsampled). @default 20000 */
  maxCloudPoints?: number;
  /** Size of each of the two panels. @default 640×560 */
  panelWidth?: number;
  panelHeight?: number;
  /** Ray depth below the water to which the refracted frusta are drawn when there is no cloud. @default 0.4 m */
  frustumDepth?: number;
}

type Segment = [number, number, number, number, number, number];
const RING: Rgb = [200, 40, 40];
const AUX: Rgb = [230, 130, 0];
const WATER: Rgb = [40, 110, 220];

/**
 * The rig seen from above (X right, Y down) and from the side (X right, Z down = deeper), like the reference's
 * `rig.png` (spec §3.16): camera centres with names, each camera's frustum (rays through its image corners, in air
 * down to the water surface, then refracted into the water), the water plane, and the cloud coloured by height.
 * Both panels share one metric scale; a scale bar gives it.
 */
export function renderRig(calibration: Calibration, options: RenderRigOptions = {}): FrameImage {
  const pw = options.panelWidth ?? 640;
  const ph = options.panelHeight ?? 560;
  const names = Object.keys(calibration.cameras);
  const centres = names.map((n) => calibration.cameraCenter(n));
  const cloud = subsample(options.cloud, options.maxCloudPoints ?? 20000);
  const zs = cloud.filter((_, i) => i % 3 === 2);
  const zRange = finiteRange(zs);
  const depth = zRange ? Math.max(0.05, zRange[1] - calibration.waterZ) : (options.frustumDepth ?? 0.4);
  const segments: Segment[] = [];
  for (const name of names) segments.push(...frustumSegments(calibration, name, depth));
  const all: number[] = [...centres.flat(), ...segments.flat(), ...cloud];
  const bounds = [0, 1, 2].map((k) => finiteRange(all.filter((_, i) => i % 3 === k)) ?? [0, 1]);
  const canvas = new RgbCanvas(2 * pw, ph, [255, 255, 255]);
  const margin = 36;
  const spanX = bounds[0][1] - bounds[0][0] || 1;
  const scale = Math.min(
    (pw - 2 * margin) / spanX,
    (ph - 2 * margin) / (bounds[1][1] - bounds[1][0] || 1),
    (ph - 2 * margin) / (bounds[2][1] - bounds[2][0] || 1),
  );
  const panels = [
    { x0: 0, axis: 1, title: 'TOP VIEW (X-Y)' },
    { x0: pw, axis: 2, title: 'SIDE VIEW (X-Z, +Z DOWN)' },
  ];
  const lut = colormapLut('viridis');
  for (const panel of panels) {
    const k = panel.axis;
    const mid = [(bounds[0][0] + bounds[0][1]) / 2, (bounds[k][0] + bounds[k][1]) / 2];
    const sx = (x: number): number => panel.x0 + pw / 2 + (x - mid[0]) * scale;
    const sy = (y: number): number => ph / 2 + (y - mid[1]) * scale;
    if (k === 1) canvas.fillRect(panel.x0 + 1, 1, pw - 2, ph - 2, [232, 242, 252]);
    else {
      const wy = sy(calibration.waterZ);
      canvas.fillRect(panel.x0 + 1, wy, pw - 2, ph - wy - 1, [232, 242, 252]);
      canvas.line(panel.x0 + 1, wy, panel.x0 + pw - 2, wy, WATER, 2);
      canvas.text(panel.x0 + 6, wy - 10, `WATER Z=${calibration.waterZ.toFixed(3)}`, WATER);
    }
    for (let i = 0; i < cloud.length; i += 3) {
      const t = zRange && zRange[1] > zRange[0] ? (cloud[i + 2] - zRange[0]) / (zRange[1] - zRange[0]) : 0.5;
      const c = Math.round(Math.min(1, Math.max(0, t)) * 255);
      canvas.setPixel(sx(cloud[i]), sy(cloud[i + k]), [lut[3 * c], lut[3 * c + 1], lut[3 * c + 2]]);
    }
    for (const s of segments) canvas.line(sx(s[0]), sy(s[k]), sx(s[3]), sy(s[3 + k]), [120, 120, 120], 1, 0.6);
    names.forEach((name, i) => {
      const color = calibration.cameras[name].isAuxiliary ? AUX : RING;
      const p = centres[i];
      canvas.disc(sx(p[0]), sy(p[k]), 3, color);
      if (k === 1) canvas.text(sx(p[0]) + 5, sy(p[k]) - 10, name, color);
    });
    canvas.strokeRect(panel.x0, 0, pw, ph, [160, 160, 160]);
    canvas.text(panel.x0 + 8, 8, panel.title, [0, 0, 0]);
    drawScaleBar(canvas, panel.x0 + 8, ph - 16, scale);
  }
  return canvas.toImage();
}

/** A round-length bar (1, 2 or 5 × 10^k metres) about 120 px long. */
function drawScaleBar(canvas: RgbCanvas, x: number, y: number, pxPerMetre: number): void {
  const raw = 120 / pxPerMetre;
  const p = 10 ** Math.floor(Math.log10(raw));
  const metres =
    [1, 2, 5, 10]
      .map((m) => m * p)
      .filter((m) => m <= raw)
      .at(-1) ?? p;
  const len = metres * pxPerMetre;
  canvas.line(x, y, x + len, y, [0, 0, 0], 2);
  canvas.line(x, y - 4, x, y + 4, [0, 0, 0]);
  canvas.line(x + len, y - 4, x + len, y + 4, [0, 0, 0]);
  canvas.text(x + len + 6, y - 3, metres >= 1 ? `${metres} M` : `${Math.round(metres * 1000)} MM`, [0, 0, 0]);
}

/** Segments of a camera's frustum: centre → water surface at the 4 image corners, then refracted rays to `depth`. */
function frustumSegments(calibration: Calibration, name: string, depth: number): Segment[] {
  const cam = calibration.cameras[name];
  const [w, h] = cam.imageSize;
  const projection = cameraProjection(calibration, cam);
  // Fisheye corners are far outside a pinhole frustum: use the central half of the image for them.
  const f = cam.isFisheye ? 0.25 : 0;
  const pixels = Float64Array.from([w * f, h * f, w * (1 - f), h * f, w * (1 - f), h * (1 - f), w * f, h * (1 - f)]);
  const rays = projection.castRay(pixels);
  const c = calibration.cameraCenter(name);
  const out: Segment[] = [];
  const surface: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const o = [rays.origins[3 * i], rays.origins[3 * i + 1], rays.origins[3 * i + 2]];
    if (!o.every(Number.isFinite)) continue;
    const d = [rays.directions[3 * i], rays.directions[3 * i + 1], rays.directions[3 * i + 2]];
    const e = [o[0] + depth * d[0], o[1] + depth * d[1], o[2] + depth * d[2]];
    out.push([c[0], c[1], c[2], o[0], o[1], o[2]], [o[0], o[1], o[2], e[0], e[1], e[2]]);
    surface.push(o);
  }
  for (let i = 0; i < surface.length; i++) {
    const a = surface[i];
    const b = surface[(i + 1) % surface.length];
    out.push([a[0], a[1], a[2], b[0], b[1], b[2]]);
  }
  return out;
}

function subsample(points: ArrayLike<number> | undefined, max: number): number[] {
  if (points === undefined) return [];
  const n = Math.floor(points.length / 3);
  const step = Math.max(1, Math.ceil(n / max));
  const out: number[] = [];
  for (let i = 0; i < n; i += step) {
    const x = points[3 * i],
      y = points[3 * i + 1],
      z = points[3 * i + 2];
    if (Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(z)) out.push(x, y, z);
  }
  return out;
}
