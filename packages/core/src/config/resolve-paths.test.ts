import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfigPaths } from './resolve-paths.js';
import { aquamvsConfigSchema } from './schema.js';

describe('resolveConfigPaths', () => {
  it('takes relative paths from the config directory, falling back to the working directory when only that exists', async () => {
    const root = await mkdtemp(join(tmpdir(), 'aqm-paths-'));
    const configDir = join(root, 'configs');
    await mkdir(join(configDir, 'images', 'cam0'), { recursive: true });
    await mkdir(join(root, 'videos'), { recursive: true });
    const config = aquamvsConfigSchema.parse({
      calibration_path: '/abs/calibration.json',
      output_dir: 'out',
      camera_input_map: { cam0: 'images/cam0', cam1: 'videos', cam2: 'missing/dir' },
    });
    const { config: resolved, notes } = resolveConfigPaths(config, configDir, root);
    expect(resolved.calibration_path).toBe('/abs/calibration.json');
    expect(resolved.output_dir).toBe(join(configDir, 'out'));
    expect(resolved.camera_input_map).toEqual({
      cam0: join(configDir, 'images', 'cam0'),
      cam1: join(root, 'videos'),
      cam2: join(configDir, 'missing', 'dir'),
    });
    expect(notes).toEqual([{ key: 'camera_input_map.cam1', path: 'videos', resolved: join(root, 'videos') }]);
    expect(resolved.sparse_matching.onnx.extractor).toBeNull();
  });
});
