import { totalmem } from 'node:os';
import { configInvalid, inputInvalid, selectFrames, type AquamvsConfig, type FrameSource } from '@aquamvs/core';
import { loadCalibration, type Calibration } from '@aquamvs/geometry';
import { ImageDirectorySource, readImage, VideoSource } from '@aquamvs/io';
import { loadMasks } from '@aquamvs/stage-matching';
import { inputImageSize, inputVideoLength, inputVideoRate } from './errors.js';
import { assertSafeCameraNames } from './frame-source-for-config.js';

/**
 * Everything about a run that is knowable before frame 0, checked before frame 0 (and before anything is written):
 * the calibration loads and is physically possible, every input camera is calibrated, each input opens at its
 * calibrated image size, videos are long enough for the selected frames, one camera's cost volume fits in memory,
 * and `mask_dir`'s masks can be applied. Throws the documented `AQM_ERR_*` of the first problem. Returns the loaded
 * calibration, which the run reuses (so a stage's `prepare` never meets a calibration error).
 */
export async function checkRunInputs(config: AquamvsConfig, configFile: string, source: FrameSource): Promise<Calibration | undefined> {
  const calibration = await loadRunCalibration(config);
  if (calibration !== undefined) await checkSourceInputs(config, configFile, calibration, source);
  return calibration;
}

/** `mask_dir`'s masks load for the input cameras (`AQM_ERR_MATCHING_MASK` otherwise), as the matching stages will load them. */
async function checkMasks(config: AquamvsConfig, calibration: Calibration): Promise<void> {
  const cameras = Object.keys(config.camera_input_map).map((name) => ({ name, imageSize: calibration.cameras[name].imageSize }));
  await loadMasks(config.mask_dir, cameras);
}

/** The calibration a run uses, with every input camera in it (`undefined` when the config names none). */
export async function loadRunCalibration(config: AquamvsConfig): Promise<Calibration | undefined> {
  assertSafeCameraNames(config);
  // A pipeline of plugin stages may not need a calibration; a stage that does fails in `prepare` with its code.
  if (config.calibration_path === '') return undefined;
  const calibration = await loadCalibration(config.calibration_path);
  checkCamerasCalibrated(config, calibration);
  return calibration;
}

/** The checks of {@link checkRunInputs} that need the opened source (whichever plugin opened it). */
export async function checkSourceInputs(config: AquamvsConfig, configFile: string, calibration: Calibration, source: FrameSource): Promise<void> {
  const frames = selectFrames(source.frameCount, config.preprocessing);
  if (source instanceof VideoSource) checkVideos(config, calibration, source, frames.at(-1) ?? 0);
  if (source instanceof ImageDirectorySource) await checkImages(config, calibration, source, frames[0]);
  const problem = costVolumeProblem(config.reconstruction.num_depths, largestImage(calibration, source.cameras), totalmem());
  if (problem !== undefined) throw configInvalid(configFile, [problem]);
  await checkMasks(config, calibration);
}

function checkCamerasCalibrated(config: AquamvsConfig, calibration: Calibration): void {
  const calibrated = Object.keys(calibration.cameras);
  for (const camera of Object.keys(config.camera_input_map)) {
    if (!calibrated.includes(camera)) {
      throw inputInvalid(
        `camera_input_map: camera '${camera}' is not in the calibration ${config.calibration_path} (calibrated cameras: ${calibrated.join(', ')})`,
      );
    }
  }
}

/** The first selected frame of every camera decodes at the calibrated size (later frames are checked as they come). */
async function checkImages(config: AquamvsConfig, calibration: Calibration, source: ImageDirectorySource, frame: number): Promise<void> {
  for (const camera of source.cameras) {
    const file = source.imagePath(camera, frame);
    const image = await readImage(file);
    const expected = calibration.cameras[camera].imageSize;
    if (image.width !== expected[0] || image.height !== expected[1]) {
      throw inputImageSize(camera, file, [image.width, image.height], expected, config.calibration_path);
    }
  }
}

