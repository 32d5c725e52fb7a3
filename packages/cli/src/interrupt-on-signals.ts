import type { Logger } from '@aquamvs/core';

/**
 * SIGINT/SIGTERM stop the run cleanly: the current stage finishes, the frame is recorded as abandoned in `run.json`,
 * and no further frame starts. A second signal quits at once (exit 130).
 */
export function interruptOnSignals(log: Logger): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(130);
    log.warn(`${name}: stopping after the current stage and recording the frame as abandoned (again to quit now)`);
    controller.abort(name);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
