import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../engine/run-pipeline.js';
import { createLogger } from '../logger.js';
import { fnStage, stagesPlugin, testConfig, tinySource } from '../test-support/recorder.js';
import { acquireOutputLock, LOCK_FILE } from './output-lock.js';

const quiet = createLogger({ level: 'silent' });
const tempDir = (): Promise<string> => mkdtemp(join(tmpdir(), 'aqm-lock-'));

describe('acquireOutputLock', () => {
  it('lets one writer in, names it to the second, and lets the next in after release', async () => {
    const dir = await tempDir();
    const first = await acquireOutputLock(dir, quiet);
    const holder = JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')) as { host: string; pid: number };
    expect(holder).toMatchObject({ host: hostname(), pid: process.pid });
    await expect(acquireOutputLock(dir, quiet)).rejects.toMatchObject({
      code: 'AQM_ERR_OUTPUT_LOCKED',
      message: expect.stringContaining(`in use by aquamvs process ${process.pid} on ${hostname()}`) as unknown,
    });
    await first.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    await (await acquireOutputLock(dir, quiet)).release();
  });

  it('takes over the lock of a process of this host that no longer runs, with a warning', async () => {
    const dir = await tempDir();
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ host: hostname(), pid: gone, startedAt: '2026-01-01T00:00:00Z' }));
    const warnings: string[] = [];
    const log = { ...quiet, warn: (m: string) => void warnings.push(m) };
    const lock = await acquireOutputLock(dir, log);
    expect(warnings).toEqual([expect.stringContaining(`taking over the lock of process ${gone}`)]);
    await lock.release();
  });

  it('does not take over a lock from another host', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ host: 'elsewhere', pid: 1, startedAt: '2026-01-01T00:00:00Z' }));
    await expect(acquireOutputLock(dir, quiet)).rejects.toMatchObject({
      code: 'AQM_ERR_OUTPUT_LOCKED',
      message: expect.stringContaining('process 1 on elsewhere') as unknown,
    });
  });

  it('stops a second run on the same output_dir before it reads or writes anything', async () => {
    const out = await tempDir();
    const lock = await acquireOutputLock(out, quiet);
    const run = runPipeline({
      config: testConfig(out, ['count']),
      frameSource: tinySource(1),
      plugins: [stagesPlugin('p', [fnStage('count', () => undefined)])],
      log: quiet,
    });
    await expect(run).rejects.toMatchObject({ code: 'AQM_ERR_OUTPUT_LOCKED' });
    expect(existsSync(join(out, 'run.json'))).toBe(false);
    await lock.release();
  });
});
