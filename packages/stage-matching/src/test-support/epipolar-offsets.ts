import type { EpipolarOffsets } from '../image-motion.js';

/** A seeded uniform generator in [0, 1). */
function uniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * `count` matches of a 320×240 camera with one partner whose epipolar curves run at `angleDeg`, offset by an image
 * motion (shift, roll in degrees about the image centre) plus uniform noise of ± `noise` px.
 */
export function offsets(count: number, angleDeg: number, shift: [number, number], rollDeg: number, noise: number, seed: number): EpipolarOffsets {
  const random = uniform(seed);
  const pixels = new Float64Array(count * 2);
  const normals = new Float64Array(count * 2);
  const values = new Float64Array(count);
  const roll = (rollDeg * Math.PI) / 180;
  for (let i = 0; i < count; i++) {
    const x = 20 + random() * 280;
    const y = 20 + random() * 200;
    // The curve's direction wanders ±10° about the pair's.
    const angle = ((angleDeg + (random() - 0.5) * 20) * Math.PI) / 180;
    const [nx, ny] = [-Math.sin(angle), Math.cos(angle)];
    const dx = shift[0] - roll * (y - 120);
    const dy = shift[1] + roll * (x - 160);
    pixels.set([x, y], i * 2);
    normals.set([nx, ny], i * 2);
    values[i] = nx * dx + ny * dy + (random() - 0.5) * 2 * noise;
  }
  return { camera: 'center', pixels, normals, offsets: values };
}

/** Four ring pairs' offsets (80 matches each, curves 90° apart) of a centre camera moved by `shift` and `rollDeg`. */
export function ringPairOffsets(shift: [number, number], rollDeg: number, noise = 0.2): EpipolarOffsets[] {
  return [0, 90, 180, 270].map((angle, k) => offsets(80, angle + 15, shift, rollDeg, noise, k + 1));
}
