import { AquamvsError } from '@aquamvs/core';

/** Error codes of `@aquamvs/evaluation`, sorted alphabetically. */
export const EVALUATION_ERROR_CODES = ['AQM_ERR_EVALUATION_INPUT', 'AQM_ERR_EVALUATION_NO_OVERLAP'] as const;
/** An error code of `@aquamvs/evaluation`. */
export type EvaluationErrorCode = (typeof EVALUATION_ERROR_CODES)[number];

export const evaluationInput = (what: string, expected: string, got: unknown): AquamvsError =>
  new AquamvsError('AQM_ERR_EVALUATION_INPUT', `${what}: expected ${expected}, got ${typeof got === 'string' ? got : JSON.stringify(got)}`);
export const noOverlap = (a: string, b: string, detail: string): AquamvsError =>
  new AquamvsError('AQM_ERR_EVALUATION_NO_OVERLAP', `${a} and ${b} do not overlap: ${detail}`);
