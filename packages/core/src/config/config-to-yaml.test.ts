import { describe, expect, it } from 'vitest';
import { configToYaml, defaultConfig } from './config-to-yaml.js';
import { parseConfig } from './parse-config.js';
import type { AquamvsConfig } from './schema.js';

function roundTrip(config: AquamvsConfig): AquamvsConfig {
  const result = parseConfig(configToYaml(config));
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.config;
}

describe('configToYaml', () => {
  it('round-trips the defaults exactly and writes every field', () => {
    const text = configToYaml(defaultConfig());
    expect(roundTrip(defaultConfig())).toEqual(defaultConfig());
    for (const key of ['calibration_path:', 'num_depths: 128', 'window_size: 11', 'workers: null', 'execution_provider: cpu', 'stages: null'])
      expect(text).toContain(key);
    expect(text).not.toContain('{ ');
  });

  it('writes sections in declaration order', () => {
    const text = configToYaml(defaultConfig());
    const order = [
      'calibration_path',
      'output_dir',
      'camera_input_map',
      'mask_dir',
      'pipeline_mode',
      'matcher_type',
      'quality_preset',
      'preprocessing',
      'sparse_matching',
      'dense_matching',
      'reconstruction',
      'runtime',
      'plugins',
      'pipeline',
    ];
    const positions = order.map((k) => text.search(new RegExp(`^${k}:`, 'm')));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('round-trips a fully customised config with null and non-null optional values', () => {
    const c = defaultConfig();
    c.calibration_path = '/data/calibration.json';
    c.output_dir = 'out dir/with: colon';
    c.camera_input_map = { e3v82e0: '/v/e3v82e0.mp4', '123': '007' };
    c.mask_dir = 'masks';
    c.pipeline_mode = 'sparse';
    c.matcher_type = 'lightglue';
    c.quality_preset = 'quality';
    c.preprocessing.frame_stop = 100;
    c.preprocessing.color_norm_method = 'histogram';
    c.sparse_matching.onnx.extractor = 'models/superpoint.onnx';
    c.sparse_matching.onnx.execution_provider = 'cuda';
    c.dense_matching.onnx.model = 'models/roma.onnx';
    c.reconstruction.bpa_radii = [0.001, 0.002, 0.004];
    c.reconstruction.target_faces = 50000;
    c.reconstruction.voxel_size = 0.0005;
    c.runtime.viz_stages = ['depth', 'summary'];
    c.runtime.workers = 3;
    c.plugins = ['@aquamvs/stage-ncc', ['./p.js', { nested: { a: [1, 'x'] } }]];
    c.pipeline.stages = ['undistort', 'fusion'];
    expect(roundTrip(c)).toEqual(c);
  });

  it('round-trips None values explicitly', () => {
    const text = configToYaml(defaultConfig());
    expect(text).toMatch(/^mask_dir: null$/m);
    expect(text).toMatch(/^ {2}frame_stop: null$/m);
    expect(roundTrip(defaultConfig()).reconstruction.target_faces).toBeNull();
  });
});
