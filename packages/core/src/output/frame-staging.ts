import { randomBytes } from 'node:crypto';
import { readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { TEMP_MARKER } from './output-writer.js';

/**
 * A hidden folder next to `finalName` in which one frame's outputs are assembled, e.g.
 * `.frame_000007.aqm-tmp-1234-9f2c01ab`. Start-of-run sweeping removes leftovers of killed runs.
 */
export function frameStagingName(finalName: string): string {
  return `.${finalName}${TEMP_MARKER}${process.pid}-${randomBytes(4).toString('hex')}`;
}

/**
 * Makes the staged folder the frame's folder, whole: an older folder is renamed aside, the staged one renamed in,
 * then the old one removed. A frame that wrote nothing leaves no folder, so no file of an earlier config remains
 * beside the new result.
 */
export async function publishFrameDir(outputDir: string, stagingName: string, finalName: string): Promise<void> {
  const final = join(outputDir, finalName);
  const aside = join(outputDir, `${frameStagingName(finalName)}-replaced`);
  const hadOld = await rename(final, aside).then(
    () => true,
    (error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    },
  );
  await rename(join(outputDir, stagingName), final).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  });
  if (hadOld) await rm(aside, { recursive: true, force: true });
}

/**
 * A failed frame leaves nothing under final names: its staged outputs and any folder an earlier run left for it
 * (which `run.json`, now saying "failed", no longer vouches for) are removed.
 */
export async function discardFrameDir(outputDir: string, stagingName: string, finalName: string): Promise<void> {
  await rm(join(outputDir, stagingName), { recursive: true, force: true });
  await rm(join(outputDir, finalName), { recursive: true, force: true });
}

/** Removes staged frame folders that killed runs left at the top of `outputDir` (call while holding its lock). */
export async function sweepStagedFrames(outputDir: string): Promise<void> {
  const entries = await readdir(outputDir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.isDirectory() && entry.name.startsWith('.frame_') && entry.name.includes(TEMP_MARKER)) {
      await rm(join(outputDir, entry.name), { recursive: true, force: true });
    }
  }
}
