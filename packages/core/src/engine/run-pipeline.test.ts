import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { readRunManifest } from '../output/run-manifest.js';
import { fnStage, hooksPlugin, recorderPlugin, stagesPlugin, testConfig, tinySource } from '../test-support/recorder.js';
import { runPipeline } from './run-pipeline.js';
import type { FrameEndEvent } from '../hooks.js';

const quiet = createLogger({ level: 'silent' });
const tempDir = (): Promise<string> => mkdtemp(join(tmpdir(), 'aqm-engine-'));

describe('runPipeline', () => {
  it('fires hooks in order for a 2-frame run', async () => {
    const rows: string[] = [];
    const stages = [fnStage('a', () => undefined, { prepare: () => undefined }), fnStage('b', async (ctx) => ctx.span('inner', () => undefined))];
    await runPipeline({
      config: testConfig(await tempDir(), ['a', 'b']),
      frameSource: tinySource(2),
      plugins: [stagesPlugin('test-stages', stages), recorderPlugin(rows)],
      log: quiet,
    });
    expect(rows).toMatchInlineSnapshot(`
      [
        "runStart",
        "beforeStage a(prepare)",
        "afterStage a(prepare)",
        "frameStart #0",
        "beforeStage a #0",
        "afterStage a #0",
        "beforeStage b #0",
        "spanStart b span:inner #0",
        "spanEnd b span:inner #0",
        "afterStage b #0",
        "frameEnd #0",
        "frameStart #1",
        "beforeStage a #1",
        "afterStage a #1",
        "beforeStage b #1",
        "spanStart b span:inner #1",
        "spanEnd b span:inner #1",
        "afterStage b #1",
        "frameEnd #1",
        "runEnd",
      ]
    `);
  });

  it('fires stageError and afterStage when the stage throws, with attribution', async () => {
    const events: { hook: string; error?: unknown }[] = [];
    const failing = fnStage('boom', () => {
      throw new Error('kaput');
    });
    const summary = await runPipeline({
      config: testConfig(await tempDir(), ['boom']),
      frameSource: tinySource(1),
      plugins: [
        stagesPlugin('test-stages', [failing]),
        {
          name: 'watcher',
          register: (c) =>
            c.register(Symbol.for('@aquamvs/core:hooks'), {
              useValue: {
                name: 'watcher',
                stageError: (e: { error: unknown }) => void events.push({ hook: 'stageError', error: e.error }),
                afterStage: (e: { error?: unknown }) => void events.push({ hook: 'afterStage', error: e.error }),
              },
            }),
        },
      ],
      log: quiet,
    });
    expect(events.map((e) => e.hook)).toEqual(['stageError', 'afterStage']);
    expect(events[1].error).toMatchObject({ code: 'AQM_ERR_STAGE_FAILED', plugin: 'test-stages', stage: 'boom', phase: 'run', frame: 0 });
    expect((events[1].error as Error).message).toBe('[stage boom · test-stages] frame 0: kaput');
    expect(summary.failed.map((f) => f.frame)).toEqual([0]);
  });

  it('records a failing frame and goes on with the next', async () => {
    const out = await tempDir();
    const stage = fnStage('maybe', async (ctx) => {
      if (ctx.frame === 1) throw new Error('bad frame');
      await ctx.output.writeFile('result.txt', `frame ${ctx.frame}`);
    });
    const summary = await runPipeline({
      config: testConfig(out, ['maybe']),
      frameSource: tinySource(3),
      plugins: [stagesPlugin('p', [stage])],
      log: quiet,
    });
    expect(summary.done).toEqual([0, 2]);
    expect(summary.failed.map((f) => f.frame)).toEqual([1]);
    const manifest = await readRunManifest(out);
    expect(Object.fromEntries(Object.entries(manifest.frames).map(([k, v]) => [k, v.status]))).toEqual({ 0: 'done', 1: 'failed', 2: 'done' });
    expect(manifest.frames['1'].error).toContain('bad frame');
    expect(await readFile(join(out, 'frame_000002', 'result.txt'), 'utf8')).toBe('frame 2');
    expect(existsSync(join(out, 'config.yaml'))).toBe(true);
  });

  it('logs a throwing hook and keeps running', async () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', sink: (_level, _name, message) => lines.push(message) });
    const summary = await runPipeline({
      config: testConfig(await tempDir(), ['a']),
      frameSource: tinySource(2),
      plugins: [
        stagesPlugin('p', [fnStage('a', () => undefined)]),
        {
          name: 'grumpy',
          register: (c) =>
            c.register(Symbol.for('@aquamvs/core:hooks'), {
              useValue: {
                name: 'grumpy',
                frameStart: () => {
                  throw new Error('nope');
                },
              },
            }),
        },
      ],
      log,
    });
    expect(summary.done).toEqual([0, 1]);
    expect(lines).toEqual(['[plugin grumpy] hook frameStart failed: nope', '[plugin grumpy] hook frameStart failed: nope']);
  });

  it('rejects an unknown stage id before any frame runs', async () => {
    const rows: string[] = [];
    const run = runPipeline({
      config: testConfig(await tempDir(), ['a', 'nosuch']),
      frameSource: tinySource(1),
      plugins: [stagesPlugin('p', [fnStage('a', () => undefined)]), recorderPlugin(rows)],
      log: quiet,
    });
    await expect(run).rejects.toMatchObject({
      code: 'AQM_ERR_PIPELINE_INVALID',
      message: "unknown stage 'nosuch' in the stage list; registered stages: a",
    });
    expect(rows).toEqual([]);
  });

  it('rejects an artifact consumed before it is produced, naming both stages', async () => {
    const producer = fnStage('make', () => undefined, { produces: ['depthMaps'] });
    const consumer = fnStage('use', () => undefined, { consumes: ['depthMaps'] });
    await expect(
      runPipeline({
        config: testConfig(await tempDir(), ['use', 'make']),
        frameSource: tinySource(1),
        plugins: [stagesPlugin('p', [producer, consumer])],
        log: quiet,
      }),
    ).rejects.toThrow(
      "stage 'use' consumes artifact 'depthMaps' before any stage produces it; it is produced by stage 'make', which must come earlier",
    );
  });

  it('loads a plugin from a path in config and runs its stage', async () => {
    const dir = await tempDir();
    await writeFile(
      join(dir, 'my-plugin.mjs'),
      `export default (options) => ({
        name: 'my-plugin',
        register(container) {
          container.register(Symbol.for('@aquamvs/core:stage'), { useValue: {
            id: 'hello', consumes: ['rawImages'], produces: [],
            async run(ctx) { await ctx.output.writeFile('hello.txt', options.greeting + ' ' + ctx.artifacts.get('rawImages').size); },
          } });
        },
      });`,
    );
    const config = testConfig(join(dir, 'out'), ['hello'], { plugins: [['./my-plugin.mjs', { greeting: 'hi' }]] });
    const summary = await runPipeline({ config, configDir: dir, frameSource: tinySource(1, ['c1', 'c2']), log: quiet });
    expect(summary.done).toEqual([0]);
    expect(await readFile(join(dir, 'out', 'frame_000000', 'hello.txt'), 'utf8')).toBe('hi 2');
  });

  it('reports a plugin path that does not exist as a load error', async () => {
    const dir = await tempDir();
    const config = testConfig(dir, ['a'], { plugins: ['./missing.mjs'] });
    await expect(runPipeline({ config, configDir: dir, frameSource: tinySource(1), log: quiet })).rejects.toMatchObject({
      code: 'AQM_ERR_PLUGIN_LOAD',
    });
  });

  it('rejects duplicate plugin names and unmet core version ranges', async () => {
    const dir = await tempDir();
    const p = stagesPlugin('same', [fnStage('a', () => undefined)]);
    await expect(runPipeline({ config: testConfig(dir, ['a']), frameSource: tinySource(1), plugins: [p, p], log: quiet })).rejects.toMatchObject({
      code: 'AQM_ERR_PLUGIN_DUPLICATE',
    });
    const old = { ...stagesPlugin('old', [fnStage('a', () => undefined)]), aquamvs: '^99.0.0' };
    await expect(runPipeline({ config: testConfig(dir, ['a']), frameSource: tinySource(1), plugins: [old], log: quiet })).rejects.toMatchObject({
      code: 'AQM_ERR_PLUGIN_VERSION',
    });
    const needy = { ...stagesPlugin('needy', [fnStage('a', () => undefined)]), dependencies: ['absent'] };
    await expect(runPipeline({ config: testConfig(dir, ['a']), frameSource: tinySource(1), plugins: [needy], log: quiet })).rejects.toMatchObject({
      code: 'AQM_ERR_PLUGIN_MISSING_DEPENDENCY',
    });
  });

  it('skips frames finished by an earlier run, redoes them with force or a changed config', async () => {
    const out = await tempDir();
    const calls: number[] = [];
    const stage = fnStage('count', (ctx) => void calls.push(ctx.frame));
    const plugins = [stagesPlugin('p', [stage])];
    await runPipeline({ config: testConfig(out, ['count']), frameSource: tinySource(3), plugins, log: quiet });
    const again = await runPipeline({ config: testConfig(out, ['count']), frameSource: tinySource(3), plugins, log: quiet });
    expect(again.skipped).toEqual([0, 1, 2]);
    expect(calls).toEqual([0, 1, 2]);
    await runPipeline({ config: testConfig(out, ['count']), frameSource: tinySource(3), plugins, log: quiet, force: true });
    expect(calls).toEqual([0, 1, 2, 0, 1, 2]);
    const changed = testConfig(out, ['count'], { reconstruction: { num_depths: 64 } });
    await runPipeline({ config: changed, frameSource: tinySource(3), plugins, log: quiet });
    expect(calls).toHaveLength(9);
  });

  it('records which version made each frame, and says so when it keeps frames another version made', async () => {
    const out = await tempDir();
    const plugins = [stagesPlugin('p', [fnStage('count', () => undefined)])];
    const warnings: string[] = [];
    const log = { ...quiet, warn: (m: string) => void warnings.push(m), child: () => log };
    await runPipeline({
      config: testConfig(out, ['count'], { preprocessing: { frame_stop: 2 } }),
      frameSource: tinySource(3),
      plugins,
      log,
      madeBy: 'aquamvs 1.0.0',
    });
    await runPipeline({ config: testConfig(out, ['count']), frameSource: tinySource(3), plugins, log, madeBy: 'aquamvs 1.1.0' });
    const manifest = await readRunManifest(out);
    expect([0, 1, 2].map((f) => manifest.frames[String(f)].madeBy)).toEqual(['aquamvs 1.0.0', 'aquamvs 1.0.0', 'aquamvs 1.1.0']);
    expect(warnings).toEqual([
      'kept frames made by another version (2 by aquamvs 1.0.0; this run: aquamvs 1.1.0): run.json records which made each; --force redoes them',
    ]);
    await runPipeline({ config: testConfig(out, ['count']), frameSource: tinySource(3), plugins, log: quiet });
    expect((await readRunManifest(out)).frames['0'].madeBy).toBe('aquamvs 1.0.0');
  });

  it('does not redo frames when only the frame range changes', async () => {
    const out = await tempDir();
    const calls: number[] = [];
    const plugins = [stagesPlugin('p', [fnStage('count', (ctx) => void calls.push(ctx.frame))])];
    await runPipeline({ config: testConfig(out, ['count'], { preprocessing: { frame_stop: 2 } }), frameSource: tinySource(4), plugins, log: quiet });
    const full = await runPipeline({ config: testConfig(out, ['count']), frameSource: tinySource(4), plugins, log: quiet });
    expect(full.skipped).toEqual([0, 1]);
    expect(calls).toEqual([0, 1, 2, 3]);
  });

  it('honours frame_start/stop/step', async () => {
    const calls: number[] = [];
    const config = testConfig(await tempDir(), ['count'], { preprocessing: { frame_start: 1, frame_stop: 8, frame_step: 3 } });
    await runPipeline({
      config,
      frameSource: tinySource(10),
      plugins: [stagesPlugin('p', [fnStage('count', (ctx) => void calls.push(ctx.frame))])],
      log: quiet,
    });
    expect(calls).toEqual([1, 4, 7]);
  });

  it('nests spans and passes artifacts between stages', async () => {
    const spans: [string, number | undefined, number][] = [];
    const make = fnStage('make', (ctx) => ctx.artifacts.set('rawImages', new Map()), { produces: ['rawImages'] });
    const nest = fnStage('nest', async (ctx) => {
      await ctx.span('outer', () => ctx.span('inner', () => undefined));
      expect(ctx.artifacts.get('rawImages').size).toBe(0);
    });
    await runPipeline({
      config: testConfig(await tempDir(), ['make', 'nest']),
      frameSource: tinySource(1),
      plugins: [stagesPlugin('p', [make, nest]), hooksPlugin('spans', { spanStart: (e) => void spans.push([e.span, e.parentSpanId, e.spanId]) })],
      log: quiet,
    });
    expect(spans).toEqual([
      ['outer', undefined, 1],
      ['inner', 1, 2],
    ]);
  });

  it('keep_intermediates false removes the folders the stages declare as intermediates, and only those', async () => {
    const out = await tempDir();
    const stage = fnStage(
      'w',
      async (ctx) => {
        await ctx.output.writeFile('depth_maps/c.npz', 'x');
        await ctx.output.writeFile('undistorted/c.png', 'x');
        await ctx.output.writeFile('point_cloud/fused.ply', 'x');
      },
      { intermediates: ['depth_maps', 'undistorted'] },
    );
    await runPipeline({
      config: testConfig(out, ['w'], { runtime: { keep_intermediates: false } }),
      frameSource: tinySource(1),
      plugins: [stagesPlugin('p', [stage])],
      log: quiet,
    });
    expect((await readdir(join(out, 'frame_000000'))).sort()).toEqual(['point_cloud']);
  });

  it('keeps undeclared folders when keep_intermediates is false', async () => {
    const out = await tempDir();
    const stage = fnStage('w', async (ctx) => {
      await ctx.output.writeFile('depth_maps/c.npz', 'x');
    });
    await runPipeline({
      config: testConfig(out, ['w'], { runtime: { keep_intermediates: false } }),
      frameSource: tinySource(1),
      plugins: [stagesPlugin('p', [stage])],
      log: quiet,
    });
    expect(await readdir(join(out, 'frame_000000'))).toEqual(['depth_maps']);
  });

  it('runs finish() under the stage protocol: hooks fire, a failure is a StageError and the other stages still finish', async () => {
    const rows: string[] = [];
    const errors: unknown[] = [];
    const finished: string[] = [];
    const stages = [
      fnStage('a', () => undefined, {
        finish: () => {
          throw new Error('viz broke');
        },
      }),
      fnStage('b', () => undefined, { finish: () => void finished.push('b') }),
    ];
    const summary = await runPipeline({
      config: testConfig(await tempDir(), ['a', 'b']),
      frameSource: tinySource(1),
      plugins: [stagesPlugin('test-stages', stages), recorderPlugin(rows), hooksPlugin('errors', { stageError: (e) => void errors.push(e.error) })],
      log: quiet,
    });
    expect(summary.done).toEqual([0]);
    expect(finished).toEqual(['b']);
    expect(rows.slice(-7)).toEqual([
      'frameEnd #0',
      'beforeStage a(finish)',
      'stageError a(finish)',
      'afterStage a(finish)',
      'beforeStage b(finish)',
      'afterStage b(finish)',
      'runEnd',
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'AQM_ERR_STAGE_FAILED', plugin: 'test-stages', stage: 'a', phase: 'finish', frame: undefined });
  });

  it('returns and records in run.json the stages whose finish() failed; a run whose finish succeeds clears them', async () => {
    const out = await tempDir();
    let broken = true;
    const ended: string[][] = [];
    const stages = [
      fnStage('a', () => undefined, {
        finish: () => {
          if (broken) throw new Error('viz broke');
        },
      }),
      fnStage('b', () => undefined, { finish: () => undefined }),
    ];
    const run = (force: boolean) =>
      runPipeline({
        config: testConfig(out, ['a', 'b']),
        frameSource: tinySource(2),
        plugins: [stagesPlugin('test-stages', stages), hooksPlugin('ends', { runEnd: (e) => void ended.push([...e.finishFailed]) })],
        log: quiet,
        force,
      });
    const first = await run(false);
    expect(first.done).toEqual([0, 1]);
    expect(ended).toEqual([['a']]);
    expect(first.finishFailed.map((f) => [f.stage, f.plugin])).toEqual([['a', 'test-stages']]);
    expect(first.finishFailed[0].error).toMatchObject({ code: 'AQM_ERR_STAGE_FAILED', phase: 'finish' });
    const manifest = JSON.parse(await readFile(join(out, 'run.json'), 'utf8')) as { finishFailed?: unknown };
    expect(manifest.finishFailed).toEqual([{ stage: 'a', plugin: 'test-stages', error: '[stage a · test-stages] finish: viz broke' }]);
    broken = false;
    const second = await run(true);
    expect(second.finishFailed).toEqual([]);
    expect(ended).toEqual([['a'], []]);
    expect(JSON.parse(await readFile(join(out, 'run.json'), 'utf8'))).not.toHaveProperty('finishFailed');
  });

  it("hands each frame's artifacts to frameEnd subscribers, also what a failed frame made before failing", async () => {
    const seen: [number, string, number | undefined][] = [];
    const make = fnStage('make', (ctx) => ctx.artifacts.set('pointCloud', { positions: new Float64Array(3 * (ctx.frame + 1)) }), {
      produces: ['pointCloud'],
    });
    const failOnOne = fnStage('fail-on-1', (ctx) => {
      if (ctx.frame === 1) throw new Error('no');
    });
    await runPipeline({
      config: testConfig(await tempDir(), ['make', 'fail-on-1']),
      frameSource: tinySource(2),
      plugins: [
        stagesPlugin('p', [make, failOnOne]),
        hooksPlugin('consumer', {
          frameEnd: (e: FrameEndEvent) => void seen.push([e.frame, e.status, e.artifacts.find('pointCloud')?.positions.length]),
        }),
      ],
      log: quiet,
    });
    expect(seen).toEqual([
      [0, 'done', 3],
      [1, 'failed', 6],
    ]);
  });
});
