import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/bin.js');

// A stage that says it started, then waits until the run is cancelled; a second stage after it.
const plugin = `import { writeFileSync } from 'node:fs';
export default () => ({ name: 'wait-plugin', register(c) {
  c.register(Symbol.for('@aquamvs/core:stage'), { useValue: { id: 'wait', consumes: [], produces: [], async run(ctx) {
    writeFileSync('started', String(ctx.frame));
    const busy = setInterval(() => undefined, 100); // real work keeps the event loop alive
    await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
    clearInterval(busy);
  } } });
  c.register(Symbol.for('@aquamvs/core:stage'), { useValue: { id: 'after', consumes: [], produces: [], async run(ctx) {
    await ctx.output.writeFile('after.txt', 'x');
  } } });
} });
`;

describe('aquamvs run interrupted', () => {
  it('records the current frame as abandoned on SIGINT, says so on one line and exits 130', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aqm-interrupt-'));
    await mkdir(join(dir, 'images', 'cam0'), { recursive: true });
    for (const f of [0, 1]) {
      await sharp(Buffer.alloc(4 * 3 * 3, 50), { raw: { width: 4, height: 3, channels: 3 } })
        .png()
        .toFile(join(dir, 'images', 'cam0', `f${f}.png`));
    }
    await writeFile(join(dir, 'wait-plugin.mjs'), plugin);
    await writeFile(
      join(dir, 'config.yaml'),
      "output_dir: out\ncamera_input_map:\n  cam0: images/cam0\nplugins: ['./wait-plugin.mjs']\npipeline:\n  stages: [wait, after]\n",
    );
    const child = spawn(process.execPath, [bin, 'run', 'config.yaml', '-q'], { cwd: dir });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    while (!existsSync(join(dir, 'started'))) await sleep(50);
    child.kill('SIGINT');
    expect(await exited, stderr).toBe(130);
    expect(stderr).toMatch(
      /^error AQM_ERR_RUN_INTERRUPTED: interrupted after 0 frame\(s\) done; frame 0 abandoned; see .*run\.json, and run again to go on$/m,
    );
    expect(stderr).not.toMatch(/\n\s+at \S/);
    const manifest = JSON.parse(await readFile(join(dir, 'out', 'run.json'), 'utf8')) as {
      frames: Record<string, { status: string; error?: string }>;
    };
    expect(Object.keys(manifest.frames)).toEqual(['0']);
    expect(manifest.frames['0']).toMatchObject({ status: 'failed', error: "run interrupted before stage 'after' (SIGINT); the frame was abandoned" });
    expect((await readdir(join(dir, 'out'))).sort()).toEqual(['config.yaml', 'run.json', 'runs']);
  });
});
