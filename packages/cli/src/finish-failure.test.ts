import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/bin.js');

// A stage that makes each frame, then fails in its pass over the whole run (as a broken viz report would).
const plugin = `export default () => ({ name: 'finish-plugin', register(c) {
  c.register(Symbol.for('@aquamvs/core:stage'), { useValue: { id: 'frames', consumes: [], produces: [],
    async run(ctx) { await ctx.output.writeFile('made.txt', String(ctx.frame)); },
    async finish() { if (process.env.AQM_TEST_FINISH_OK !== '1') throw new Error('report broke'); } } });
} });
`;

describe('aquamvs run whose finish phase fails', () => {
  it('keeps the frames, records the stage in run.json, says so on one line and exits 1; a good re-run exits 0', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aqm-finish-'));
    await mkdir(join(dir, 'images', 'cam0'), { recursive: true });
    for (const f of [0, 1]) {
      await sharp(Buffer.alloc(4 * 3 * 3, 50), { raw: { width: 4, height: 3, channels: 3 } })
        .png()
        .toFile(join(dir, 'images', 'cam0', `f${f}.png`));
    }
    await writeFile(join(dir, 'finish-plugin.mjs'), plugin);
    await writeFile(
      join(dir, 'config.yaml'),
      "output_dir: out\ncamera_input_map:\n  cam0: images/cam0\nplugins: ['./finish-plugin.mjs']\npipeline:\n  stages: [frames]\n",
    );

    const failed = spawnSync(process.execPath, [bin, 'run', 'config.yaml', '-q'], { cwd: dir, encoding: 'utf8' });
    expect(failed.status).toBe(1);
    const line = failed.stderr.split('\n').find((l) => l.startsWith('error AQM_ERR_FINISH_FAILED'));
    expect(line?.replace(dir, '<dir>')).toBe(
      'error AQM_ERR_FINISH_FAILED: 1 stage(s) failed to finish (frames: [stage frames · finish-plugin] finish: report broke); see <dir>/out/run.json',
    );
    const manifest = JSON.parse(await readFile(join(dir, 'out', 'run.json'), 'utf8')) as {
      frames: Record<string, { status: string }>;
      finishFailed?: unknown;
    };
    expect(Object.values(manifest.frames).map((f) => f.status)).toEqual(['done', 'done']);
    expect(manifest.finishFailed).toEqual([
      { stage: 'frames', plugin: 'finish-plugin', error: '[stage frames · finish-plugin] finish: report broke' },
    ]);
    expect(await readFile(join(dir, 'out', 'frame_000001', 'made.txt'), 'utf8')).toBe('1');

    const fixed = spawnSync(process.execPath, [bin, 'run', 'config.yaml', '-q', '--force'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, AQM_TEST_FINISH_OK: '1' },
    });
    expect(fixed.stderr).toBe('');
    expect(fixed.status).toBe(0);
    expect(JSON.parse(await readFile(join(dir, 'out', 'run.json'), 'utf8'))).not.toHaveProperty('finishFailed');
  });
});
