import { cloneableWorkerError, collectWorkerGarbage, releaseWorkerThread, timeWork, type ReleaseTask } from '@aquamvs/core/worker';
import { releaseSweepThread, runSweepTask, type SweepTask, type TimedSweepResult } from './sweep-task.js';

/**
 * Task function of {@link SweepPool}'s piscina workers: sweeps one reference camera and hands the maps back on
 * shared memory. Fusion's worker threads read them there; returned as plain buffers, the main thread copied every
 * map to shared memory at fusion's start (0.8 s on the `standard` rig, with both cores waiting on it).
 */
export default function sweepWorker(task: SweepTask): TimedSweepResult {
  try {
    collectWorkerGarbage();
    const { value, timing } = timeWork(() => runSweepTask(task));
    return { ...value, depth: shared(value.depth), confidence: shared(value.confidence), timing };
  } catch (error) {
    throw cloneableWorkerError(error);
  }
}

function shared(map: Float32Array): Float32Array {
  const out = new Float32Array(new SharedArrayBuffer(map.byteLength));
  out.set(map);
  return out;
}

/** Lets go of the last reference's images, tables and kernel memory and collects garbage (`SweepPool.release`). */
export function releaseWorker(task: ReleaseTask): void {
  releaseWorkerThread(task, releaseSweepThread);
}
