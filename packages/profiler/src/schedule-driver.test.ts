import { describe, expect, it } from 'vitest';
import { recordEveryStep, schedule } from './schedule.js';
import { ScheduleDriver } from './schedule-driver.js';

/** Runs `work(i); step()` for `count` iterations like torch's `for i in range(n): work(i); prof.step()`. */
async function drive(driver: ScheduleDriver, count: number, log: string[]): Promise<void> {
  await driver.start();
  for (let i = 0; i < count; i += 1) {
    log.push(`work ${i} (${driver.action})`);
    await driver.step();
  }
  await driver.stop();
}

describe('ScheduleDriver transitions', () => {
  it('fires ready in the step() after iterations 4 and 8 for the §1.4 schedule, and nothing at exit', async () => {
    const log: string[] = [];
    const driver = new ScheduleDriver(schedule({ wait: 1, warmup: 1, active: 2, repeat: 2, skipFirst: 1 }), (effect) => {
      log.push(effect);
    });
    await drive(driver, 11, log);
    const readyAfter = log.flatMap((line, i) => (line === 'ready' ? [log.slice(0, i).filter((l) => l.startsWith('work')).length - 1] : []));
    expect(readyAfter).toEqual([4, 8]);
    expect(log.slice(log.indexOf('work 1 (NONE)'))).toEqual([
      'work 1 (NONE)',
      'prepare',
      'work 2 (WARMUP)',
      'start',
      'work 3 (RECORD)',
      'work 4 (RECORD_AND_SAVE)',
      'stop',
      'ready',
      'work 5 (NONE)',
      'prepare',
      'work 6 (WARMUP)',
      'start',
      'work 7 (RECORD)',
      'work 8 (RECORD_AND_SAVE)',
      'stop',
      'ready',
      'work 9 (NONE)',
      'work 10 (NONE)',
    ]);
  });

  it('without a schedule records every step and fires ready exactly once, at stop', async () => {
    const log: string[] = [];
    await drive(new ScheduleDriver(recordEveryStep, (effect) => void log.push(effect)), 5, log);
    expect(log.filter((l) => !l.startsWith('work'))).toEqual(['prepare', 'start', 'stop', 'ready']);
    expect(log.at(-1)).toBe('ready');
  });

  it('fires ready at stop when still in RECORD, never from WARMUP', async () => {
    const fromRecord: string[] = [];
    await drive(new ScheduleDriver(schedule({ wait: 0, warmup: 1, active: 5 }), (e) => void fromRecord.push(e)), 3, fromRecord);
    expect(fromRecord.slice(-2)).toEqual(['stop', 'ready']);
    const fromWarmup: string[] = [];
    await drive(new ScheduleDriver(schedule({ wait: 0, warmup: 5, active: 1 }), (e) => void fromWarmup.push(e)), 2, fromWarmup);
    expect(fromWarmup.filter((l) => !l.startsWith('work'))).toEqual(['prepare', 'start', 'stop']);
  });

  it('with active=1 each recorded step saves and the next cycle is prepared from a clean slate', async () => {
    const log: string[] = [];
    await drive(new ScheduleDriver(schedule({ wait: 0, warmup: 0, active: 1 }), (e) => void log.push(e)), 3, log);
    expect(log.filter((l) => !l.startsWith('work'))).toEqual([
      'prepare',
      'start',
      'stop',
      'ready',
      'prepare',
      'start',
      'stop',
      'ready',
      'prepare',
      'start',
      'stop',
      'ready',
      'prepare',
      'start',
      'stop',
      'ready',
    ]);
  });

  it('warns on the invalid transitions of a user schedule (WARMUP → NONE, RECORD → NONE) and drops the data', async () => {
    const log: string[] = [];
    const actions = ['WARMUP', 'NONE', 'RECORD', 'NONE'] as const;
    await drive(
      new ScheduleDriver(
        (s) => actions[s] ?? 'NONE',
        (e, from, to) => void log.push(`${e}:${from}>${to}`),
      ),
      4,
      log,
    );
    expect(log.filter((l) => !l.startsWith('work'))).toEqual([
      'prepare:NONE>WARMUP',
      'warn:WARMUP>NONE',
      'start:WARMUP>NONE',
      'stop:WARMUP>NONE',
      'prepare:NONE>RECORD',
      'start:NONE>RECORD',
      'warn:RECORD>NONE',
      'stop:RECORD>NONE',
    ]);
  });
});
