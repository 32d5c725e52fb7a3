import { randomBytes } from 'node:crypto';
import { readdir, rename, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { frameDirName, isProcessRunning } from '@aquamvs/core';

/** Directory under the output directory where workers build frames before publishing them (same filesystem). */
export const STAGING_DIR = '.aquamvs-queue';

/** A name unique to this process: `<host>-<pid>-<tag>-<random>`; stale-dir sweeping reads host and pid back. */
export function processScopedName(tag: string): string {
  return `${hostname()}-${process.pid}-${tag}-${randomBytes(3).toString('hex')}`;
}

/**
 * Moves `stagingDir/frame_NNNNNN` to `outputDir/frame_NNNNNN` with renames only, so readers never see a partly
 * written frame: an older directory there is first renamed aside, then the new one renamed in, then the old removed.
 * `intermediates` (the run's declared intermediate folders, from `runStart`) are deleted first. Returns false when the
 * staging run wrote no directory for the frame.
 */
export async function publishFrameDir(stagingDir: string, outputDir: string, frame: number, intermediates: readonly string[]): Promise<boolean> {
  const name = frameDirName(frame);
  const from = join(stagingDir, name);
  const to = join(outputDir, name);
  for (const sub of intermediates) await rm(join(from, sub), { recursive: true, force: true });
  const replaced: string[] = [];
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await rename(from, to);
        return true;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return false;
        if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || attempt >= 8) throw error;
      }
      const aside = join(outputDir, STAGING_DIR, `replaced-${processScopedName(name)}`);
      try {
        await rename(to, aside);
        replaced.push(aside);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  } finally {
    for (const dir of replaced) await rm(dir, { recursive: true, force: true });
  }
}

/** Removes staging leftovers of processes on this host that no longer run (killed workers). Returns how many. */
export async function sweepStaleStaging(outputDir: string): Promise<number> {
  const root = join(outputDir, STAGING_DIR);
  const host = hostname();
  let removed = 0;
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return 0;
  }
  for (const name of names) {
    const rest = name.replace(/^replaced-/, '');
    if (!rest.startsWith(`${host}-`)) continue;
    const pid = Number(rest.slice(host.length + 1).split('-')[0]);
    if (!Number.isInteger(pid) || pid <= 0 || isProcessRunning(pid)) continue;
    await rm(join(root, name), { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}
