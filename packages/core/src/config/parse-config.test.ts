import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAquamvsError } from '../errors.js';
import { defaultConfig } from './config-to-yaml.js';
import { loadConfig, loadConfigOrThrow, parseConfig, type ConfigLoadResult } from './parse-config.js';
import type { AquamvsConfig } from './schema.js';

function ok(result: ConfigLoadResult): AquamvsConfig {
  if (!result.ok) throw new Error(`expected success, got:\n${result.errors.join('\n')}`);
  return result.config;
}

function errorsOf(text: string): readonly string[] {
  const result = parseConfig(text);
  if (result.ok) throw new Error('expected a validation failure');
  return result.errors;
}

describe('defaults', () => {
  const c = ok(parseConfig(''));

  it('gives every top-level default of spec §2.1 (matcher_type defaults to classic)', () => {
    expect(c.calibration_path).toBe('');
    expect(c.output_dir).toBe('');
    expect(c.camera_input_map).toEqual({});
    expect(c.mask_dir).toBeNull();
    expect(c.pipeline_mode).toBe('full');
    expect(c.matcher_type).toBe('classic');
    expect(c.quality_preset).toBeNull();
    expect(c.plugins).toEqual([]);
    expect(c.pipeline).toEqual({ stages: null });
  });

  it('gives the preprocessing defaults of §2.2 (plus min_cameras: every camera, and the blank- and repeated-image checks)', () => {
    expect(c.preprocessing).toEqual({
      color_norm_enabled: false,
      color_norm_method: 'gain',
      frame_start: 0,
      frame_stop: null,
      frame_step: 1,
      min_cameras: null,
      blank_image_ratio: 0.1,
      repeated_image_check: true,
    });
  });

  it('gives the sparse_matching defaults of §2.3 and the onnx defaults', () => {
    expect(c.sparse_matching).toEqual({
      extractor_type: 'superpoint',
      max_keypoints: 2048,
      detection_threshold: 0.005,
      clahe_enabled: false,
      clahe_clip_limit: 2.0,
      num_neighbors: 4,
      include_center: true,
      filter_threshold: 0.1,
      onnx: { extractor: null, matcher: null, execution_provider: 'cpu' },
    });
  });

  it('gives the dense_matching defaults of §2.4', () => {
    expect(c.dense_matching).toEqual({ certainty_threshold: 0.5, max_correspondences: 100000, onnx: { model: null } });
  });

  it('gives the reconstruction defaults of §2.5', () => {
    expect(c.reconstruction).toEqual({
      num_depths: 128,
      cost_function: 'ncc',
      window_size: 11,
      refine_passes: null,
      coarse_to_fine: true,
      temporal_prior: false,
      depth_margin: 0.05,
      depth_batch_size: 4,
      min_consistent_views: 3,
      adaptive_consistent_views: true,
      depth_tolerance: 0.005,
      roma_depth_tolerance: 0.02,
      voxel_size: 0.001,
      fusion_subdivisions: null,
      min_confidence: 0.1,
      surface_method: null,
      poisson_depth: 9,
      grid_resolution: 0.002,
      bpa_radii: null,
      target_faces: null,
      outlier_removal_enabled: true,
      outlier_nb_neighbors: 20,
      outlier_std_ratio: 2.0,
      outlier_method: 'statistical',
    });
  });

  it('gives the runtime defaults of §2.6', () => {
    expect(c.runtime).toEqual({
      device: 'cpu',
      save_features: false,
      keep_intermediates: true,
      save_consistency_maps: false,
      viz_enabled: false,
      viz_stages: [],
      benchmark_extractors: ['superpoint', 'aliked', 'disk'],
      benchmark_clahe: [true, false],
      icp_max_distance: 0.01,
      quiet: false,
      workers: null,
    });
  });

  it('treats an empty file, a comment-only file and `{}` as all defaults', () => {
    expect(c).toEqual(defaultConfig());
    expect(ok(parseConfig('# nothing here\n'))).toEqual(defaultConfig());
    expect(ok(parseConfig('{}'))).toEqual(defaultConfig());
  });

  it('reports every absent section as an info message', () => {
    const result = parseConfig('reconstruction:\n  num_depths: 64\n');
    expect(result.infos).toEqual([
      'Using default: preprocessing (all defaults)',
      'Using default: sparse_matching (all defaults)',
      'Using default: dense_matching (all defaults)',
      'Using default: runtime (all defaults)',
    ]);
  });
});

