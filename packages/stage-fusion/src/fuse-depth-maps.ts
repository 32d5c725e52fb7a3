import type { DepthMap, FrameImage, PointCloud } from '@aquamvs/core';
import type { RefractiveProjection } from '@aquamvs/geometry';
import { estimateNormals } from './estimate-normals.js';
import { PointGrid } from '@aquamvs/geometry';
import { VoxelAccumulator } from './voxel-accumulator.js';

/** A (filtered) depth map with its camera model and, optionally, its undistorted image for colours. */
export interface FusionView {
  readonly name: string;
  readonly projection: RefractiveProjection;
  readonly depthMap: DepthMap;
  /** Undistorted image on the same grid; without it points are grey (128). */
  readonly image?: FrameImage;
}

/** Options of {@link fuseDepthMaps}. */
export interface FuseOptions {
  /** `voxel_size`, metres. @default 0.001 */
  voxelSize?: number;
  /** Normal neighbourhood radius. @default 5 · voxelSize */
  normalRadius?: number;
  /** @default 30 */
  normalMaxNeighbors?: number;
}

/** Calls `visit(x, y, z, pixel)` for every finite pixel of a depth map (integer pixel centres, spec §3.10). */
export function forEachPoint(view: FusionView, visit: (x: number, y: number, z: number, pixel: number) => void): void {
  const { width, height, depth } = view.depthMap;
  const pixels = new Float64Array(width * 2);
  const origins = new Float64Array(width * 3);
  const directions = new Float64Array(width * 3);
  for (let row = 0; row < height; row++) {
    let any = false;
    for (let col = 0; col < width; col++) {
      pixels[col * 2] = col;
      pixels[col * 2 + 1] = row;
      if (Number.isFinite(depth[row * width + col])) any = true;
    }
    if (!any) continue;
    view.projection.castRayInto(pixels, origins, directions);
    for (let col = 0; col < width; col++) {
      const d = depth[row * width + col];
      if (!Number.isFinite(d)) continue;
      const o = col * 3;
      visit(origins[o] + d * directions[o], origins[o + 1] + d * directions[o + 1], origins[o + 2] + d * directions[o + 2], row * width + col);
    }
  }
}

/** Back-projects the finite pixels of one depth map: N×3 world points and their N×3 RGB colours. */
export function backProject(view: FusionView): { positions: Float64Array; colors: Uint8Array } {
  const pts: number[] = [];
  const cols: number[] = [];
  const rgb = new Uint8Array(3);
  forEachPoint(view, (x, y, z, pixel) => {
    pts.push(x, y, z);
    colorAt(view.image, pixel, rgb);
    cols.push(rgb[0], rgb[1], rgb[2]);
  });
  return { positions: Float64Array.from(pts), colors: Uint8Array.from(cols) };
}

/** Writes the RGB colour of `pixel` (8-bit; 16-bit and float images are scaled, grey is replicated). */
export function colorAt(image: FrameImage | undefined, pixel: number, out: Uint8Array): void {
  if (image === undefined) {
    out.fill(128);
    return;
  }
  const { data, channels } = image;
  const scale = data instanceof Uint8Array ? 1 : data instanceof Uint16Array ? 1 / 257 : 255;
  for (let k = 0; k < 3; k++) {
    const value = data[pixel * channels + (channels === 3 ? k : 0)] * scale;
    out[k] = value <= 0 ? 0 : value >= 255 ? 255 : Math.round(value);
  }
}

/**
 * Back-projection and merge (spec §3.10 `fuse_depth_maps`): every finite pixel of every view becomes a coloured
 * point, all views are merged by voxel down-sampling (`voxelSize`, Open3D anchoring at the cloud's min bound), and
 * normals are estimated (radius 5·voxel, 30 neighbours) and oriented towards the world origin (up, −Z). Two streaming
 * passes (bounds, then accumulation) keep memory at one voxel grid instead of the concatenated per-pixel cloud.
 * @example
 * const cloud = fuseDepthMaps(views, { voxelSize: 0.001 });
 */
export function fuseDepthMaps(views: readonly FusionView[], options: FuseOptions = {}): PointCloud {
  const voxel = options.voxelSize ?? 0.001;
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (const view of views) {
    forEachPoint(view, (x, y, z) => {
      if (x < min[0]) min[0] = x;
      if (x > max[0]) max[0] = x;
      if (y < min[1]) min[1] = y;
      if (y > max[1]) max[1] = y;
      if (z < min[2]) min[2] = z;
      if (z > max[2]) max[2] = z;
    });
  }
  if (!(max[0] >= min[0])) return { positions: new Float64Array(0), normals: new Float32Array(0), colors: new Uint8Array(0) };
  const acc = new VoxelAccumulator(voxel, min, max, true);
  const rgb = new Uint8Array(3);
  for (const view of views) {
    forEachPoint(view, (x, y, z, pixel) => {
      colorAt(view.image, pixel, rgb);
      acc.add(x, y, z, rgb[0], rgb[1], rgb[2]);
    });
  }
  const { positions, colors } = acc.result();
  const radius = options.normalRadius ?? 5 * voxel;
  const normals = estimateNormals(positions, {
    radius,
    maxNeighbors: options.normalMaxNeighbors ?? 30,
    grid: new PointGrid(positions, radius),
  });
  return { positions, normals, colors: colors ?? new Uint8Array(positions.length) };
}
