import { move, transferableSymbol, valueSymbol } from 'piscina';
import { cloneableWorkerError, collectWorkerGarbage, releaseWorkerThread, timeWork, type ReleaseTask } from '@aquamvs/core/worker';
import { releaseSweepThread, runSweepTask, type SweepTask, type TimedSweepResult } from './sweep-task.js';

/** Task function of {@link SweepPool}'s piscina workers: sweeps one reference camera and transfers the maps back. */
export default function sweepWorker(task: SweepTask): ReturnType<typeof move> {
  let result: TimedSweepResult;
  try {
    collectWorkerGarbage();
    const { value, timing } = timeWork(() => runSweepTask(task));
    result = { ...value, timing };
  } catch (error) {
    throw cloneableWorkerError(error);
  }
  return move({
    [transferableSymbol]: [result.depth.buffer, result.confidence.buffer],
    [valueSymbol]: result,
  });
}

/** Lets go of the last reference's images, tables and kernel memory and collects garbage (`SweepPool.release`). */
export function releaseWorker(task: ReleaseTask): void {
  releaseWorkerThread(task, releaseSweepThread);
}
