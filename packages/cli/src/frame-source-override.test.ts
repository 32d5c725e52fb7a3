import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/bin.js');

// A lab's own camera format: three frames of a constant grey per frame, registered under FRAME_SOURCE after the
// CLI's image/video opener; a stage writes the first pixel of each frame it is given.
const plugin = `const FRAME_SOURCE = Symbol.for('@aquamvs/core:frame-source');
const STAGE = Symbol.for('@aquamvs/core:stage');
export default () => ({ name: 'lab-source', register(c) {
  c.register(FRAME_SOURCE, { useValue: (config) => ({
    cameras: Object.keys(config.camera_input_map), frameCount: 3,
    async *frames(indices) {
      for (const index of indices) {
        const data = new Uint8Array(4).fill(70 + index);
        yield { index, images: new Map([['cam0', { width: 2, height: 2, channels: 1, data }]]) };
      }
    },
    async close() { await import('node:fs/promises').then((fs) => fs.writeFile('closed', 'yes')); },
  }) });
  c.register(STAGE, { useValue: { id: 'first-pixel', consumes: ['rawImages'], produces: [], async run(ctx) {
    await ctx.output.writeFile('pixel.txt', String(ctx.artifacts.get('rawImages').get('cam0').data[0]));
  } } });
} });
`;

describe('aquamvs run with a config plugin that replaces the frame source', () => {
  it("runs the plugin's frames, not the camera_input_map folders, and closes the source", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aqm-source-'));
    await writeFile(join(dir, 'lab-source.mjs'), plugin);
    await writeFile(
      join(dir, 'config.yaml'),
      "output_dir: out\ncamera_input_map:\n  cam0: no-such-folder\nplugins: ['./lab-source.mjs']\npipeline:\n  stages: [first-pixel]\n",
    );

    const run = spawnSync(process.execPath, [bin, 'run', 'config.yaml', '-q'], { cwd: dir, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const pixels = await Promise.all([0, 1, 2].map((f) => readFile(join(dir, 'out', `frame_00000${f}`, 'pixel.txt'), 'utf8')));
    expect(pixels).toEqual(['70', '71', '72']);
    expect(await readFile(join(dir, 'closed'), 'utf8')).toBe('yes');
  });

  it('without the plugin, the same config fails on the missing input folder (the built-in opener)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aqm-source-'));
    await writeFile(join(dir, 'config.yaml'), 'output_dir: out\ncamera_input_map:\n  cam0: no-such-folder\npipeline:\n  stages: [undistort]\n');
    const run = spawnSync(process.execPath, [bin, 'run', 'config.yaml', '-q'], { cwd: dir, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^error AQM_ERR_IO_INPUT_MISSING: camera 'cam0': .*no-such-folder is not a readable image directory/);
  });
});
