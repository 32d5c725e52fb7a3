import { createRandom, mix32 } from '../random.js';
import { createSandTexture, type SandTexture } from './sand-texture.js';

/** Pebble cells (jittered grid), metres. */
const CELL = 0.018;
/** Width of the dark crevice between two pebbles, metres. */
const GAP = 0.0012;

function cellRandom(seed: number, i: number, j: number, k: number): number {
  return mix32(mix32(mix32(seed ^ Math.imul(i, 0x1f123bb5)) ^ Math.imul(j, 0x5f356495)) ^ k) / 4294967296;
}

/**
 * A photo-like gravel bed: sand grain (the {@link createSandTexture} octaves) on pebbles of ~2 cm with their own
 * brightness and tint (a jittered Voronoi tiling), separated by dark crevices with sharp edges — the hard, non-band-limited edges and uneven
 * contrast of a real photograph that a smooth procedural texture lacks. Edges are softened over the sampling
 * footprint only.
 */
export function createPebbleTexture(seed: number): SandTexture {
  const sand = createSandTexture(seed);
  const base = createRandom(seed, 3).next() * 4294967296;
  const centre = (i: number, j: number, out: Float64Array): void => {
    out[0] = (i + cellRandom(base, i, j, 1)) * CELL;
    out[1] = (j + cellRandom(base, i, j, 2)) * CELL;
  };
  const c = new Float64Array(2);
  return {
    wavelengths: sand.wavelengths,
    sample(x, y, footprint, out, offset) {
      sand.sample(x, y, footprint, out, offset);
      const ci = Math.floor(x / CELL);
      const cj = Math.floor(y / CELL);
      let d1 = Infinity;
      let d2 = Infinity;
      let bi = 0;
      let bj = 0;
      for (let j = cj - 1; j <= cj + 1; j++) {
        for (let i = ci - 1; i <= ci + 1; i++) {
          centre(i, j, c);
          const d = Math.hypot(x - c[0], y - c[1]);
          if (d < d1) {
            d2 = d1;
            d1 = d;
            bi = i;
            bj = j;
          } else if (d < d2) d2 = d;
        }
      }
      // Distance to the cell border (F2 − F1)/2; the crevice fades in over the sampling footprint.
      const edge = (d2 - d1) / 2;
      const soft = Math.max(footprint, 1e-5);
      const t = Math.min(1, Math.max(0, (edge - GAP / 2) / soft + 0.5));
      const shade = 0.55 + 0.8 * cellRandom(base, bi, bj, 3);
      const tint = 0.1 * (cellRandom(base, bi, bj, 4) - 0.5);
      const k = 0.35 + (shade - 0.35) * t;
      out[offset] = Math.min(1, out[offset] * k * (1 + tint));
      out[offset + 1] = Math.min(1, out[offset + 1] * k);
      out[offset + 2] = Math.min(1, out[offset + 2] * k * (1 - tint));
    },
  };
}
