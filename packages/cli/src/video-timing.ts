import type { AquamvsError } from '@aquamvs/core';
import { inputVideoRate, inputVideoSync } from './errors.js';

/** One camera's video as its probe saw it: the nominal rate and, where the container keeps them, every frame's time. */
export interface VideoTiming {
  readonly camera: string;
  readonly file: string;
  /** ffmpeg's average frame rate (0 when unknown). */
  readonly fps: number;
  /** Seconds of each frame after the video's first frame, in presentation order (absent: assume `frame / fps`). */
  readonly frameTimes?: Float64Array;
}

/** A camera whose frame `frame` shows another instant than the other cameras' frame of that index. */
interface OutOfStep {
  readonly video: VideoTiming;
  readonly frame: number;
  /** Its frame's time after its frame 0, minus the other cameras' (their median). */
  readonly lag: number;
  /** The other cameras' frame period (their median), seconds. */
  readonly period: number;
}

const timeOf = (v: VideoTiming, frame: number): number => (v.frameTimes !== undefined ? v.frameTimes[frame] : frame / v.fps);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * A video's own frame period: the median over its frames of the mean interval across up to `PERIOD_SPAN` frames (a
 * quarter of a short video's), so that neither a few dropped frames nor timestamps jittering from frame to frame move it.
 */
function periodOf(v: VideoTiming): number {
  const t = v.frameTimes;
  if (t === undefined || t.length < 2) return 1 / v.fps;
  const span = Math.max(1, Math.min(PERIOD_SPAN, Math.floor((t.length - 1) / 4)));
  const means = new Float64Array(t.length - span);
  for (let i = 0; i < means.length; i++) means[i] = (t[i + span] - t[i]) / span;
  return means.sort()[means.length >> 1];
}

const PERIOD_SPAN = 16;
/** Two periods this close (relative) are one frame rate: 29.97 and 30 fps differ by 1e-3. */
const SAME_RATE = 5e-4;
/** Seconds of rounding forgiven when a lag is compared with half a frame (29.97 against 30 fps reaches it at frame 500 exactly). */
const ROUNDING = 1e-9;

/** Camera `c`'s time at `frame` after its own frame 0, minus the other cameras' (their median): how far it is out of step. */
function lagAt(videos: readonly VideoTiming[], c: number, frame: number): number {
  return timeOf(videos[c], frame) - median(videos.filter((_, k) => k !== c).map((v) => timeOf(v, frame)));
}

/** The other cameras' frame period (their median) beside camera `c`. */
const othersPeriod = (periods: readonly number[], c: number): number => median(periods.filter((_, k) => k !== c));

/** Half the shorter of camera `c`'s frame period and the others': a lag this large pairs images of different instants. */
const halfFrameOf = (periods: readonly number[], c: number): number => 0.5 * Math.min(periods[c], othersPeriod(periods, c));

/**
 * The first of `frames` at which a camera's image is half a frame or more from the instant of the other cameras'
 * images of that index ({@link lagAt}), and the camera furthest out; `undefined` when every selected frame is in step.
 * Frames are paired by index (as in the reference), so this is when pairing fails.
 */
function firstOutOfStep(videos: readonly VideoTiming[], periods: readonly number[], frames: readonly number[]): OutOfStep | undefined {
  const halfMin = 0.5 * Math.min(...periods);
  for (const frame of frames) {
    const times = videos.map((v) => timeOf(v, frame));
    // Cheap test first: all within half the shortest frame of each other.
    if (Math.max(...times) - Math.min(...times) + ROUNDING < halfMin) continue;
    let worst: OutOfStep | undefined;
    let worstRatio = 0;
    videos.forEach((video, c) => {
      const lag = lagAt(videos, c, frame);
      // Two cameras out of step with each other are equally far out; the one whose timestamps jump is named.
      const ratio = (Math.abs(lag) + ROUNDING) / halfFrameOf(periods, c) + (firstGap(video, periods[c], frame) === undefined ? 0 : 1e-9);
      if (ratio >= 1 && ratio > worstRatio) {
        worst = { video, frame, lag, period: othersPeriod(periods, c) };
        worstRatio = ratio;
      }
    });
    if (worst !== undefined) return worst;
  }
  return undefined;
}

const rate = (period: number): number => Number((1 / period).toFixed(3));

/** The first frame `k ≤ last` where camera `c` is half a frame out of step (the user may keep frames before it). */
function firstFrameOutOfStep(videos: readonly VideoTiming[], periods: readonly number[], c: number, last: number): number {
  for (let k = 0; k <= last; k++) if (Math.abs(lagAt(videos, c, k)) + ROUNDING >= halfFrameOf(periods, c)) return k;
  return last;
}

