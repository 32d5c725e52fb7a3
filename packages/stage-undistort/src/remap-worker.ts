import type { FrameImage } from '@aquamvs/core';
import type { Undistortion } from '@aquamvs/geometry';
import { workerData } from 'piscina';
import { cloneableWorkerError, collectWorkerGarbage } from '@aquamvs/core';
import type { RemapTask } from './remap-pool.js';
import { undistortImage } from './undistort-image.js';

/** The run's maps by camera, given once per worker as `workerData` (on shared memory). */
const maps = (workerData ?? {}) as Record<string, Undistortion>;

/** Task function of the remap pool's piscina workers: undistorts one camera image. */
export default function remapWorker(task: RemapTask): FrameImage {
  try {
    collectWorkerGarbage();
    const undistortion = maps[task.camera];
    if (undistortion === undefined) throw new Error(`no undistortion maps for camera '${task.camera}'`);
    return undistortImage(task.camera, task.image, undistortion);
  } catch (error) {
    throw cloneableWorkerError(error);
  }
}
