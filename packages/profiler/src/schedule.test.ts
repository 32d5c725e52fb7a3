import { describe, expect, it } from 'vitest';
import { parseScheduleSpec, ProfilerAction, schedule, type ScheduleOptions } from './schedule.js';

const { NONE, WARMUP, RECORD, RECORD_AND_SAVE } = ProfilerAction;
const steps = (options: ScheduleOptions, count: number): string[] => {
  const fn = schedule(options);
  return Array.from({ length: count }, (_, step) => fn(step));
};

describe('schedule (anchors §1.4 worked example)', () => {
  it('wait=1, warmup=1, active=2, repeat=2, skipFirst=1 gives the table of steps 0..10 verbatim', () => {
    expect(steps({ wait: 1, warmup: 1, active: 2, repeat: 2, skipFirst: 1 }, 11)).toEqual([
      NONE,
      NONE,
      WARMUP,
      RECORD,
      RECORD_AND_SAVE,
      NONE,
      WARMUP,
      RECORD,
      RECORD_AND_SAVE,
      NONE,
      NONE,
    ]);
  });

  it('adding skipFirstWait=1 pre-consumes the first wait and still runs exactly 2 cycles', () => {
    expect(steps({ wait: 1, warmup: 1, active: 2, repeat: 2, skipFirst: 1, skipFirstWait: 1 }, 11)).toEqual([
      NONE,
      WARMUP,
      RECORD,
      RECORD_AND_SAVE,
      NONE,
      WARMUP,
      RECORD,
      RECORD_AND_SAVE,
      NONE,
      NONE,
      NONE,
    ]);
  });

  it('repeat=0 (no skipFirst) repeats NONE, WARMUP, RECORD, RECORD_AND_SAVE with period 4 forever', () => {
    const fn = schedule({ wait: 1, warmup: 1, active: 2, repeat: 0 });
    const period = [NONE, WARMUP, RECORD, RECORD_AND_SAVE];
    for (let step = 0; step < 4000; step += 1) expect(fn(step)).toBe(period[step % 4]);
  });

  it('repeat=1 (no skipFirst) runs one cycle and is NONE forever after', () => {
    const fn = schedule({ wait: 1, warmup: 1, active: 2, repeat: 1 });
    expect([0, 1, 2, 3].map(fn)).toEqual([NONE, WARMUP, RECORD, RECORD_AND_SAVE]);
    for (let step = 4; step < 1000; step += 1) expect(fn(step)).toBe(NONE);
  });

  it('active=1 makes every recorded step RECORD_AND_SAVE, and warmup=0 goes NONE → record directly', () => {
    expect(steps({ wait: 2, warmup: 0, active: 1 }, 6)).toEqual([NONE, NONE, RECORD_AND_SAVE, NONE, NONE, RECORD_AND_SAVE]);
  });

  it('the docstring example: skipFirst=10, wait=20 warms up after 30 steps, or after 10 with skipFirstWait', () => {
    const plain = schedule({ skipFirst: 10, wait: 20, warmup: 1, active: 1 });
    const early = schedule({ skipFirst: 10, wait: 20, warmup: 1, active: 1, skipFirstWait: 1 });
    expect([29, 30].map(plain)).toEqual([NONE, WARMUP]);
    expect([9, 10, 11].map(early)).toEqual([NONE, WARMUP, RECORD_AND_SAVE]);
    expect([12, 31, 32, 33].map(early)).toEqual([NONE, NONE, WARMUP, RECORD_AND_SAVE]);
  });
});

describe('schedule validation', () => {
  it.each([
    [{ wait: -1, warmup: 1, active: 1 }, 'profiler schedule wait: expected an integer >= 0, got -1'],
    [{ wait: 0, warmup: -2, active: 1 }, 'profiler schedule warmup: expected an integer >= 0, got -2'],
    [{ wait: 0, warmup: 0, active: 0 }, 'profiler schedule active: expected an integer >= 1, got 0'],
    [{ wait: 0, warmup: 0, active: 1, repeat: -1 }, 'profiler schedule repeat: expected an integer >= 0, got -1'],
    [{ wait: 0, warmup: 0, active: 1, skipFirst: -3 }, 'profiler schedule skipFirst: expected an integer >= 0, got -3'],
    [{ wait: 1.5, warmup: 0, active: 1 }, 'profiler schedule wait: expected an integer >= 0, got 1.5'],
  ])('rejects %o with a message naming the key', (options, message) => {
    expect(() => schedule(options)).toThrow(message);
    expect(() => schedule(options)).toThrow(expect.objectContaining({ code: 'AQM_ERR_PROFILER_SCHEDULE_INVALID' }) as Error);
  });

  it('rejects a negative or fractional step', () => {
    const fn = schedule({ wait: 0, warmup: 0, active: 1 });
    expect(() => fn(-1)).toThrow('profiler schedule step: expected an integer >= 0, got -1');
    expect(() => fn(0.5)).toThrow(expect.objectContaining({ code: 'AQM_ERR_PROFILER_STEP_INVALID' }) as Error);
  });
});

describe('parseScheduleSpec', () => {
  it('reads wait,warmup,active,repeat and defaults the rest to 0', () => {
    expect(parseScheduleSpec('1,1,2,2')).toEqual({ wait: 1, warmup: 1, active: 2, repeat: 2, skipFirst: 0, skipFirstWait: 0 });
    expect(parseScheduleSpec(' 0, 2 ,3')).toEqual({ wait: 0, warmup: 2, active: 3, repeat: 0, skipFirst: 0, skipFirstWait: 0 });
    expect(parseScheduleSpec('1,1,2,2,1,1')).toMatchObject({ skipFirst: 1, skipFirstWait: 1 });
  });

  it('rejects malformed text and invalid values', () => {
    expect(() => parseScheduleSpec('1,2')).toThrow(
      "profiler schedule text: expected wait,warmup,active[,repeat[,skipFirst[,skipFirstWait]]] as integers, got '1,2'",
    );
    expect(() => parseScheduleSpec('1,x,2')).toThrow(expect.objectContaining({ code: 'AQM_ERR_PROFILER_SCHEDULE_INVALID' }) as Error);
    expect(() => parseScheduleSpec('1,1,0')).toThrow('profiler schedule active: expected an integer >= 1, got 0');
  });
});
