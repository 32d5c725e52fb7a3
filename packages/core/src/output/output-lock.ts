import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { outputLocked } from '../errors.js';
import type { Logger } from '../logger.js';

/** The lock file in `output_dir` that one running `aquamvs` holds. */
export const LOCK_FILE = '.aquamvs.lock';

/** Who holds an output directory. */
interface LockHolder {
  host: string;
  pid: number;
  startedAt: string;
}

/** A held lock; `release()` removes the file if it is still ours. */
export interface OutputLock {
  release(): Promise<void>;
}

/**
 * Makes this process the only writer of `outputDir` (created if needed): two runs on one folder would interleave
 * frames and lose each other's `run.json` updates. The lock file names host and PID; a lock left by a process of
 * this host that no longer runs is stale and taken over with a warning. A live holder, or one on another host
 * (which cannot be checked), is `AQM_ERR_OUTPUT_LOCKED`.
 */
export async function acquireOutputLock(outputDir: string, log: Logger): Promise<OutputLock> {
  await mkdir(outputDir, { recursive: true });
  const path = join(outputDir, LOCK_FILE);
  const me: LockHolder = { host: hostname(), pid: process.pid, startedAt: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    if (await tryCreate(path, me)) break;
    const holder = await readHolder(path);
    if (holder === undefined && attempt === 0) continue; // released between our two calls
    if (attempt === 0 && holder !== undefined && holder.host === me.host && !isRunning(holder.pid)) {
      log.warn(`${path}: taking over the lock of process ${holder.pid} (started ${holder.startedAt}), which is no longer running`);
      await rm(path, { force: true });
      continue;
    }
    throw outputLocked(outputDir, path, holder);
  }
  return {
    release: async () => {
      const holder = await readHolder(path);
      if (holder?.pid === me.pid && holder.host === me.host && holder.startedAt === me.startedAt) await rm(path, { force: true });
    },
  };
}

/** Writes the holder to a temp file and hard-links it into place: the lock appears whole or not at all. */
async function tryCreate(path: string, holder: LockHolder): Promise<boolean> {
  const temp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}`;
  await writeFile(temp, `${JSON.stringify(holder)}\n`);
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}

async function readHolder(path: string): Promise<LockHolder | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.host === 'string' && typeof parsed.pid === 'number' && typeof parsed.startedAt === 'string') return parsed as LockHolder;
    return { host: '?', pid: -1, startedAt: '?' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { host: '?', pid: -1, startedAt: '?' };
  }
}

/** True when `pid` names a live process on this machine (a signal-0 probe; EPERM means alive, not ours). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
