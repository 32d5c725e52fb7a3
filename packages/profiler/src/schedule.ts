import { profilerScheduleInvalid, profilerStepInvalid } from './errors.js';

/** What the profiler does during one step (one frame), as in torch.profiler. */
export const ProfilerAction = {
  NONE: 'NONE',
  WARMUP: 'WARMUP',
  RECORD: 'RECORD',
  RECORD_AND_SAVE: 'RECORD_AND_SAVE',
} as const;
/** One of {@link ProfilerAction}. */
export type ProfilerAction = (typeof ProfilerAction)[keyof typeof ProfilerAction];

/** A schedule: maps a step (0-based frame ordinal within the run) to an action. */
export type ProfilerSchedule = (step: number) => ProfilerAction;

/** Options of {@link schedule}, torch.profiler's `schedule()` with camelCase names. */
export interface ScheduleOptions {
  /** Steps skipped at the start of every cycle. */
  readonly wait: number;
  /** Steps measured but discarded before recording, per cycle. */
  readonly warmup: number;
  /** Steps recorded per cycle (> 0); the last one is RECORD_AND_SAVE. */
  readonly active: number;
  /** Number of cycles; 0 means cycles never end. @default 0 */
  readonly repeat?: number;
  /** Steps ignored once before the first cycle. @default 0 */
  readonly skipFirst?: number;
  /** Non-zero: the first cycle starts without its wait phase. @default 0 */
  readonly skipFirstWait?: number;
}

/**
 * Builds a torch.profiler-compatible schedule. With `n = wait + warmup + active`: steps below `skipFirst` are
 * NONE; the shifted step (plus `wait` when `skipFirstWait`) runs through cycles of `n` steps, NONE for `wait`,
 * WARMUP for `warmup`, RECORD for the rest, and RECORD_AND_SAVE on the last step of each cycle; after `repeat`
 * cycles (if > 0) every step is NONE.
 * @example
 * const s = schedule({ wait: 1, warmup: 1, active: 2, repeat: 2, skipFirst: 1 });
 * s(4); // 'RECORD_AND_SAVE'
 */
export function schedule(options: ScheduleOptions): ProfilerSchedule {
  const wait = integer('wait', options.wait, 0);
  const warmup = integer('warmup', options.warmup, 0);
  const active = integer('active', options.active, 1);
  const repeat = integer('repeat', options.repeat ?? 0, 0);
  const skipFirst = integer('skipFirst', options.skipFirst ?? 0, 0);
  const skipFirstWait = integer('skipFirstWait', options.skipFirstWait ?? 0, 0);
  const cycle = wait + warmup + active;
  return (step: number): ProfilerAction => {
    if (!Number.isInteger(step) || step < 0) throw profilerStepInvalid(step);
    if (step < skipFirst) return ProfilerAction.NONE;
    let shifted = step - skipFirst;
    if (skipFirstWait !== 0) shifted += wait;
    if (repeat > 0 && shifted >= repeat * cycle) return ProfilerAction.NONE;
    const m = shifted % cycle;
    if (m < wait) return ProfilerAction.NONE;
    if (m < wait + warmup) return ProfilerAction.WARMUP;
    return m === cycle - 1 ? ProfilerAction.RECORD_AND_SAVE : ProfilerAction.RECORD;
  };
}

/** The schedule used without one: every step is recorded, and the trace is saved once, at stop. */
export const recordEveryStep: ProfilerSchedule = () => ProfilerAction.RECORD;

/**
 * Parses the CLI form `wait,warmup,active[,repeat[,skipFirst[,skipFirstWait]]]`, e.g. `1,1,3,2`.
 * @throws AQM_ERR_PROFILER_SCHEDULE_INVALID naming the text and what was expected.
 */
export function parseScheduleSpec(text: string): ScheduleOptions {
  const parts = text.split(',').map((part) => part.trim());
  const expected = 'wait,warmup,active[,repeat[,skipFirst[,skipFirstWait]]] as integers';
  if (parts.length < 3 || parts.length > 6 || parts.some((p) => !/^\d+$/.test(p))) {
    throw profilerScheduleInvalid('text', expected, text);
  }
  const [wait, warmup, active, repeat = 0, skipFirst = 0, skipFirstWait = 0] = parts.map(Number);
  const options = { wait, warmup, active, repeat, skipFirst, skipFirstWait };
  schedule(options);
  return options;
}

function integer(key: string, value: number, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw profilerScheduleInvalid(key, `an integer >= ${min}`, value);
  }
  return value;
}
