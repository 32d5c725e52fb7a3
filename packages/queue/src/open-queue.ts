import { Queue } from 'bullmq';
import { queueConnect } from './errors.js';
import type { QueueTarget } from './queue-connection.js';
import { probeRedis } from './redis-probe.js';

/** How long {@link connectQueue} waits for Redis before giving up. */
const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Opens the BullMQ queue of `target` and checks that Redis answers; close it with `queue.close()`.
 * @example
 * const queue = await connectQueue(queueTarget('redis://127.0.0.1:6379'));
 */
export async function connectQueue(target: QueueTarget): Promise<Queue> {
  const { host, port, tls } = target.connection as { host: string; port: number; tls?: object };
  try {
    await probeRedis(host, port, CONNECT_TIMEOUT_MS, tls !== undefined);
  } catch (error) {
    throw queueConnect(target.url, error);
  }
  const queue = new Queue(target.queueName, { connection: target.connection });
  queue.on('error', () => {
    // reported through the check below; later errors surface in the calls that hit them
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      queue.getJobCounts('wait'),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CONNECT_TIMEOUT_MS / 1000} s`)), CONNECT_TIMEOUT_MS);
      }),
    ]);
  } catch (error) {
    await queue.close().catch(() => undefined);
    throw queueConnect(target.url, error);
  } finally {
    clearTimeout(timer);
  }
  return queue;
}
