import { createMemoryFrameSource, defaultConfig, STAGE, type AquamvsConfig, type AquamvsPlugin, type Stage } from '@aquamvs/core';
import type { OpenRunEnvironment } from '../frame-session.js';

/** Counts of what the stamp stage did in this process. */
export interface StampCounters {
  prepares: number;
  runs: number;
  finishes: number;
}

/**
 * A test environment: 6 one-pixel frames; the `stamp` stage writes `stamp.txt` (frame index and pixel value) and
 * throws on frames in `failFrames`.
 */
export function stampEnvironment(counters: StampCounters, failFrames: ReadonlySet<number> = new Set()): OpenRunEnvironment {
  const stage: Stage = {
    id: 'stamp',
    consumes: ['rawImages'],
    produces: [],
    prepare: () => {
      counters.prepares += 1;
      return Promise.resolve();
    },
    async run(ctx) {
      counters.runs += 1;
      if (failFrames.has(ctx.frame)) throw new Error(`frame ${ctx.frame} is cursed`);
      const image = ctx.artifacts.get('rawImages').get('cam0');
      await ctx.output.writeFile('stamp.txt', `frame ${ctx.frame} value ${image?.data[0] ?? -1}\n`);
    },
    finish: () => {
      counters.finishes += 1;
      return Promise.resolve();
    },
  };
  const plugin: AquamvsPlugin = { name: 'stamp-plugin', register: (c) => void c.register(STAGE, { useValue: stage }) };
  return () =>
    Promise.resolve({
      frameSource: createMemoryFrameSource(['cam0'], 6, (i) => new Map([['cam0', { width: 1, height: 1, channels: 1, data: new Uint8Array([10 * i + 1]) }]])),
      plugins: [plugin],
    });
}

/** A config running only the stamp stage into `outputDir`. */
export function stampConfig(outputDir: string): AquamvsConfig {
  const base = defaultConfig();
  return { ...base, output_dir: outputDir, pipeline: { ...base.pipeline, stages: ['stamp'] } };
}
