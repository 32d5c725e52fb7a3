import { inject, injectable, spanOptionsFor } from '@aquamvs/core';
import { resolve } from 'node:path';
import type { ArtifactKey, RunContext, Stage, StageContext } from '@aquamvs/core';
import { prepareRig, type PairMatches, type Rig } from '@aquamvs/geometry';
import { encodeNpz } from '@aquamvs/io';
import { matcherUnavailable } from '../errors.js';
import { CLASSIC_DEFAULTS, canonicalPairs, matchFrame, matcherSetup, type ClassicMatcherOptions } from '../features/classic-matcher.js';
import type { CameraFeatures } from '../artifacts.js';
import { loadMasks } from '../features/masks.js';
import { LightGlueMatcher } from '../lightglue/lightglue-matcher.js';
import { createMatcherExecutor, type MatcherExecutor } from '../parallel/matcher-pool.js';
import { CLASSIC_MATCHER_OPTIONS } from '../tokens.js';

/**
 * Stage `sparse-matching` (spec §3.4–§3.5) with the built-in matcher (`matcher_type: classic`): features of every
 * active camera with an image this frame, then matches per canonical pair `(min, max)` of the pair selection.
 * Cameras and pairs run on `run.workers` worker threads (started in `prepare()`, stopped in `finish()`; images
 * shared, not copied). With `matcher_type: lightglue` the extractor and LightGlue ONNX files of `sparse_matching.onnx`
 * are loaded in `prepare()` (released in `finish()`) and run instead; without them `prepare()` fails with
 * `AQM_ERR_MATCHING_MATCHER_UNAVAILABLE`.
 */
@injectable()
export class SparseMatchingStage implements Stage {
  readonly id = 'sparse-matching';
  readonly consumes: readonly ArtifactKey[] = ['undistortedImages'];
  readonly produces: readonly ArtifactKey[] = ['features', 'matches', 'masks'];
  readonly #overrides: Partial<ClassicMatcherOptions>;
  #rig: Rig | undefined;
  #options: ClassicMatcherOptions = CLASSIC_DEFAULTS;
  #masks: ReadonlyMap<string, Uint8Array> = new Map();
  #executor: MatcherExecutor | undefined;
  #lightglue: LightGlueMatcher | undefined;

  /** `overrides` replace the classic matcher's defaults and the values derived from config. */
  constructor(@inject(CLASSIC_MATCHER_OPTIONS) overrides: Partial<ClassicMatcherOptions> = {}) {
    this.#overrides = overrides;
  }

