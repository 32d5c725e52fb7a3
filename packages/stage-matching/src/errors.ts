import { AquamvsError } from '@aquamvs/core';

/** Error codes thrown by @aquamvs/stage-matching, sorted alphabetically. */
export const STAGE_MATCHING_ERROR_CODES = [
  'AQM_ERR_MATCHING_CAMERA_MISSING',
  'AQM_ERR_MATCHING_IMAGE',
  'AQM_ERR_MATCHING_MATCHER_UNAVAILABLE',
] as const;

/** One of {@link STAGE_MATCHING_ERROR_CODES}. */
export type StageMatchingErrorCode = (typeof STAGE_MATCHING_ERROR_CODES)[number];

export const cameraMissing = (camera: string, what: string): AquamvsError =>
  new AquamvsError('AQM_ERR_MATCHING_CAMERA_MISSING', `camera '${camera}' has no ${what}`);
export const matchingImage = (camera: string, detail: string): AquamvsError =>
  new AquamvsError('AQM_ERR_MATCHING_IMAGE', `camera '${camera}': ${detail}`);
export const matcherUnavailable = (matcher: string): AquamvsError =>
  new AquamvsError(
    'AQM_ERR_MATCHING_MATCHER_UNAVAILABLE',
    `matcher_type '${matcher}' is not available in this build of @aquamvs/stage-matching (no ONNX SuperPoint/LightGlue path); ` +
      `set matcher_type: classic, the built-in matcher, which needs no model files`,
  );
