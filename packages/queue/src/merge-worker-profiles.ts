import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createOutputWriter } from '@aquamvs/core';
import type { ProfileReport } from '@aquamvs/profiler';
import { mergeProfileReports } from './merge-profile-reports.js';

/** What {@link mergeWorkerProfiles} found and wrote. */
export interface MergedProfiles {
  readonly report: ProfileReport;
  /** The per-worker `profile.json` files merged. */
  readonly sources: readonly string[];
  /** Where the merged report was written. */
  readonly path: string;
}

/**
 * Merges `<profileDir>/<worker session>/profile.json` (one per prepared run of each worker) into
 * `<profileDir>/profile.json`. Returns undefined when there is no worker profile.
 * @example
 * const merged = await mergeWorkerProfiles('out/profile');
 */
export async function mergeWorkerProfiles(profileDir: string): Promise<MergedProfiles | undefined> {
  let entries;
  try {
    entries = await readdir(profileDir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  const sources: string[] = [];
  const reports: ProfileReport[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = join(profileDir, entry.name, 'profile.json');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue;
    }
    reports.push(JSON.parse(text) as ProfileReport);
    sources.push(file);
  }
  if (reports.length === 0) return undefined;
  const report = mergeProfileReports(reports);
  const path = await createOutputWriter(profileDir).writeFile('profile.json', `${JSON.stringify(report, null, 2)}\n`);
  return { report, sources, path };
}
