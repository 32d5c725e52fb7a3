import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { fileFingerprint, type Frame, type FrameImage, type FrameSource } from '@aquamvs/core';
import { firstLine, inputMissing, videoProbe } from './errors.js';
import { ffmpegPath } from './ffmpeg-path.js';
import { normaliseIndices } from './frame-indices.js';
import type { WarningHandler } from './image-directory-source.js';
import { probeVideo, type VideoInfo } from './video-probe.js';
import { VideoStream } from './video-stream.js';

/** Options of {@link VideoSource.open}. */
export interface VideoSourceOptions {
  /** Called when a camera's video ends or fails before a requested frame (that camera is left out of the frame). */
  onWarning?: WarningHandler;
  /**
   * Largest gap between consecutive requested frames that is decoded through (frames dropped) instead of
   * restarting ffmpeg with a seek. Default 48.
   */
  seekGap?: number;
  /** ffmpeg binary (default: `AQUAMVS_FFMPEG`, else the one in `@ffmpeg-installer/ffmpeg`). */
  ffmpeg?: string;
}

interface CameraVideo {
  readonly file: string;
  readonly info: VideoInfo;
}

/**
 * Frames from one video file per camera, decoded by ffmpeg to RGB uint8. The synchronised frame count is
 * the minimum over cameras. Requested frames are decoded sequentially; a gap larger than `seekGap` restarts
 * the decoder with an accurate seek (frame-exact for constant-frame-rate videos).
 */
export class VideoSource implements FrameSource {
  readonly cameras: readonly string[];
  readonly frameCount: number;
  readonly #videos: ReadonlyMap<string, CameraVideo>;
  readonly #warn: WarningHandler;
  readonly #seekGap: number;
  readonly #binary: string;
  readonly #open = new Set<VideoStream>();
  #videoFingerprints: Promise<string[]> | undefined;

  private constructor(videos: ReadonlyMap<string, CameraVideo>, options: VideoSourceOptions, binary: string) {
    this.#videos = videos;
    this.cameras = [...videos.keys()];
    this.frameCount = Math.min(...[...videos.values()].map((v) => v.info.frameCount));
    this.#warn = options.onWarning ?? (() => undefined);
    this.#seekGap = Math.max(0, options.seekGap ?? 48);
    this.#binary = binary;
  }

  /**
   * Probes every camera's video. Throws `AQM_ERR_IO_INPUT_MISSING` for a missing file and
   * `AQM_ERR_IO_VIDEO_PROBE` (naming camera and file) for a file ffmpeg cannot read.
   */
  static async open(cameraVideos: Readonly<Record<string, string>>, options: VideoSourceOptions = {}): Promise<VideoSource> {
    const cameras = Object.keys(cameraVideos).sort();
    if (cameras.length === 0) throw inputMissing('camera_input_map', '(empty)', 'lists no camera');
    const binary = options.ffmpeg ?? ffmpegPath();
    const infos = await Promise.all(
      cameras.map(async (camera) => {
        const file = cameraVideos[camera];
        const st = await stat(file).catch(() => null);
        if (!st?.isFile()) throw inputMissing(`camera '${camera}'`, file, 'is not an existing video file');
        let info: VideoInfo | string;
        try {
          info = await probeVideo(file, binary);
        } catch (error) {
          throw videoProbe(camera, file, `cannot run ffmpeg ${binary}: ${firstLine(error)}`);
        }
        if (typeof info === 'string') throw videoProbe(camera, file, info);
        return { file, info };
      }),
    );
    return new VideoSource(new Map(cameras.map((c, i) => [c, infos[i]])), options, binary);
  }

  /** Size, frame count and frame rate of a camera's video as probed. */
  videoInfo(camera: string): VideoInfo | undefined {
    return this.#videos.get(camera)?.info;
  }

  /**
   * Content fingerprint of frame `index`: the frame number and each camera's video {@link fileFingerprint} (size and
   * SHA-256 of its first and last 64 KiB, computed once per run), so a re-encoded or replaced video redoes its frames.
   */
  async fingerprint(index: number): Promise<string> {
    this.#videoFingerprints ??= Promise.all(
      this.cameras.map(async (camera) => `${camera}\0${await fileFingerprint(this.#videos.get(camera)?.file ?? '')}`),
    );
    return createHash('sha256')
      .update(`${index}\n${(await this.#videoFingerprints).join('\n')}`)
      .digest('hex')
      .slice(0, 16);
  }

  /** Reads one frame (a fresh decoder, seeking when possible). */
  async readFrame(index: number): Promise<Frame | undefined> {
    for await (const frame of this.frames([index])) return frame;
    return undefined;
  }

  async *frames(indices: readonly number[]): AsyncIterable<Frame> {
    const wanted = normaliseIndices(indices, this.frameCount);
    const streams = new Map<string, VideoStream>();
    const ended = new Map<string, number>();
    try {
      for (const index of wanted) {
        const images = new Map<string, FrameImage>();
        const missing = new Map<string, string>();
        const decoded = await Promise.all(this.cameras.map((camera) => this.#advance(camera, index, streams, ended)));
        this.cameras.forEach((camera, i) => {
          const image = decoded[i];
          if (typeof image === 'string') missing.set(camera, image);
          else images.set(camera, image);
        });
        yield missing.size === 0 ? { index, images } : { index, images, missing };
      }
    } finally {
      await Promise.all([...streams.values()].map((s) => this.#close(s)));
    }
  }

  async #advance(camera: string, index: number, streams: Map<string, VideoStream>, ended: Map<string, number>): Promise<FrameImage | string> {
    const video = this.#videos.get(camera);
    if (!video) return `camera '${camera}' has no video`;
    const endedAt = ended.get(camera);
    if (endedAt !== undefined && index >= endedAt) {
      const reason = `${video.file} ended at frame ${endedAt}`;
      this.#warn(`frame ${index}: no image from camera '${camera}' (${reason})`);
      return reason;
    }
    let stream = streams.get(camera);
    if (!stream || stream.position > index || index - stream.position > this.#seekGap) {
      if (stream) await this.#close(stream);
      stream = new VideoStream({ ...video.info, file: video.file, startIndex: index, binary: this.#binary });
      this.#open.add(stream);
      streams.set(camera, stream);
    }
    let data: Uint8Array | null = null;
    while (stream.position <= index) {
      data = await stream.read(stream.position === index);
      if (data === null) break;
    }
    if (data === null) {
      ended.set(camera, stream.position);
      const reason = `${video.file}: ${await stream.failure()} after frame ${stream.position - 1}`;
      this.#warn(`frame ${index}: no image from camera '${camera}': ${reason}`);
      return reason;
    }
    return { width: video.info.width, height: video.info.height, channels: 3, data };
  }

  async #close(stream: VideoStream): Promise<void> {
    this.#open.delete(stream);
    await stream.close();
  }

  /** Kills every ffmpeg process still running for this source. */
  async close(): Promise<void> {
    await Promise.all([...this.#open].map((s) => this.#close(s)));
  }
}
