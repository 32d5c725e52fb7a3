import { describe, expect, it } from 'vitest';
import { downsamplePlane } from './grey-plane.js';

describe('downsamplePlane', () => {
  it('gives each coarse pixel the mean of its block, partial blocks at the right and bottom edges included', () => {
    const width = 23;
    const height = 14;
    const data = Float32Array.from({ length: width * height }, (_, i) => ((i * 7919) % 101) / 100);
    for (const factor of [1, 2, 4, 5]) {
      const coarse = downsamplePlane({ width, height, data }, factor);
      expect([coarse.width, coarse.height]).toEqual([Math.ceil(width / factor), Math.ceil(height / factor)]);
      for (let cy = 0; cy < coarse.height; cy++) {
        for (let cx = 0; cx < coarse.width; cx++) {
          let sum = 0;
          let count = 0;
          for (let y = cy * factor; y < Math.min(height, (cy + 1) * factor); y++) {
            for (let x = cx * factor; x < Math.min(width, (cx + 1) * factor); x++) {
              sum += data[y * width + x];
              count++;
            }
          }
          expect(coarse.data[cy * coarse.width + cx]).toBe(Math.fround(sum / count));
        }
      }
    }
  });
});
