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
  /**
   * Each frame's presentation time in seconds after the first frame's, in presentation order (the order frames are
   * decoded to); absent when the container stores no timestamps (a raw `.h264` stream). A video that dropped a frame
   * while recording shows it here as a gap of two frame periods, which the frame count and `fps` cannot show.
   */
  readonly frameTimes?: Float64Array;
  /** Seconds from the file's start (ffmpeg's `start:`, the time `-ss` counts from) to the first frame; with `frameTimes`. */
  readonly firstFrameTime?: number;
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

/** Runs ffmpeg with `args`, handing each stdout line to `onLine`, keeping the tail of stderr. Rejects only when it cannot start. */
function runFfmpeg(args: readonly string[], binary: string, onLine: (line: string) => void): Promise<FfmpegRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let partial = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_KEEP);
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    });
    child.once('error', reject);
    child.once('close', (code) => {
      if (partial !== '') onLine(partial);
      resolve({ code, stderr });
    });
  });
}

/**
 * Collects the video packets' presentation timestamps from ffmpeg's `framecrc` listing (a stream copy: nothing is
 * decoded): `#tb 0: num/den` gives the time base, then one `stream, dts, pts, duration, size, crc[, flags]` line
 * per packet. A packet without a timestamp (printed as INT64_MIN) means the container keeps none.
 */
class PacketTimes {
  #timeBase = Number.NaN;
  #pts: number[] = [];
  #missing = false;

  add(line: string): void {
    if (line.startsWith('#tb 0:')) {
      const [num, den] = line.slice(6).trim().split('/').map(Number);
      this.#timeBase = num / den;
    } else if (line.startsWith('0,')) {
      const pts = line.split(',')[2]?.trim() ?? '';
      if (pts.startsWith('-9223372036854775808') || pts === '') this.#missing = true;
      else this.#pts.push(Number(pts));
    }
  }

  get count(): number {
    return this.#pts.length + (this.#missing ? 1 : 0);
  }

  /** Seconds after the first frame, sorted (B-frames arrive out of order), with the first frame's own time. */
  times(): { frameTimes: Float64Array; first: number } | undefined {
    if (this.#missing || this.#pts.length === 0 || !(this.#timeBase > 0)) return undefined;
    const sorted = Float64Array.from(this.#pts).sort();
    const first = sorted[0];
    return { frameTimes: sorted.map((p) => (p - first) * this.#timeBase), first: first * this.#timeBase };
  }
}

/** Parses the input stream description and the final `frame=` counter of a stream-copy run. */
function parseProbe(stderr: string, packets: PacketTimes): VideoInfo | string {
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
  const frameCount = Number(frames[frames.length - 1][1]);
  const info: VideoInfo = {
    width: Number(size[1]),
    height: Number(size[2]),
    frameCount,
    fps: fps ? Number(fps[1]) * (fps[2] === 'k' ? 1000 : 1) : 0,
    ...parsePixelFormat(video[1]),
  };
  const times = packets.count === frameCount ? packets.times() : undefined;
  if (times === undefined) return info;
  const start = /Duration: [^\n]*?, start: (-?[\d.]+)/.exec(input);
  return { ...info, frameTimes: times.frameTimes, firstFrameTime: times.first - (start ? Number(start[1]) : 0) };
}

/**
 * Probes size, frame count, frame rate, pixel format and every frame's timestamp with ffmpeg alone (no ffprobe), by
 * a stream copy that decodes nothing. Returns an error detail string on failure.
 */
export async function probeVideo(file: string, binary = ffmpegPath()): Promise<VideoInfo | string> {
  const packets = new PacketTimes();
  const args = ['-hide_banner', '-nostdin', '-noautorotate', '-i', file, '-map', '0:v:0', '-c', 'copy', '-f', 'framecrc', '-'];
  const run = await runFfmpeg(args, binary, (line) => packets.add(line));
  const parsed = parseProbe(run.stderr, packets);
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
