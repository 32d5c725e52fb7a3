import { totalmem } from 'node:os';
import { configInvalid, inputInvalid, selectFrames, type AquamvsConfig, type FrameSource } from '@aquamvs/core';
import { loadCalibration, type Calibration } from '@aquamvs/geometry';
import { ImageDirectorySource, readImage, VideoSource } from '@aquamvs/io';
import { loadMasks } from '@aquamvs/stage-matching';
import { inputImageSize, inputVideoLength } from './errors.js';
import { checkVideoTiming } from './video-timing.js';
import { assertSafeCameraNames } from './frame-source-for-config.js';

/*
 * Everything about a run that is knowable before frame 0 is checked before frame 0 (and before anything is written):
 * the calibration loads and is physically possible and every input camera is calibrated ({@link loadRunCalibration},
 * before the inputs are opened), then each input opens at its calibrated image size, videos are long enough for the
 * selected frames, one camera's cost volume fits in memory, and `mask_dir`'s masks can be applied
 * ({@link checkSourceInputs}). Each throws the documented `AQM_ERR_*` of the first problem.
 */

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

/**
 * The checks of {@link checkRunInputs} that need the opened source (whichever plugin opened it). `warn` gets a line
 * for each check that the inputs do not allow (a video without timestamps).
 */
export async function checkSourceInputs(
  config: AquamvsConfig,
  configFile: string,
  calibration: Calibration,
  source: FrameSource,
  warn: (line: string) => void = () => undefined,
): Promise<void> {
  const frames = selectFrames(source.frameCount, config.preprocessing);
  if (source instanceof VideoSource) checkVideos(config, calibration, source, frames, warn);
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

/** Each video has the calibrated size, none ends before the last selected frame, and their timestamps keep them in step. */
function checkVideos(
  config: AquamvsConfig,
  calibration: Calibration,
  source: VideoSource,
  frames: readonly number[],
  warn: (line: string) => void,
): void {
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
  checkVideoTiming(
    infos.map(({ camera, info }) => ({ camera, file: config.camera_input_map[camera], fps: info?.fps ?? 0, frameTimes: info?.frameTimes })),
    frames,
    warn,
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
