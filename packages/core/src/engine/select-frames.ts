import { inputInvalid } from '../errors.js';
import { frameRange } from '../frame-source.js';
import type { PreprocessingConfig } from '../config/schema.js';

/**
 * The frames `preprocessing.frame_start/stop/step` (or `--frames`) select out of `count`. A selection that is
 * empty or reaches past the last frame is an error (`AQM_ERR_INPUT_INVALID`): a run that silently does
 * nothing, or fewer frames than asked, reads as success.
 */
export function selectFrames(count: number, pre: Pick<PreprocessingConfig, 'frame_start' | 'frame_stop' | 'frame_step'>): number[] {
  const { frame_start: start, frame_stop: stop, frame_step: step } = pre;
  const asked = `frames ${start}:${stop ?? ''}${step === 1 ? '' : ` step ${step}`} (preprocessing.frame_start/frame_stop or --frames)`;
  if (start >= count) throw inputInvalid(`${asked}: frame_start ${start} is past the last frame; the input has ${count} frame(s), 0 to ${count - 1}`);
  if (stop !== null && stop > count)
    throw inputInvalid(`${asked}: frame_stop ${stop} is past the end; the input has ${count} frame(s), 0 to ${count - 1}`);
  const frames = frameRange(count, start, stop, step);
  if (frames.length === 0) throw inputInvalid(`${asked}: selects no frame (frame_stop must be greater than frame_start)`);
  return frames;
}
