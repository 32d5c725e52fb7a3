import { AquamvsError } from '@aquamvs/core/worker';

/** Error codes thrown by @aquamvs/stage-matching, sorted alphabetically. */
export const STAGE_MATCHING_ERROR_CODES = [
  'AQM_ERR_MATCHING_CAMERA_MISSING',
  'AQM_ERR_MATCHING_IMAGE',
  'AQM_ERR_MATCHING_MASK',
  'AQM_ERR_MATCHING_MATCHER_UNAVAILABLE',
  'AQM_ERR_MATCHING_MODEL_INVALID',
  'AQM_ERR_MATCHING_MODEL_MISSING',
  'AQM_ERR_MATCHING_MODEL_OUTPUT',
  'AQM_ERR_MATCHING_NO_POINTS',
  'AQM_ERR_MATCHING_ONNXRUNTIME_MISSING',
] as const;

/** One of {@link STAGE_MATCHING_ERROR_CODES}. */
export type StageMatchingErrorCode = (typeof STAGE_MATCHING_ERROR_CODES)[number];

export const cameraMissing = (camera: string, what: string): AquamvsError =>
  new AquamvsError('AQM_ERR_MATCHING_CAMERA_MISSING', `camera '${camera}' has no ${what}`);
export const matchingImage = (camera: string, detail: string): AquamvsError =>
  new AquamvsError('AQM_ERR_MATCHING_IMAGE', `camera '${camera}': ${detail}`);
export const maskInvalid = (detail: string): AquamvsError => new AquamvsError('AQM_ERR_MATCHING_MASK', detail);
export const matcherUnavailable = (matcher: string, missing: readonly string[]): AquamvsError =>
  new AquamvsError(
    'AQM_ERR_MATCHING_MATCHER_UNAVAILABLE',
    `matcher_type '${matcher}' needs ${missing.join(' and ')}: the paths of an extractor (SuperPoint/ALIKED/DISK) and a LightGlue ONNX export ` +
      `(e.g. from github.com/fabio-sim/LightGlue-ONNX; see the @aquamvs/stage-matching README); ` +
      `or set matcher_type: classic, the built-in matcher, which needs no model files`,
  );
export const modelInvalid = (path: string, detail: string, expected: string, key = 'dense_matching.onnx.model'): AquamvsError =>
  new AquamvsError('AQM_ERR_MATCHING_MODEL_INVALID', `${key} '${path}': ${detail}; expected ${expected}`);
export const modelMissing = (): AquamvsError =>
  new AquamvsError(
    'AQM_ERR_MATCHING_MODEL_MISSING',
    'matcher_type roma needs dense_matching.onnx.model: the path of a RoMa ONNX export (two float32 [1,3,H,W] RGB inputs; outputs warp [1,H_w,W_w,2] and overlap [1,H_w,W_w]; see the @aquamvs/stage-matching README)',
  );
export const modelOutput = (
  path: string,
  pair: string,
  output: string,
  got: string,
  expected: string,
  key = 'dense_matching.onnx.model',
): AquamvsError =>
  new AquamvsError('AQM_ERR_MATCHING_MODEL_OUTPUT', `${key} '${path}': output '${output}' for ${pair} is ${got}, expected ${expected}`);
export const noSparsePoints = (
  kept: number,
  needed: number,
  found: { readonly matches: number; readonly pairs: number; readonly triangulated: number },
  waterZ: number,
  maxDepth: number,
): AquamvsError =>
  new AquamvsError(
    'AQM_ERR_MATCHING_NO_POINTS',
    `${kept === 0 ? 'no sparse point' : `only ${kept} sparse point(s)`}: ${found.matches} match(es) over ${found.pairs} camera pair(s) gave ` +
      `${found.triangulated} triangulated point(s), ${kept} of them below the water surface (water_z ${waterZ} m) within ${maxDepth} m ` +
      `of it, and the cameras' depth ranges need at least ${needed}. The images share no feature (lens caps, lights off, a blank ` +
      `frame), are not the cameras' own (swapped cables or folders), or the calibration does not fit them; the depth ranges would be ` +
      `a guess, so the frame has no result`,
  );
export const onnxruntimeMissing = (needer: string): AquamvsError =>
  new AquamvsError(
    'AQM_ERR_MATCHING_ONNXRUNTIME_MISSING',
    `${needer} needs onnxruntime-node, an optional peer dependency that is not installed: run \`npm i onnxruntime-node@^1.30.0\` next to @aquamvs/cli`,
  );
