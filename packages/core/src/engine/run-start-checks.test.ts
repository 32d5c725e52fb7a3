import { existsSync } from 'node:fs';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { readRunManifest } from '../output/run-manifest.js';
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
    const run = runPipeline({
      config: testConfig(out, ['count'], { preprocessing }),
      frameSource: tinySource(2),
      plugins: [countPlugin],
      log: quiet,
    });
    await expect(run).rejects.toMatchObject({ code: 'AQM_ERR_INPUT_INVALID', message: expect.stringContaining(message) as unknown });
    expect(existsSync(out)).toBe(false);
  });

  it('rejects an output_dir that is a file with AQM_ERR_OUTPUT_WRITE', async () => {
    const out = join(await tempDir(), 'out');
    await writeFile(out, 'not a folder');
    const run = runPipeline({ config: testConfig(out, ['count']), frameSource: tinySource(1), plugins: [countPlugin], log: quiet });
    await expect(run).rejects.toMatchObject({
      code: 'AQM_ERR_OUTPUT_WRITE',
      message: expect.stringContaining('output_dir exists and is not a directory') as unknown,
    });
  });

  it('rejects a plugin stage whose consumes is not an array, naming the plugin', async () => {
    const bad = { id: 'bad', consumes: 'rawImages', produces: [], run: () => Promise.resolve() } as unknown as Stage;
    const run = runPipeline({
      config: testConfig(await tempDir(), ['bad']),
      frameSource: tinySource(1),
      plugins: [stagesPlugin('bad-plugin', [bad])],
      log: quiet,
    });
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

describe('runPipeline with a camera missing from a frame', () => {
  const twoCameras = (missingAt: number, tolerate?: number) => {
    const image = { width: 2, height: 2, channels: 1 as const, data: new Uint8Array(4) };
    const source = tinySource(2, ['cam0', 'cam1']);
    return {
      source: {
        ...source,
        async *frames(indices: readonly number[]) {
          for await (const frame of source.frames(indices)) {
            if (frame.index !== missingAt) yield frame;
            else
              yield {
                index: frame.index,
                images: new Map([['cam0', image]]),
                missing: new Map([['cam1', 'cannot read image cam1/1.png: empty file']]),
              };
          }
        },
      },
      preprocessing: tolerate === undefined ? {} : { min_cameras: tolerate },
    };
  };

  it('fails the frame by default with the camera and reason in run.json, and does not run its stages', async () => {
    const out = await tempDir();
    const calls: number[] = [];
    const { source, preprocessing } = twoCameras(1);
    const summary = await runPipeline({
      config: testConfig(out, ['count'], { preprocessing }),
      frameSource: source,
      plugins: [stagesPlugin('p', [fnStage('count', (ctx) => void calls.push(ctx.frame))])],
      log: quiet,
    });
    expect(calls).toEqual([0]);
    expect(summary.failed.map((f) => [f.frame, (f.error as { code?: string }).code, f.error.message])).toEqual([
      [
        1,
        'AQM_ERR_FRAME_CAMERA_MISSING',
        "frame 1: camera 'cam1' has no image (cannot read image cam1/1.png: empty file); 1 of 2 required camera(s) left (preprocessing.min_cameras)",
      ],
    ]);
    const manifest = (await readRunManifest(out)).frames['1'];
    expect(manifest).toMatchObject({ status: 'failed', error: expect.stringContaining("camera 'cam1' has no image") as unknown });
  });

  it('goes on with min_cameras, records the dropped camera and reports the frame as degraded', async () => {
    const out = await tempDir();
    const { source, preprocessing } = twoCameras(0, 1);
    const summary = await runPipeline({
      config: testConfig(out, ['count'], { preprocessing }),
      frameSource: source,
      plugins: [countPlugin],
      log: quiet,
    });
    expect(summary.done).toEqual([0, 1]);
    expect(summary.degraded).toEqual([{ frame: 0, cameras: { cam1: 'cannot read image cam1/1.png: empty file' } }]);
    expect((await readRunManifest(out)).frames['0']).toMatchObject({
      status: 'done',
      droppedCameras: { cam1: 'cannot read image cam1/1.png: empty file' },
    });
  });

  it('rejects min_cameras above the number of cameras before any frame', async () => {
    const { source } = twoCameras(0);
    const run = runPipeline({
      config: testConfig(await tempDir(), ['count'], { preprocessing: { min_cameras: 3 } }),
      frameSource: source,
      plugins: [countPlugin],
      log: quiet,
    });
    await expect(run).rejects.toMatchObject({
      code: 'AQM_ERR_INPUT_INVALID',
      message: 'preprocessing.min_cameras 3 is more than the 2 camera(s) of camera_input_map',
    });
  });
});

describe('runPipeline resume key', () => {
  it('redoes a finished frame whose input fingerprint changed, and only that frame', async () => {
    const out = await tempDir();
    const calls: number[] = [];
    const plugins = [stagesPlugin('p', [fnStage('count', (ctx) => void calls.push(ctx.frame))])];
    const prints = ['a', 'b', 'c'];
    const source = { ...tinySource(3), fingerprint: (i: number) => Promise.resolve(prints[i]) };
    await runPipeline({ config: testConfig(out, ['count']), frameSource: source, plugins, log: quiet });
    prints[1] = 'b2';
    const again = await runPipeline({ config: testConfig(out, ['count']), frameSource: source, plugins, log: quiet });
    expect(again.skipped).toEqual([0, 2]);
    expect(calls).toEqual([0, 1, 2, 1]);
    expect((await readRunManifest(out)).frames['1'].inputHash).toBe('b2');
  });

  it('redoes every frame when the run-wide inputs fingerprint changes, and ignores paths', async () => {
    const out = await tempDir();
    const calls: number[] = [];
    const plugins = [stagesPlugin('p', [fnStage('count', (ctx) => void calls.push(ctx.frame))])];
    const config = (calibration: string) => testConfig(out, ['count'], { calibration_path: calibration });
    await runPipeline({ config: config('/a/calibration.json'), frameSource: tinySource(2), plugins, log: quiet, inputsFingerprint: 'x' });
    const moved = await runPipeline({
      config: config('/b/calibration.json'),
      frameSource: tinySource(2),
      plugins,
      log: quiet,
      inputsFingerprint: 'x',
    });
    expect(moved.skipped).toEqual([0, 1]);
    const edited = await runPipeline({
      config: config('/b/calibration.json'),
      frameSource: tinySource(2),
      plugins,
      log: quiet,
      inputsFingerprint: 'y',
    });
    expect(edited.done).toEqual([0, 1]);
    expect(calls).toEqual([0, 1, 0, 1]);
  });

  it('warns before frame 0 when runtime.workers asks for more threads than the cores this process may use', async () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', sink: (_level, _name, message) => lines.push(message) });
    const cores = availableParallelism();
    for (const workers of [cores, cores + 3]) {
      const summary = await runPipeline({
        config: testConfig(join(await tempDir(), 'out'), ['count'], { runtime: { workers } }),
        frameSource: tinySource(1),
        plugins: [countPlugin],
        log,
      });
      expect(summary.done).toEqual([0]);
    }
    expect(lines).toEqual([
      `runtime.workers ${cores + 3} is more than the ${cores} CPU core(s) this process may use: the extra threads add memory, not speed (null: one per core)`,
    ]);
  });
});

describe('runPipeline with a camera a stage leaves out (ctx.dropCamera)', () => {
  const reason = 'its image does not fit calibration.json: matches 2.1 px off';
  const run = async (minCameras?: number) => {
    const out = await tempDir();
    const seen: [number, string[]][] = [];
    const judge = fnStage('judge', (ctx) => {
      if (ctx.frame === 1) ctx.dropCamera('cam1', reason);
    });
    const after = fnStage('after', (ctx) => void seen.push([ctx.frame, [...ctx.artifacts.get('rawImages').keys()]]), { consumes: ['rawImages'] });
    const summary = await runPipeline({
      config: testConfig(out, ['judge', 'after'], { preprocessing: minCameras === undefined ? {} : { min_cameras: minCameras } }),
      frameSource: tinySource(2, ['cam0', 'cam1']),
      plugins: [stagesPlugin('p', [judge, after])],
      log: quiet,
    });
    return { out, seen, summary };
  };

  it('fails the frame by default once the stage returns, with the camera and the reason', async () => {
    const { out, seen, summary } = await run();
    expect(seen).toEqual([[0, ['cam0', 'cam1']]]);
    expect(summary.failed.map((f) => [f.frame, (f.error as { code?: string }).code, f.error.message])).toEqual([
      [
        1,
        'AQM_ERR_FRAME_CAMERA_MISSING',
        `frame 1: camera 'cam1' has no image (${reason}); 1 of 2 required camera(s) left (preprocessing.min_cameras)`,
      ],
    ]);
    expect((await readRunManifest(out)).frames['1']).toMatchObject({ status: 'failed', droppedCameras: { cam1: reason } });
  });

  it('goes on without the camera with min_cameras: later stages no longer see it, and the frame is degraded', async () => {
    const { out, seen, summary } = await run(1);
    expect(seen).toEqual([
      [0, ['cam0', 'cam1']],
      [1, ['cam0']],
    ]);
    expect(summary.done).toEqual([0, 1]);
    expect(summary.degraded).toEqual([{ frame: 1, cameras: { cam1: reason } }]);
    expect((await readRunManifest(out)).frames['1']).toMatchObject({ status: 'done', droppedCameras: { cam1: reason } });
  });
});
