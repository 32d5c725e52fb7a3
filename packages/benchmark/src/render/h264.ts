import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { ffmpegPath, rawRgbStdinArgs } from '@aquamvs/io';
import { benchmarkArgument, benchmarkVideo } from '../errors.js';

/** How a synthetic camera records its frames: H.264 (libx264, yuv420p) at a constant rate factor. */
export interface H264Settings {
  /** libx264 constant rate factor: 0 lossless … 51 worst; 23 (x264's default) is a typical camera quality. */
  readonly crf: number;
  /** libx264 preset. @default 'medium' */
  readonly preset?: string;
}

/** An 8-bit RGB frame (what the renderer produces). */
export interface RgbFrame {
  readonly width: number;
  readonly height: number;
  /** Interleaved RGB, row-major, `width·height·3` bytes. */
  readonly data: Uint8Array;
}

/** Frame rate written into synthetic videos. */
const VIDEO_FPS = 30;

type Ffmpeg = ChildProcessByStdio<Writable, Readable, Readable>;

function checkFrame(frame: RgbFrame, settings: H264Settings): void {
  const { width, height } = frame;
  if (width % 2 !== 0 || height % 2 !== 0) throw benchmarkArgument('H.264 frame size', 'even width and height (yuv420p)', [width, height]);
  if (frame.data.length !== width * height * 3) throw benchmarkArgument('H.264 frame', `${width * height * 3} RGB bytes`, frame.data.length);
  if (!(Number.isInteger(settings.crf) && settings.crf >= 0 && settings.crf <= 51))
    throw benchmarkArgument('crf', 'an integer in [0, 51]', settings.crf);
}

/**
 * libx264 encoder arguments reading raw RGB frames on stdin. One thread: the bitstream then depends only on the
 * input and the settings, not on the machine's core count (x264's frame threads change its decisions). The RGB →
 * YUV conversion rounds accurately, as a camera's own YUV would be; decoding keeps ffmpeg's default conversion,
 * exactly as the pipeline's video source decodes (it darkens by ~1.5 grey levels; NCC does not mind).
 */
function encoderArgs(width: number, height: number, settings: H264Settings): string[] {
  return [
    ...rawRgbStdinArgs(width, height, VIDEO_FPS),
    '-sws_flags',
    'accurate_rnd+full_chroma_int+bicubic',
    '-c:v',
    'libx264',
    '-preset',
    settings.preset ?? 'medium',
    '-crf',
    String(settings.crf),
    '-pix_fmt',
    'yuv420p',
    '-threads',
    '1',
  ];
}

function start(args: readonly string[]): { child: Ffmpeg; exited: Promise<void>; what: string } {
  const child = spawn(ffmpegPath(), args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4096);
  });
  // A closed stdin (ffmpeg exited early) is reported through the exit code below.
  child.stdin.on('error', () => undefined);
  const what = args.includes('libx264') ? 'H.264 encode' : 'H.264 decode';
  const exited = new Promise<void>((resolve, reject) => {
    child.once('error', (error) => reject(benchmarkVideo(what, error.message)));
    child.once('close', (code) => {
      const line = stderr.trim().split('\n').pop() ?? '';
      if (code === 0) resolve();
      else reject(benchmarkVideo(what, `ffmpeg exited with code ${String(code)}${line === '' ? '' : `: ${line}`}`));
    });
  });
  return { child, exited, what };
}

async function writeFrames(stdin: Writable, data: Uint8Array, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    if (!stdin.write(data)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          stdin.off('drain', done);
          stdin.off('close', done);
          resolve();
        };
        stdin.on('drain', done);
        stdin.on('close', done);
      });
      if (stdin.destroyed) break;
    }
  }
  stdin.end();
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * Passes one frame through a real H.264 encode and decode (ffmpeg: libx264 at `settings`, yuv420p, then back to
 * RGB), as a camera that records video and a pipeline that decodes it would: the result carries the codec's
 * blocking, ringing, chroma subsampling and quantisation. Deterministic for a given ffmpeg build.
 * @example
 * const seen = await h264RoundTrip(rendered, { crf: 23 });
 */
export async function h264RoundTrip(frame: RgbFrame, settings: H264Settings): Promise<Uint8Array> {
  checkFrame(frame, settings);
  const encoder = start([...encoderArgs(frame.width, frame.height, settings), '-f', 'h264', '-']);
  const decoder = start(['-hide_banner', '-nostdin', '-loglevel', 'error', '-f', 'h264', '-i', '-', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
  encoder.child.stdout.pipe(decoder.child.stdin);
  // A decoder that dies stops reading: end the encoder too, or it would block on a full pipe.
  decoder.exited.catch(() => encoder.child.kill('SIGKILL'));
  const [, , , decoded] = await Promise.all([
    writeFrames(encoder.child.stdin, frame.data, 1),
    encoder.exited,
    decoder.exited,
    collect(decoder.child.stdout),
  ]);
  const bytes = frame.width * frame.height * 3;
  if (decoded.length !== bytes)
    throw benchmarkVideo(decoder.what, `decoded ${decoded.length} bytes, expected one ${frame.width}×${frame.height} RGB frame`);
  return new Uint8Array(decoded.subarray(0, bytes));
}

/**
 * Writes `count` copies of `frame` as an H.264 MP4 video (libx264 at `settings`, yuv420p, 30 fps): a static
 * scene recorded by a video camera.
 * @example
 * await writeH264Video('videos/ring00.mp4', rendered, 10, { crf: 23 });
 */
export async function writeH264Video(file: string, frame: RgbFrame, count: number, settings: H264Settings): Promise<void> {
  checkFrame(frame, settings);
  const encoder = start([...encoderArgs(frame.width, frame.height, settings), '-movflags', '+faststart', '-y', file]);
  encoder.child.stdout.resume();
  await Promise.all([writeFrames(encoder.child.stdin, frame.data, count), encoder.exited]);
}
