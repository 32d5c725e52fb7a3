import type { ArtifactKey, RunContext, Stage, StageContext } from '@aquamvs/core';
import { prepareRig, type PairMatches, type Rig } from '@aquamvs/geometry';
import { encodeNpz } from '@aquamvs/io';
import { matcherUnavailable } from '../errors.js';
import { CLASSIC_DEFAULTS, canonicalPairs, matchFrame, matcherSetup, type ClassicMatcherOptions } from '../features/classic-matcher.js';
import { loadMasks } from '../features/masks.js';
import type { ViewFeatures } from '../features/view-features.js';
import { createMatcherExecutor, type MatcherExecutor } from '../parallel/matcher-pool.js';

/**
 * Stage `sparse-matching` (spec §3.4–§3.5) with the built-in matcher (`matcher_type: classic`): features of every
 * active camera with an image this frame, then matches per canonical pair `(min, max)` of the pair selection.
 * `matcher_type: lightglue` fails in `prepare()` with `AQM_ERR_MATCHING_MATCHER_UNAVAILABLE`. Cameras and pairs run on
 * `run.workers` worker threads (started in `prepare()`, stopped in `finish()`; images shared, not copied).
 */
export class SparseMatchingStage implements Stage {
  readonly id = 'sparse-matching';
  readonly consumes: readonly ArtifactKey[] = ['undistortedImages'];
  readonly produces: readonly ArtifactKey[] = ['features', 'matches'];
  readonly #overrides: Partial<ClassicMatcherOptions>;
  #rig: Rig | undefined;
  #options: ClassicMatcherOptions = CLASSIC_DEFAULTS;
  #masks: ReadonlyMap<string, Uint8Array> = new Map();
  #executor: MatcherExecutor | undefined;

  /** `overrides` replace the classic matcher's defaults and the values derived from config. */
  constructor(overrides: Partial<ClassicMatcherOptions> = {}) {
    this.#overrides = overrides;
  }

  async prepare(run: RunContext): Promise<void> {
    const config = run.config;
    if (config.matcher_type === 'lightglue') throw matcherUnavailable(config.matcher_type);
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
    const cached = run.resources.find('masks');
    const masks =
      cached ??
      (await loadMasks(
        config.mask_dir,
        [...rig.ringCameras, ...rig.auxiliaryCameras].map((name) => ({ name, imageSize: rig.calibration.cameras[name].imageSize })),
        run.log,
      ));
    run.resources.set('masks', masks);
    this.#masks = masks;
    await this.#executor?.close();
    this.#executor = createMatcherExecutor(matcherSetup(rig, this.#options, masks), run.workers);
  }

  async finish(): Promise<void> {
    await this.#executor?.close();
    this.#executor = undefined;
  }

  async run(ctx: StageContext): Promise<void> {
    if (this.#rig === undefined) await this.prepare(ctx.run);
    const rig = this.#rig as Rig;
    const images = ctx.artifacts.get('undistortedImages');
    const cameras = [...rig.ringCameras, ...rig.auxiliaryCameras];
    for (const name of cameras) {
      if (!images.has(name)) ctx.log.warn(`frame ${ctx.frame}: camera '${name}' has no undistorted image; its pairs are skipped`);
    }
    const pairs = canonicalPairs(rig.pairs);
    const total = images.size + pairs.length;
    let done = 0;
    const { features, matches, zRange } = await ctx.span('classic-matcher', () =>
      matchFrame(rig, images, pairs, this.#options, this.#masks, () => ctx.progress(++done, total), this.#executor),
    );
    if (zRange !== null) ctx.log.debug(`frame ${ctx.frame}: scene Z extent ${zRange.min.toFixed(3)}–${zRange.max.toFixed(3)} m`);
    const counts = matches.map((m) => `${m.ref}-${m.src}:${m.scores.length}`).join(' ');
    ctx.log.debug(`frame ${ctx.frame}: matches ${counts}`);
    ctx.artifacts.set('features', features);
    ctx.artifacts.set('matches', matches);
    if (ctx.run.config.runtime.save_features) await saveFeatures(ctx, features, matches);
  }
}

/** `features/{cam}.npz` (keypoints, descriptors, scores) and `features/{a}_{b}.npz` (ref_keypoints, src_keypoints, scores). */
async function saveFeatures(ctx: StageContext, features: ReadonlyMap<string, ViewFeatures>, matches: readonly PairMatches[]): Promise<void> {
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
