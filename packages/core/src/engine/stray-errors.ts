import { AsyncLocalStorage } from 'node:async_hooks';

/** The stage call an asynchronous callback belongs to: errors thrown there fail that call. */
const owner = new AsyncLocalStorage<(error: Error) => void>();
let inFlight = 0;

/**
 * Runs `call` so that an exception thrown by its own asynchronous work (a timer, an event handler, a promise
 * nobody awaits) rejects this call instead of killing the process. Errors are attributed by async context, so an
 * unrelated error (another library's, another concurrent call's) is never blamed on this stage; one that belongs to
 * no stage call keeps Node's default behaviour when nobody else listens: printed, exit 1.
 */
export function withStrayErrors(fail: (error: Error) => void, call: () => Promise<void>): Promise<void> {
  if (inFlight++ === 0) {
    process.on('uncaughtException', onStray);
    process.on('unhandledRejection', onStray);
  }
  return owner.run(fail, call).finally(() => {
    if (--inFlight === 0) {
      process.off('uncaughtException', onStray);
      process.off('unhandledRejection', onStray);
    }
  });
}

function onStray(thrown: unknown): void {
  const error = thrown instanceof Error ? thrown : new Error(String(thrown));
  const fail = owner.getStore();
  if (fail !== undefined) {
    fail(error);
    return;
  }
  if (process.listenerCount('uncaughtException') > 1) return;
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
}
