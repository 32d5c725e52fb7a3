import type { FrameImage } from './artifacts.js';

/** One synchronised frame: an image per camera (a camera whose image could not be read is absent). */
export interface Frame {
  readonly index: number;
  readonly images: Map<string, FrameImage>;
  /**
   * Why a camera of the source has no image in this frame (camera → one-line reason), e.g. an unreadable file or
   * a video that ended. The engine fails such a frame unless `preprocessing.min_cameras` tolerates it.
   */
  readonly missing?: ReadonlyMap<string, string>;
}

/**
 * Where frames come from: image directories, videos, or a synthetic scene. Implementations live outside core
 * (`@aquamvs/io`), so core never pulls native codecs.
 */
export interface FrameSource {
  /** Camera names, sorted. */
  readonly cameras: readonly string[];
  /** Number of synchronised frames (the minimum over cameras for videos). */
  readonly frameCount: number;
  /** Yields the requested frames in increasing index order. Indices outside `[0, frameCount)` are ignored. */
  frames(indices: readonly number[]): AsyncIterable<Frame>;
  /**
   * A fingerprint of what frame `index` is made from (e.g. {@link fileFingerprint} of each camera's file), stored
   * in `run.json`: a finished frame whose inputs changed is redone. Without it, only the config decides.
   */
  fingerprint?(index: number): Promise<string>;
  /** Releases decoders and file handles. */
  close(): Promise<void>;
}

/** `range(start, min(stop ?? count, count), step)` as in the reference `iterate_frames`. */
export function frameRange(count: number, start = 0, stop: number | null = null, step = 1): number[] {
  const end = Math.min(stop ?? count, count);
  const indices: number[] = [];
  for (let i = Math.max(0, start); i < end; i += Math.max(1, step)) indices.push(i);
  return indices;
}
