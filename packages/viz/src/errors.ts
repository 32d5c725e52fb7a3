import { AquamvsError } from '@aquamvs/core';

/** Error codes thrown by @aquamvs/viz, sorted alphabetically. */
export const VIZ_ERROR_CODES = ['AQM_ERR_VIZ_INPUT', 'AQM_ERR_VIZ_NO_RUN', 'AQM_ERR_VIZ_SERVE'] as const;

/** One of {@link VIZ_ERROR_CODES}. */
export type VizErrorCode = (typeof VIZ_ERROR_CODES)[number];

export const vizInput = (file: string, expected: string): AquamvsError => new AquamvsError('AQM_ERR_VIZ_INPUT', `${file}: expected ${expected}`);

export const vizNoRun = (dir: string): AquamvsError =>
  new AquamvsError('AQM_ERR_VIZ_NO_RUN', `${dir} is not a run output directory: expected config.yaml, run.json or frame_NNNNNN/ in it`);

export const vizServe = (host: string, port: number, cause: unknown): AquamvsError =>
  new AquamvsError(
    'AQM_ERR_VIZ_SERVE',
    `cannot serve the report on http://${host}:${port}: ${cause instanceof Error ? cause.message : String(cause)}`,
    { cause },
  );
