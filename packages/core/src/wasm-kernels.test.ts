import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { instantiateKernels } from './wasm-kernels.js';

// The smallest module with something to export: one page of memory, exported as `memory`.
const MODULE = Uint8Array.from([
  0x00,
  0x61,
  0x73,
  0x6d,
  0x01,
  0x00,
  0x00,
  0x00,
  0x05,
  0x03,
  0x01,
  0x00,
  0x01,
  0x07,
  0x0a,
  0x01,
  0x06,
  ...Buffer.from('memory'),
  0x02,
  0x00,
]);

describe('instantiateKernels', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aquamvs-wasm-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives each call a fresh instance of the module at the URL', () => {
    const file = join(dir, 'kernels.wasm');
    writeFileSync(file, MODULE);
    const url = pathToFileURL(file);
    const a = instantiateKernels(url, '@aquamvs/test') as { memory: { buffer: ArrayBuffer } };
    const b = instantiateKernels(url, '@aquamvs/test') as { memory: { buffer: ArrayBuffer } };
    expect(a.memory.buffer.byteLength).toBe(65_536);
    new Uint8Array(a.memory.buffer)[0] = 7;
    expect(new Uint8Array(b.memory.buffer)[0]).toBe(0);
  });

  it('names the package and the missing file when it was not built', () => {
    const url = pathToFileURL(join(dir, 'absent.wasm'));
    expect(() => instantiateKernels(url, '@aquamvs/test')).toThrow(
      /^@aquamvs\/test: its WebAssembly kernels .*absent\.wasm are missing; build the package first \(pnpm build\)$/,
    );
  });
});
