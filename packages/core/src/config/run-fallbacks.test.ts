import { describe, expect, it } from 'vitest';
import { defaultConfig } from './config-to-yaml.js';
import { applyRunFallbacks, describeFallback } from './run-fallbacks.js';
import type { AquamvsConfig } from './schema.js';

function configWith(patch: Partial<Pick<AquamvsConfig, 'matcher_type' | 'pipeline_mode'>>, device: 'cpu' | 'cuda' = 'cpu'): AquamvsConfig {
  const base = defaultConfig();
  return { ...base, ...patch, runtime: { ...base.runtime, device } };
}

describe('applyRunFallbacks', () => {
  it('runs the full pathway of a learned matcher without its model with the classic matcher, and says so', () => {
    const { config, fallbacks } = applyRunFallbacks(configWith({ matcher_type: 'lightglue', pipeline_mode: 'full' }));
    expect(config.matcher_type).toBe('classic');
    expect(fallbacks.map(describeFallback)).toEqual([
      'matcher_type: lightglue → classic (no lightglue model installed (sparse_matching.onnx.extractor, sparse_matching.onnx.matcher unset); the full pathway uses the built-in matcher for its depth ranges)',
    ]);
  });

  it('stops the sparse pathway of a learned matcher without its model: its matches are the product', () => {
    expect(() => applyRunFallbacks(configWith({ matcher_type: 'roma', pipeline_mode: 'sparse' }))).toThrow(
      expect.objectContaining({
        code: 'AQM_ERR_MATCHER_MODEL_MISSING',
        message: expect.stringContaining('dense_matching.onnx.model unset') as unknown,
      }),
    );
  });

  it('keeps a learned matcher whose model files are named', () => {
    const base = configWith({ matcher_type: 'lightglue', pipeline_mode: 'sparse' });
    const named = {
      ...base,
      sparse_matching: { ...base.sparse_matching, onnx: { ...base.sparse_matching.onnx, extractor: 'sp.onnx', matcher: 'lg.onnx' } },
    };
    expect(applyRunFallbacks(named)).toEqual({ config: named, fallbacks: [] });
  });

  it('runs on the CPU when device is cuda and no stage of the pathway reads it; RoMa keeps it (its session falls back itself)', () => {
    const classic = applyRunFallbacks(configWith({ matcher_type: 'classic' }, 'cuda'));
    expect(classic.config.runtime.device).toBe('cpu');
    expect(classic.fallbacks).toEqual([
      { key: 'runtime.device', requested: 'cuda', used: 'cpu', reason: 'no stage of the classic pathway runs on a GPU' },
    ]);
    const base = configWith({ matcher_type: 'roma' }, 'cuda');
    const roma = { ...base, dense_matching: { ...base.dense_matching, onnx: { model: 'roma.onnx' } } };
    expect(applyRunFallbacks(roma).fallbacks).toEqual([]);
  });

  it('leaves a config with an explicit pipeline.stages list as it is (its stages check their models)', () => {
    const base = configWith({ matcher_type: 'lightglue', pipeline_mode: 'sparse' }, 'cuda');
    const listed = { ...base, pipeline: { ...base.pipeline, stages: ['undistort', 'sparse-matching'] } };
    expect(applyRunFallbacks(listed)).toEqual({ config: listed, fallbacks: [] });
  });

  it('changes nothing for a default config', () => {
    const config = configWith({});
    expect(applyRunFallbacks(config)).toEqual({ config, fallbacks: [] });
  });
});
