import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AquamvsError, type FrameImage } from '@aquamvs/core';
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

/** The compiled worker (`dist/remap-worker.js`), also when this module runs from `src/` under a test runner. */
function workerUrl(): URL {
  const sibling = new URL('./remap-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(sibling))) return sibling;
  return new URL('../dist/remap-worker.js', import.meta.url);
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
  const copy = data instanceof Float32Array ? new Float32Array(buffer) : data instanceof Uint16Array ? new Uint16Array(buffer) : new Uint8Array(buffer);
  copy.set(data);
  return { ...image, data: copy };
};

/**
 * The form of an error thrown in a remap worker that survives structured cloning: an `Error` whose `cause` holds
 * the `AquamvsError` code (`AQM_ERR_STAGE_FAILED` for other errors), since cloning drops an error's own `code`.
 */
export function remapWorkerError(error: unknown): Error {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return new Error(message, { cause: { code: typeof code === 'string' ? code : 'AQM_ERR_STAGE_FAILED' } });
}

/** Rethrows a worker's error (see {@link remapWorkerError}) as an `AquamvsError`; pool errors pass through. */
const rethrow = (reason: unknown): never => {
  const code = (reason as { cause?: { code?: unknown } } | null)?.cause?.code;
  if (reason instanceof Error && typeof code === 'string') throw new AquamvsError(code, reason.message);
  throw reason;
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
  const pool = new Piscina<RemapTask, FrameImage>({ filename: workerUrl().href, minThreads: n, maxThreads: n, workerData: shared, recordTiming: false });
  return {
    size: n,
    undistort: (camera, image) => pool.run({ camera, image: toShared(image) }).catch(rethrow),
    close: () => pool.destroy(),
  };
}
