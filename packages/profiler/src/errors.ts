import { AquamvsError } from '@aquamvs/core';

/** Error codes thrown by @aquamvs/profiler, sorted alphabetically. */
export const PROFILER_ERROR_CODES = [
  'AQM_ERR_PROFILER_OPTION_INVALID',
  'AQM_ERR_PROFILER_SCHEDULE_INVALID',
  'AQM_ERR_PROFILER_STEP_INVALID',
  'AQM_ERR_PROFILER_TRACE_WRITE',
] as const;

/** One of {@link PROFILER_ERROR_CODES}. */
export type ProfilerErrorCode = (typeof PROFILER_ERROR_CODES)[number];

export const profilerOptionInvalid = (key: string, expected: string, got: unknown): AquamvsError =>
  new AquamvsError('AQM_ERR_PROFILER_OPTION_INVALID', `profiler option ${key}: expected ${expected}, got ${show(got)}`);

export const profilerScheduleInvalid = (key: string, expected: string, got: unknown): AquamvsError =>
  new AquamvsError('AQM_ERR_PROFILER_SCHEDULE_INVALID', `profiler schedule ${key}: expected ${expected}, got ${show(got)}`);

export const profilerStepInvalid = (step: unknown): AquamvsError =>
  new AquamvsError('AQM_ERR_PROFILER_STEP_INVALID', `profiler schedule step: expected an integer >= 0, got ${show(step)}`);

export const profilerTraceWrite = (file: string, cause: unknown): AquamvsError =>
  new AquamvsError(
    'AQM_ERR_PROFILER_TRACE_WRITE',
    `cannot write profiler output ${file}: ${cause instanceof Error ? cause.message : String(cause)}`,
    { cause },
  );

function show(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}
