import { join } from 'node:path';
import type { FrameImage } from '@aquamvs/core';
import { encodePng, readNpz, writeFileAtomic } from '@aquamvs/io';
import { colorizeMap } from './colormap.js';
import { vizInput } from './errors.js';
import { listFiles } from './run-files.js';

/** A depth map read from `depth_maps/{cam}.npz`. */
export interface DepthMapFile {
  readonly camera: string;
  readonly width: number;
  readonly height: number;
  readonly depth: Float32Array;
  readonly confidence: Float32Array;
}

/** Reads `depth` and `confidence` (H×W) from a depth-map NPZ. */
export async function readDepthMap(path: string, camera: string): Promise<DepthMapFile> {
  const arrays = await readNpz(path);
  const depth = arrays.depth;
  const confidence = arrays.confidence;
  if (depth === undefined || depth.shape.length !== 2) throw vizInput(path, "a 2-D 'depth' array");
  const [height, width] = depth.shape;
  const conf =
    confidence?.shape.length === 2 && confidence.shape[0] === height && confidence.shape[1] === width
      ? Float32Array.from(confidence.data as ArrayLike<number>)
      : new Float32Array(width * height).fill(NaN);
  return { camera, width, height, depth: Float32Array.from(depth.data as ArrayLike<number>), confidence: conf };
}

/** Depth (viridis, the map's 2–98 % quantile range) and confidence (plasma, 0–1) images of one map; NaN is grey. */
export function depthMapImages(map: DepthMapFile): { depth: FrameImage; confidence: FrameImage } {
  return {
    depth: colorizeMap(map.depth, map.width, map.height, { colormap: 'viridis', range: 'robust' }),
    confidence: colorizeMap(map.confidence, map.width, map.height, { colormap: 'plasma', range: [0, 1] }),
  };
}

/** Writes `viz/depth_{cam}.png` and `viz/confidence_{cam}.png` for every `depth_maps/{cam}.npz` of a frame. */
export async function writeDepthViz(frameDir: string): Promise<string[]> {
  const written: string[] = [];
  for (const file of await listFiles(join(frameDir, 'depth_maps'), '.npz')) {
    const camera = file.slice(0, -4);
    const images = depthMapImages(await readDepthMap(join(frameDir, 'depth_maps', file), camera));
    for (const [kind, image] of [
      ['depth', images.depth],
      ['confidence', images.confidence],
    ] as const) {
      const path = join(frameDir, 'viz', `${kind}_${camera}.png`);
      written.push(await writeFileAtomic(path, await encodePng(image, {}, path)));
    }
  }
  return written;
}
