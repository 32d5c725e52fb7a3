import { createRandom, mix32, type SeededRandom } from '../random.js';

/**
 * How one camera turns scene radiance into pixel values when the scene asks for real cameras (`spec.photometric`):
 * its own gain (±12 %) and offset (±3 % of full scale), a radial vignetting that darkens the corners by 15–35 %,
 * and Gaussian sensor noise (σ = 1.5 grey levels). Drawn from the texture seed and the camera name, so a scene
 * renders the same on every run.
 */
export interface CameraResponse {
  /** Pixel value in [0, 1] of radiance `value` at pixel `(u, v)`, noise included. */
  apply(value: number, u: number, v: number): number;
}

function nameHash(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = mix32(h ^ name.charCodeAt(i));
  return h;
}

/** Standard normal deviate (Box–Muller). */
function gaussian(random: SeededRandom): number {
  const u = Math.max(1e-12, random.next());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}

/** The response of camera `name` (image `width × height`) for texture seed `seed`; `undefined` (ideal) unless `photometric`. */
export function cameraResponse(photometric: boolean, seed: number, name: string, width: number, height: number): CameraResponse | undefined {
  if (!photometric) return undefined;
  const random = createRandom(seed ^ nameHash(name), 7);
  const gain = 0.88 + 0.24 * random.next();
  const offset = -0.03 + 0.06 * random.next();
  const vignetting = 0.15 + 0.2 * random.next();
  const sigma = 1.5 / 255;
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  const r2max = cx * cx + cy * cy;
  return {
    apply(value, u, v) {
      const r2 = ((u - cx) ** 2 + (v - cy) ** 2) / r2max;
      const out = gain * value * (1 - vignetting * r2) + offset + sigma * gaussian(random);
      return out < 0 ? 0 : out > 1 ? 1 : out;
    },
  };
}
