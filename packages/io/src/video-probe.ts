import { spawn } from 'node:child_process';
import { ffmpegPath } from './ffmpeg-path.js';

/** What {@link probeVideo} learns about a video's first video stream. */
export interface VideoInfo {
  readonly width: number;
  readonly height: number;
  /** Number of video packets (= frames for every common codec), counted by a stream copy without decoding. */
  readonly frameCount: number;
  /** Average frame rate as ffmpeg prints it (`fps`, falling back to `tbr`); 0 when unknown. */
  readonly fps: number;
  /** Pixel format the decoder produces, as ffmpeg names it (`yuv420p`, `yuvj420p`, `gbrp`, …); '' when not printed. */
  readonly pixelFormat: string;
  /** Colour range the stream declares: `tv` (limited) or `pc` (full); absent when it declares none. */
  readonly colorRange?: 'tv' | 'pc';
  /** YCbCr matrix the stream declares, as ffmpeg names it (`bt709`, `bt470bg`, `smpte170m`, …); absent when none. */
  readonly colorSpace?: string;
}

/** ffmpeg's colour space names (`av_color_space_name`), less `unknown` and `reserved`. */
const COLOR_SPACES = new Set([
  'gbr',
  'bt709',
  'fcc',
  'bt470bg',
  'smpte170m',
  'smpte240m',
  'ycgco',
  'bt2020nc',
  'bt2020c',
  'smpte2085',
  'chroma-derived-nc',
  'chroma-derived-c',
  'ictcp',
]);

/** Splits ffmpeg's stream description at the commas outside parentheses. */
function topLevelFields(description: string): string[] {
  const fields: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < description.length; i++) {
    const c = description[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      fields.push(description.slice(start, i).trim());
      start = i + 1;
    }
  }
  fields.push(description.slice(start).trim());
  return fields;
}

/** The pixel format field after the codec, e.g. `yuv420p(tv, bt709/bt709/iec61966-2-1, progressive)`. */
function parsePixelFormat(description: string): Pick<VideoInfo, 'pixelFormat' | 'colorRange' | 'colorSpace'> {
  const field = /^([a-z0-9_]+)(?:\((.*)\))?$/.exec(topLevelFields(description)[1] ?? '');
  if (!field) return { pixelFormat: '' };
  const info: { pixelFormat: string; colorRange?: 'tv' | 'pc'; colorSpace?: string } = { pixelFormat: field[1] };
  for (const token of (field[2] ?? '').split(',').map((t) => t.trim())) {
    if (token === 'tv' || token === 'pc') info.colorRange = token;
    else if (info.colorSpace === undefined && COLOR_SPACES.has(token.split('/')[0])) info.colorSpace = token.split('/')[0];
  }
  return info;
}

/** Result of running a short ffmpeg command to completion. */
interface FfmpegRun {
  readonly code: number | null;
  /** The last 16 KiB of stderr. */
  readonly stderr: string;
}

const STDERR_KEEP = 16 * 1024;

/** Runs ffmpeg with `args`, discarding stdout, keeping the tail of stderr. Rejects only when it cannot start. */
function runFfmpeg(args: readonly string[], binary = ffmpegPath()): Promise<FfmpegRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_KEEP);
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stderr }));
  });
}

/** Parses the input stream description and the final `frame=` counter of a stream-copy run. */
function parseProbe(stderr: string): VideoInfo | string {
  const text = stderr.replace(/\r/g, '\n');
  const inputStart = text.indexOf('Input #0');
  const outputStart = text.search(/Output #0|Stream mapping/);
  const input = text.slice(Math.max(0, inputStart), outputStart > inputStart ? outputStart : undefined);
  const video = /Stream #0:\d+.*?: Video: (.*)/.exec(input);
  if (!video) return 'no video stream';
  const size = /(?:^|[ ,])(\d+)x(\d+)(?=[ ,[]|$)/.exec(video[1]);
  if (!size) return `cannot find the frame size in '${video[1].trim()}'`;
  const fps = /([\d.]+)(k?) fps/.exec(video[1]) ?? /([\d.]+)(k?) tbr/.exec(video[1]);
  const frames = [...text.matchAll(/frame=\s*(\d+)/g)];
  if (frames.length === 0) return 'ffmpeg reported no frame count';
  return {
    width: Number(size[1]),
    height: Number(size[2]),
    frameCount: Number(frames[frames.length - 1][1]),
    fps: fps ? Number(fps[1]) * (fps[2] === 'k' ? 1000 : 1) : 0,
    ...parsePixelFormat(video[1]),
  };
}

/** Probes size, frame count, frame rate and pixel format with ffmpeg alone (no ffprobe). Returns an error detail string on failure. */
export async function probeVideo(file: string, binary = ffmpegPath()): Promise<VideoInfo | string> {
  const run = await runFfmpeg(['-hide_banner', '-nostdin', '-noautorotate', '-i', file, '-map', '0:v:0', '-c', 'copy', '-f', 'null', '-'], binary);
  const parsed = parseProbe(run.stderr);
  if (run.code !== 0 && typeof parsed !== 'string') return lastLine(run.stderr);
  if (run.code !== 0) return lastLine(run.stderr) || parsed;
  return parsed;
}

/** The last non-empty stderr line (ffmpeg's actual complaint). */
export function lastLine(stderr: string): string {
  const lines = stderr
    .replace(/\r/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  return lines[lines.length - 1] ?? '';
}