/** The first frame from which `video`'s timestamps step by 1.5 of its own periods or more: where frames were dropped. */
function firstGap(video: VideoTiming, period: number, last: number): number | undefined {
  const t = video.frameTimes;
  if (t === undefined) return undefined;
  for (let k = 1; k <= last && k < t.length; k++) if (t[k] - t[k - 1] >= 1.5 * period) return k;
  return undefined;
}

/**
 * Refuses a run whose selected frames pair images of different instants (frames are paired by index, as in the
 * reference): `AQM_ERR_INPUT_VIDEO_RATE` when a camera was recorded at another frame rate, `AQM_ERR_INPUT_VIDEO_SYNC`
 * when at the same rate its timestamps jump (a camera that dropped frames while recording) or drift (a variable frame
 * rate) away from the other cameras'. Videos without timestamps are taken at their nominal rate, with one line to
 * `warn` that names them.
 */
export function checkVideoTiming(timings: readonly VideoTiming[], frames: readonly number[], warn: (line: string) => void = () => undefined): void {
  const untimed = timings.filter((t) => t.frameTimes === undefined);
  if (untimed.length > 0) {
    const named = untimed.slice(0, 4).map((v) => `${v.camera} (${v.file}, ${v.fps} fps)`);
    warn(
      `${untimed.length} video(s) keep no frame timestamps (raw streams: ${named.join(', ')}${untimed.length > 4 ? ', …' : ''}): their frames are ` +
        'taken at their nominal rate, and a frame one of them dropped while recording cannot be detected',
    );
  }
  const videos = timings.filter((v) => v.frameTimes !== undefined || v.fps > 0);
  if (videos.length < 2 || frames.length === 0) return;
  const periods = videos.map(periodOf);
  const out = firstOutOfStep(videos, periods, frames);
  if (out === undefined) return;
  throw describe(out, videos, periods, frames[frames.length - 1]);
}

function describe(out: OutOfStep, videos: readonly VideoTiming[], periods: readonly number[], last: number): AquamvsError {
  const { video, frame, period } = out;
  const c = videos.indexOf(video);
  const own = periods[c];
  const common = rate(period);
  const inStep = firstFrameOutOfStep(videos, periods, c, last);
  const keep = `keep to frames before ${inStep} (preprocessing.frame_stop), where they stay within half a frame`;
  if (Math.abs(own - period) > SAME_RATE * period) {
    const atCommon = videos.filter((v, k) => v !== video && Math.abs(periods[k] - period) <= SAME_RATE * period).map((v) => v.camera);
    const named = atCommon.length <= 4 ? atCommon.join(', ') : `${atCommon.slice(0, 3).join(', ')}, …`;
    const apart = Math.abs(lagAt(videos, c, last));
    return inputVideoRate(
      `camera '${video.camera}': ${video.file} runs at ${rate(own)} fps but ${atCommon.length} camera(s) (${named}) at ${common} fps; ` +
        `frames are paired by their index, so by frame ${last} their images are ${apart.toFixed(3)} s apart (${(apart * common).toFixed(1)} frame(s) at ` +
        `${common} fps). Re-encode the videos to one frame rate, or ${keep}`,
    );
  }
  const own0 = timeOf(video, frame);
  const gap = firstGap(video, own, frame);
  const why =
    gap === undefined
      ? `its timestamps drift from the other cameras' (a variable frame rate)`
      : `its timestamps jump ${(timeOf(video, gap) - timeOf(video, gap - 1)).toFixed(3)} s from frame ${gap - 1} to frame ${gap} ` +
        `(${((timeOf(video, gap) - timeOf(video, gap - 1)) / own).toFixed(1)} frame periods), as where a camera dropped frames while recording`;
  return inputVideoSync(
    `camera '${video.camera}': ${video.file}'s frame ${frame} is stamped ${own0.toFixed(3)} s after its frame 0 but the other cameras' ` +
      `frame ${frame} ${(own0 - out.lag).toFixed(3)} s after theirs (${(Math.abs(out.lag) * common).toFixed(1)} frame(s) at ${common} fps): ${why}. ` +
      `Frames are paired by their index, so its images are of other instants than the other cameras'. Re-encode it at a constant frame ` +
      `rate (ffmpeg -i ${video.file} -vsync cfr -r ${common} OUT repeats the frame before each gap), or ${keep}`,
  );
}
