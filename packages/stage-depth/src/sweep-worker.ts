import { parentPort } from 'node:worker_threads';
import { runSweepTask, type SweepTask } from './sweep-task.js';

/** Worker entry of {@link SweepPool}: runs one {@link SweepTask} per message and transfers the maps back. */
const port = parentPort;
if (port !== null) {
  port.on('message', (message: { id: number; task: SweepTask }) => {
    try {
      const result = runSweepTask(message.task);
      port.postMessage({ id: message.id, result }, [result.depth.buffer as ArrayBuffer, result.confidence.buffer as ArrayBuffer]);
    } catch (error) {
      port.postMessage({ id: message.id, error: error instanceof Error ? { message: error.message, code: (error as { code?: string }).code } : { message: String(error) } });
    }
  });
}
