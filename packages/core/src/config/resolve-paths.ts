import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { AquamvsConfig } from './schema.js';

/** Where a relative path was found, for the log. */
export interface ResolvedPathNote {
  readonly key: string;
  readonly path: string;
  readonly resolved: string;
}

/**
 * Makes the config's paths absolute. A relative path is taken from the config file's directory; when nothing
 * exists there but the path exists from the working directory (how AquaMVS read configs), that one is used and
 * noted. `output_dir` is always taken from the config file's directory ("" = that directory).
 */
export function resolveConfigPaths(
  config: AquamvsConfig,
  configDir: string,
  cwd: string = process.cwd(),
): { config: AquamvsConfig; notes: ResolvedPathNote[] } {
  const notes: ResolvedPathNote[] = [];
  const input = (key: string, path: string): string => {
    if (path === '' || isAbsolute(path)) return path;
    const fromConfig = resolve(configDir, path);
    if (existsSync(fromConfig)) return fromConfig;
    const fromCwd = resolve(cwd, path);
    if (existsSync(fromCwd)) {
      notes.push({ key, path, resolved: fromCwd });
      return fromCwd;
    }
    return fromConfig;
  };
  const cameraInputMap = Object.fromEntries(
    Object.entries(config.camera_input_map).map(([camera, path]) => [camera, input(`camera_input_map.${camera}`, path)]),
  );
  const optional = (key: string, path: string | null): string | null => (path === null ? null : input(key, path));
  const sparseOnnx = config.sparse_matching.onnx;
  return {
    config: {
      ...config,
      sparse_matching: {
        ...config.sparse_matching,
        onnx: {
          ...sparseOnnx,
          extractor: optional('sparse_matching.onnx.extractor', sparseOnnx.extractor),
          matcher: optional('sparse_matching.onnx.matcher', sparseOnnx.matcher),
        },
      },
      dense_matching: {
        ...config.dense_matching,
        onnx: { ...config.dense_matching.onnx, model: optional('dense_matching.onnx.model', config.dense_matching.onnx.model) },
      },
      calibration_path: input('calibration_path', config.calibration_path),
      camera_input_map: cameraInputMap,
      mask_dir: optional('mask_dir', config.mask_dir),
      output_dir: resolve(configDir, config.output_dir),
    },
    notes,
  };
}
