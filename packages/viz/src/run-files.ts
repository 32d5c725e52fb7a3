import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** A `frame_NNNNNN` directory of a run. */
export interface FrameDir {
  readonly index: number;
  readonly name: string;
  readonly path: string;
}

/** The run's frame directories, by frame index. */
export async function listFrameDirs(outputDir: string): Promise<FrameDir[]> {
  let names: string[];
  try {
    names = await readdir(outputDir);
  } catch {
    return [];
  }
  return names
    .filter((n) => /^frame_\d+$/.test(n))
    .map((name) => ({ index: Number(name.slice(6)), name, path: join(outputDir, name) }))
    .sort((a, b) => a.index - b.index);
}

/** File names in `dir` ending in `ext` (sorted), or `[]` when the directory is missing. */
export async function listFiles(dir: string, ext: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => n.endsWith(ext)).sort();
  } catch {
    return [];
  }
}

/** True when `path` exists and is a file. */
export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
