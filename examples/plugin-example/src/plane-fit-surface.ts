import type { PointCloud, SurfaceMesh } from '@aquamvs/core';
import { fitHeightPlane } from '@aquamvs/geometry';

const EMPTY: SurfaceMesh = { positions: new Float64Array(0), faces: new Uint32Array(0) };

/**
 * The least-squares plane `z = a·x + b·y + c` through the cloud (`fitHeightPlane` of `@aquamvs/geometry`), meshed as
 * two triangles over the cloud's x/y bounding box: what a survey of a flat tank floor wants is its tilt and height, not
 * its texture. Fewer than three points, or points on one line, give an empty mesh (the surface stage warns).
 * @example
 * const mesh = planeFitSurface({ positions: new Float64Array([0, 0, 1, 1, 0, 1, 0, 1, 1]) }); // 4 vertices at z = 1
 */
export function planeFitSurface(cloud: PointCloud): SurfaceMesh {
  const p = cloud.positions;
  const plane = fitHeightPlane(p);
  if (plane === undefined) return EMPTY;
  let minX = Infinity,
    maxX = -Infinity,
    minY = Infinity,
    maxY = -Infinity;
  for (let i = 0; i < p.length; i += 3) {
    minX = Math.min(minX, p[i]);
    maxX = Math.max(maxX, p[i]);
    minY = Math.min(minY, p[i + 1]);
    maxY = Math.max(maxY, p[i + 1]);
  }
  const corners = [
    [minX, minY],
    [maxX, minY],
    [maxX, maxY],
    [minX, maxY],
  ];
  const positions = new Float64Array(corners.flatMap(([x, y]) => [x, y, plane.a * x + plane.b * y + plane.c]));
  // Wound so the normal points to −Z: world +Z points down into the water, the cameras look down from above.
  return { positions, faces: new Uint32Array([0, 2, 1, 0, 3, 2]) };
}
