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
  };
}

/** Probes size, frame count and frame rate with ffmpeg alone (no ffprobe). Returns an error detail string on failure. */
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
