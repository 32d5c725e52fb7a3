import { describe, expect, it } from 'vitest';
import { checkVideoTiming, type VideoTiming } from './video-timing.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** `count` frames at `fps`, with the frames listed in `dropped` missing from the recording (their slots left as gaps). */
function video(camera: string, fps: number, count: number, dropped: readonly number[] = []): VideoTiming {
  const times: number[] = [];
  for (let slot = 0; times.length < count; slot++) if (!dropped.includes(slot)) times.push(slot / fps);
  return { camera, file: `videos/${camera}.mp4`, fps, frameTimes: Float64Array.from(times) };
}

const rig = (extra: VideoTiming): VideoTiming[] => [...['ring00', 'ring01', 'ring02'].map((c) => video(c, 30, 300)), extra];

function codeAndMessage(run: () => void): [string, string] | undefined {
  try {
    run();
  } catch (error) {
    const e = error as { code: string; message: string };
    return [e.code, e.message];
  }
  return undefined;
}

describe('checkVideoTiming', () => {
  it('accepts cameras in step, with timestamp jitter under half a frame', () => {
    const jittery = video('ring03', 30, 300);
    const times = jittery.frameTimes as Float64Array;
    for (let i = 1; i < times.length; i++) times[i] += (i % 2 === 0 ? 0.4 : -0.4) / 30;
    expect(() => checkVideoTiming(rig(jittery), range(300))).not.toThrow();
  });

  it('refuses the frames from where one camera dropped a frame, naming the camera, the jump and the frames to keep', () => {
    const timings = rig(video('ring03', 30, 300, [120]));
    expect(() => checkVideoTiming(timings, range(120))).not.toThrow();
    expect(codeAndMessage(() => checkVideoTiming(timings, [0, 60, 120, 180]))).toEqual([
      'AQM_ERR_INPUT_VIDEO_SYNC',
      "camera 'ring03': videos/ring03.mp4's frame 120 is stamped 4.033 s after its frame 0 but the other cameras' frame 120 4.000 s after " +
        'theirs (1.0 frame(s) at 30 fps): its timestamps jump 0.067 s from frame 119 to frame 120 (2.0 frame periods), as where a camera ' +
        "dropped frames while recording. Frames are paired by their index, so its images are of other instants than the other cameras'. " +
        'Re-encode it at a constant frame rate (ffmpeg -i videos/ring03.mp4 -vsync cfr -r 30 OUT repeats the frame before each gap), or keep ' +
        'to frames before 120 (preprocessing.frame_stop), where they stay within half a frame',
    ]);
  });

  it('names the camera that dropped a frame when only two cameras record', () => {
    const timings = [video('a', 30, 50), video('b', 30, 50, [10])];
    expect(codeAndMessage(() => checkVideoTiming(timings, range(50)))?.[1]).toMatch(/^camera 'b': .* jump 0\.067 s from frame 9 to frame 10/);
  });

  it('accepts a frame every camera dropped: their images stay paired', () => {
    const timings = ['ring00', 'ring01', 'ring02', 'ring03'].map((c) => video(c, 30, 300, [120]));
    expect(() => checkVideoTiming(timings, range(300))).not.toThrow();
  });

  it('refuses another frame rate from the frame where it is half a frame out (29.97 against 30 fps: frame 500)', () => {
    const ntsc = video('ring03', 30000 / 1001, 600);
    const timings = [...['ring00', 'ring01', 'ring02'].map((c) => video(c, 30, 600)), ntsc];
    expect(() => checkVideoTiming(timings, range(500))).not.toThrow();
    const refused = codeAndMessage(() => checkVideoTiming(timings, range(501)));
    expect(refused?.[0]).toBe('AQM_ERR_INPUT_VIDEO_RATE');
    expect(refused?.[1]).toContain('videos/ring03.mp4 runs at 29.97 fps but 3 camera(s) (ring00, ring01, ring02) at 30 fps');
    expect(refused?.[1]).toContain('keep to frames before 500');
  });

  it('takes a video without timestamps at its nominal rate, and a slow drift as a variable frame rate', () => {
    const bare: VideoTiming = { camera: 'ring03', file: 'videos/ring03.h264', fps: 30 };
    const warnings: string[] = [];
    expect(() => checkVideoTiming(rig(bare), range(300), (line) => warnings.push(line))).not.toThrow();
    expect(warnings).toEqual([
      '1 video(s) keep no frame timestamps (raw streams: ring03 (videos/ring03.h264, 30 fps)): their frames are taken at their nominal ' +
        'rate, and a frame one of them dropped while recording cannot be detected',
    ]);
    const drifting = video('ring03', 30, 300);
    const times = drifting.frameTimes as Float64Array;
    // Half a frame late by the middle of the video, in step again by its end: no single jump, the same mean rate.
    for (let i = 0; i < times.length; i++) times[i] += (0.6 / 30) * Math.sin((Math.PI * i) / 300);
    const refused = codeAndMessage(() => checkVideoTiming(rig(drifting), range(300)));
    expect(refused?.[0]).toBe('AQM_ERR_INPUT_VIDEO_SYNC');
    expect(refused?.[1]).toContain("its timestamps drift from the other cameras' (a variable frame rate)");
  });
});
