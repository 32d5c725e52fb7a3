import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AquamvsError, type FrameImage } from '@aquamvs/core';
import type { Undistortion } from '@aquamvs/geometry';
import { undistortImage } from './undistort-image.js';

/** Message to a remap worker: the run's maps once, then one image per task. */
export type RemapRequest =
  | { id: -1; maps: Record<string, Undistortion> }
  | { id: number; camera: string; image: FrameImage };
/** Reply of a remap worker. */
export interface RemapReply {
  id: number;
  image?: FrameImage;
  error?: { message: string; code?: string };
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
 * `size ≤ 1` (or a single camera): remaps on this thread. Otherwise starts `size` workers now (per-run work) and
 * gives them the maps once, copied into shared memory; each frame's images are shared with them, not copied.
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
  const pending = new Map<number, { resolve(image: FrameImage): void; reject(error: Error): void }>();
  const queue: Extract<RemapRequest, { camera: string }>[] = [];
  const idle: Worker[] = [];
  const busy = new Map<Worker, number>();
  let nextId = 0;
  const pump = (): void => {
    while (queue.length > 0 && idle.length > 0) {
      const worker = idle.pop() as Worker;
      const job = queue.shift() as Extract<RemapRequest, { camera: string }>;
      busy.set(worker, job.id);
      worker.postMessage(job);
    }
  };
  const workers = Array.from({ length: n }, () => {
    const worker = new Worker(workerUrl());
    worker.unref();
    worker.postMessage({ id: -1, maps: shared } satisfies RemapRequest);
    worker.on('message', (reply: RemapReply) => {
      const p = pending.get(reply.id);
      pending.delete(reply.id);
      busy.delete(worker);
      idle.push(worker);
      if (reply.image !== undefined) p?.resolve(reply.image);
      else p?.reject(new AquamvsError(reply.error?.code ?? 'AQM_ERR_STAGE_FAILED', reply.error?.message ?? 'remap worker failed'));
      pump();
    });
    worker.on('error', (error) => {
      const id = busy.get(worker);
      busy.delete(worker);
      if (id !== undefined) pending.get(id)?.reject(error);
      if (id !== undefined) pending.delete(id);
    });
    idle.push(worker);
    return worker;
  });
  return {
    size: n,
    undistort(camera, image) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        queue.push({ id, camera, image: toShared(image) });
        pump();
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
