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
