import { basename, dirname, resolve } from 'node:path';
import { createOutputWriter } from '@aquamvs/core';

/**
 * Writes `data` to `path` atomically (temp name in the same directory, then rename), creating parent
 * directories. Throws `AQM_ERR_OUTPUT_WRITE` naming the file on failure.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<string> {
  const target = resolve(path);
  return createOutputWriter(dirname(target)).writeFile(basename(target), data);
}

/**
 * Has `produce` write a temp path next to `path`, then renames it into place (atomic), as {@link writeFileAtomic}
 * for a file written in pieces; returns the absolute path.
 */
export async function writeWithAtomic(path: string, produce: (tempPath: string) => Promise<void>): Promise<string> {
  const target = resolve(path);
  return createOutputWriter(dirname(target)).writeWith(basename(target), produce);
}
