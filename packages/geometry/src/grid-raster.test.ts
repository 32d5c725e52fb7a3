import { describe, expect, it } from 'vitest';
import { forEachGridNode } from './grid-raster.js';

describe('forEachGridNode', () => {
  it('interpolates a plane exactly over two triangles and skips triangles with a long edge', () => {
    // Unit square split into two triangles; values v = 2x + 3y.
    const coords = Float64Array.from([0, 0, 1, 0, 0, 1, 1, 1]);
    const values = [0, 2, 3, 5];
    const grid = { x0: 0, y0: 0, nx: 5, ny: 5, resolution: 0.25 };
    const z = new Float64Array(25).fill(Number.NaN);
    forEachGridNode(coords, [0, 1, 2, 1, 3, 2], grid, (g, a, b, c, wa, wb, wc) => (z[g] = wa * values[a] + wb * values[b] + wc * values[c]));
    for (let j = 0; j < 5; j++) for (let i = 0; i < 5; i++) expect(z[j * 5 + i]).toBeCloseTo(2 * i * 0.25 + 3 * j * 0.25, 12);
    let visited = 0;
    forEachGridNode(coords, [0, 1, 2, 1, 3, 2], grid, () => visited++, 1.2);
    expect(visited).toBe(0);
  });
});