describe('validators', () => {
  const cases: [string, string, string][] = [
    ['preprocessing:\n  color_norm_method: bogus\n', 'preprocessing.color_norm_method', 'got "bogus"'],
    ['sparse_matching:\n  extractor_type: sift\n', 'sparse_matching.extractor_type', 'expected one of "superpoint", "aliked", "disk"'],
    ['reconstruction:\n  window_size: 4\n', 'reconstruction.window_size', 'expected a positive odd integer, got 4'],
    ['reconstruction:\n  window_size: -3\n', 'reconstruction.window_size', 'expected a positive odd integer, got -3'],
    ['reconstruction:\n  window_size: 0\n', 'reconstruction.window_size', 'expected a positive odd integer, got 0'],
    ['reconstruction:\n  surface_method: marching\n', 'reconstruction.surface_method', 'got "marching"'],
    ['reconstruction:\n  cost_function: sad\n', 'reconstruction.cost_function', 'expected one of "ncc", "ssim", got "sad"'],
    ['runtime:\n  device: "cuda:0"\n', 'runtime.device', 'expected one of "cpu", "cuda", got "cuda:0"'],
    ['runtime:\n  viz_stages: [depth, bogus]\n', 'runtime.viz_stages[1]', 'got "bogus"'],
    ['runtime:\n  benchmark_extractors: [superpoint, orb]\n', 'runtime.benchmark_extractors[1]', 'got "orb"'],
    ['matcher_type: superglue\n', 'matcher_type', 'expected one of "classic", "lightglue", "roma", got "superglue"'],
    ['pipeline_mode: dense\n', 'pipeline_mode', 'expected one of "sparse", "full", got "dense"'],
    ['reconstruction:\n  num_depths: -3\n', 'reconstruction.num_depths', 'expected integer >= 1, got -3'],
    ['reconstruction:\n  num_depths: 2.5\n', 'reconstruction.num_depths', 'got 2.5'],
    ['runtime:\n  workers: 0\n', 'runtime.workers', 'got 0'],
    ['runtime:\n  quiet: "yes"\n', 'runtime.quiet', 'expected boolean (true or false), got "yes"'],
    ['sparse_matching:\n  onnx:\n    execution_provider: tpu\n', 'sparse_matching.onnx.execution_provider', 'got "tpu"'],
    ['plugins:\n  - 3\n', 'plugins[0]', 'expected a plugin specifier or [specifier, options], got 3'],
  ];
  for (const [yaml, path, fragment] of cases) {
    it(`rejects ${path} with one line naming the path (${fragment})`, () => {
      const errors = errorsOf(yaml);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain(` ${path}: `);
      expect(errors[0]).toContain(fragment);
      expect(errors[0]).not.toContain('\n');
    });
  }

  it('accepts lightglue and roma explicitly', () => {
    expect(ok(parseConfig('matcher_type: lightglue\n')).matcher_type).toBe('lightglue');
    expect(ok(parseConfig('matcher_type: roma\n')).matcher_type).toBe('roma');
  });

  it('accepts plugin names and [name, options] pairs', () => {
    const c = ok(parseConfig('plugins:\n  - "@aquamvs/stage-ncc"\n  - ["./my-plugin.js", { gain: 2 }]\n'));
    expect(c.plugins).toEqual(['@aquamvs/stage-ncc', ['./my-plugin.js', { gain: 2 }]]);
  });
});

