import { join } from 'node:path';
import type { FrameImage } from '@aquamvs/core';
import { encodePng, readImage, readNpz, writeFileAtomic } from '@aquamvs/io';
import { colormapLut } from './colormap.js';
import { RgbCanvas, type Rgb } from './rgb-canvas.js';
import { isFile, listFiles } from './run-files.js';

/** Matched pixels of a camera pair, as saved in `features/{a}_{b}.npz`. */
export interface PairMatchesFile {
  /** N×2 pixels in the first image. */
  readonly ref: ArrayLike<number>;
  /** N×2 pixels in the second image. */
  readonly src: ArrayLike<number>;
  /** N match scores (higher = better). */
  readonly scores: ArrayLike<number>;
}

/** Options of {@link renderMatches}. */
export interface RenderMatchesOptions {
  /** Most lines drawn (the best-scoring ones). @default 300 */
  maxLines?: number;
  /** Height of each image in the output. @default the taller input */
  height?: number;
}

/**
 * The two images side by side with a line per match, coloured by score (viridis, low → high) and a dot at both
 * ends. Titles name the cameras and the number of matches.
 */
export function renderMatches(
  a: { name: string; image: FrameImage },
  b: { name: string; image: FrameImage },
  matches: PairMatchesFile,
  options: RenderMatchesOptions = {},
): FrameImage {
  const height = options.height ?? Math.max(a.image.height, b.image.height);
  const sa = height / a.image.height;
  const sb = height / b.image.height;
  const wa = Math.round(a.image.width * sa);
  const wb = Math.round(b.image.width * sb);
  const title = 18;
  const canvas = new RgbCanvas(wa + wb, height + title, [255, 255, 255]);
  canvas.drawImage(a.image, 0, title, wa, height);
  canvas.drawImage(b.image, wa, title, wb, height);
  const n = matches.scores.length;
  canvas.text(4, 5, `${a.name} - ${b.name}: ${n} matches`, [0, 0, 0]);
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => matches.scores[j] - matches.scores[i]);
  const shown = order.slice(0, options.maxLines ?? 300).reverse();
  let lo = Infinity;
  let hi = -Infinity;
  for (const i of shown) {
    lo = Math.min(lo, matches.scores[i]);
    hi = Math.max(hi, matches.scores[i]);
  }
  const lut = colormapLut('viridis');
  for (const i of shown) {
    const t = hi > lo ? (matches.scores[i] - lo) / (hi - lo) : 1;
    const k = Math.round(t * 255);
    const c: Rgb = [lut[3 * k], lut[3 * k + 1], lut[3 * k + 2]];
    const x0 = matches.ref[2 * i] * sa;
    const y0 = title + matches.ref[2 * i + 1] * sa;
    const x1 = wa + matches.src[2 * i] * sb;
    const y1 = title + matches.src[2 * i + 1] * sb;
    canvas.line(x0, y0, x1, y1, c, 1, 0.8);
    canvas.disc(x0, y0, 1.5, c);
    canvas.disc(x1, y1, 1.5, c);
  }
  return canvas.toImage();
}

/** The image with its keypoints drawn as small red crosses and the count in the corner. */
export function renderKeypoints(name: string, image: FrameImage, keypoints: ArrayLike<number>): FrameImage {
  const canvas = new RgbCanvas(image.width, image.height);
  canvas.drawImage(image, 0, 0);
  const n = Math.floor(keypoints.length / 2);
  const red: Rgb = [230, 30, 30];
  for (let i = 0; i < n; i++) {
    const x = keypoints[2 * i];
    const y = keypoints[2 * i + 1];
    canvas.line(x - 2, y, x + 2, y, red);
    canvas.line(x, y - 2, x, y + 2, red);
  }
  canvas.fillRect(0, 0, Math.min(image.width, 8 + 6 * (name.length + 12)), 14, [255, 255, 255]);
  canvas.text(4, 4, `${name}: ${n} keypoints`, [0, 0, 0]);
  return canvas.toImage();
}

/**
 * Writes `viz/sparse_{cam}.png` (keypoints) and `viz/matches_{a}_{b}.png` from `undistorted/{cam}.png` and
 * `features/` of a frame (spec §3.16: stems with `_` are pairs). Cameras without an undistorted image are skipped.
 */
export async function writeFeatureViz(frameDir: string): Promise<string[]> {
  const written: string[] = [];
  const images = new Map<string, FrameImage>();
  const imageOf = async (camera: string): Promise<FrameImage | undefined> => {
    if (images.has(camera)) return images.get(camera);
    const path = join(frameDir, 'undistorted', `${camera}.png`);
    const image = (await isFile(path)) ? await readImage(path) : undefined;
    if (image !== undefined) images.set(camera, image);
    return image;
  };
  const files = await listFiles(join(frameDir, 'features'), '.npz');
  const cameras = new Set(files.map((f) => f.slice(0, -4)).filter((s) => !s.includes('_')));
  for (const file of files) {
    const stem = file.slice(0, -4);
    const arrays = await readNpz(join(frameDir, 'features', file));
    if (!stem.includes('_')) {
      const image = await imageOf(stem);
      if (image === undefined || arrays.keypoints === undefined) continue;
      const path = join(frameDir, 'viz', `sparse_${stem}.png`);
      written.push(await writeFileAtomic(path, await encodePng(renderKeypoints(stem, image, arrays.keypoints.data as ArrayLike<number>), {}, path)));
      continue;
    }
    const split = splitPair(stem, cameras);
    if (split === undefined || !arrays.ref_keypoints || !arrays.src_keypoints || !arrays.scores) continue;
    const [ca, cb] = split;
    const [ia, ib] = [await imageOf(ca), await imageOf(cb)];
    if (ia === undefined || ib === undefined) continue;
    const image = renderMatches(
      { name: ca, image: ia },
      { name: cb, image: ib },
      {
        ref: arrays.ref_keypoints.data as ArrayLike<number>,
        src: arrays.src_keypoints.data as ArrayLike<number>,
        scores: arrays.scores.data as ArrayLike<number>,
      },
    );
    const path = join(frameDir, 'viz', `matches_${ca}_${cb}.png`);
    written.push(await writeFileAtomic(path, await encodePng(image, {}, path)));
  }
  return written;
}

/** Splits `a_b` into two camera names, preferring a split where both are known cameras (names may contain `_`). */
function splitPair(stem: string, cameras: ReadonlySet<string>): [string, string] | undefined {
  const splits: [string, string][] = [];
  for (let i = stem.indexOf('_'); i > 0; i = stem.indexOf('_', i + 1)) splits.push([stem.slice(0, i), stem.slice(i + 1)]);
  return splits.find(([a, b]) => cameras.has(a) && cameras.has(b)) ?? splits[0];
}
