import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FrameSource } from '../frame-source.js';
import { createLogger } from '../logger.js';
import type { AquamvsPlugin } from '../plugin.js';
import { fnStage, stagesPlugin, testConfig, tinySource } from '../test-support/recorder.js';
import { FRAME_SOURCE } from '../tokens.js';
import { runPipeline } from './run-pipeline.js';

const quiet = createLogger({ level: 'error' });
const tempDir = (): Promise<string> => mkdtemp(join(tmpdir(), 'aqm-source-'));

/** A plugin registering a frame-source opener that makes `count` frames and notes when it is closed. */
function sourcePlugin(name: string, count: number, closed: string[]): AquamvsPlugin {
  return {
    name,
    register(container) {
      container.register(FRAME_SOURCE, {
        useValue: (): FrameSource => {
          const source = tinySource(count);
          return { ...source, frames: source.frames.bind(source), close: () => Promise.resolve(void closed.push(name)) };
        },
      });
    },
  };
}

describe('the FRAME_SOURCE token', () => {
  it('opens the source the last plugin registered, runs its frames and closes it after the run', async () => {
    const closed: string[] = [];
    const seen: number[] = [];
    const summary = await runPipeline({
      config: testConfig(await tempDir(), ['s']),
      plugins: [
        sourcePlugin('builtin-source', 2, closed),
        stagesPlugin('p', [fnStage('s', (ctx) => void seen.push(ctx.frame))]),
        sourcePlugin('lab-source', 5, closed),
      ],
      log: quiet,
    });
    expect(summary.done).toEqual([0, 1, 2, 3, 4]);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(closed).toEqual(['lab-source']);
  });

  it('passes the opened source through checkFrameSource, and closes it when the check throws', async () => {
    const closed: string[] = [];
    const out = await tempDir();
    const run = runPipeline({
      config: testConfig(join(out, 'run'), ['s']),
      plugins: [stagesPlugin('p', [fnStage('s', () => undefined)]), sourcePlugin('lab-source', 3, closed)],
      checkFrameSource: (source) => Promise.reject(new Error(`${source.frameCount} frames, no calibration`)),
      log: quiet,
    });
    await expect(run).rejects.toThrow('3 frames, no calibration');
    expect(closed).toEqual(['lab-source']);
    expect(await readdir(out)).toEqual([]);
  });

  it('fails with AQM_ERR_PIPELINE_INVALID when no source is given or registered', async () => {
    const run = runPipeline({
      config: testConfig(await tempDir(), ['s']),
      plugins: [stagesPlugin('p', [fnStage('s', () => undefined)])],
      log: quiet,
    });
    await expect(run).rejects.toMatchObject({ code: 'AQM_ERR_PIPELINE_INVALID' });
  });
});
