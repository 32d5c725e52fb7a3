import { reviveWorkerError, workerScriptUrl, type FrameImage } from '@aquamvs/core';
import type { Undistortion } from '@aquamvs/geometry';
import { Piscina } from 'piscina';
import { undistortImage } from './undistort-image.js';

/** One remap task: a camera's image (on shared memory) to undistort with that camera's maps. */
export interface RemapTask {
  camera: string;
  image: FrameImage;
}

/** Undistorts images on worker threads or on this one; the result does not depend on the thread count. */
export interface RemapExecutor {
  readonly size: number;
  undistort(camera: string, image: FrameImage): Promise<FrameImage>;
  close(): Promise<void>;
}

const shareMaps = (u: Undistortion): Undistortion => {
  const share = (a: Float32Array): Float32Array => {
    const out = new Float32Array(new SharedArrayBuffer(a.byteLength));
    out.set(a);
    return out;
  };
  return { K: u.K, width: u.width, height: u.height, mapX: share(u.mapX), mapY: share(u.mapY) };
};

const toShared = (image: FrameImage): FrameImage => {
  const { data } = image;
  if (data.buffer instanceof SharedArrayBuffer) return image;
  const buffer = new SharedArrayBuffer(data.byteLength);
  const copy =
    data instanceof Float32Array ? new Float32Array(buffer) : data instanceof Uint16Array ? new Uint16Array(buffer) : new Uint8Array(buffer);
  copy.set(data);
  return { ...image, data: copy };
};

/**
 * `size ≤ 1` (or a single camera): remaps on this thread. Otherwise starts a piscina pool of `size` workers now
 * (per-run work, unref'd while idle) and gives them the maps once as `workerData`, copied into shared memory; each
 * frame's images are shared with them, not copied.
 */
export function createRemapExecutor(maps: ReadonlyMap<string, Undistortion>, size: number): RemapExecutor {
  const n = Math.min(Math.max(1, Math.floor(size)), maps.size);
  if (n <= 1) {
    return {
      size: 1,
      undistort: (camera, image) => Promise.resolve().then(() => undistortImage(camera, image, maps.get(camera) as Undistortion)),
      close: () => Promise.resolve(),
    };
  }
  const shared: Record<string, Undistortion> = {};
  for (const [name, u] of maps) shared[name] = shareMaps(u);
  const pool = new Piscina<RemapTask, FrameImage>({
    filename: workerScriptUrl(import.meta.url, 'remap-worker.js')?.href,
    minThreads: n,
    maxThreads: n,
    workerData: shared,
    recordTiming: false,
  });
  return {
    size: n,
    undistort: (camera, image) => pool.run({ camera, image: toShared(image) }).catch(reviveWorkerError),
    close: () => pool.destroy(),
  };
}