describe('error messages', () => {
  const text = [
    'calibration_path: cal.json', // 1
    'reconstruction:', // 2
    '  window_size: 4', // 3
    '  num_depths: -3', // 4
    '  bpa_radii: [0.1, -2]', // 5
    'runtime:', // 6
    '  viz_stages: [depth, bogus]', // 7
    '  device: "cuda:0"', // 8
    'pipeline_mode: dense', // 9
    '',
  ].join('\n');

  it('collects all errors, one line each with file:line:col and the YAML path, in source order', () => {
    const result = parseConfig(text, { file: 'rig/config.yaml' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.kind).toBe('invalid');
    expect(result.errors).toEqual([
      'rig/config.yaml:3:16 reconstruction.window_size: expected a positive odd integer, got 4',
      'rig/config.yaml:4:15 reconstruction.num_depths: expected integer >= 1, got -3',
      'rig/config.yaml:5:20 reconstruction.bpa_radii[1]: expected number > 0, got -2',
      'rig/config.yaml:7:23 runtime.viz_stages[1]: expected one of "depth", "features", "scene", "rig", "summary", got "bogus"',
      'rig/config.yaml:8:11 runtime.device: expected one of "cpu", "cuda", got "cuda:0"',
      'rig/config.yaml:9:16 pipeline_mode: expected one of "sparse", "full", got "dense"',
    ]);
  });

  it('points migrated legacy keys at their original position', () => {
    const errors = errorsOf('color_norm:\n  method: weird\n');
    expect(errors).toEqual(['config.yaml:2:11 preprocessing.color_norm_method: expected one of "gain", "histogram", got "weird"']);
  });

  it('returns bad YAML as one line with file:line:col', () => {
    const result = parseConfig('a: [1, 2\nb: c\n', { file: 'c.yaml' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.kind).toBe('yaml');
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/^c\.yaml:2:1 \S/);
    expect(result.errors[0]).not.toContain('\n');
  });

  it('rejects duplicate keys as a YAML error', () => {
    const result = parseConfig('output_dir: a\noutput_dir: b\n');
    expect(result.ok || result.kind).toBe('yaml');
  });

  it('rejects a YAML document that is not a mapping', () => {
    expect(errorsOf('- 1\n- 2\n')).toEqual(['config.yaml:1:1 (root): expected a mapping of config keys']);
  });

  it('rejects a section that is not a mapping', () => {
    expect(errorsOf('runtime: 5\n')).toEqual(['config.yaml:1:10 runtime: expected mapping, got 5']);
  });
});

describe('unknown and removed keys', () => {
  it('rejects unknown keys, one line each, with the valid keys and a likely intended key', () => {
    const errors = errorsOf('foo: 1\nbar: 2\nreconstruction:\n  num_depth: 64\n');
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/^config\.yaml:1:1 foo: unknown key in top level: foo; valid keys: calibration_path, /);
    expect(errors[1]).toMatch(
      /^config\.yaml:2:1 bar: unknown key in top level: bar \(did you mean mask_dir\?\)|^config\.yaml:2:1 bar: unknown key in top level: bar;/,
    );
    expect(errors[2]).toMatch(
      /^config\.yaml:4:3 reconstruction\.num_depth: unknown key in reconstruction: num_depth \(did you mean num_depths\?\); valid keys: num_depths, /,
    );
  });

  it('rejects the pre-2026 camera_video_map as an unknown key', () => {
    expect(errorsOf('camera_video_map:\n  cam0: a.mp4\n').join('\n')).toContain('unknown key in top level: camera_video_map');
  });

  it('drops removed save_* keys at top level and in runtime with a warning', () => {
    const result = parseConfig('save_mesh: false\nruntime:\n  save_depth_maps: false\n  save_point_cloud: true\n');
    const c = ok(result);
    expect('save_mesh' in c).toBe(false);
    expect('save_depth_maps' in c.runtime).toBe(false);
    expect('save_point_cloud' in c.runtime).toBe(false);
    expect(result.warnings.filter((w) => w.includes('has been removed'))).toHaveLength(3);
    expect(result.warnings[0]).toBe('config.yaml:1:1 save_mesh: this key has been removed and is ignored; all outputs are now always saved');
    expect(result.warnings[1]).toMatch(/^config\.yaml:3:3 runtime\.save_depth_maps: /);
  });
});

