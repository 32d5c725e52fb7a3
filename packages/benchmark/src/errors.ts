import { AquamvsError } from '@aquamvs/core';

/** Error codes thrown by @aquamvs/benchmark, sorted alphabetically. */
export const BENCHMARK_ERROR_CODES = [
  'AQM_ERR_BENCHMARK_ARGUMENT',
  'AQM_ERR_BENCHMARK_UNKNOWN_CAMERA',
  'AQM_ERR_BENCHMARK_UNKNOWN_RIG',
  'AQM_ERR_BENCHMARK_UNKNOWN_SCENE',
] as const;

/** One of {@link BENCHMARK_ERROR_CODES}. */
export type BenchmarkErrorCode = (typeof BENCHMARK_ERROR_CODES)[number];

/** A bad option value: names the option, what was expected and what came. */
export const benchmarkArgument = (what: string, expected: string, got: unknown): AquamvsError =>
  new AquamvsError('AQM_ERR_BENCHMARK_ARGUMENT', `${what}: expected ${expected}, got ${JSON.stringify(got)}`);
/** A camera name that the synthetic rig does not have. */
export const unknownCamera = (camera: string, known: readonly string[]): AquamvsError =>
  new AquamvsError('AQM_ERR_BENCHMARK_UNKNOWN_CAMERA', `camera '${camera}' is not in the synthetic rig (cameras: ${known.join(', ')})`);
/** A rig name that is not registered. */
export const unknownRig = (rig: string, known: readonly string[]): AquamvsError =>
  new AquamvsError('AQM_ERR_BENCHMARK_UNKNOWN_RIG', `rig '${rig}' is unknown: expected one of ${known.join(', ')}`);
/** A scene name that is not registered. */
export const unknownScene = (scene: string, known: readonly string[]): AquamvsError =>
  new AquamvsError('AQM_ERR_BENCHMARK_UNKNOWN_SCENE', `scene '${scene}' is unknown: expected one of ${known.join(', ')}`);
