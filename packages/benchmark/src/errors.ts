import { AquamvsError } from '@aquamvs/core';

/** Error codes thrown by @aquamvs/benchmark, sorted alphabetically. */
export const BENCHMARK_ERROR_CODES = [
  'AQM_ERR_BENCHMARK_ARGUMENT',
  'AQM_ERR_BENCHMARK_BASELINE',
  'AQM_ERR_BENCHMARK_PATHWAY',
  'AQM_ERR_BENCHMARK_RULE',
  'AQM_ERR_BENCHMARK_THRESHOLDS',
  'AQM_ERR_BENCHMARK_UNKNOWN_CAMERA',
  'AQM_ERR_BENCHMARK_UNKNOWN_RIG',
  'AQM_ERR_BENCHMARK_UNKNOWN_SCENE',
  'AQM_ERR_BENCHMARK_VIDEO',
] as const;

/** One of {@link BENCHMARK_ERROR_CODES}. */
export type BenchmarkErrorCode = (typeof BENCHMARK_ERROR_CODES)[number];

/** A bad option value: names the option, what was expected and what came. */
export const benchmarkArgument = (what: string, expected: string, got: unknown): AquamvsError =>
  new AquamvsError('AQM_ERR_BENCHMARK_ARGUMENT', `${what}: expected ${expected}, got ${JSON.stringify(got)}`);
/** A `--compare` baseline that cannot be found or read. */
export const benchmarkBaseline = (baseline: string, why: string): AquamvsError =>
  new AquamvsError('AQM_ERR_BENCHMARK_BASELINE', `baseline '${baseline}': ${why}`);
/** A `--pathways` entry that is not a known pathway, or one whose models are not configured. */
export const benchmarkPathway = (pathway: string, why: string): AquamvsError =>
  new AquamvsError('AQM_ERR_BENCHMARK_PATHWAY', `pathway '${pathway}': ${why}`);
/** A `--fail-on` rule that does not parse. */
export const benchmarkRule = (rule: string, why: string): AquamvsError =>
  new AquamvsError('AQM_ERR_BENCHMARK_RULE', `--fail-on rule '${rule}': ${why} (expected METRIC:N% or METRIC:N, e.g. median_error_mm:5%)`);
/** A thresholds file that cannot be read or has the wrong shape. */
export const benchmarkThresholds = (path: string, why: string): AquamvsError => new AquamvsError('AQM_ERR_BENCHMARK_THRESHOLDS', `${path}: ${why}`);
/** A camera name that the synthetic rig does not have. */
export const unknownCamera = (camera: string, known: readonly string[]): AquamvsError =>
  new AquamvsError('AQM_ERR_BENCHMARK_UNKNOWN_CAMERA', `camera '${camera}' is not in the synthetic rig (cameras: ${known.join(', ')})`);
/** A rig name that is not registered. */
export const unknownRig = (rig: string, known: readonly string[]): AquamvsError =>
  new AquamvsError('AQM_ERR_BENCHMARK_UNKNOWN_RIG', `rig '${rig}' is unknown: expected one of ${known.join(', ')}`);
/** A scene name that is not registered. */
export const unknownScene = (scene: string, known: readonly string[]): AquamvsError =>
  new AquamvsError('AQM_ERR_BENCHMARK_UNKNOWN_SCENE', `scene '${scene}' is unknown: expected one of ${known.join(', ')}`);
/** ffmpeg failed to encode or decode a synthetic camera's H.264 frames. */
export const benchmarkVideo = (what: string, why: string): AquamvsError => new AquamvsError('AQM_ERR_BENCHMARK_VIDEO', `${what}: ${why}`);
