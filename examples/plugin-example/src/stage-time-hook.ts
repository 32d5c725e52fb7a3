import { inject, injectable, LOGGER, type AfterStageEvent, type HookSubscriber, type Logger, type RunEndEvent } from '@aquamvs/core';

/**
 * A hook subscriber: adds up each stage's time over the run (`afterStage`) and logs the totals, slowest first, when the
 * run ends (`runEnd`). Hooks only observe; the run's logger is injected like any other service.
 */
@injectable()
export class StageTimeHook implements HookSubscriber {
  readonly name = 'aquamvs-plugin-example';
  readonly #totals = new Map<string, number>();
  readonly #log: Logger;

  constructor(@inject(LOGGER) log: Logger) {
    this.#log = log.child('aquamvs-plugin-example');
  }

  afterStage(event: AfterStageEvent): void {
    this.#totals.set(event.stage, (this.#totals.get(event.stage) ?? 0) + event.durationMs);
  }

  runEnd(event: RunEndEvent): void {
    const totals = [...this.#totals].sort((a, b) => b[1] - a[1]).map(([stage, ms]) => `${stage} ${ms.toFixed(0)} ms`);
    this.#log.info(`stage time over ${event.done.length} frame(s): ${totals.join(', ')}`);
  }
}