/** Each video has the calibrated size, none ends before the last selected frame, and their frame rates keep them in step. */
function checkVideos(config: AquamvsConfig, calibration: Calibration, source: VideoSource, lastFrame: number): void {
  const infos = source.cameras.map((camera) => ({ camera, info: source.videoInfo(camera) }));
  for (const { camera, info } of infos) {
    const expected = calibration.cameras[camera].imageSize;
    if (info !== undefined && (info.width !== expected[0] || info.height !== expected[1])) {
      throw inputImageSize(camera, config.camera_input_map[camera], [info.width, info.height], expected, config.calibration_path);
    }
  }
  const counts = infos.map(({ camera, info }) => ({ camera, count: info?.frameCount ?? 0 }));
  const shortest = counts.reduce((a, b) => (b.count < a.count ? b : a));
  const longest = counts.reduce((a, b) => (b.count > a.count ? b : a));
  const stop = config.preprocessing.frame_stop;
  if (shortest.count < longest.count && (stop === null || stop > shortest.count)) {
    throw inputVideoLength(
      `camera '${shortest.camera}': ${config.camera_input_map[shortest.camera]} has ${shortest.count} frames but camera '${longest.camera}' has ${longest.count}; ` +
        `the run would silently stop at frame ${shortest.count}. Set preprocessing.frame_stop (or --frames :${shortest.count}) to process only the frames every camera has`,
    );
  }
  checkFrameRates(
    config,
    infos.flatMap(({ camera, info }) => (info !== undefined && info.fps > 0 ? [{ camera, fps: info.fps }] : [])),
    lastFrame,
  );
}

/**
 * Frames are paired across cameras by their index, as in the reference. Videos of different frame rates drift apart
 * by the difference of their frame periods each frame: a camera at 60 fps among cameras at 30 shows, at frame 300,
 * the instant of frame 150. The run is refused when, by the last selected frame, a camera's image is half a frame or
 * more from the instant of the rig's most common rate. (29.97 against 30 fps: from frame 500 on.)
 */
function checkFrameRates(config: AquamvsConfig, rates: readonly { camera: string; fps: number }[], lastFrame: number): void {
  if (rates.length < 2) return;
  const counts = new Map<number, number>();
  for (const { fps } of rates) counts.set(fps, (counts.get(fps) ?? 0) + 1);
  const common = [...counts].reduce((a, b) => (b[1] > a[1] || (b[1] === a[1] && b[0] > a[0]) ? b : a))[0];
  const atCommon = rates.filter((r) => r.fps === common).map((r) => r.camera);
  const named = atCommon.length <= 4 ? atCommon.join(', ') : `${atCommon.slice(0, 3).join(', ')}, …`;
  const drift = (fps: number): number => Math.abs(1 / fps - 1 / common);
  const worst = rates.reduce((a, b) => (drift(b.fps) > drift(a.fps) ? b : a));
  const perFrame = drift(worst.fps);
  const halfFrame = 0.5 / Math.max(worst.fps, common);
  if (perFrame === 0 || lastFrame * perFrame < halfFrame) return;
  const inStep = Math.ceil(halfFrame / perFrame);
  throw inputVideoRate(
    `camera '${worst.camera}': ${config.camera_input_map[worst.camera]} runs at ${worst.fps} fps but ${atCommon.length} camera(s) (${named}) ` +
      `at ${common} fps; frames are paired by their index, so by frame ${lastFrame} their images are ${(lastFrame * perFrame).toFixed(3)} s ` +
      `apart (${(lastFrame * perFrame * common).toFixed(1)} frame(s) at ${common} fps). ` +
      `Re-encode the videos to one frame rate, or keep to frames before ${inStep} (preprocessing.frame_stop), where they stay within half a frame`,
  );
}

function largestImage(calibration: Calibration, cameras: readonly string[]): { camera: string; width: number; height: number } | undefined {
  let best: { camera: string; width: number; height: number } | undefined;
  for (const camera of cameras) {
    const size = calibration.cameras[camera]?.imageSize;
    if (size !== undefined && (best === undefined || size[0] * size[1] > best.width * best.height))
      best = { camera, width: size[0], height: size[1] };
  }
  return best;
}

/**
 * One reference camera's plane-sweep cost volume, `num_depths × width × height` float32 values (the layout of the
 * reference implementation; ours sweeps in tiles and needs less), must fit in half the machine's memory.
 */
export function costVolumeProblem(
  numDepths: number,
  image: { camera: string; width: number; height: number } | undefined,
  memoryBytes: number,
): string | undefined {
  if (image === undefined) return undefined;
  const bytes = numDepths * image.width * image.height * 4;
  if (bytes <= memoryBytes / 2) return undefined;
  const gb = (b: number): string => `${(b / 2 ** 30).toFixed(1)} GiB`;
  return `reconstruction.num_depths: ${numDepths} depth planes need about ${gb(bytes)} for the cost volume of camera '${image.camera}' at ${image.width}×${image.height} (num_depths × width × height × 4 bytes), more than half of this machine's ${gb(memoryBytes)}`;
}
