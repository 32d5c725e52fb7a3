import {
  reviveWorkerError,
  startWorkerThreads,
  WorkerActivity,
  workerScriptUrl,
  type FrameImage,
  type TimedValue,
  type WorkTiming,
} from '@aquamvs/core';
import type { UndistortionModel } from '@aquamvs/geometry';
import { undistortImage } from './undistort-image.js';

/** One remap task: a camera's image (on shared memory) to undistort with that camera's model. */
export interface RemapTask {
  camera: string;
  image: FrameImage;
}

/** Undistorts images on worker threads or on this one; the result does not depend on the thread count. */
export interface RemapExecutor {
  readonly size: number;
  undistort(camera: string, image: FrameImage): Promise<FrameImage>;
  /** When each worker thread was busy remapping since the last call, one timing per thread (none on this thread). */
  takeActivity(): WorkTiming[];
  close(): Promise<void>;
}

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
 * (per-run work, unref'd while idle) and gives them the cameras' undistortion models once as `workerData` (a few
 * numbers each: the maps are made a row at a time); each frame's images are shared with them, not copied.
 */
export function createRemapExecutor(models: ReadonlyMap<string, UndistortionModel>, size: number): RemapExecutor {
  const n = Math.min(Math.max(1, Math.floor(size)), models.size);
  if (n <= 1) {
    return {
      size: 1,
      undistort: (camera, image) => Promise.resolve().then(() => undistortImage(camera, image, models.get(camera) as UndistortionModel)),
      takeActivity: () => [],
      close: () => Promise.resolve(),
    };
  }
  const activity = new WorkerActivity();
  const pool = startWorkerThreads<RemapTask, TimedValue<FrameImage>>(
    workerScriptUrl(import.meta.url, 'remap-worker.js'),
    n,
    Object.fromEntries(models),
  );
  return {
    size: n,
    undistort: (camera, image) =>
      pool.run({ camera, image: toShared(image) }).then(({ value, timing }) => {
        activity.record([timing]);
        return value;
      }, reviveWorkerError),
    takeActivity: () => activity.take(),
    close: () => pool.destroy(),
  };
}
