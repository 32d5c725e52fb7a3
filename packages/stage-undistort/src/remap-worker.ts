import type { FrameImage } from '@aquamvs/core';
import type { UndistortionModel } from '@aquamvs/geometry';
import { workerData } from 'piscina';
import { cloneableWorkerError, collectWorkerGarbage, timeWork, type TimedValue } from '@aquamvs/core/worker';
import type { RemapTask } from './remap-pool.js';
import { undistortImage } from './undistort-image.js';

/** The run's undistortion models by camera, given once per worker as `workerData`. */
const models = (workerData ?? {}) as Record<string, UndistortionModel>;

/** Task function of the remap pool's piscina workers: undistorts one camera image, and says when this thread did. */
export default function remapWorker(task: RemapTask): TimedValue<FrameImage> {
  try {
    collectWorkerGarbage();
    const undistortion = models[task.camera];
    if (undistortion === undefined) throw new Error(`no undistortion model for camera '${task.camera}'`);
    return timeWork(() => undistortImage(task.camera, task.image, undistortion));
  } catch (error) {
    throw cloneableWorkerError(error);
  }
}
