import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWorkerThreads } from './worker-threads.js';

interface ThreadReport {
  requireEsm: string;
  sourceMaps: boolean;
  data: unknown;
}

/** A worker script that says whether `require()` loads an ES module in its thread, and what its thread was given. */
const WORKER = `
import { createRequire } from 'node:module';
import { workerData } from 'node:worker_threads';
export default function report() {
  let requireEsm = 'loaded';
  try { createRequire(import.meta.url)('./esm.mjs'); } catch (error) { requireEsm = error.code; }
  return { requireEsm, sourceMaps: process.sourceMapsEnabled, data: workerData };
}
`;

const requireEsmOn = (process.features as { require_module?: boolean }).require_module === true;

describe('startWorkerThreads', () => {
  let script: URL;
  const nodeOptions = process.env.NODE_OPTIONS;
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aqm-threads-'));
    await writeFile(join(dir, 'esm.mjs'), 'export const answer = 42;\n');
    await writeFile(join(dir, 'worker.mjs'), WORKER);
    script = pathToFileURL(join(dir, 'worker.mjs'));
  });
  afterEach(() => {
    if (nodeOptions === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = nodeOptions;
  });

  it('loads the worker script through import(): require() of an ES module fails in its threads', async () => {
    const pool = startWorkerThreads<undefined, ThreadReport>(script, 2, { camera: 'cam0' });
    try {
      const reports = await Promise.all([pool.run(undefined), pool.run(undefined)]);
      for (const report of reports) {
        expect(report.data).toEqual({ camera: 'cam0' });
        expect(report.requireEsm).toBe('ERR_REQUIRE_ESM');
      }
    } finally {
      await pool.destroy();
    }
    // Where this Node requires ES modules, a plain piscina thread does: what startWorkerThreads turns off.
    const plain = new Piscina<undefined, ThreadReport>({ filename: script.href, minThreads: 1, maxThreads: 1 });
    try {
      expect((await plain.run(undefined)).requireEsm).toBe(requireEsmOn ? 'loaded' : 'ERR_REQUIRE_ESM');
    } finally {
      await plain.destroy();
    }
  });

  it("keeps the parent's NODE_OPTIONS in its threads", async () => {
    process.env.NODE_OPTIONS = [nodeOptions, '--enable-source-maps'].filter(Boolean).join(' ');
    const pool = startWorkerThreads<undefined, ThreadReport>(script, 1);
    try {
      expect((await pool.run(undefined)).sourceMaps).toBe(true);
    } finally {
      await pool.destroy();
    }
  });

  it("still starts its threads when the parent's NODE_OPTIONS hold an option worker threads refuse", async () => {
    process.env.NODE_OPTIONS = [nodeOptions, '--title=aquamvs-test'].filter(Boolean).join(' ');
    const pool = startWorkerThreads<undefined, ThreadReport>(script, 1, 'kept');
    try {
      const report = await pool.run(undefined);
      expect(report.data).toBe('kept');
      expect(report.requireEsm).toBe('ERR_REQUIRE_ESM');
    } finally {
      await pool.destroy();
    }
  });
});