describe('merging and legacy structure', () => {
  it('merges a partial section over the defaults', () => {
    const c = ok(parseConfig('reconstruction:\n  num_depths: 64\n  voxel_size: 0.002\nruntime:\n  device: cuda\n'));
    expect(c.reconstruction.num_depths).toBe(64);
    expect(c.reconstruction.voxel_size).toBe(0.002);
    expect(c.reconstruction.window_size).toBe(11);
    expect(c.runtime.device).toBe('cuda');
    expect(c.runtime.keep_intermediates).toBe(true);
    expect(c.sparse_matching.max_keypoints).toBe(2048);
  });

  it('treats an empty section (null) as all defaults', () => {
    expect(ok(parseConfig('reconstruction:\nruntime:\n'))).toEqual(defaultConfig());
  });

  it('loads the old flat structure into the new sections', () => {
    const text = [
      'color_norm: { enabled: true, method: histogram }',
      'frame_sampling: { start: 5, stop: 50, step: 5 }',
      'feature_extraction: { extractor_type: aliked, max_keypoints: 1000 }',
      'pair_selection: { num_neighbors: 2, include_center: false }',
      'matching: { filter_threshold: 0.2 }',
      'dense_stereo: { num_depths: 64, window_size: 7 }',
      'fusion: { min_consistent_views: 2, voxel_size: 0.004 }',
      'surface: { surface_method: heightfield }',
      'outlier_removal: { enabled: false, nb_neighbors: 30, std_ratio: 1.5 }',
      'device: { device: cuda }',
      'output: { keep_intermediates: false }',
      'evaluation: { icp_max_distance: 0.02 }',
      'visualization: { enabled: true, stages: [depth] }',
      'benchmark: { extractors: [disk], clahe: [false] }',
      '',
    ].join('\n');
    const result = parseConfig(text);
    const c = ok(result);
    expect(c.preprocessing).toMatchObject({
      color_norm_enabled: true,
      color_norm_method: 'histogram',
      frame_start: 5,
      frame_stop: 50,
      frame_step: 5,
    });
    expect(c.sparse_matching).toMatchObject({
      extractor_type: 'aliked',
      max_keypoints: 1000,
      num_neighbors: 2,
      include_center: false,
      filter_threshold: 0.2,
    });
    expect(c.reconstruction).toMatchObject({
      num_depths: 64,
      window_size: 7,
      min_consistent_views: 2,
      voxel_size: 0.004,
      surface_method: 'heightfield',
      outlier_removal_enabled: false,
      outlier_nb_neighbors: 30,
      outlier_std_ratio: 1.5,
    });
    expect(c.runtime).toMatchObject({
      device: 'cuda',
      keep_intermediates: false,
      icp_max_distance: 0.02,
      viz_enabled: true,
      viz_stages: ['depth'],
      benchmark_extractors: ['disk'],
      benchmark_clahe: [false],
    });
    expect(result.infos.filter((i) => i.startsWith('Migrating legacy config key'))).toHaveLength(14);
    for (const legacy of ['color_norm', 'frame_sampling', 'dense_stereo', 'device', 'visualization']) expect(legacy in c).toBe(false);
  });

  it('accepts the legacy device as a bare string', () => {
    expect(ok(parseConfig('device: cuda\n')).runtime.device).toBe('cuda');
  });

  it('rejects old surface.method as an unknown reconstruction key (the reference kept it and ignored it)', () => {
    expect(errorsOf('surface:\n  method: heightfield\n').join('\n')).toContain('unknown key in reconstruction: method');
  });

  it('lets a key in the new section win over the same legacy key', () => {
    const result = parseConfig('reconstruction:\n  num_depths: 32\ndense_stereo:\n  num_depths: 64\n');
    expect(ok(result).reconstruction.num_depths).toBe(32);
    expect(result.warnings.some((w) => w.includes("'dense_stereo.num_depths' ignored"))).toBe(true);
  });
});

