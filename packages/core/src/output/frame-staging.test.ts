import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../engine/run-pipeline.js';
import { createLogger } from '../logger.js';
import { fnStage, stagesPlugin, testConfig, tinySource } from '../test-support/recorder.js';

const quiet = createLogger({ level: 'silent' });
const tempDir = (): Promise<string> => mkdtemp(join(tmpdir(), 'aqm-staging-'));

/** Relative paths of every file under `dir`, sorted. */
async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('whole-frame outputs', () => {
  it('replaces a frame folder whole: no file of the earlier config stays beside the new result', async () => {
    const out = await tempDir();
    const full = fnStage('write', async (ctx) => {
      await ctx.output.writeFile('depth_maps/cam0.npz', 'old');
      await ctx.output.writeFile('point_cloud/fused.ply', 'old');
    });
    await runPipeline({ config: testConfig(out, ['write']), frameSource: tinySource(1), plugins: [stagesPlugin('p', [full])], log: quiet });
    const sparse = fnStage('write', async (ctx) => {
      await ctx.output.writeFile('mesh/surface.ply', 'new');
    });
    await runPipeline({
      config: testConfig(out, ['write'], { pipeline_mode: 'sparse' }),
      frameSource: tinySource(1),
      plugins: [stagesPlugin('p', [sparse])],
      log: quiet,
    });
    expect(await files(join(out, 'frame_000000'))).toEqual(['mesh/surface.ply']);
    expect((await readdir(out)).sort()).toEqual(['config.yaml', 'frame_000000', 'run.json', 'runs']);
  });

  it('leaves nothing under final names for a failed frame, not even what its earlier stages wrote', async () => {
    const out = await tempDir();
    const first = fnStage('first', async (ctx) => {
      await ctx.output.writeFile('depth_maps/cam0.npz', 'x');
    });
    const second = fnStage('second', (ctx) => {
      if (ctx.frame === 1) throw new Error('boom');
    });
    const summary = await runPipeline({
      config: testConfig(out, ['first', 'second']),
      frameSource: tinySource(2),
      plugins: [stagesPlugin('p', [first, second])],
      log: quiet,
    });
    expect(summary.failed.map((f) => f.frame)).toEqual([1]);
    expect(existsSync(join(out, 'frame_000000', 'depth_maps', 'cam0.npz'))).toBe(true);
    expect(existsSync(join(out, 'frame_000001'))).toBe(false);
    expect((await readdir(out)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('gives stages the staging folder as frameDir while the frame runs', async () => {
    const out = await tempDir();
    const seen: string[] = [];
    const stage = fnStage('look', (ctx) => void seen.push(ctx.frameDir));
    await runPipeline({ config: testConfig(out, ['look']), frameSource: tinySource(1), plugins: [stagesPlugin('p', [stage])], log: quiet });
    expect(seen[0]).toMatch(/\/\.frame_000000\.aqm-tmp-\d+-[0-9a-f]{8}$/);
  });
});

describe('run records', () => {
  it('keeps the effective config of every run that started under runs/, the latest also as config.yaml', async () => {
    const out = await tempDir();
    const plugins = [stagesPlugin('p', [fnStage('count', () => undefined)])];
    await runPipeline({ config: testConfig(out, ['count']), frameSource: tinySource(1), plugins, log: quiet });
    await runPipeline({
      config: testConfig(out, ['count'], { reconstruction: { num_depths: 64 } }),
      frameSource: tinySource(1),
      plugins,
      log: quiet,
    });
    const records = (await readdir(join(out, 'runs'))).sort();
    expect(records).toHaveLength(2);
    for (const name of records) expect(name).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{8}\.yaml$/);
    const texts = await Promise.all(records.map((name) => readFile(join(out, 'runs', name), 'utf8')));
    expect(texts.map((t) => /num_depths: (\d+)/.exec(t)?.[1]).sort()).toEqual(['128', '64']);
    expect(await readFile(join(out, 'config.yaml'), 'utf8')).toContain('num_depths: 64');
  });
});
