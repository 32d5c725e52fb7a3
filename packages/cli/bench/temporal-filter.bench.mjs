// Throughput and memory of `temporal-filter` at field resolution: a 1600×1200 H.264 video (a static textured bed
// with a moving bright occluder) is filtered with the default hybrid seek, window 30, framestep 1, PNG output.
// Reports median frames written per second and the peak RSS of the filtering process (the window of decoded frames:
// the video is yuv420p, held as its planes, ~86 MB at 1600×1200×1.5×30; the ffmpeg decoder is a separate process, its
// own RSS not included).
// Writes .benchmarks/temporal-filter.json at the repo root.
// Usage: node bench/temporal-filter.bench.mjs [outputs=10] [window=30] [width=1600] [height=1200]
// The filter runs in a child process (`--filter VIDEO OUT WINDOW`), so its peak RSS is not the video generator's. The
// child reports its own high-water mark, VmHWM: Linux's getrusage maxRSS carries over the parent's RSS at the fork
// (it survives exec), which made the filter look as if it grew with the video the parent had generated.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ffmpegPath, rawFrameBytes, rawRgbStdinArgs } from '@aquamvs/io';
import { temporalFilterVideo } from '../dist/temporal-filter/temporal-filter.js';

if (process.argv[2] === '--filter') {
  const [video, out, window] = process.argv.slice(3);
  const stamps = [];
  const baselineRssKiB = process.memoryUsage().rss / 1024;
  const t0 = performance.now();
  const result = await temporalFilterVideo(
    video,
    out,
    { window: Number(window), framestep: 1, windowStep: 1, format: 'png', outputFps: 30, exactSeek: false },
    () => stamps.push(performance.now()),
  );
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  process.stdout.write(
    JSON.stringify({
      frames: result.frames,
      windowFormat: result.windowFormat,
      t0,
      stamps,
      baselineRssKiB,
      maxRssKiB: hwm ? Number(hwm[1]) : process.resourceUsage().maxRSS,
    }),
  );
  process.exit(0);
}

const [outputsArg = '10', windowArg = '30', widthArg = '1600', heightArg = '1200'] = process.argv.slice(2);
const [outputs, window, width, height] = [outputsArg, windowArg, widthArg, heightArg].map(Number);
const frames = window + outputs - 1;
const repo = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'aqm-tfilter-bench-'));
const video = join(dir, 'bed.mp4');

// Bed texture plus a 200 px occluder crossing at 40 px per frame, streamed frame by frame into ffmpeg (libx264, crf 18).
const raw = Buffer.alloc(width * height * 3);
const encoder = spawn(
  ffmpegPath(),
  ['-y', ...rawRgbStdinArgs(width, height, 30), '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '18', '-pix_fmt', 'yuv420p', video],
  { stdio: ['pipe', 'ignore', 'pipe'] },
);
let encoderErr = '';
encoder.stderr.on('data', (d) => (encoderErr += d));
const encoded = new Promise((res) => encoder.once('close', (code) => res({ status: code, stderr: encoderErr })));
for (let f = 0; f < frames; f++) {
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      const fish = y > 500 && y < 700 && x >= f * 40 && x < f * 40 + 200;
      for (let c = 0; c < 3; c++) raw[o + c] = fish ? 240 : ((((x * 37) ^ (y * 91) ^ (c * 53)) * 2654435761) >>> 24) >> 1;
    }
  }
  await new Promise((res, rej) => encoder.stdin.write(Buffer.from(raw), (e) => (e ? rej(e) : res())));
}
encoder.stdin.end();
const { status: encoderStatus, stderr: encoderStderr } = await encoded;
if (encoderStatus !== 0) throw new Error(`ffmpeg failed: ${encoderStderr}`);

const child = spawnSync(process.execPath, [import.meta.filename, '--filter', video, join(dir, 'out'), String(window)], {
  encoding: 'utf8',
  maxBuffer: 1 << 24,
});
if (child.status !== 0) throw new Error(`filter failed: ${child.stderr}`);
const result = JSON.parse(child.stdout);
const { t0, stamps } = result;
const totalS = (stamps.at(-1) - t0) / 1000;
const perFrame = stamps.map((t, i) => (t - (i === 0 ? t0 : stamps[i - 1])) / 1000);
const steady = perFrame.slice(1).sort((a, b) => a - b);
const medianS = steady[steady.length >> 1] ?? perFrame[0];
const peakRssMiB = result.maxRssKiB / 1024;
const record = {
  bench: 'temporal-filter',
  date: new Date().toISOString(),
  video: { width, height, frames, codec: 'h264' },
  settings: { window, framestep: 1, windowStep: 1, format: 'png', seek: 'hybrid' },
  outputs: result.frames,
  totalS,
  firstOutputS: perFrame[0],
  medianOutputS: medianS,
  fps: 1 / medianS,
  peakRssMiB,
  baselineRssMiB: result.baselineRssKiB / 1024,
  windowFormat: result.windowFormat,
  windowMiB: (rawFrameBytes(width, height, result.windowFormat) * window) / 2 ** 20,
  machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg: loadavg() },
};
mkdirSync(join(repo, '.benchmarks'), { recursive: true });
writeFileSync(join(repo, '.benchmarks', 'temporal-filter.json'), `${JSON.stringify(record, null, 2)}\n`);
rmSync(dir, { recursive: true, force: true });
console.log(
  `temporal-filter ${width}×${height}, window ${window}: ${result.frames} frames in ${totalS.toFixed(1)} s (first ${perFrame[0].toFixed(2)} s incl. ${window} decodes), ` +
    `steady ${(1 / medianS).toFixed(2)} frames/s (median ${medianS.toFixed(2)} s/frame); peak RSS ${peakRssMiB.toFixed(0)} MiB (window ${record.windowMiB.toFixed(0)} MiB of ${result.windowFormat}, process before filtering ${record.baselineRssMiB.toFixed(0)} MiB); load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
);
