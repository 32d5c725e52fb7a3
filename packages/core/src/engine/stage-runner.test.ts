import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readRunManifest } from '../output/run-manifest.js';

const distIndex = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/index.js');

// Only a process whose event loop runs dry can tell that a promise will never settle, so the run goes in a child.
describe('a stage whose promise can never settle', () => {
  it.skipIf(!existsSync(distIndex))(
    'fails each of its frames with AQM_ERR_STAGE_NEVER_SETTLED instead of the process exiting without a word',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'aqm-never-settled-'));
      const out = join(dir, 'out');
      const script = join(dir, 'child.mjs');
      await writeFile(
        script,
        `import { aquamvsConfigSchema, createLogger, createMemoryFrameSource, runPipeline } from ${JSON.stringify(pathToFileURL(distIndex).href)};
       const hang = { id: 'hang', consumes: [], produces: [], run: () => new Promise(() => {}) };
       const config = aquamvsConfigSchema.parse({ output_dir: ${JSON.stringify(out)}, pipeline: { stages: ['hang'] } });
       const source = createMemoryFrameSource(['cam0'], 2, () => new Map([['cam0', { width: 1, height: 1, channels: 1, data: new Uint8Array(1) }]]));
       const plugin = { name: 'hanger', register: (c) => c.register(Symbol.for('@aquamvs/core:stage'), { useValue: hang }) };
       runPipeline({ config, frameSource: source, plugins: [plugin], log: createLogger({ level: 'silent' }) }).then((summary) => {
         const failed = summary.failed.map((f) => ({ frame: f.frame, code: f.error.code, cause: f.error.cause?.code, message: f.error.message }));
         process.stdout.write(JSON.stringify({ done: summary.done, failed }));
       });`,
      );
      const child = spawnSync(process.execPath, [script], { encoding: 'utf8' });
      expect(child.status, child.stderr).toBe(0);
      const never = (frame: number) => ({
        frame,
        code: 'AQM_ERR_STAGE_FAILED',
        cause: 'AQM_ERR_STAGE_NEVER_SETTLED',
        message: `[stage hang · hanger] frame ${frame}: stage never settled: hang (hanger) at frame ${frame}; the process ran out of work while it was pending`,
      });
      expect(JSON.parse(child.stdout)).toEqual({ done: [], failed: [never(0), never(1)] });
      const manifest = await readRunManifest(out);
      expect([manifest.frames['0'].status, manifest.frames['1'].status]).toEqual(['failed', 'failed']);
    },
  );
});
