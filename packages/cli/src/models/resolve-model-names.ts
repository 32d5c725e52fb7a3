import type { AquamvsConfig } from '@aquamvs/core';
import { modelNotInstalled } from '../errors.js';
import { installedModelFile, isModelName } from './model-store.js';

/**
 * Replaces model keys that name an installed model (`extractor: superpoint`: no `/`, no `.onnx`) by its file in the
 * model cache; paths stay as they are. A name that is not installed is `AQM_ERR_MODEL_NOT_INSTALLED`.
 */
export function resolveModelNames(config: AquamvsConfig, dir: string): AquamvsConfig {
  const byName = (key: string, value: string | null): string | null => {
    if (value === null || !isModelName(value)) return value;
    const file = installedModelFile(dir, value);
    if (file === undefined) throw modelNotInstalled(value, dir, key);
    return file;
  };
  const sparse = config.sparse_matching.onnx;
  return {
    ...config,
    sparse_matching: {
      ...config.sparse_matching,
      onnx: {
        ...sparse,
        extractor: byName('sparse_matching.onnx.extractor', sparse.extractor),
        matcher: byName('sparse_matching.onnx.matcher', sparse.matcher),
      },
    },
    dense_matching: {
      ...config.dense_matching,
      onnx: { ...config.dense_matching.onnx, model: byName('dense_matching.onnx.model', config.dense_matching.onnx.model) },
    },
  };
}
