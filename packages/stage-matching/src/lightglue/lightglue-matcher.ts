import type { FrameImage } from '@aquamvs/core';
import type { PairMatches } from '@aquamvs/geometry';
import type { CameraFeatures } from '../artifacts.js';
import { ExtractorModel, type OnnxModelOptions } from './extractor-model.js';
import { extractFeatures, type FeatureExtractOptions } from './extract-features.js';
import { MatcherModel, normaliseKeypoints } from './matcher-model.js';

/** Options of {@link LightGlueMatcher.matchFrame}. */
export interface LightGlueFrameOptions extends Omit<FeatureExtractOptions, 'mask' | 'inputSize'> {
  /** Matches scoring below it are dropped (`>=` keeps, in float32; spec §3.5). */
  readonly filterThreshold: number;
  /** `[W, H]` the keypoints are normalised by: the first calibration camera's image size (spec §3.5). */
  readonly imageSize: readonly [number, number];
  readonly masks?: ReadonlyMap<string, Uint8Array>;
}

/** Result of {@link LightGlueMatcher.matchFrame}. */
export interface LightGlueFrame {
  readonly features: Map<string, CameraFeatures>;
  readonly matches: PairMatches[];
}

/**
 * The learned sparse matcher (`matcher_type: lightglue`): an extractor and a LightGlue ONNX export, both loaded once
 * per run. Features per camera, then each canonical pair `(a, b)` matched once with image 0 = `a`.
 * @example
 * const lg = await LightGlueMatcher.load('superpoint.onnx', 'superpoint_lightglue.onnx');
 * const { matches } = await lg.matchFrame(images, [['cam0', 'cam1']], { maxKeypoints: 2048, detectionThreshold: 0.005,
 *   claheClipLimit: null, filterThreshold: 0.1, imageSize: [1600, 1200] });
 * await lg.release();
 */
export class LightGlueMatcher {
  private constructor(
    readonly extractor: ExtractorModel,
    readonly matcher: MatcherModel,
  ) {}

  /** Loads both files; throws `AQM_ERR_MATCHING_MODEL_INVALID` naming the file and key. */
  static async load(extractorPath: string, matcherPath: string, options: OnnxModelOptions = {}): Promise<LightGlueMatcher> {
    const extractor = await ExtractorModel.load(extractorPath, options);
    try {
      return new LightGlueMatcher(extractor, await MatcherModel.load(matcherPath, options));
    } catch (error) {
      await extractor.release();
      throw error;
    }
  }

  /** Features of every image and matches of every pair whose cameras both have an image. */
  async matchFrame(
    images: ReadonlyMap<string, FrameImage>,
    pairs: readonly (readonly [string, string])[],
    options: LightGlueFrameOptions,
    onStep: () => void = () => undefined,
  ): Promise<LightGlueFrame> {
    const features = new Map<string, CameraFeatures>();
    for (const [name, image] of images) {
      const mask = options.masks?.get(name);
      const run = (grey: Float32Array, w: number, h: number): ReturnType<ExtractorModel['run']> => this.extractor.run(grey, w, h, name);
      features.set(
        name,
        await extractFeatures(name, image, run, { ...options, inputSize: this.extractor.inputSize, ...(mask === undefined ? {} : { mask }) }),
      );
      onStep();
    }
    const [w, h] = options.imageSize;
    const matches: PairMatches[] = [];
    for (const [a, b] of pairs) {
      const fa = features.get(a);
      const fb = features.get(b);
      if (fa === undefined || fb === undefined) continue;
      matches.push(await this.#matchPair(a, b, fa, fb, w, h, options.filterThreshold));
      onStep();
    }
    return { features, matches };
  }

  async #matchPair(a: string, b: string, fa: CameraFeatures, fb: CameraFeatures, w: number, h: number, threshold: number): Promise<PairMatches> {
    const empty = { ref: a, src: b, refPixels: new Float64Array(0), srcPixels: new Float64Array(0), scores: new Float32Array(0) };
    if (fa.scores.length === 0 || fb.scores.length === 0) return empty;
    const found = await this.matcher.match(
      normaliseKeypoints(fa.keypoints, w, h),
      normaliseKeypoints(fb.keypoints, w, h),
      fa.descriptors,
      fb.descriptors,
      fa.descriptorSize,
      `${a}-${b}`,
    );
    const keep: number[] = [];
    const min = Math.fround(threshold);
    for (let k = 0; k < found.scores.length; k++) if (found.scores[k] >= min) keep.push(k);
    const refPixels = new Float64Array(keep.length * 2);
    const srcPixels = new Float64Array(keep.length * 2);
    const scores = new Float32Array(keep.length);
    keep.forEach((k, r) => {
      refPixels.set(fa.keypoints.subarray(found.idx0[k] * 2, found.idx0[k] * 2 + 2), r * 2);
      srcPixels.set(fb.keypoints.subarray(found.idx1[k] * 2, found.idx1[k] * 2 + 2), r * 2);
      scores[r] = found.scores[k];
    });
    return { ...empty, refPixels, srcPixels, scores };
  }

  /** Frees both sessions. */
  async release(): Promise<void> {
    await this.extractor.release();
    await this.matcher.release();
  }
}
