import type { PointCloud, SurfaceMesh } from '@aquamvs/core';

const EMPTY: SurfaceMesh = { positions: new Float64Array(0), faces: new Uint32Array(0) };

/**
 * A least-squares plane `z = a·x + b·y + c` through the cloud, meshed as two triangles over the cloud's x/y bounding
 * box: what a survey of a flat tank floor wants is its tilt and height, not its texture. Fewer than three points, or
 * points on one line, give an empty mesh (the surface stage reports it as a warning).
 * @example
 * const mesh = planeFitSurface({ positions: new Float64Array([0, 0, 1, 1, 0, 1, 0, 1, 1]) }); // 4 vertices at z = 1
 */
export function planeFitSurface(cloud: PointCloud): SurfaceMesh {
  const p = cloud.positions;
  const n = p.length / 3;
  if (n < 3) return EMPTY;
  let mx = 0, my = 0, mz = 0;
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = p[3 * i], y = p[3 * i + 1];
    mx += x;
    my += y;
    mz += p[3 * i + 2];
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  mx /= n;
  my /= n;
  mz /= n;
  // Normal equations on centred coordinates (better conditioned than raw world metres).
  let sxx = 0, sxy = 0, syy = 0, sxz = 0, syz = 0;
  for (let i = 0; i < n; i++) {
    const x = p[3 * i] - mx, y = p[3 * i + 1] - my, z = p[3 * i + 2] - mz;
    sxx += x * x;
    sxy += x * y;
    syy += y * y;
    sxz += x * z;
    syz += y * z;
  }
  const det = sxx * syy - sxy * sxy;
  if (!(Math.abs(det) > 1e-18 * Math.max(1, sxx * syy))) return EMPTY;
  const a = (sxz * syy - syz * sxy) / det;
  const b = (syz * sxx - sxz * sxy) / det;
  const zAt = (x: number, y: number): number => mz + a * (x - mx) + b * (y - my);
  const corners = [[minX, minY], [maxX, minY], [maxX, maxY], [minX, maxY]];
  const positions = new Float64Array(corners.flatMap(([x, y]) => [x, y, zAt(x, y)]));
  // Wound so the normal points to −Z: world +Z points down into the water, the cameras look down from above.
  return { positions, faces: new Uint32Array([0, 2, 1, 0, 3, 2]) };
}
