import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPipeline } from './engine/run-pipeline.js';
import { createLogger } from './logger.js';
import { fnStage, stagesPlugin, testConfig, tinySource } from './test-support/recorder.js';

describe('the frame artifact store', () => {
  it('fails the frame with AQM_ERR_ARTIFACT_MISSING when a stage reads an artifact no stage put there', async () => {
    // The stage does not declare what it reads, so the start checks cannot see it; the store does.
    const reader = fnStage('reader', (ctx) => void ctx.artifacts.get('depthMaps'));
    const summary = await runPipeline({
      config: testConfig(await mkdtemp(join(tmpdir(), 'aqm-artifacts-')), ['reader']),
      frameSource: tinySource(1),
      plugins: [stagesPlugin('p', [reader])],
      log: createLogger({ level: 'silent' }),
    });
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0].error).toMatchObject({
      code: 'AQM_ERR_STAGE_FAILED',
      stage: 'reader',
      frame: 0,
      cause: { code: 'AQM_ERR_ARTIFACT_MISSING', message: "'depthMaps' is not in the frame store: nothing put it there before it was read" },
    });
  });
});
