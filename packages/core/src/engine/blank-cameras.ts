import type { FrameImage } from '../artifacts.js';

/**
 * Edge of the blocks whose means the structure measure compares. A lens cap's or a dark housing's image is sensor
 * noise, which averages out over a block's 64 pixels (σ/8); the bed's texture, shading and relief do not.
 */
const BLOCK = 8;

/**
 * How much an image shows: the mean absolute difference between the means of neighbouring 8×8 blocks, on the first
 * channel of a grey image or the second (green) of a colour one, in the image's own units. `undefined` for an image
 * smaller than 2×2 blocks, which it cannot judge.
 * @example
 * imageStructure({ width: 320, height: 240, channels: 3, data }); // ≈ 16 on a synthetic sand bed, < 1 under a lens cap
 */
export function imageStructure(image: FrameImage): number | undefined {
  const { width, height, channels, data } = image;
  const bw = Math.floor(width / BLOCK);
  const bh = Math.floor(height / BLOCK);
  if (bw < 2 || bh < 2) return undefined;
  const channel = channels === 3 ? 1 : 0;
  const means = new Float64Array(bw * bh);
  for (let y = 0; y < bh * BLOCK; y++) {
    const row = Math.floor(y / BLOCK) * bw;
    let p = y * width * channels + channel;
    for (let bx = 0; bx < bw; bx++) {
      let sum = 0;
      for (let k = 0; k < BLOCK; k++, p += channels) sum += data[p];
      means[row + bx] += sum;
    }
  }
  let total = 0;
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      const m = means[by * bw + bx];
      if (bx + 1 < bw) total += Math.abs(m - means[by * bw + bx + 1]);
      if (by + 1 < bh) total += Math.abs(m - means[(by + 1) * bw + bx]);
    }
  }
  const pairs = (bw - 1) * bh + bw * (bh - 1);
  return total / pairs / (BLOCK * BLOCK);
}

/**
 * The cameras of a frame whose image shows almost nothing next to the others' (a lens cap left on, a camera that
 * records black or saturated frames, a decoder that returns grey): structure ({@link imageStructure}) below `ratio` ×
 * the upper quartile over the frame's cameras, each with a one-line reason. The upper quartile, not the median: when a
 * hub of the rig fails and half its cameras record black, the median is blank itself; one camera that sees far more
 * than the others (glare, a calibration board) moves it no more than the median. The cameras are judged against each
 * other, so a dark or hazy scene, which every camera sees alike, is not blank; nor can a frame in which (almost) every
 * camera is blank be told from one (the triangulation stage fails such a frame: no sparse point). `ratio` 0 judges
 * nothing; fewer than 2 judgeable images neither.
 */
export function blankCameras(images: ReadonlyMap<string, FrameImage>, ratio: number): Map<string, string> {
  const blank = new Map<string, string>();
  if (!(ratio > 0)) return blank;
  const measured: [string, number][] = [];
  for (const [camera, image] of images) {
    const s = imageStructure(image);
    if (s !== undefined) measured.push([camera, s]);
  }
  if (measured.length < 2) return blank;
  const reference = upperQuartile(measured.map(([, s]) => s));
  for (const [camera, s] of measured) {
    if (s < ratio * reference) {
      blank.set(
        camera,
        `its image is blank: structure ${s.toFixed(2)} against the cameras' upper quartile ${reference.toFixed(2)}, under preprocessing.blank_image_ratio ${ratio}`,
      );
    }
  }
  return blank;
}

/** The 75th percentile of `values`, linear between the two nearest ranks. */
function upperQuartile(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = 0.75 * (sorted.length - 1);
  const below = Math.floor(at);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (at - below) * (sorted[above] - sorted[below]);
}
