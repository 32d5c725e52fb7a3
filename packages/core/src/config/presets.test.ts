import { describe, expect, it } from 'vitest';
import { configToYaml, defaultConfig } from './config-to-yaml.js';
import { parseConfig } from './parse-config.js';
import { applyPreset, PRESETS } from './presets.js';

describe('presets', () => {
  it('match spec §2.7 exactly', () => {
    expect(PRESETS).toEqual({
      fast: { num_depths: 64, window_size: 7, depth_batch_size: 8, max_keypoints: 1024, voxel_size: 0.002, poisson_depth: 8 },
      balanced: { num_depths: 128, window_size: 11, depth_batch_size: 4, max_keypoints: 2048, voxel_size: 0.001, poisson_depth: 9 },
      quality: { num_depths: 256, window_size: 15, depth_batch_size: 1, max_keypoints: 4096, voxel_size: 0.0005, poisson_depth: 10 },
    });
  });

  it('applies every preset value to a default config', () => {
    for (const name of ['fast', 'balanced', 'quality'] as const) {
      const c = applyPreset(defaultConfig(), name);
      const p = PRESETS[name];
      expect(c.reconstruction.num_depths).toBe(p.num_depths);
      expect(c.reconstruction.window_size).toBe(p.window_size);
      expect(c.reconstruction.depth_batch_size).toBe(p.depth_batch_size);
      expect(c.reconstruction.voxel_size).toBe(p.voxel_size);
      expect(c.reconstruction.poisson_depth).toBe(p.poisson_depth);
      expect(c.sparse_matching.max_keypoints).toBe(p.max_keypoints);
    }
  });

  it('balanced is a no-op on defaults', () => {
    expect(applyPreset(defaultConfig(), 'balanced')).toEqual(defaultConfig());
  });

  it('does not override explicit values that differ from the default, and does not mutate its input', () => {
    const c = defaultConfig();
    c.reconstruction.num_depths = 200;
    c.sparse_matching.max_keypoints = 512;
    const out = applyPreset(c, 'quality');
    expect(out.reconstruction.num_depths).toBe(200);
    expect(out.sparse_matching.max_keypoints).toBe(512);
    expect(out.reconstruction.window_size).toBe(15);
    expect(c.reconstruction.window_size).toBe(11);
  });

  it('round-trips through YAML', () => {
    const c = applyPreset(defaultConfig(), 'fast');
    const result = parseConfig(configToYaml(c));
    expect(result.ok && result.config).toEqual(c);
    if (result.ok) expect(result.config.reconstruction.voxel_size).toBe(0.002);
  });
});
