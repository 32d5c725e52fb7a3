import { parentPort } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest } from './matcher-pool.js';
import { createMatcherTasks, type MatcherTasks } from './matcher-tasks.js';

/** Worker entry of the matcher's pool: `init` with the run's setup, then one task per message. */
const port = parentPort;
let tasks: MatcherTasks | undefined;
if (port !== null) {
  port.on('message', (message: WorkerRequest) => {
    if (message.id === -1) {
      if ('setup' in message) tasks = createMatcherTasks(message.setup);
      return;
    }
    if (!('task' in message)) return;
    try {
      if (tasks === undefined) throw new Error('matcher worker used before its setup arrived');
      const result = (tasks[message.task] as (...a: unknown[]) => unknown)(...message.args);
      port.postMessage({ id: message.id, result } satisfies WorkerReply);
    } catch (error) {
      const e = error instanceof Error ? { message: error.message, code: (error as { code?: string }).code } : { message: String(error) };
      port.postMessage({ id: message.id, error: e } satisfies WorkerReply);
    }
  });
}
