import type { DenseWarpSource } from './dense-warp.js';
import { artifactMissing } from './errors.js';

/**
 * Per-frame artifacts. Plugins add their own keys by declaration merging:
 * ```ts
 * declare module '@aquamvs/core' { interface Artifacts { depthMaps: Map<string, DepthMap> } }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Artifacts extends CoreArtifacts {}

/**
 * The artifact vocabulary of the built-in pathways. It lives in core, with plain data types, so that stages in
 * different packages (which never import each other) and third-party stages agree on names and shapes.
 */
export interface CoreArtifacts {
  /** Raw (distorted) images of this frame, by camera name. A camera without an image this frame is absent. */
  rawImages: ReadonlyMap<string, FrameImage>;
  /** Undistorted RGB images on each camera's K_new grid (spec §3.1–§3.2). */
  undistortedImages: ReadonlyMap<string, FrameImage>;
  /** Triangulated sparse cloud before filtering (spec §3.6). */
  sparseCloud: SparseCloud;
  /** The frame's lazy dense matcher (stage `dense-matching`, RoMa pathways, spec §3.9). */
  denseWarps: DenseWarpSource;
  /**
   * ROI masks by camera on the raw image grid (non-zero = keep), from `mask_dir` (spec §3.14); produced by the matching
   * stages (`sparse-matching`, `dense-matching`), empty without `mask_dir`, applied again by the depth stages.
   */
  masks: ReadonlyMap<string, Uint8Array>;
  /** Plane-sweep ray-depth range per ring camera, metres (spec §3.6). */
  depthRanges: ReadonlyMap<string, DepthRange>;
  /** Depth map per reference ring camera on its K_new grid (spec §3.7–§3.8). */
  depthMaps: ReadonlyMap<string, DepthMap>;
  /** The frame's point cloud: fused (full mode) or sparse (sparse mode). */
  pointCloud: PointCloud;
  /** The reconstructed surface mesh. */
  mesh: SurfaceMesh;
}

/** Sparse 3-D points (N×3, world metres) with a per-point match score. */
export interface SparseCloud {
  readonly points: Float64Array;
  readonly scores: Float32Array;
}

/** Ray-depth search range of a camera, metres along the refracted ray. */
export interface DepthRange {
  readonly min: number;
  readonly max: number;
}

/** A depth map: ray depth per pixel (NaN = invalid) and confidence in [0, 1], row-major H×W. */
export interface DepthMap {
  readonly width: number;
  readonly height: number;
  readonly depth: Float32Array;
  readonly confidence: Float32Array;
  /**
   * `true` when the producer already checked the map across views (stage `roma-depth` aggregates pairwise depths), so
   * stage `fusion` skips its geometric consistency filter.
   */
  readonly crossViewChecked?: boolean;
}

/** Points (N×3, world metres) with optional unit normals (N×3) and RGB colours (N×3). */
export interface PointCloud {
  readonly positions: Float64Array;
  readonly normals?: Float32Array;
  readonly colors?: Uint8Array;
  /**
   * `false` when the producer left statistical outlier removal to the consumer (stage `sparse-cloud`, spec §3.11), so
   * stage `surface` runs it; absent or `true`: the cloud is clean (stage `fusion` removed them).
   */
  readonly outliersRemoved?: boolean;
}

/** A triangle mesh: vertices (N×3), optional normals and colours per vertex, faces (M×3 vertex indices). */
export interface SurfaceMesh extends PointCloud {
  readonly faces: Uint32Array;
}

/** Name of a frame artifact. */
export type ArtifactKey = Extract<keyof Artifacts, string>;

/**
 * Per-run resources: things computed once per run (calibration, undistortion maps, projection models).
 * Extended by declaration merging exactly like {@link Artifacts}.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RunResources {}

/** Name of a run resource. */
export type RunResourceKey = Extract<keyof RunResources, string>;

/** An image in memory: interleaved channels, row-major. Colour images are RGB. */
export interface FrameImage {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  readonly data: Uint8Array | Uint16Array | Float32Array;
}

/** A typed key-value store. `get` throws a clear error when a key is missing. */
export class TypedStore<T extends object> {
  readonly #values = new Map<keyof T, unknown>();
  readonly #owner: string;

  constructor(owner = 'store') {
    this.#owner = owner;
  }

  /** Returns the value under `key`; throws `AQM_ERR_ARTIFACT_MISSING` when absent. */
  get<K extends keyof T & string>(key: K): T[K] {
    if (!this.#values.has(key)) throw artifactMissing(key, this.#owner);
    return this.#values.get(key) as T[K];
  }

  /** Returns the value under `key`, or `undefined`. */
  find<K extends keyof T & string>(key: K): T[K] | undefined {
    return this.#values.get(key) as T[K] | undefined;
  }

  set<K extends keyof T & string>(key: K, value: T[K]): void {
    this.#values.set(key, value);
  }

  has(key: keyof T & string): boolean {
    return this.#values.has(key);
  }

  delete(key: keyof T & string): void {
    this.#values.delete(key);
  }

  keys(): string[] {
    return [...this.#values.keys()] as string[];
  }
}

/** The frame artifact store. */
export type ArtifactStore = TypedStore<Artifacts>;
/** The run resource store. */
export type ResourceStore = TypedStore<RunResources>;
