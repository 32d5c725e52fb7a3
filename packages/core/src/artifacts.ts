import { artifactMissing } from './errors.js';

/**
 * Per-frame artifacts. Plugins add their own keys by declaration merging:
 * ```ts
 * declare module '@aquamvs/core' { interface Artifacts { depthMaps: Map<string, DepthMap> } }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Artifacts extends CoreArtifacts {}

/** Artifacts core itself puts into every frame's store. */
export interface CoreArtifacts {
  /** Raw (distorted) images of this frame, by camera name. A camera without an image this frame is absent. */
  rawImages: ReadonlyMap<string, FrameImage>;
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
  get<K extends keyof T & string>(key: K, reader = this.#owner): T[K] {
    if (!this.#values.has(key)) throw artifactMissing(key, reader);
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
