import type { Token } from '@aquamvs/core';
import type { ClassicMatcherOptions } from './features/classic-matcher.js';
import type { TriangulationStageOptions } from './stages/triangulation-stage.js';
import type { DenseMatchingStageOptions } from './roma/dense-matching-stage.js';

/** Overrides of the classic matcher's defaults (`matchingPlugin({ classic })`), injected into `SparseMatchingStage`. */
export const CLASSIC_MATCHER_OPTIONS = Symbol.for('@aquamvs/stage-matching:classic-matcher-options') as Token<Partial<ClassicMatcherOptions>>;
/** `matchingPlugin({ triangulation })`, injected into `TriangulationStage`. */
export const TRIANGULATION_STAGE_OPTIONS = Symbol.for('@aquamvs/stage-matching:triangulation-stage-options') as Token<TriangulationStageOptions>;
/** `matchingPlugin({ dense })`, injected into `DenseMatchingStage`. */
export const DENSE_MATCHING_STAGE_OPTIONS = Symbol.for('@aquamvs/stage-matching:dense-matching-stage-options') as Token<DenseMatchingStageOptions>;
