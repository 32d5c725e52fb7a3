import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { lastLine } from './video-probe.js';

/** Where a {@link VideoStream} starts and how big its frames are. */
export interface VideoStreamSpec {
  readonly file: string;
  readonly width: number;
  readonly height: number;
  /** Frame rate used to turn `startIndex` into a seek time; 0 disables seeking (decode from the start and drop). */
  readonly fps: number;
  /** The video's frame times (`VideoInfo.frameTimes`); when given, seeks go by them instead of by `fps`. */
  readonly frameTimes?: Float64Array;
  /** Seconds from the file's start to its first frame (`VideoInfo.firstFrameTime`); with `frameTimes`. */
  readonly firstFrameTime?: number;
  readonly startIndex: number;
  readonly binary: string;
  /**
   * Layout of the frames read: `rgb24` (interleaved, converted by ffmpeg), or the planes of a 4:2:0 video as decoded
   * (`yuv420p`, or `yuvj420p` for full range): Y, then U, then V, each chroma plane ⌈width/2⌉ × ⌈height/2⌉.
   * @default 'rgb24'
   */
  readonly rawFormat?: RawPixelFormat;
}

/** Frame layouts a {@link VideoStream} can read. */
export type RawPixelFormat = 'rgb24' | 'yuv420p' | 'yuvj420p';

/** Bytes of one `width`×`height` frame in `format`. */
export function rawFrameBytes(width: number, height: number, format: RawPixelFormat): number {
  return format === 'rgb24' ? width * height * 3 : width * height + 2 * Math.ceil(width / 2) * Math.ceil(height / 2);
}

/**
 * Where `-ss` lands between frame `startIndex − 1` and frame `startIndex`: halfway between their timestamps where the
 * video has them (a video that dropped frames is not at `index / fps`), else half a nominal frame before; `undefined`
 * to decode from the start.
 */
function seekTimeOf(spec: VideoStreamSpec): number | undefined {
  const k = spec.startIndex;
  if (k <= 0) return undefined;
  const times = spec.frameTimes;
  if (times !== undefined && spec.firstFrameTime !== undefined && k < times.length) return spec.firstFrameTime + (times[k - 1] + times[k]) / 2;
  return spec.fps > 0 ? (k - 0.5) / spec.fps : undefined;
}

/**
 * One ffmpeg process decoding a video to raw RGB24 (or 4:2:0 YUV) frames over a pipe, from `startIndex` on. Frames are read
 * one at a time with back-pressure (ffmpeg blocks while the reader is behind); each frame is filled chunk by
 * chunk into its own buffer, so memory and copying stay linear in the bytes decoded.
 */
export class VideoStream {
  /** Index of the frame the next {@link read} returns. */
  position: number;
  readonly frameBytes: number;
  readonly #child: ChildProcessByStdio<null, Readable, Readable>;
  readonly #frames: AsyncGenerator<Uint8Array, void, boolean>;
  readonly #exited: Promise<number | null>;
  #stderr = '';
  #spawnError: Error | undefined;
  #lastKept = true;
  #killed = false;

  constructor(spec: VideoStreamSpec) {
    this.position = spec.startIndex;
    const format = spec.rawFormat ?? 'rgb24';
    this.frameBytes = rawFrameBytes(spec.width, spec.height, format);
    const seekTime = seekTimeOf(spec);
    // Accurate input seek: frames before the time are decoded and dropped by ffmpeg itself.
    const seek = seekTime === undefined ? [] : ['-ss', seekTime.toFixed(6)];
    if (seekTime === undefined) this.position = 0;
    const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-noautorotate', ...seek, '-i', spec.file];
    args.push('-map', '0:v:0', '-vsync', 'passthrough', '-f', 'rawvideo', '-pix_fmt', format, '-');
    this.#child = spawn(spec.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child.stderr.setEncoding('utf8');
    this.#child.stderr.on('data', (chunk: string) => {
      this.#stderr = (this.#stderr + chunk).slice(-8192);
    });
    this.#exited = new Promise((resolve) => {
      this.#child.once('error', (error) => {
        this.#spawnError = error;
        resolve(null);
      });
      this.#child.once('close', (code) => resolve(code));
    });
    this.#frames = rawFrames(this.#child.stdout, this.frameBytes);
  }

  /**
   * The next frame, or `null` at the end of the stream. `keep: false` lets the buffer be reused for the
   * following frame (for frames that are only skipped over).
   */
  async read(keep: boolean): Promise<Uint8Array | null> {
    const result = await this.#frames.next(!this.#lastKept);
    this.#lastKept = keep;
    if (result.done) return null;
    this.position += 1;
    return result.value;
  }

  /**
   * Why the stream ended early: ffmpeg's last error line, or a spawn error. ffmpeg exits 0 when it stops at a packet
   * it cannot decode (a file cut off inside a frame); its error line then says so.
   */
  async failure(): Promise<string> {
    const code = await this.#exited;
    if (this.#spawnError) return this.#spawnError.message;
    const line = lastLine(this.#stderr);
    if (code === 0) return line ? `decoding failed (${line})` : 'end of stream';
    return `ffmpeg exited with code ${code}${line ? `: ${line}` : ''}`;
  }

  /** Stops decoding: ends the reader and kills ffmpeg if it still runs; resolves once it has exited. */
  async close(): Promise<void> {
    if (!this.#killed) {
      this.#killed = true;
      if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGKILL');
      await this.#frames.return(undefined);
      this.#child.stdout.destroy();
    }
    await this.#exited;
  }
}

/** Splits a byte stream into frames of `frameBytes`; `next(true)` lets the previous frame's buffer be reused. */
async function* rawFrames(stream: Readable, frameBytes: number): AsyncGenerator<Uint8Array, void, boolean> {
  let frame = new Uint8Array(frameBytes);
  let filled = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(frameBytes - filled, chunk.length - offset);
      frame.set(chunk.subarray(offset, offset + n), filled);
      filled += n;
      offset += n;
      if (filled === frameBytes) {
        const recycle: boolean = yield frame;
        if (!recycle) frame = new Uint8Array(frameBytes);
        filled = 0;
      }
    }
  }
}
