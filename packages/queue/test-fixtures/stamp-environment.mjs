// A run environment for the queue tests, loaded by the worker's frame threads (so plain JavaScript, not built).
// Six one-pixel frames; the `stamp` stage writes stamp.txt (frame index and pixel value), records what it did as
// lines of `options.eventsFile` (prepare / run N / finish: threads share no memory with the test), blocks its
// thread for `options.blockMs` (a CPU-bound stage as seen by the event loop), throws on `options.failFrames` and
// ends its thread (process.exit inside a worker thread) on `options.crashFrames`. With `options.dropFrames` the source
// has a second camera, cam1, missing from those frames; the stage records the pixel value as its provenance. Each
// frame also adds `after N F`: the stage instance (one per prepared run) ran frame F before frame N (`-` for none), the
// state a temporal prior would carry over.
import { appendFileSync } from 'node:fs';
import { createMemoryFrameSource, STAGE } from '@aquamvs/core';

/** @param {unknown} spec @param {unknown} log @param {{ eventsFile: string, failFrames?: number[], crashFrames?: number[], blockMs?: number, dropFrames?: number[] }} options */
export async function openRunEnvironment(spec, log, options) {
  const record = (line) => appendFileSync(options.eventsFile, `${line}\n`);
  const failFrames = new Set(options.failFrames ?? []);
  const crashFrames = new Set(options.crashFrames ?? []);
  const dropFrames = options.dropFrames === undefined ? undefined : new Set(options.dropFrames);
  let previous = '-';
  const stage = {
    id: 'stamp',
    consumes: ['rawImages'],
    produces: [],
    prepare: async () => record('prepare'),
    async run(ctx) {
      record(`run ${ctx.frame}`);
      record(`after ${ctx.frame} ${previous}`);
      previous = String(ctx.frame);
      if (options.blockMs) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, options.blockMs);
      if (crashFrames.has(ctx.frame)) process.exit(7); // in a worker thread: ends the thread, as a fatal native error would
      if (failFrames.has(ctx.frame)) throw new Error(`frame ${ctx.frame} is cursed`);
      const image = ctx.artifacts.get('rawImages').get('cam0');
      await ctx.output.writeFile('stamp.txt', `frame ${ctx.frame} value ${image?.data[0] ?? -1}\n`);
      if (dropFrames !== undefined) ctx.recordProvenance({ summary: `stamped ${image?.data[0] ?? -1}`, cameras: ctx.artifacts.get('rawImages').size });
    },
    finish: async () => record('finish'),
  };
  const plugin = { name: 'stamp-plugin', register: (c) => void c.register(STAGE, { useValue: stage }) };
  return {
    frameSource: createMemoryFrameSource(dropFrames === undefined ? ['cam0'] : ['cam0', 'cam1'], 6, (i) => {
      const images = new Map([['cam0', { width: 1, height: 1, channels: 1, data: new Uint8Array([10 * i + 1]) }]]);
      if (dropFrames !== undefined && !dropFrames.has(i)) images.set('cam1', { width: 1, height: 1, channels: 1, data: new Uint8Array([7]) });
      return images;
    }),
    plugins: [plugin],
  };
}
