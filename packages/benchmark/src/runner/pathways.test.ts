import { defaultConfig } from '@aquamvs/core';
import { describe, expect, it } from 'vitest';
import { applyPathway, buildPathways } from './pathways.js';

describe('buildPathways', () => {
  it('defaults to classic full and sparse when no learned models are configured', () => {
    expect(buildPathways(defaultConfig())).toEqual([
      { key: 'classic:full', label: 'Classic full' },
      { key: 'classic:sparse', label: 'Classic sparse' },
    ]);
  });

  it('adds RoMa first and LightGlue last when their models are configured', () => {
    const config = defaultConfig();
    config.dense_matching.onnx.model = 'roma.onnx';
    config.sparse_matching.onnx.extractor = 'sp.onnx';
    config.sparse_matching.onnx.matcher = 'lg.onnx';
    expect(buildPathways(config).map((p) => p.label)).toEqual(['RoMa full', 'Classic full', 'Classic sparse', 'LG+SP full', 'LG+SP sparse']);
  });

  it('takes an explicit list with aliases, in order, without duplicates', () => {
    expect(buildPathways(defaultConfig(), ['sparse', 'classic:full', 'classic:sparse']).map((p) => p.key)).toEqual([
      'classic:sparse',
      'classic:full',
    ]);
  });

  it('rejects unknown pathways and learned ones without models', () => {
    expect(() => buildPathways(defaultConfig(), ['dense'])).toThrow(expect.objectContaining({ code: 'AQM_ERR_BENCHMARK_PATHWAY' }));
    expect(() => buildPathways(defaultConfig(), ['roma:full'])).toThrow(/dense_matching\.onnx\.model/);
  });

  it('applyPathway sets matcher and mode on a copy and clears a stage override', () => {
    const config = defaultConfig();
    config.pipeline.stages = ['undistort'];
    const sparse = applyPathway(config, { key: 'classic:sparse', label: 'Classic sparse' });
    expect([sparse.matcher_type, sparse.pipeline_mode, sparse.pipeline.stages]).toEqual(['classic', 'sparse', null]);
    expect(config.pipeline.stages).toEqual(['undistort']);
  });
});
