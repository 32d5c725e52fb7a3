import { AquamvsError } from '@aquamvs/core';

/** Error codes thrown by @aquamvs/queue, sorted alphabetically. */
export const QUEUE_ERROR_CODES = [
  'AQM_ERR_QUEUE_CONNECT',
  'AQM_ERR_QUEUE_ENVIRONMENT',
  'AQM_ERR_QUEUE_FRAME_MISSING',
  'AQM_ERR_QUEUE_OPTION_INVALID',
  'AQM_ERR_QUEUE_REDIS_START',
  'AQM_ERR_QUEUE_RUN_UNKNOWN',
  'AQM_ERR_QUEUE_URL_INVALID',
] as const;

/** One of {@link QUEUE_ERROR_CODES}. */
export type QueueErrorCode = (typeof QUEUE_ERROR_CODES)[number];

export const queueConnect = (url: string, cause: unknown): AquamvsError =>
  new AquamvsError('AQM_ERR_QUEUE_CONNECT', `cannot reach the job queue at ${url}: ${messageOf(cause)} (is redis-server running there?)`, { cause });

export const queueEnvironment = (module: string, cause: unknown): AquamvsError =>
  new AquamvsError('AQM_ERR_QUEUE_ENVIRONMENT', `cannot start the worker's frame threads with ${module}: ${messageOf(cause)}`, { cause });

export const queueFrameMissing = (frame: number, frameCount: number): AquamvsError =>
  new AquamvsError(
    'AQM_ERR_QUEUE_FRAME_MISSING',
    `frame ${frame}: expected an index in [0, ${frameCount}) of the configured input, the frame source has no such frame`,
  );

export const queueOptionInvalid = (key: string, expected: string, got: unknown): AquamvsError =>
  new AquamvsError('AQM_ERR_QUEUE_OPTION_INVALID', `queue option ${key}: expected ${expected}, got ${String(got)}`);

export const queueRedisStart = (binary: string, cause: unknown): AquamvsError =>
  new AquamvsError('AQM_ERR_QUEUE_REDIS_START', `cannot start ${binary}: ${messageOf(cause)} (install it with apt-get install -y redis-server)`, {
    cause,
  });

export const queueRunUnknown = (runKey: string, queueName: string): AquamvsError =>
  new AquamvsError(
    'AQM_ERR_QUEUE_RUN_UNKNOWN',
    `run ${runKey}: expected its spec in queue '${queueName}', found none (submitted to another queue, or forgotten?)`,
  );

export const queueUrlInvalid = (url: string, expected: string): AquamvsError =>
  new AquamvsError('AQM_ERR_QUEUE_URL_INVALID', `queue URL '${url}': expected ${expected}`);

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
