import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { readRunManifest } from '../output/run-manifest.js';
import { fnStage, stagesPlugin, testConfig, tinySource } from '../test-support/recorder.js';
import { runPipeline } from './run-pipeline.js';

const distIndex = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/index.js');

describe('a run killed mid-frame', () => {
  it.skipIf(!existsSync(distIndex))('leaves no half-written file and resumes where it stopped', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aqm-killed-'));
    const out = join(dir, 'out');
    const script = join(dir, 'child.mjs');
    await writeFile(
      script,
      `import { runPipeline, createMemoryFrameSource, createLogger } from ${JSON.stringify(pathToFileURL(distIndex).href)};
       import { writeFile } from 'node:fs/promises';
       const writer = { id: 'writer', consumes: [], produces: [], async run(ctx) {
         await ctx.output.writeWith('big.bin', async (tmp) => {
           await writeFile(tmp, Buffer.alloc(1 << 20, 7));
           if (ctx.frame === 1) process.kill(process.pid, 'SIGKILL');
         });
       } };
       const config = (await import(${JSON.stringify(pathToFileURL(resolve(dirname(distIndex), 'config/schema.js')).href)})).aquamvsConfigSchema.parse({ output_dir: ${JSON.stringify(out)}, pipeline: { stages: ['writer'] } });
       const source = createMemoryFrameSource(['cam0'], 3, () => new Map([['cam0', { width: 1, height: 1, channels: 1, data: new Uint8Array(1) }]]));
       await runPipeline({ config, frameSource: source, plugins: [{ name: 'w', register: (c) => c.register(Symbol.for('@aquamvs/core:stage'), { useValue: writer }) }], log: createLogger({ level: 'silent' }) });`,
    );
    const child = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    expect(child.signal).toBe('SIGKILL');
    expect(existsSync(join(out, 'frame_000000', 'big.bin'))).toBe(true);
    expect(existsSync(join(out, 'frame_000001'))).toBe(false);
    const staged = (await readdir(out)).filter((n) => n.startsWith('.frame_000001.aqm-tmp-'));
    expect(staged).toHaveLength(1);
    const leftovers = await readdir(join(out, staged[0]));
    expect(leftovers.length).toBe(1);
    expect(leftovers[0]).toMatch(/^\.big\.bin\.aqm-tmp-/);
    expect((await readRunManifest(out)).frames['1'].status).toBe('running');
    expect(existsSync(join(out, '.aquamvs.lock'))).toBe(true);

    const frames: number[] = [];
    const resumed = await runPipeline({
      config: testConfig(out, ['writer']),
      frameSource: tinySource(3),
      plugins: [
        stagesPlugin('w', [
          fnStage('writer', async (ctx) => {
            frames.push(ctx.frame);
            await ctx.output.writeFile('big.bin', Buffer.alloc(1 << 20, 7));
          }),
        ]),
      ],
      log: createLogger({ level: 'silent' }),
    });
    expect(resumed.skipped).toEqual([0]);
    expect(frames).toEqual([1, 2]);
    expect(await readdir(join(out, 'frame_000001'))).toEqual(['big.bin']);
    expect((await readdir(out)).sort()).toEqual(['config.yaml', 'frame_000000', 'frame_000001', 'frame_000002', 'run.json', 'runs']);
    expect((await readFile(join(out, 'frame_000001', 'big.bin'))).length).toBe(1 << 20);
  });
});
