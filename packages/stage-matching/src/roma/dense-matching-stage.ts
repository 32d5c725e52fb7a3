import { inject, injectable } from '@aquamvs/core';
import { resolve } from 'node:path';
import type { ArtifactKey, FrameImage, RunContext, Stage, StageContext } from '@aquamvs/core';
import { prepareRig, type PairMatches, type Rig } from '@aquamvs/geometry';
import { cameraMissing, modelMissing } from '../errors.js';
import { canonicalPairs } from '../features/classic-matcher.js';
import { loadMasks } from '../features/masks.js';
import type { DensePair, DenseWarp, DenseWarpSource, WarpPixelConvention } from '@aquamvs/core';
import { extractCorrespondences } from './extract-correspondences.js';
import { RomaModel } from './roma-model.js';
import { DENSE_MATCHING_STAGE_OPTIONS } from '../tokens.js';

/** Options of {@link DenseMatchingStage}. */
export interface DenseMatchingStageOptions {
  /** Model file; overrides `dense_matching.onnx.model`. */
  readonly model?: string;
  /** Pixel convention of the model's warps (spec §9.1). @default 'centre' */
  readonly convention?: WarpPixelConvention;
}

/**
 * Stage `dense-matching` (spec §3.9, `matcher_type: roma`): loads the RoMa ONNX model once per run (`prepare()`,
 * released in `finish()`), then per frame produces `denseWarps`, a lazy source that runs the model on one directed
 * pair when asked (stage `roma-depth` pulls them one by one, so warps are never all in memory). When a later stage
 * consumes `matches` (`triangulation`, pathway `roma:sparse`) it also runs every canonical pair `(min, max)` now and
 * produces `matches` (certainty above `certainty_threshold`, spatially uniform top-k to `max_correspondences`, ROI
 * masks).
 */
@injectable()
export class DenseMatchingStage implements Stage {
  readonly id = 'dense-matching';
  readonly consumes: readonly ArtifactKey[] = ['undistortedImages'];
  readonly produces: readonly ArtifactKey[] = ['denseWarps', 'matches', 'masks'];
  readonly #options: DenseMatchingStageOptions;
  #rig: Rig | undefined;
  #model: RomaModel | undefined;
  #masks: ReadonlyMap<string, Uint8Array> = new Map();

  constructor(@inject(DENSE_MATCHING_STAGE_OPTIONS) options: DenseMatchingStageOptions = {}) {
    this.#options = options;
  }

  async prepare(run: RunContext): Promise<void> {
    const path = this.#options.model ?? run.config.dense_matching.onnx.model;
    if (path === null || path === '') throw modelMissing();
    const rig = await prepareRig(run);
    this.#rig = rig;
    await this.#model?.release();
    this.#model = await RomaModel.load(resolve(path), { executionProvider: run.config.runtime.device, log: run.log });
    const cameras = [...rig.ringCameras, ...rig.auxiliaryCameras];
    this.#masks = await loadMasks(
      run.config.mask_dir,
      cameras.map((name) => ({ name, imageSize: rig.calibration.cameras[name].imageSize })),
    );
  }

  async run(ctx: StageContext): Promise<void> {
    if (this.#model === undefined || this.#rig === undefined) await this.prepare(ctx.run);
    const rig = this.#rig as Rig;
    const model = this.#model as RomaModel;
    const images = ctx.artifacts.get('undistortedImages');
    const imageOf = (name: string): FrameImage => {
      const image = images.get(name);
      if (image === undefined) throw cameraMissing(name, `undistorted image in frame ${ctx.frame}`);
      return image;
    };
    for (const name of [...rig.ringCameras, ...rig.auxiliaryCameras]) {
      if (!images.has(name)) ctx.log.warn(`camera '${name}' has no undistorted image; its pairs are skipped`);
    }
    const pairs: DensePair[] = [];
    for (const ref of [...rig.ringCameras].sort()) {
      if (!images.has(ref)) continue;
      for (const src of rig.pairs[ref] ?? []) if (images.has(src)) pairs.push({ ref, src });
    }
    const convention = this.#options.convention ?? 'centre';
    const source: DenseWarpSource = {
      pairs,
      convention,
      warp(ref, src, span) {
        const run = (): Promise<DenseWarp> => model.match(imageOf(ref), imageOf(src), `${ref}→${src}`);
        return span === undefined ? run() : span('inference', run);
      },
    };
    ctx.artifacts.set('denseWarps', source);
    ctx.artifacts.set('masks', this.#masks);
    if (ctx.run.consumedLater.has('matches')) {
      const matches = await this.#sparseMatches(ctx, rig, source, images);
      ctx.artifacts.set('matches', matches);
    }
  }

  async #sparseMatches(ctx: StageContext, rig: Rig, source: DenseWarpSource, images: ReadonlyMap<string, FrameImage>): Promise<PairMatches[]> {
    const dm = ctx.run.config.dense_matching;
    const pairs = canonicalPairs(rig.pairs).filter(([a, b]) => images.has(a) && images.has(b));
    const matches: PairMatches[] = [];
    ctx.progress(0, pairs.length);
    for (const [ref, src] of pairs) {
      const warp = await ctx.span('inference', () => source.warp(ref, src));
      const size = (name: string): [number, number] => {
        const image = images.get(name) as FrameImage;
        return [image.width, image.height];
      };
      const found = extractCorrespondences(warp, {
        refSize: size(ref),
        srcSize: size(src),
        certaintyThreshold: dm.certainty_threshold,
        maxCorrespondences: dm.max_correspondences,
        convention: source.convention,
        ...(this.#masks.has(ref) ? { refMask: this.#masks.get(ref) } : {}),
      });
      matches.push({ ref, src, ...found });
      ctx.progress(matches.length, pairs.length);
    }
    ctx.log.debug(`RoMa matches ${matches.map((m) => `${m.ref}-${m.src}:${m.scores.length}`).join(' ')}`);
    return matches;
  }

  async finish(): Promise<void> {
    await this.#model?.release();
    this.#model = undefined;
    this.#rig = undefined;
  }
}
