import type { PairMatches } from '@aquamvs/geometry';

/** Keypoints and descriptors of one camera, on its undistorted (K_new) grid. */
export interface CameraFeatures {
  /** N×2 `(u, v)` pixels. */
  readonly keypoints: Float64Array;
  /** N detector responses (higher = stronger). */
  readonly scores: Float32Array;
  /** N×D descriptors (zero-mean, unit-norm patches). */
  readonly descriptors: Float32Array;
  /** D. */
  readonly descriptorSize: number;
}

declare module '@aquamvs/core' {
  interface Artifacts {
    /** Per-camera features of the frame (stage `sparse-matching`). */
    features: ReadonlyMap<string, CameraFeatures>;
    /** Matches per canonical camera pair `(min name, max name)` (stage `sparse-matching`, spec §3.5). */
    matches: readonly PairMatches[];
  }
}
