/** How `temporal-filter` picks its windows (spec §6, the reference's `preprocess.py`). */
export interface WindowSettings {
  /** Frames a window spans. */
  readonly window: number;
  /** Output every `framestep`-th position. */
  readonly framestep: number;
  /** Use every `windowStep`-th frame of a window. */
  readonly windowStep: number;
}

/** One output frame: its name index and the frames whose median it is. */
export interface PlannedWindow {
  /** Index in the output name `frame_{index:06d}`: the last frame of the window. */
  readonly index: number;
  /** Frame indices whose median is taken, ascending. */
  readonly frames: readonly number[];
}

/**
 * The windows of the default hybrid seek: outputs at `window − 1, window − 1 + framestep, …` (< frameCount), each the
 * median of frames `pos − window + 1 …` taking every `windowStep`-th of `window` frames, named by `pos`.
 */
export function* hybridWindows(frameCount: number, s: WindowSettings): Generator<PlannedWindow> {
  for (let pos = s.window - 1; pos < frameCount; pos += s.framestep) {
    const start = pos - s.window + 1;
    const frames: number[] = [];
    for (let f = start; f <= pos; f += s.windowStep) frames.push(f);
    yield { index: pos, frames };
  }
}

/**
 * The windows of `--exact-seek` (a sequential read): frame `i` enters a buffer of `ceil(window / windowStep)` frames
 * when `(i mod window) mod windowStep = 0` (the sub-sampling counter restarts every `window` frames); an output is
 * due at every `i` with a full buffer and `i mod framestep = 0`, named by `i`.
 */
export function* exactWindows(frameCount: number, s: WindowSettings): Generator<PlannedWindow> {
  const size = Math.ceil(s.window / s.windowStep);
  const buffer: number[] = [];
  for (let i = 0; i < frameCount; i++) {
    if ((i % s.window) % s.windowStep === 0) {
      buffer.push(i);
      if (buffer.length > size) buffer.shift();
    }
    if (buffer.length === size && i % s.framestep === 0) yield { index: i, frames: [...buffer] };
  }
}

/** How many windows a plan has. */
export function countWindows(plan: Iterable<PlannedWindow>): number {
  let n = 0;
  for (const _ of plan) n++;
  return n;
}
