import { STAGE, type AquamvsPlugin } from '@aquamvs/core';
import type { ClassicMatcherOptions } from './features/classic-matcher.js';
import { DenseMatchingStage, type DenseMatchingStageOptions } from './roma/dense-matching-stage.js';
import { SparseCloudStage } from './stages/sparse-cloud-stage.js';
import { SparseMatchingStage } from './stages/sparse-matching-stage.js';
import { TriangulationStage, type TriangulationStageOptions } from './stages/triangulation-stage.js';
import { CLASSIC_MATCHER_OPTIONS, DENSE_MATCHING_STAGE_OPTIONS, TRIANGULATION_STAGE_OPTIONS } from './tokens.js';

/** Name of the plugin returned by {@link matchingPlugin}. */
export const MATCHING_PLUGIN_NAME = '@aquamvs/stage-matching';

/** Options of {@link matchingPlugin}. */
export interface MatchingPluginOptions {
  /** Overrides of the classic matcher's defaults (`CLASSIC_DEFAULTS`) and of the config-derived values. */
  classic?: Partial<ClassicMatcherOptions>;
  triangulation?: TriangulationStageOptions;
  /** Options of stage `dense-matching` (RoMa ONNX model). */
  dense?: DenseMatchingStageOptions;
}

/**
 * The built-in sparse plugin: registers stages `sparse-matching` (classic, or LightGlue through ONNX with
 * `matcher_type: lightglue`), `triangulation`, `sparse-cloud` and `dense-matching` (RoMa through ONNX).
 * @example
 * await runPipeline({ config, frameSource, plugins: [undistortPlugin(), matchingPlugin()], resources: { calibration } });
 */
export function matchingPlugin(options: MatchingPluginOptions = {}): AquamvsPlugin {
  return {
    name: MATCHING_PLUGIN_NAME,
    register(container) {
      container.register(CLASSIC_MATCHER_OPTIONS, { useValue: options.classic ?? {} });
      container.register(TRIANGULATION_STAGE_OPTIONS, { useValue: options.triangulation ?? {} });
      container.register(DENSE_MATCHING_STAGE_OPTIONS, { useValue: options.dense ?? {} });
      container.register(STAGE, { useClass: SparseMatchingStage });
      container.register(STAGE, { useClass: TriangulationStage });
      container.register(STAGE, { useClass: SparseCloudStage });
      container.register(STAGE, { useClass: DenseMatchingStage });
    },
  };
}
