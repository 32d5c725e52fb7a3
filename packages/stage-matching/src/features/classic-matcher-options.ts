/** Options of the built-in (`classic`) matcher. Every field has a default in {@link CLASSIC_DEFAULTS}. */
export interface ClassicMatcherOptions {
  /** Keypoints per camera (config `sparse_matching.max_keypoints`). */
  maxKeypoints: number;
  /** Corner threshold relative to the strongest corner (config `sparse_matching.detection_threshold`). */
  quality: number;
  /** CLAHE clip limit (config `clahe_clip_limit` when `clahe_enabled`), or null. */
  claheClipLimit: number | null;
  /** Plausible ray-depth band (m) searched along each epipolar curve. */
  depthMin: number;
  depthMax: number;
  /** Descriptor grid G (G² values) and sample spacing in pixels of a typical ring camera. */
  descriptorGrid: number;
  descriptorStepPx: number;
  /** Refinement patch grid and sample spacing in pixels. */
  refineGrid: number;
  refineStepPx: number;
  /** Integer search radius of the refinement, pixels. */
  refineSearchPx: number;
  /** Maximum distance from the refractive epipolar curve, pixels. */
  tolerancePx: number;
  /** Lowe ratio on descriptor distances, both directions. */
  ratio: number;
  /** Minimum descriptor NCC and minimum refined NCC. */
  minNcc: number;
  minRefinedNcc: number;
  /** Smoothing before detection and sampling, pixels. */
  blurSigma: number;
  /**
   * Third-view check of refined matches: minimum NCC of A's patch in some other camera that sees the
   * triangulated point (null = off). Removes wrong matches that agree in two views by chance.
   */
  thirdViewNcc: number | null;
  /** Third views tried per match (the pair's neighbours in pair-selection order). */
  thirdViews: number;
}

/** Defaults of {@link ClassicMatcherOptions}. */
export const CLASSIC_DEFAULTS: ClassicMatcherOptions = {
  maxKeypoints: 2048,
  quality: 0.005,
  claheClipLimit: null,
  depthMin: 0.01,
  depthMax: 2.5,
  descriptorGrid: 9,
  descriptorStepPx: 1.5,
  refineGrid: 9,
  refineStepPx: 1.0,
  refineSearchPx: 3,
  tolerancePx: 3,
  ratio: 0.8,
  minNcc: 0.5,
  minRefinedNcc: 0.85,
  blurSigma: 1.0,
  thirdViewNcc: 0.8,
  thirdViews: 2,
};
