import { inputInvalid, type PreprocessingConfig } from '@aquamvs/core';

/**
 * Parses `--frames a:b` (b exclusive, either side optional, non-negative integers) into the preprocessing keys it
 * overrides. Anything else is `AQM_ERR_INPUT_INVALID`; whether the range fits the input is checked when the
 * frame source is open (core `selectFrames`).
 */
export function parseFramesFlag(text: string): Pick<PreprocessingConfig, 'frame_start' | 'frame_stop'> {
  const match = /^(\d*):(\d*)$/.exec(text);
  if (match === null) {
    throw inputInvalid(
      `--frames: expected a:b with whole frame numbers ≥ 0, b exclusive, either side optional (e.g. 0:10, 5:, :20), got ${JSON.stringify(text)}`,
    );
  }
  return { frame_start: match[1] === '' ? 0 : Number(match[1]), frame_stop: match[2] === '' ? null : Number(match[2]) };
}