describe('cross-field rules', () => {
  it('forces save_features when the features visualisation is on', () => {
    const all = parseConfig('runtime:\n  viz_enabled: true\n');
    expect(ok(all).runtime.save_features).toBe(true);
    expect(all.infos.some((i) => i.includes('save_features set to true'))).toBe(true);
    expect(ok(parseConfig('runtime:\n  viz_enabled: true\n  viz_stages: [features]\n')).runtime.save_features).toBe(true);
    expect(ok(parseConfig('runtime:\n  viz_enabled: true\n  viz_stages: [depth]\n')).runtime.save_features).toBe(false);
    expect(ok(parseConfig('runtime:\n  viz_enabled: false\n')).runtime.save_features).toBe(false);
  });

  it('warns for roma with certainty_threshold below 0.1 and for roma in sparse mode', () => {
    const low = parseConfig('matcher_type: roma\ndense_matching:\n  certainty_threshold: 0.05\n');
    expect(low.warnings.filter((w) => w.includes('certainty_threshold'))).toHaveLength(1);
    const fine = parseConfig('matcher_type: roma\ndense_matching:\n  certainty_threshold: 0.1\n');
    expect(fine.warnings).toEqual([]);
    const sparse = parseConfig('matcher_type: roma\npipeline_mode: sparse\n');
    expect(sparse.warnings.filter((w) => w.includes('wasteful'))).toHaveLength(1);
  });

  it.each([
    [
      'a voxel below 10 µm',
      'reconstruction:\n  voxel_size: 1.0e-9\n',
      'config.yaml:2:15 reconstruction.voxel_size: expected a voxel edge in metres from 0.00001 to 1, got 1e-9',
    ],
    [
      'a voxel above 1 m',
      'reconstruction:\n  voxel_size: 5\n',
      'config.yaml:2:15 reconstruction.voxel_size: expected a voxel edge in metres from 0.00001 to 1, got 5',
    ],
    [
      '200000 depth planes',
      'reconstruction:\n  num_depths: 200000\n',
      'config.yaml:2:15 reconstruction.num_depths: expected an integer from 2 to 4096 depth planes, got 200000',
    ],
    [
      'a single depth plane',
      'reconstruction:\n  num_depths: 1\n',
      'config.yaml:2:15 reconstruction.num_depths: expected an integer from 2 to 4096 depth planes, got 1',
    ],
  ])('rejects %s before any frame runs', (_what, yaml, line) => {
    expect(errorsOf(yaml)).toEqual([line]);
  });

  it('does NOT apply quality_preset from the YAML, and warns', () => {
    const result = parseConfig('quality_preset: fast\n');
    const c = ok(result);
    expect(c.quality_preset).toBe('fast');
    expect(c.reconstruction.num_depths).toBe(128);
    expect(c.reconstruction.window_size).toBe(11);
    expect(c.sparse_matching.max_keypoints).toBe(2048);
    expect(result.warnings.filter((w) => w.includes('will NOT be applied'))).toHaveLength(1);
  });
});

describe('loadConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aquamvs-config-'));

  it('reads a file and names it in messages', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'reconstruction:\n  window_size: 8\n');
    const result = await loadConfig(file);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toEqual([`${file}:2:16 reconstruction.window_size: expected a positive odd integer, got 8`]);
  });

  it('returns an error entry for a missing file instead of throwing', async () => {
    const file = join(dir, 'missing.yaml');
    const result = await loadConfig(file);
    expect(result).toMatchObject({ ok: false, kind: 'not_found', errors: [`config file not found: ${file}`] });
  });

  it('loadConfigOrThrow throws the config error codes', async () => {
    const codeOf = async (p: string): Promise<string> => {
      try {
        await loadConfigOrThrow(p);
        return 'none';
      } catch (error) {
        return isAquamvsError(error) ? error.code : 'not an AquamvsError';
      }
    };
    const yamlFile = join(dir, 'syntax.yaml');
    writeFileSync(yamlFile, 'a: [1\n');
    const good = join(dir, 'good.yaml');
    writeFileSync(good, 'reconstruction:\n  num_depths: 32\n');
    expect(await codeOf(join(dir, 'nope.yaml'))).toBe('AQM_ERR_CONFIG_NOT_FOUND');
    expect(await codeOf(yamlFile)).toBe('AQM_ERR_CONFIG_YAML');
    expect(await codeOf(join(dir, 'bad.yaml'))).toBe('AQM_ERR_CONFIG_INVALID');
    expect((await loadConfigOrThrow(good)).reconstruction.num_depths).toBe(32);
    await expect(loadConfigOrThrow(yamlFile)).rejects.toThrow(
      new RegExp(`^${yamlFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid YAML: 2:1 \\S`),
    );
  });
});
