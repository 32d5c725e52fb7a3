import { existsSync } from 'node:fs';
import { mkdtemp, readdir } from 'node:fs/promises';
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
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

describe('whole-frame outputs', () => {
  it('replaces a frame folder whole: no file of the earlier config stays beside the new result', async () => {
    const out = await tempDir();
    const full = fnStage('write', async (ctx) => {
      await ctx.output.writeFile('depth_maps/cam0.npz', 'old');
      await ctx.output.writeFile('point_cloud/fused.ply', 'old');
    });
    await runPipeline({ config: testConfig(out, ['write']), frameSource: tinySource(1), plugins: [stagesPlugin('p', [full])], log: quiet });
    const sparse = fnStage('write', async (ctx) => void (await ctx.output.writeFile('mesh/surface.ply', 'new')));
    await runPipeline({ config: testConfig(out, ['write'], { pipeline_mode: 'sparse' }), frameSource: tinySource(1), plugins: [stagesPlugin('p', [sparse])], log: quiet });
    expect(await files(join(out, 'frame_000000'))).toEqual(['mesh/surface.ply']);
    expect((await readdir(out)).sort()).toEqual(['config.yaml', 'frame_000000', 'run.json']);
  });

  it('leaves nothing under final names for a failed frame, not even what its earlier stages wrote', async () => {
    const out = await tempDir();
    const first = fnStage('first', async (ctx) => void (await ctx.output.writeFile('depth_maps/cam0.npz', 'x')));
    const second = fnStage('second', (ctx) => {
      if (ctx.frame === 1) throw new Error('boom');
    });
    const summary = await runPipeline({ config: testConfig(out, ['first', 'second']), frameSource: tinySource(2), plugins: [stagesPlugin('p', [first, second])], log: quiet });
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
