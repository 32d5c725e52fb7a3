import type { HeightField } from './height-field.js';

const D = new Float64Array(6);

/** Newton on F(x, y) = |(x, y, h(x, y)) − p|² from `(x, y)`; returns the squared distance reached. */
function refine(f: HeightField, px: number, py: number, pz: number, x0: number, y0: number): number {
  let x = x0;
  let y = y0;
  for (let it = 0; it < 50; it++) {
    f.derivatives(x, y, D);
    const e = D[0] - pz;
    const gx = x - px + e * D[1];
    const gy = y - py + e * D[2];
    const hxx = 1 + D[1] * D[1] + e * D[3];
    const hxy = D[1] * D[2] + e * D[4];
    const hyy = 1 + D[2] * D[2] + e * D[5];
    const det = hxx * hyy - hxy * hxy;
    let sx: number;
    let sy: number;
    if (hxx > 0 && det > 0) {
      sx = (hyy * gx - hxy * gy) / det;
      sy = (hxx * gy - hxy * gx) / det;
    } else {
      sx = gx / (1 + D[1] * D[1] + D[2] * D[2]);
      sy = gy / (1 + D[1] * D[1] + D[2] * D[2]);
    }
    x -= sx;
    y -= sy;
    if (Math.abs(sx) + Math.abs(sy) < 1e-14) break;
  }
  const e = f.height(x, y) - pz;
  return (x - px) ** 2 + (y - py) ** 2 + e * e;
}

/**
 * Exact Euclidean distance from `p` to the height field (treated as unbounded). The vertical offset `v`
 * bounds the answer, so the closest point lies within `|v|` horizontally: close points (well inside the
 * curvature radius) refine from the foot point; farther ones start from the best of a 9×9 grid over that disc.
 */
export function distanceToHeightField(f: HeightField, px: number, py: number, pz: number): number {
  const v = Math.abs(pz - f.height(px, py));
  if (v === 0 || f.maxSlope === 0) return v;
  let bestX = px;
  let bestY = py;
  if (v * f.maxCurvature >= 0.25) {
    let best = Infinity;
    for (let i = -4; i <= 4; i++) {
      for (let j = -4; j <= 4; j++) {
        const x = px + (i * v) / 4;
        const y = py + (j * v) / 4;
        const e = f.height(x, y) - pz;
        const d2 = (x - px) ** 2 + (y - py) ** 2 + e * e;
        if (d2 < best) {
          best = d2;
          bestX = x;
          bestY = y;
        }
      }
    }
  }
  const d2 = refine(f, px, py, pz, bestX, bestY);
  return Math.min(v, Math.sqrt(d2));
}
