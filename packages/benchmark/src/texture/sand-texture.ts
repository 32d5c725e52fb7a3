import { createRandom } from '../random.js';

/** A seeded, band-limited procedural sand albedo: multi-octave value noise plus fine grain, in colour. */
export interface SandTexture {
  /**
   * Writes linear RGB albedo in [0, 1] at world `(x, y)` into `out[offset..offset+2]`. `footprint` is the
   * sampling interval on the surface in metres: octaves with wavelength below 2 footprints are faded out
   * (analytic pre-filter), so the texture never aliases, whatever the camera resolution.
   */
  sample(x: number, y: number, footprint: number, out: Float64Array, offset: number): void;
  /** Wavelengths (metres) of the luminance octaves, coarse to fine. */
  readonly wavelengths: readonly number[];
}

const SIZE = 4096;
const MASK = SIZE - 1;
/** Luminance octaves: 80 mm down to 1.25 mm (the finest two are the "grain"). */
const WAVELENGTHS = [0.08, 0.04, 0.02, 0.01, 0.005, 0.0025, 0.00125];
const AMPLITUDES = [1.0, 0.85, 0.75, 0.7, 0.65, 0.6, 0.55];
const SAND_LIGHT = [0.86, 0.76, 0.58];
const SAND_DARK = [0.55, 0.5, 0.44];

interface Octave {
  cos: number;
  sin: number;
  inv: number;
  ox: number;
  oy: number;
  wavelength: number;
  amplitude: number;
}

/** Fade weight of an octave of `wavelength` sampled every `footprint`: 0 below 2 samples per wave, 1 above 4. */
function octaveWeight(wavelength: number, footprint: number): number {
  const t = wavelength / footprint / 2 - 1;
  if (t <= 0) return 0;
  if (t >= 1) return 1;
  return t * t * (3 - 2 * t);
}

/**
 * Creates the sand texture for `seed` (same seed, same texture, on every platform).
 * @example
 * const tex = createSandTexture(7); const rgb = new Float64Array(3); tex.sample(0.1, 0.2, 1e-3, rgb, 0);
 */
export function createSandTexture(seed: number): SandTexture {
  const random = createRandom(seed, 1);
  const perm = new Uint16Array(SIZE * 2);
  const base = new Uint16Array(SIZE);
  for (let i = 0; i < SIZE; i++) base[i] = i;
  for (let i = SIZE - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    const tmp = base[i];
    base[i] = base[j];
    base[j] = tmp;
  }
  for (let i = 0; i < SIZE * 2; i++) perm[i] = base[i & MASK];
  const values = new Float64Array(SIZE);
  for (let i = 0; i < SIZE; i++) values[i] = random.next() * 2 - 1;
  const octave = (wavelength: number, amplitude: number): Octave => {
    const angle = random.next() * 2 * Math.PI;
    return {
      cos: Math.cos(angle),
      sin: Math.sin(angle),
      inv: 1 / wavelength,
      ox: random.next() * SIZE,
      oy: random.next() * SIZE,
      wavelength,
      amplitude,
    };
  };
  const lum = WAVELENGTHS.map((w, i) => octave(w, AMPLITUDES[i]));
  const tintCoarse = octave(0.15, 1);
  const tintGrain = octave(0.006, 1);
  const norm = 1 / Math.sqrt(AMPLITUDES.reduce((s, a) => s + a * a, 0));

  /** Value noise in [-1, 1] with quintic (C²) interpolation. */
  const noise = (o: Octave, x: number, y: number): number => {
    const u = (o.cos * x + o.sin * y) * o.inv + o.ox;
    const v = (o.cos * y - o.sin * x) * o.inv + o.oy;
    const fu = Math.floor(u);
    const fv = Math.floor(v);
    const tu = u - fu;
    const tv = v - fv;
    const iu = fu & MASK;
    const iv = fv & MASK;
    const a = perm[iu];
    const b = perm[iu + 1];
    const v00 = values[perm[a + iv]];
    const v01 = values[perm[a + iv + 1]];
    const v10 = values[perm[b + iv]];
    const v11 = values[perm[b + iv + 1]];
    const su = tu * tu * tu * (tu * (tu * 6 - 15) + 10);
    const sv = tv * tv * tv * (tv * (tv * 6 - 15) + 10);
    const top = v00 + (v10 - v00) * su;
    const bottom = v01 + (v11 - v01) * su;
    return top + (bottom - top) * sv;
  };

  return {
    wavelengths: WAVELENGTHS,
    sample(x, y, footprint, out, offset) {
      let sum = 0;
      for (let k = 0; k < lum.length; k++) {
        const o = lum[k];
        const w = octaveWeight(o.wavelength, footprint);
        if (w === 0) break;
        sum += w * o.amplitude * noise(o, x, y);
      }
      const l = Math.min(1, Math.max(0.04, 0.6 + 0.6 * norm * sum));
      const gw = octaveWeight(tintGrain.wavelength, footprint);
      const t = Math.min(1, Math.max(0, 0.5 + 0.45 * noise(tintCoarse, x, y) + (gw === 0 ? 0 : 0.35 * gw * noise(tintGrain, x, y))));
      out[offset] = l * (SAND_LIGHT[0] + (SAND_DARK[0] - SAND_LIGHT[0]) * t);
      out[offset + 1] = l * (SAND_LIGHT[1] + (SAND_DARK[1] - SAND_LIGHT[1]) * t);
      out[offset + 2] = l * (SAND_LIGHT[2] + (SAND_DARK[2] - SAND_LIGHT[2]) * t);
    },
  };
}
