import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, relative, sep } from 'node:path';
import { outputWrite } from '../errors.js';

/** Marks a file or frame folder as in progress (`frame-staging.ts` clears leftovers of killed runs by it). */
export const TEMP_MARKER = '.aqm-tmp-';

/** Writes files under a root directory atomically: to a temp name in the same directory, then rename. */
export interface OutputWriter {
  /** Absolute root of this writer. */
  readonly root: string;
  /** Absolute path of `relPath` under the root (checked to stay inside it). */
  resolve(relPath: string): string;
  /** Writes `data` to `relPath` atomically and returns the absolute path. */
  writeFile(relPath: string, data: string | Uint8Array): Promise<string>;
  /**
   * Lets `produce` write to a temp path (e.g. a library that only writes to paths), then renames it to
   * `relPath`. If `produce` throws, the temp file is removed and nothing appears under `relPath`.
   */
  writeWith(relPath: string, produce: (tempPath: string) => Promise<void>): Promise<string>;
  /** A writer rooted at a subdirectory. */
  sub(relDir: string): OutputWriter;
}

function tempPathFor(target: string): string {
  return join(dirname(target), `.${target.slice(dirname(target).length + 1)}${TEMP_MARKER}${process.pid}-${randomBytes(4).toString('hex')}`);
}

/**
 * Flushes a finished temp file to disk, then renames it into place (atomic on one filesystem). Without the flush, a
 * power cut soon after the rename can leave an empty file under the final name on some filesystems.
 */
async function commit(tempPath: string, target: string): Promise<void> {
  const file = await open(tempPath, 'r+');
  try {
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(tempPath, target);
}

/** Creates an atomic writer rooted at `root`. */
export function createOutputWriter(root: string): OutputWriter {
  const resolve = (relPath: string): string => {
    const target = isAbsolute(relPath) ? normalize(relPath) : join(root, relPath);
    const rel = relative(root, target);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) {
      throw outputWrite(target, new Error(`path escapes the output directory ${root}`));
    }
    return target;
  };
  const writeWith = async (relPath: string, produce: (tempPath: string) => Promise<void>): Promise<string> => {
    const target = resolve(relPath);
    const temp = tempPathFor(target);
    try {
      await mkdir(dirname(target), { recursive: true });
      await produce(temp);
      await commit(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      if (error instanceof Error && 'code' in error && error.code === 'AQM_ERR_OUTPUT_WRITE') throw error;
      throw outputWrite(target, error);
    }
    return target;
  };
  return {
    root,
    resolve,
    writeWith,
    writeFile: (relPath, data) => writeWith(relPath, (temp) => writeFile(temp, data)),
    sub: (relDir) => createOutputWriter(resolve(relDir)),
  };
}

/** Throws `AQM_ERR_OUTPUT_WRITE` when `dir` exists but is not a directory (a run would fail on its first write). */
export async function assertOutputDirUsable(dir: string): Promise<void> {
  const st = await stat(dir).catch((error: unknown) => error as NodeJS.ErrnoException);
  if (st instanceof Error) {
    if (st.code === 'ENOENT') return;
    throw outputWrite(dir, st.code === 'ENOTDIR' ? new Error('a parent of output_dir is a file') : st);
  }
  if (!st.isDirectory()) throw outputWrite(dir, new Error('output_dir exists and is not a directory'));
}
