import { describe, expect, it } from 'vitest';
import { cellIsSurface, continues } from './depth-edges.js';

/** One row of depths (metres). */
const row = (...d: number[]): Float32Array => Float32Array.from(d);

describe('continues', () => {
  it('takes a step within maxStep as one surface', () => {
    expect(continues(row(1, 1.004), 0, 1, 0, 2, 0.005)).toBe(true);
  });

  it('takes a large step that a neighbouring step predicts (a steep wall a few pixels across) as one surface', () => {
    // 9 mm a pixel down a wall: the step before or after is the same within 5 mm.
    const wall = row(1.0, 1.0, 1.009, 1.018, 1.027, 1.027);
    expect(continues(wall, 1, 1, 1, 6, 0.005)).toBe(true); // 1.000 → 1.009, the next step is 9 mm too
    expect(continues(wall, 2, 1, 2, 6, 0.005)).toBe(true);
    expect(continues(wall, 3, 1, 3, 6, 0.005)).toBe(true); // 1.018 → 1.027, the step before is 9 mm
  });

  it('takes a lone jump (an occlusion edge) as two surfaces, also at the image border', () => {
    const edge = row(1.0, 1.0, 1.0, 1.03, 1.03, 1.03);
    expect(continues(edge, 2, 1, 2, 6, 0.005)).toBe(false);
    expect(continues(row(1.0, 1.03), 0, 1, 0, 2, 0.005)).toBe(false);
  });

  it('follows a stride: columns of an image with stride = width', () => {
    const width = 2;
    // column 0 runs down a wall (rows 0..3), column 1 jumps once
    const depth = Float32Array.from([1.0, 1.0, 1.009, 1.0, 1.018, 1.03, 1.027, 1.03]);
    expect(continues(depth, 2, width, 1, 4, 0.005)).toBe(true);
    expect(continues(depth, 3, width, 1, 4, 0.005)).toBe(false);
  });
});

describe('cellIsSurface', () => {
  it('needs every used edge of the cell to continue', () => {
    const width = 4;
    // rows: a 9 mm/pixel ramp along x in both rows; a second image whose lower row jumps by 3 cm
    const ramp = Float32Array.from([1.0, 1.009, 1.018, 1.027, 1.0, 1.009, 1.018, 1.027]);
    expect(cellIsSurface(ramp, width, 2, 1, 0, true, true, 0.005)).toBe(true);
    const jump = ramp.slice();
    for (let x = 0; x < width; x++) jump[width + x] += 0.03;
    expect(cellIsSurface(jump, width, 2, 1, 0, true, false, 0.005)).toBe(true); // the upper row alone is a ramp
    expect(cellIsSurface(jump, width, 2, 1, 0, true, true, 0.005)).toBe(false); // the vertical edges jump
  });
});
