import { createSceneSurface } from '../scenes/scene-surface.js';
import { createPebbleTexture } from '../texture/pebble-texture.js';
import { createSandTexture } from '../texture/sand-texture.js';
import { jobProjection, type CameraJob } from './camera-job.js';
import { createLensInverter } from './lens-inverter.js';
import { cameraResponse } from './photometric.js';

/** A rendered (distorted) camera image. */
export interface RenderedImage {
  readonly width: number;
  readonly height: number;
  /** Interleaved RGB, row-major. */
  readonly data: Uint8Array;
  /** Largest residual of the distortion inversion over all samples, pixels. */
  readonly maxInversionResidualPx: number;
}

/** Rotated-grid supersampling offsets (pixels) of the 4 samples per pixel. */
export const SAMPLE_OFFSETS: readonly (readonly [number, number])[] = [
  [-0.125, -0.375],
  [0.375, -0.125],
  [0.125, 0.375],
  [-0.375, 0.125],
];
/** Distance in pixels between samples 0↔2 and 1↔3. */
const DIAGONAL = Math.hypot(0.25, 0.75);
/** Colour of rays that miss the textured region (dark water). */
const BACKGROUND_RGB: readonly [number, number, number] = [0.06, 0.14, 0.2];

/**
 * Renders one camera as it records the scene: for every pixel of the *distorted* sensor, 4 rotated-grid samples
 * are undistorted exactly, cast through the water surface (geometry's `castRay`), intersected with the analytic
 * surface, and shaded from the pre-filtered sand texture; the pixel is their mean, through the camera's response
 * (ideal, or gain, offset, vignetting and noise when the scene is `photometric`).
 */
export function renderCameraImage(job: CameraJob): RenderedImage {
  const { camera } = job;
  const [width, height] = camera.imageSize;
  const K = camera.K;
  const projection = jobProjection(job, K);
  const surface = createSceneSurface(job.spec);
  const texture = job.spec.texture === 'pebbles' ? createPebbleTexture(job.seed) : createSandTexture(job.seed);
  const inverter = createLensInverter(camera);
  const response = cameraResponse(job.spec.photometric === true, job.seed, camera.name, width, height);
  const samples = SAMPLE_OFFSETS.length;
  const n = width * samples;
  const sensor = new Float64Array(n * 2);
  const normalised = new Float64Array(n * 2);
  const pixels = new Float64Array(n * 2);
  const origins = new Float64Array(n * 3);
  const directions = new Float64Array(n * 3);
  const hits = new Float64Array(n * 3);
  const hit = new Uint8Array(n);
  const rgb = new Float64Array(3);
  const data = new Uint8Array(width * height * 3);
  let worst = 0;
  let footprint = 1e-3;
  const lastDelta = new Float64Array(samples).fill(Number.NaN);
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      for (let s = 0; s < samples; s++) {
        const k = (col * samples + s) * 2;
        sensor[k] = col + SAMPLE_OFFSETS[s][0];
        sensor[k + 1] = row + SAMPLE_OFFSETS[s][1];
      }
    }
    worst = Math.max(worst, inverter.invert(sensor, normalised));
    for (let i = 0; i < n; i++) {
      const x = normalised[i * 2];
      const y = normalised[i * 2 + 1];
      pixels[i * 2] = K[0] * x + K[1] * y + K[2];
      pixels[i * 2 + 1] = K[4] * y + K[5];
    }
    projection.castRayInto(pixels, origins, directions);
    lastDelta.fill(Number.NaN);
    for (let i = 0; i < n; i++) {
      const o = i * 3;
      const s = i % samples;
      const delta = Number.isFinite(pixels[i * 2])
        ? surface.intersect(origins[o], origins[o + 1], origins[o + 2], directions[o], directions[o + 1], directions[o + 2], lastDelta[s])
        : Number.NaN;
      hit[i] = delta >= 0 ? 1 : 0;
      if (hit[i] === 1) {
        lastDelta[s] = delta;
        hits[o] = origins[o] + delta * directions[o];
        hits[o + 1] = origins[o + 1] + delta * directions[o + 1];
        hits[o + 2] = origins[o + 2] + delta * directions[o + 2];
      }
    }
    for (let col = 0; col < width; col++) {
      const first = col * samples;
      const spread = Math.max(pairDistance(hits, hit, first, first + 2), pairDistance(hits, hit, first + 1, first + 3));
      // The texture pre-filters to its *sampling interval*: 4 rotated-grid samples per pixel sample every ~½ pixel
      // (passing the whole pixel's size dropped texture a real camera records between 2 and 4 pixels per wave).
      if (spread > 0) footprint = spread / DIAGONAL / 2;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let s = 0; s < samples; s++) {
        const i = first + s;
        if (hit[i] === 1) {
          texture.sample(hits[i * 3], hits[i * 3 + 1], footprint, rgb, 0);
          r += rgb[0];
          g += rgb[1];
          b += rgb[2];
        } else {
          r += BACKGROUND_RGB[0];
          g += BACKGROUND_RGB[1];
          b += BACKGROUND_RGB[2];
        }
      }
      const p = (row * width + col) * 3;
      if (response === undefined) {
        data[p] = Math.round((255 * r) / samples);
        data[p + 1] = Math.round((255 * g) / samples);
        data[p + 2] = Math.round((255 * b) / samples);
      } else {
        data[p] = Math.round(255 * response.apply(r / samples, col, row));
        data[p + 1] = Math.round(255 * response.apply(g / samples, col, row));
        data[p + 2] = Math.round(255 * response.apply(b / samples, col, row));
      }
    }
  }
  return { width, height, data, maxInversionResidualPx: worst };
}

function pairDistance(points: Float64Array, hit: Uint8Array, a: number, b: number): number {
  if (hit[a] !== 1 || hit[b] !== 1) return 0;
  return Math.hypot(points[a * 3] - points[b * 3], points[a * 3 + 1] - points[b * 3 + 1], points[a * 3 + 2] - points[b * 3 + 2]);
}
