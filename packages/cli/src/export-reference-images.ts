import { createOutputWriter, inputInvalid, type AquamvsConfig, type Logger } from '@aquamvs/core';
import { loadCalibration, undistortionModel } from '@aquamvs/geometry';
import { encodePng } from '@aquamvs/io';
import { undistortImage } from '@aquamvs/stage-undistort';
import { openConfiguredFrameSource } from './frame-source-for-config.js';

/** What {@link exportReferenceImages} wrote. */
export interface ReferenceImages {
  /** `{output_dir}/reference_images`. */
  readonly dir: string;
  /** Camera → absolute PNG path, in calibration order (ring cameras and auxiliary). */
  readonly files: ReadonlyMap<string, string>;
}

/**
 * Undistorts frame `frame` of every input camera the calibration has (auxiliary included) onto its K_new grid and
 * writes `{output_dir}/reference_images/{cam}.png` (spec §6 `export-refs`): the images masks for `mask_dir` are
 * drawn on, pixel for pixel the grid the depth maps use. A frame outside the input is `AQM_ERR_INPUT_INVALID`.
 */
export async function exportReferenceImages(
  config: AquamvsConfig,
  frame: number,
  log: Logger,
  onCamera?: (camera: string) => void,
): Promise<ReferenceImages> {
  const calibration = await loadCalibration(config.calibration_path);
  for (const warning of calibration.warnings) log.warn(warning);
  const source = await openConfiguredFrameSource(config, log);
  try {
    if (frame >= source.frameCount)
      throw inputInvalid(`--frame ${frame}: the input has ${source.frameCount} frame(s) (0 to ${source.frameCount - 1})`);
    const cameras = Object.keys(calibration.cameras).filter((name) => source.cameras.includes(name));
    if (cameras.length === 0) {
      throw inputInvalid(
        `camera_input_map names no camera of ${config.calibration_path} (calibrated cameras: ${Object.keys(calibration.cameras).join(', ')})`,
      );
    }
    const writer = createOutputWriter(config.output_dir).sub('reference_images');
    const files = new Map<string, string>();
    for await (const { images, missing } of source.frames([frame])) {
      for (const camera of cameras) {
        const image = images.get(camera);
        if (image === undefined) throw inputInvalid(`camera '${camera}' has no image in frame ${frame}: ${missing?.get(camera) ?? 'not read'}`);
        const undistorted = undistortImage(camera, image, undistortionModel(calibration.cameras[camera]));
        files.set(camera, await writer.writeFile(`${camera}.png`, await encodePng(undistorted, {}, `${camera}.png`)));
        onCamera?.(camera);
      }
    }
    return { dir: writer.root, files };
  } finally {
    await source.close();
  }
}

/** How to draw masks on the reference images (printed by `aquamvs export-refs`). */
export function maskInstructions(dir: string): string {
  return [
    `Draw ROI masks on these images (they are undistorted: masks must match them pixel for pixel):`,
    `  1. copy ${dir}/{camera}.png to <masks>/{camera}.png for each camera you want to mask`,
    `  2. paint what to ignore black (0); anything non-zero is kept; keep the image size unchanged`,
    `     (save as greyscale or RGB PNG; a camera without a mask file is not masked)`,
    `  3. set mask_dir: <masks> in the config and run it: no depth or point is made from masked pixels`,
  ].join('\n');
}
