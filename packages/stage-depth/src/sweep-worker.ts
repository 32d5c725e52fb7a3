import { move, transferableSymbol, valueSymbol } from 'piscina';
import { cloneableWorkerError, collectWorkerGarbage } from '@aquamvs/core';
import type { ReferenceSweepResult } from './sweep-reference.js';
import { runSweepTask, type SweepTask } from './sweep-task.js';

/** Task function of {@link SweepPool}'s piscina workers: sweeps one reference camera and transfers the maps back. */
export default function sweepWorker(task: SweepTask): ReturnType<typeof move> {
  let result: ReferenceSweepResult;
  try {
    collectWorkerGarbage();
    result = runSweepTask(task);
  } catch (error) {
    throw cloneableWorkerError(error);
  }
  return move({
    [transferableSymbol]: [result.depth.buffer, result.confidence.buffer],
    [valueSymbol]: result,
  });
}
