import { existsSync } from 'node:fs';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import type { Stage } from '../stage.js';
import { fnStage, stagesPlugin, testConfig, tinySource } from '../test-support/recorder.js';
import { runPipeline } from './run-pipeline.js';

const quiet = createLogger({ level: 'silent' });
const tempDir = (): Promise<string> => mkdtemp(join(tmpdir(), 'aqm-start-'));
const countPlugin = stagesPlugin('p', [fnStage('count', () => undefined)]);

// Everything knowable before frame 0 fails the run before frame 0, with a code, and writes nothing.
describe('runPipeline start checks', () => {
  it.each([
    ['frame_start past the last frame', { frame_start: 5, frame_stop: 9 }, 'frame_start 5 is past the last frame; the input has 2 frame(s)'],
    ['frame_stop past the end', { frame_start: 0, frame_stop: 10 }, 'frame_stop 10 is past the end; the input has 2 frame(s)'],
    ['an empty range', { frame_start: 1, frame_stop: 1 }, 'selects no frame'],
  ])('rejects %s with AQM_ERR_INPUT_INVALID and writes nothing', async (_what, preprocessing, message) => {
    const out = join(await tempDir(), 'out');
    const run = runPipeline({ config: testConfig(out, ['count'], { preprocessing }), frameSource: tinySource(2), plugins: [countPlugin], log: quiet });
    await expect(run).rejects.toMatchObject({ code: 'AQM_ERR_INPUT_INVALID', message: expect.stringContaining(message) as unknown });
    expect(existsSync(out)).toBe(false);
  });

  it('rejects an output_dir that is a file with AQM_ERR_OUTPUT_WRITE', async () => {
    const out = join(await tempDir(), 'out');
    await writeFile(out, 'not a folder');
    const run = runPipeline({ config: testConfig(out, ['count']), frameSource: tinySource(1), plugins: [countPlugin], log: quiet });
    await expect(run).rejects.toMatchObject({ code: 'AQM_ERR_OUTPUT_WRITE', message: expect.stringContaining('output_dir exists and is not a directory') as unknown });
  });

  it('rejects a plugin stage whose consumes is not an array, naming the plugin', async () => {
    const bad = { id: 'bad', consumes: 'rawImages', produces: [], run: () => Promise.resolve() } as unknown as Stage;
    const run = runPipeline({ config: testConfig(await tempDir(), ['bad']), frameSource: tinySource(1), plugins: [stagesPlugin('bad-plugin', [bad])], log: quiet });
    await expect(run).rejects.toMatchObject({
      code: 'AQM_ERR_PLUGIN_INVALID',
      message: "plugin 'bad-plugin': stage 'bad': 'consumes' must be an array of artifact keys, got \"rawImages\"",
    });
  });

  it('does not write config.yaml when a stage fails to prepare', async () => {
    const out = await tempDir();
    const failing = fnStage('count', () => undefined, { prepare: () => Promise.reject(new Error('no calibration')) });
    const run = runPipeline({ config: testConfig(out, ['count']), frameSource: tinySource(1), plugins: [stagesPlugin('p', [failing])], log: quiet });
    await expect(run).rejects.toMatchObject({ code: 'AQM_ERR_STAGE_FAILED' });
    expect(await readdir(out)).toEqual([]);
  });
});