  async prepare(run: RunContext): Promise<void> {
    const config = run.config;
    const onnx = config.sparse_matching.onnx;
    if (config.matcher_type === 'lightglue') {
      const missing = (['extractor', 'matcher'] as const).filter((k) => onnx[k] === null || onnx[k] === '').map((k) => `sparse_matching.onnx.${k}`);
      if (missing.length > 0) throw matcherUnavailable(config.matcher_type, missing);
    }
    const rig = await prepareRig(run);
    this.#rig = rig;
    const sm = config.sparse_matching;
    this.#options = {
      ...CLASSIC_DEFAULTS,
      maxKeypoints: sm.max_keypoints,
      quality: sm.detection_threshold,
      claheClipLimit: sm.clahe_enabled ? sm.clahe_clip_limit : null,
      ...this.#overrides,
    };
    const masks = await loadMasks(
      config.mask_dir,
      [...rig.ringCameras, ...rig.auxiliaryCameras].map((name) => ({ name, imageSize: rig.calibration.cameras[name].imageSize })),
    );
    this.#masks = masks;
    await this.finish();
    if (config.matcher_type === 'lightglue') {
      const provider = { executionProvider: onnx.execution_provider, log: run.log };
      this.#lightglue = await LightGlueMatcher.load(resolve(onnx.extractor ?? ''), resolve(onnx.matcher ?? ''), provider);
    } else {
      this.#executor = createMatcherExecutor(matcherSetup(rig, this.#options, masks), run.workers);
    }
  }

  async finish(): Promise<void> {
    await this.#executor?.close();
    this.#executor = undefined;
    await this.#lightglue?.release();
    this.#lightglue = undefined;
  }

  async run(ctx: StageContext): Promise<void> {
    if (this.#rig === undefined) await this.prepare(ctx.run);
    const rig = this.#rig as Rig;
    const images = ctx.artifacts.get('undistortedImages');
    const cameras = [...rig.ringCameras, ...rig.auxiliaryCameras];
    for (const name of cameras) {
      if (!images.has(name)) ctx.log.warn(`camera '${name}' has no undistorted image; its pairs are skipped`);
    }
    const pairs = canonicalPairs(rig.pairs);
    const total = images.size + pairs.length;
    let done = 0;
    if (this.#lightglue !== undefined) {
      const lg = this.#lightglue;
      const sm = ctx.run.config.sparse_matching;
      const first = Object.values(rig.calibration.cameras)[0];
      const frame = await ctx.span('lightglue', () =>
        lg.matchFrame(
          new Map([...images].filter(([name]) => rig.models.has(name))),
          pairs,
          {
            maxKeypoints: this.#options.maxKeypoints,
            detectionThreshold: sm.detection_threshold,
            claheClipLimit: this.#options.claheClipLimit,
            filterThreshold: sm.filter_threshold,
            imageSize: first.imageSize,
            masks: this.#masks,
          },
          () => ctx.progress(++done, total),
        ),
      );
      await this.#emit(ctx, frame.features, frame.matches);
      return;
    }
    this.#executor?.takeActivity(); // forget what a failed frame's tasks left
    const { features, matches, zRange } = await ctx.span('classic-matcher', async () => {
      const frame = await matchFrame(rig, images, pairs, this.#options, this.#masks, () => ctx.progress(++done, total), this.#executor);
      // Each worker thread's share of each step, on that thread's own profiler track.
      for (const { task, timings } of this.#executor?.takeActivity() ?? []) {
        for (const timing of timings) await ctx.span(`${task} (worker)`, () => undefined, spanOptionsFor(timing));
      }
      return frame;
    });
    // The workers' handles to this frame's grey planes would otherwise keep them in memory through the plane sweep.
    await this.#executor?.release();
    if (zRange !== null) ctx.log.debug(`scene Z extent ${zRange.min.toFixed(3)}–${zRange.max.toFixed(3)} m`);
    await this.#emit(ctx, features, matches);
  }

  async #emit(ctx: StageContext, features: ReadonlyMap<string, CameraFeatures>, matches: readonly PairMatches[]): Promise<void> {
    const counts = matches.map((m) => `${m.ref}-${m.src}:${m.scores.length}`).join(' ');
    ctx.log.debug(`matches ${counts}`);
    // Only the CameraFeatures fields: the matcher's own views also hold each camera's smoothed grey plane (7 MB at
    // 1600×1200), which the artifact would otherwise keep alive until the frame ends.
    ctx.artifacts.set('features', new Map([...features].map(([name, f]) => [name, cameraFeatures(f)])));
    ctx.artifacts.set('matches', matches);
    ctx.artifacts.set('masks', this.#masks);
    if (ctx.run.config.runtime.save_features) await saveFeatures(ctx, features, matches);
  }
}

/** `features/{cam}.npz` (keypoints, descriptors, scores) and `features/{a}_{b}.npz` (ref_keypoints, src_keypoints, scores). */
async function saveFeatures(ctx: StageContext, features: ReadonlyMap<string, CameraFeatures>, matches: readonly PairMatches[]): Promise<void> {
  for (const [name, f] of features) {
    const n = f.scores.length;
    const bytes = encodeNpz({
      keypoints: { data: Float32Array.from(f.keypoints), shape: [n, 2] },
      descriptors: { data: f.descriptors, shape: [n, f.descriptorSize] },
      scores: { data: f.scores, shape: [n] },
    });
    await ctx.output.writeFile(`features/${name}.npz`, bytes);
  }
  for (const m of matches) {
    const n = m.scores.length;
    const bytes = encodeNpz({
      ref_keypoints: { data: Float32Array.from(m.refPixels), shape: [n, 2] },
      src_keypoints: { data: Float32Array.from(m.srcPixels), shape: [n, 2] },
      scores: { data: m.scores, shape: [n] },
    });
    await ctx.output.writeFile(`features/${m.ref}_${m.src}.npz`, bytes);
  }
}

/** The artifact's part of a camera's features (no working data of the matcher). */
function cameraFeatures({ keypoints, scores, descriptors, descriptorSize }: CameraFeatures): CameraFeatures {
  return { keypoints, scores, descriptors, descriptorSize };
}
