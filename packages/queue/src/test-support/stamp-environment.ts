import { readFile } from 'node:fs/promises';
import { defaultConfig, type AquamvsConfig } from '@aquamvs/core';
import type { EnvironmentModule } from '../slot-protocol.js';

/** Options of the stamp environment (`test-fixtures/stamp-environment.mjs`). */
export interface StampOptions {
  /** File the stamp stage appends `prepare` / `run N` / `finish` lines to. */
  readonly eventsFile: string;
  /** Frames whose stage throws. */
  readonly failFrames?: readonly number[];
  /** Frames whose stage ends its frame thread (`process.exit` in a worker thread, like a fatal native error). */
  readonly crashFrames?: readonly number[];
  /** How long the stage blocks its thread per frame, ms. */
  readonly blockMs?: number;
  /** Frames missing the source's second camera, cam1 (the source has it only when this is given). */
  readonly dropFrames?: readonly number[];
}

/** The stamp environment as a worker's environment module: six one-pixel frames through one `stamp` stage. */
export function stampEnvironment(options: StampOptions): EnvironmentModule {
  return { module: new URL('../../test-fixtures/stamp-environment.mjs', import.meta.url), options };
}

/** What the stamp stages of every thread did, counted from the events file. */
export async function stampCounts(
  eventsFile: string,
): Promise<{ prepares: number; runs: number; finishes: number; runsOf: (frame: number) => number; after: (frame: number) => string[] }> {
  const lines = (await readFile(eventsFile, 'utf8').catch(() => '')).split('\n').filter((l) => l.length > 0);
  return {
    prepares: lines.filter((l) => l === 'prepare').length,
    runs: lines.filter((l) => l.startsWith('run ')).length,
    finishes: lines.filter((l) => l === 'finish').length,
    runsOf: (frame) => lines.filter((l) => l === `run ${frame}`).length,
    /** The frame its prepared run had run just before each run of `frame` (`-`: none). */
    after: (frame) => lines.filter((l) => l.startsWith(`after ${frame} `)).map((l) => l.split(' ')[2]),
  };
}

/** A config running only the stamp stage into `outputDir`. */
export function stampConfig(outputDir: string): AquamvsConfig {
  const base = defaultConfig();
  return { ...base, output_dir: outputDir, pipeline: { ...base.pipeline, stages: ['stamp'] } };
}
