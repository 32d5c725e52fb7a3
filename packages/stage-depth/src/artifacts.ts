/**
 * Run resources this package reads. `undistortedImages`, `depthRanges` and `depthMaps` are declared by
 * `@aquamvs/core` (CoreArtifacts); `calibration`/`rig` by `@aquamvs/geometry`. ROI masks are produced by the
 * matching stage's package; the same declaration (identical type) is repeated here so this package reads them
 * without importing another stage.
 */
declare module '@aquamvs/core' {
  interface RunResources {
    /** ROI masks by camera (non-zero = keep), spec §3.14. */
    masks: ReadonlyMap<string, Uint8Array>;
  }
}

export {};
