import { workerData } from 'piscina';
import { cloneableWorkerError, collectWorkerGarbage, releaseWorkerThread, timeWork, type ReleaseTask, type TimedValue } from '@aquamvs/core/worker';
import { createMatcherTasks, type MatcherSetup, type MatcherTasks } from './matcher-tasks.js';

/** This worker's tasks, built once from the run's setup (`workerData`) on the first task. */
let tasks: MatcherTasks | undefined;

const run = <K extends keyof MatcherTasks>(name: K, args: Parameters<MatcherTasks[K]>): TimedValue<ReturnType<MatcherTasks[K]>> => {
  try {
    collectWorkerGarbage();
    const built = (tasks ??= createMatcherTasks(workerData as MatcherSetup));
    return timeWork(() => (built[name] as (...a: Parameters<MatcherTasks[K]>) => ReturnType<MatcherTasks[K]>)(...args));
  } catch (error) {
    throw cloneableWorkerError(error);
  }
};

/** Task functions of the matcher's piscina workers (picked by name): the {@link MatcherTasks} with their arguments as one array. */
export const detect = (args: Parameters<MatcherTasks['detect']>) => run('detect', args);
export const describe = (args: Parameters<MatcherTasks['describe']>) => run('describe', args);
export const coarse = (args: Parameters<MatcherTasks['coarse']>) => run('coarse', args);
export const fine = (args: Parameters<MatcherTasks['fine']>) => run('fine', args);

/** Lets go of the frame's images and features this thread still holds handles to, and collects garbage. */
export const releaseWorker = (task: ReleaseTask): void => releaseWorkerThread(task);
