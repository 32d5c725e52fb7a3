import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { assertSafeFileName, createOutputWriter, outputWrite } from '@aquamvs/core';
import { benchmarkBaseline } from '../errors.js';
import type { BenchmarkRecord } from './benchmark-record.js';

/** `YYYYMMDD_HHMMSS` (UTC) of an ISO date. */
export function timestampName(iso: string): string {
  return iso.replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
}

/** Where {@link saveBenchmarkRecord} wrote a record. */
export interface SavedRecord {
  /** `<dir>/runs/<YYYYMMDD_HHMMSS>_<commit|nocommit>.json`. */
  readonly runPath: string;
  /** `<dir>/saved/<NAME>.json` with `--save NAME`. */
  readonly savedPath?: string;
}

/** Writes `value` as JSON through core's atomic writer (`AQM_ERR_OUTPUT_WRITE` on failure). */
async function writeJson(path: string, value: unknown): Promise<void> {
  await createOutputWriter(dirname(path)).writeFile(basename(path), `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Writes the record under `dir` (normally `.benchmarks/`, git-ignored): every run to `runs/`, and a named copy to
 * `saved/NAME.json` when the record has a name.
 */
export async function saveBenchmarkRecord(record: BenchmarkRecord, dir: string): Promise<SavedRecord> {
  const runs = join(dir, 'runs');
  await mkdir(runs, { recursive: true }).catch((error: unknown) => {
    throw outputWrite(runs, error);
  });
  const runPath = join(runs, `${timestampName(record.startedAt)}_${record.commit.sha?.slice(0, 8) ?? 'nocommit'}.json`);
  await writeJson(runPath, record);
  if (record.name === undefined) return { runPath };
  assertSafeFileName('--save', record.name);
  const saved = join(dir, 'saved');
  await mkdir(saved, { recursive: true }).catch((error: unknown) => {
    throw outputWrite(saved, error);
  });
  const savedPath = join(saved, `${record.name}.json`);
  await writeJson(savedPath, record);
  return { runPath, savedPath };
}

/**
 * Finds a baseline: a path to a record file, a name saved with `--save` (`<dir>/saved/NAME.json`), or `latest`
 * (the newest file in `<dir>/runs/`). Throws `AQM_ERR_BENCHMARK_BASELINE` when none matches or it is not a record.
 */
export async function loadBaseline(spec: string, dir: string): Promise<{ path: string; record: BenchmarkRecord }> {
  let path: string | undefined;
  if (spec === 'latest') {
    const runs = join(dir, 'runs');
    const files = existsSync(runs) ? (await readdir(runs)).filter((f) => f.endsWith('.json')).sort() : [];
    if (files.length === 0) throw benchmarkBaseline(spec, `no saved run in ${resolve(runs)}`);
    path = join(runs, files[files.length - 1]);
  } else if (existsSync(spec)) {
    path = spec;
  } else if (existsSync(join(dir, 'saved', `${spec}.json`))) {
    path = join(dir, 'saved', `${spec}.json`);
  } else {
    throw benchmarkBaseline(spec, `not a file and not a name saved in ${resolve(dir, 'saved')} (use --save NAME on an earlier run)`);
  }
  let record: unknown;
  try {
    record = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw benchmarkBaseline(spec, `cannot read ${path} as JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const r = record as Partial<BenchmarkRecord> | null;
  if (r === null || typeof r !== 'object' || r.version !== 1 || typeof r.metrics !== 'object' || r.metrics === null) {
    throw benchmarkBaseline(spec, `${path} is not an aquamvs benchmark record (version 1 with metrics)`);
  }
  return { path, record: r as BenchmarkRecord };
}
