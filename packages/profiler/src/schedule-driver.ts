import { ProfilerAction, type ProfilerSchedule } from './schedule.js';

/** A side effect of moving from one action to the next (torch.profiler's `action_map`). */
export type TransitionEffect = 'prepare' | 'start' | 'stop' | 'ready' | 'warn';

/** `EXIT` is the pseudo-action reached by `stop()`. */
type Next = ProfilerAction | 'EXIT';

const { NONE, WARMUP, RECORD, RECORD_AND_SAVE } = ProfilerAction;
const SAVE_THEN_RESTART: readonly TransitionEffect[] = ['stop', 'ready', 'prepare', 'start'];

/** torch.profiler's transition table: (previous action, next action) → effects in order. */
export const TRANSITIONS: Readonly<Record<ProfilerAction, Readonly<Record<Next, readonly TransitionEffect[]>>>> = {
  [NONE]: { [NONE]: [], [WARMUP]: ['prepare'], [RECORD]: ['prepare', 'start'], [RECORD_AND_SAVE]: ['prepare', 'start'], EXIT: [] },
  [WARMUP]: { [NONE]: ['warn', 'start', 'stop'], [WARMUP]: [], [RECORD]: ['start'], [RECORD_AND_SAVE]: ['start'], EXIT: ['start', 'stop'] },
  [RECORD]: { [NONE]: ['warn', 'stop'], [WARMUP]: ['warn', 'stop'], [RECORD]: [], [RECORD_AND_SAVE]: [], EXIT: ['stop', 'ready'] },
  [RECORD_AND_SAVE]: {
    [NONE]: ['stop', 'ready'],
    [WARMUP]: ['stop', 'ready', 'prepare'],
    [RECORD]: SAVE_THEN_RESTART,
    [RECORD_AND_SAVE]: SAVE_THEN_RESTART,
    EXIT: ['stop', 'ready'],
  },
};

/** Receives the effects of each transition, in order. */
export interface TransitionHandler {
  (effect: TransitionEffect, from: ProfilerAction, to: Next): void | Promise<void>;
}

/**
 * Steps a schedule and runs torch.profiler's transitions: `start()` enters step 0, each `step()` leaves the
 * current step for the next, `stop()` leaves the current step for good.
 */
export class ScheduleDriver {
  #step = 0;
  #action: ProfilerAction;
  #running = false;

  constructor(
    private readonly schedule: ProfilerSchedule,
    private readonly handle: TransitionHandler,
  ) {
    this.#action = schedule(0);
  }

  /** The current step number. */
  get stepNum(): number {
    return this.#step;
  }

  /** The action of the current step. */
  get action(): ProfilerAction {
    return this.#action;
  }

  get running(): boolean {
    return this.#running;
  }

  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    await this.#run(NONE, this.#action);
  }

  async step(): Promise<void> {
    if (!this.#running) return;
    const next = this.schedule(this.#step + 1);
    const previous = this.#action;
    this.#step += 1;
    this.#action = next;
    await this.#run(previous, next);
  }

  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    await this.#run(this.#action, 'EXIT');
  }

  async #run(from: ProfilerAction, to: Next): Promise<void> {
    for (const effect of TRANSITIONS[from][to]) await this.handle(effect, from, to);
  }
}
