import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const coreDir = dirname(createRequire(join(packageDir, 'package.json')).resolve('@aquamvs/core/package.json'));

// An app that installed the package without its optional onnxruntime-node peer: the built session module in a folder
// whose node_modules has @aquamvs/core and nothing else, imported by a real Node process.
describe('loadOrt without onnxruntime-node installed', () => {
  it('fails with AQM_ERR_MATCHING_ONNXRUNTIME_MISSING naming what needed it and how to add it', () => {
    const app = mkdtempSync(join(tmpdir(), 'aqm-no-ort-'));
    try {
      cpSync(join(packageDir, 'dist'), join(app, 'pkg', 'dist'), { recursive: true });
      writeFileSync(join(app, 'pkg', 'package.json'), '{ "type": "module" }\n');
      mkdirSync(join(app, 'node_modules', '@aquamvs'), { recursive: true });
      symlinkSync(coreDir, join(app, 'node_modules', '@aquamvs', 'core'), 'dir');
      const script = `
        const { loadOrt } = await import(${JSON.stringify(join(app, 'pkg', 'dist', 'onnx', 'onnx-session.js'))});
        try { await loadOrt('dense_matching.onnx.model'); console.log('loaded'); }
        catch (error) { console.log(JSON.stringify({ code: error.code, message: error.message })); }`;
      const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: app, encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout)).toEqual({
        code: 'AQM_ERR_MATCHING_ONNXRUNTIME_MISSING',
        message:
          'dense_matching.onnx.model needs onnxruntime-node, an optional peer dependency that is not installed: run `npm i onnxruntime-node@^1.30.0` next to @aquamvs/cli',
      });
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  });
});
