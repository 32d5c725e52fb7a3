import { inject, injectable, spanOptionsFor } from '@aquamvs/core';
import type { ArtifactKey, FrameImage, RunContext, Stage, StageContext } from '@aquamvs/core';
import { prepareRig, type Rig, type UndistortionModel } from '@aquamvs/geometry';
import { encodePng } from '@aquamvs/io';
import { noImages } from './errors.js';
import { normalizeColors } from './normalize-colors.js';
import { createRemapExecutor, type RemapExecutor } from './remap-pool.js';
import { UNDISTORT_STAGE_OPTIONS } from './tokens.js';

/** Options of {@link UndistortStage}. */
export interface UndistortStageOptions {
  /**
   * Write `undistorted/{cam}.png` for every frame. By default they are written only when the features
   * visualisation is active (`runtime.viz_enabled` with `viz_stages` empty or containing `features`), as in
   * the reference (spec §3.2).
   */
  saveImages?: boolean;
}

/**
 * Stage `undistort` (spec §3.2): `rawImages` → `undistortedImages` on each camera's K_new grid, with optional
 * colour normalisation (§3.15). The cameras' undistortion models (K_new, lens) come once per run from the shared `rig`
 * resource and the maps are made a row at a time while remapping, never held (8 bytes a pixel and camera for the
 * whole run); from the second frame on, cameras are remapped on `run.workers` worker threads (images shared per frame), and the undistorted images live in shared memory for the stages after. An image whose size differs from the calibration fails the
 * frame with `AQM_ERR_UNDISTORT_IMAGE_SIZE`. A calibrated camera with no image at all (the engine lets that through
 * only when `preprocessing.min_cameras` tolerates it) is left out with a warning; a frame with no usable image fails
 * with `AQM_ERR_UNDISTORT_NO_IMAGES`.
 */
@injectable()
export class UndistortStage implements Stage {
  readonly id = 'undistort';
  readonly consumes: readonly ArtifactKey[] = ['rawImages'];
  readonly produces: readonly ArtifactKey[] = ['undistortedImages'];
  readonly intermediates: readonly string[] = ['undistorted'];
  readonly #options: UndistortStageOptions;
  #rig: Rig | undefined;
  #executor: RemapExecutor | undefined;

  constructor(@inject(UNDISTORT_STAGE_OPTIONS) options: UndistortStageOptions = {}) {
    this.#options = options;
  }

  async prepare(run: RunContext): Promise<void> {
    const rig = await prepareRig(run);
    this.#rig = rig;
    await this.#executor?.close();
    // From the first frame on: a worker loads in ~65 ms (it imports `@aquamvs/core/worker`, not the engine), less
    // than remapping a frame on two threads saves.
    this.#executor = createRemapExecutor(this.#models(rig), run.workers);
  }

  async finish(): Promise<void> {
    await this.#executor?.close();
    this.#executor = undefined;
  }

  async run(ctx: StageContext): Promise<void> {
    if (this.#rig === undefined || this.#executor === undefined) await this.prepare(ctx.run);
    const rig = this.#rig as Rig;
    const executor = this.#executor as RemapExecutor;
    executor.takeActivity(); // forget what a failed frame's tasks left
    const raw = ctx.artifacts.get('rawImages');
    const cameras = [...rig.ringCameras, ...rig.auxiliaryCameras];
    let done = 0;
    const results = await Promise.all(
      cameras.map(async (name): Promise<FrameImage | undefined> => {
        const image = raw.get(name);
        let result: FrameImage | undefined;
        if (image === undefined || !rig.models.has(name)) {
          ctx.log.warn(`camera '${name}' has no image; continuing with the others`);
        } else {
          // A wrong-sized image fails the frame (AQM_ERR_UNDISTORT_IMAGE_SIZE): leaving the camera out would report a
          // frame as done from fewer views than the user has.
          result = await executor.undistort(name, image);
        }
        ctx.progress(++done, cameras.length);
        return result;
      }),
    );
    // Each worker thread's remapping, on that thread's own profiler track.
    for (const timing of executor.takeActivity()) await ctx.span('remap (worker)', () => undefined, spanOptionsFor(timing));
    let out = new Map<string, FrameImage>();
    cameras.forEach((name, i) => {
      const image = results[i];
      if (image !== undefined) out.set(name, image);
    });
    if (out.size === 0) throw noImages(ctx.frame, cameras);
    const pre = ctx.run.config.preprocessing;
    if (pre.color_norm_enabled) out = normalizeColors(out, pre.color_norm_method);
    ctx.artifacts.set('undistortedImages', out);
    if (this.#shouldSave(ctx)) {
      for (const [name, image] of out) {
        if (image.data instanceof Float32Array) continue;
        await ctx.output.writeFile(`undistorted/${name}.png`, await encodePng(image, {}, `undistorted/${name}.png`));
      }
    }
  }

  #models(rig: Rig): Map<string, UndistortionModel> {
    return new Map([...rig.models].map(([name, model]) => [name, model.undistortion]));
  }

  #shouldSave(ctx: StageContext): boolean {
    if (this.#options.saveImages !== undefined) return this.#options.saveImages;
    const rt = ctx.run.config.runtime;
    return rt.viz_enabled && (rt.viz_stages.length === 0 || rt.viz_stages.includes('features'));
  }
}
