import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryFrameSource, silentLogger, STAGE, type AquamvsPlugin, type Stage } from '@aquamvs/core';
import { describe, expect, it } from 'vitest';
import { openFrameSession } from './frame-session.js';
import type { RunSpec } from './run-spec.js';
import { stampConfig } from './test-support/stamp-environment.js';

describe('openFrameSession', () => {
  it("fails a frame the worker's input does not have with AQM_ERR_QUEUE_FRAME_MISSING and goes on with the next", async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'aqm-session-')), 'out');
    await mkdir(out);
    const ran: number[] = [];
    const stamp: Stage = { id: 'stamp', consumes: [], produces: [], run: (ctx) => Promise.resolve(void ran.push(ctx.frame)) };
    const plugin: AquamvsPlugin = { name: 'stamp', register: (c) => void c.register(STAGE, { useValue: stamp }) };
    const image = { width: 1, height: 1, channels: 1 as const, data: new Uint8Array(1) };
    // The submitting machine saw more frames than this worker's input has.
    const spec: RunSpec = {
      runKey: '0123456789abcdef',
      config: stampConfig(out),
      configDir: out,
      outputDir: out,
      configHash: '0123456789abcdef',
      frames: [0, 1, 5],
      skipped: [],
      attempts: 1,
      submittedAt: new Date().toISOString(),
    };
    const session = openFrameSession({
      spec,
      environment: { frameSource: createMemoryFrameSource(['cam0'], 2, () => new Map([['cam0', image]])), plugins: [plugin] },
      name: 'test-s0',
      log: silentLogger,
    });
    try {
      expect(await session.process(5)).toMatchObject({
        frame: 5,
        status: 'failed',
        error: {
          code: 'AQM_ERR_QUEUE_FRAME_MISSING',
          message: 'frame 5: expected an index in [0, 2) of the configured input, the frame source has no such frame',
        },
      });
      expect(await session.process(1)).toMatchObject({ frame: 1, status: 'done' });
      expect(ran).toEqual([1]);
    } finally {
      await session.close();
    }
  });
});
