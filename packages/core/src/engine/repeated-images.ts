import { createHash } from 'node:crypto';
import type { FrameImage } from '../artifacts.js';
import type { Frame, FrameSource } from '../frame-source.js';

/**
 * Share of a camera's pixel values that must differ from the frame before for it to count as live. Sensor noise
 * (σ ≥ 1 grey level) changes most of a live camera's values in every frame, so an exact repeat stands out. Inter-frame
 * compression (H.264, and frames extracted from it) copies a still view's blocks, and a fish changes only its own
 * part of a view: neither is evidence against a repeat, so such rigs are not judged.
 */
const LIVE_SHARE = 0.5;
/** Every this many values is compared for the share that changed (identity is tested on every byte). */
const SAMPLE_STRIDE = 7;
/**
 * Sensor noise against a new view: the frame-to-frame change of a still view through a live sensor is a few grey levels
 * at the median (σ ≈ 1–7 levels) and without structure: over 8 × 8 blocks it averages out (the mean |block mean| of
 * the change is 0.13 of its mean |change| for independent pixels, 0.31 for noise correlated by a 3 × 3 binomial as a
 * demosaiced sensor's is). Another camera's image, or the same camera's view moved, changes in structures larger
 * than a block (a view moved by a pixel changes by its gradient: 0.68 on the tests' texture) or by tens of levels.
 */
const NOISE_MEDIAN_MAX = 10;
const NOISE_STRUCTURE_MAX = 0.5;
const NOISE_BLOCK = 8;
/** About this many blocks are judged per image (every block of a small view, every 3rd in both directions at 1600×1200). */
const NOISE_BLOCKS = 2000;
/** Cameras with only sensor noise changed that name a repeat however many others repeat too (a hub of the rig down). */
const NOISE_WITNESSES = 2;
/** Frames before a checked frame that its verdict reads: the frame before (the repeat) and the one before that (noise). */
const LOOK_BACK = 2;

/**
 * The cameras of a frame whose image is the frame before's, byte for byte, while most of the rig's other cameras are
 * live (at least half of their pixel values changed, as sensor noise changes them), or while at least two of them
 * changed by sensor noise alone (small changes without structure: see `NOISE_MEDIAN_MAX`) both into this frame and
 * into the frame before (`noise`, {@link noisyCameras} of both): a frozen camera, or a frame the recorder copied to
 * fill one it dropped. Either way the image is not of this instant, and matching it with the others' would put stale
 * content into the frame. Each comes with a one-line reason. The second test names the frozen cameras of a hub that
 * went down with most of the rig. Two cameras whose images changed by content (swapped cables in a still synthetic
 * scene) are no witnesses, nor are cameras whose still view changed once (an intra-coded frame of a compressed video,
 * while the others' decode to the same bytes): sensor noise changes a live camera's image in every frame. When no
 * camera records noise (a still synthetic scene rendered twice) or the frames went through inter-frame compression (a
 * still view decodes to the same bytes), none is named.
 * @example
 * const noise = { intoFrame: noisyCameras(frame.images, previous.images), intoPrevious: noisyCameras(previous.images, frameBefore.images) };
 * repeatedCameras(frame.images, previous.images, 7, noise);
 * // Map { 'ring03' => "its image repeats frame 6's …" }
 */
export function repeatedCameras(
  images: ReadonlyMap<string, FrameImage>,
  previous: ReadonlyMap<string, FrameImage>,
  frame: number,
  noise?: NoiseHistory,
): Map<string, string> {
  const repeated: string[] = [];
  const changes: { camera: string; share: number }[] = []; // share of each other camera's values that changed
  for (const [camera, image] of images) {
    const before = previous.get(camera);
    if (before === undefined || !sameShape(before, image)) continue;
    if (sameBytes(image, before)) repeated.push(camera);
    else changes.push({ camera, share: changedShare(image, before) });
  }
  const out = new Map<string, string>();
  if (repeated.length === 0) return out;
  const compared = repeated.length + changes.length;
  const live = changes.filter((c) => c.share >= LIVE_SHARE);
  const typical = [...changes].sort((a, b) => a.share - b.share)[Math.floor(changes.length / 2)]?.share ?? 0;
  // More than half of the other cameras live: the camera stands out from a rig that recorded a new instant.
  let witnesses = `${live.length} of ${compared - 1} other camera(s) changed (median ${(100 * typical).toFixed(0)} % of their pixel values)`;
  if (live.length * 2 <= compared - 1) {
    // Fewer: named only where other cameras recorded sensor noise into this frame and into the one before.
    const noisy = live.filter(({ camera }) => noise?.intoFrame.has(camera) === true && noise.intoPrevious.has(camera)).map((c) => c.camera);
    if (noisy.length < NOISE_WITNESSES) return out;
    witnesses = `${noisy.length} other camera(s) (${noisy.slice(0, 4).join(', ')}${noisy.length > 4 ? ', …' : ''}) recorded new sensor noise`;
  }
  for (const camera of repeated) {
    out.set(
      camera,
      `its image repeats frame ${frame - 1}'s byte for byte while ${witnesses}: a frozen camera or a frame the recorder duplicated, not an image of frame ${frame} ` +
        '(preprocessing.repeated_image_check)',
    );
  }
  return out;
}

/** The cameras that recorded sensor noise alone ({@link noisyCameras}) into a frame and into the frame before it. */
export interface NoiseHistory {
  readonly intoFrame: ReadonlySet<string>;
  readonly intoPrevious: ReadonlySet<string>;
}

/**
 * The cameras whose image changed from `previous` by sensor noise alone (at least half of its values changed, by small
 * amounts without structure): the witnesses {@link repeatedCameras} asks for.
 */
export function noisyCameras(images: ReadonlyMap<string, FrameImage>, previous: ReadonlyMap<string, FrameImage>): Set<string> {
  const out = new Set<string>();
  for (const [camera, image] of images) {
    const before = previous.get(camera);
    if (before !== undefined && sameShape(before, image) && changedShare(image, before) >= LIVE_SHARE && isSensorNoise(image, before))
      out.add(camera);
  }
  return out;
}

/**
 * Whether `image` differs from `before` (same size) as a live sensor's noise does over a still view: small changes
 * (median |Δ| ≤ `NOISE_MEDIAN_MAX` grey levels) that average out over 8 × 8 blocks (mean |block mean of Δ| at most
 * `NOISE_STRUCTURE_MAX` of mean |Δ|). Judged on the first channel, in 8-bit grey levels, over about `NOISE_BLOCKS` blocks.
 */
function isSensorNoise(image: FrameImage, before: FrameImage): boolean {
  const { width, height, channels } = image;
  // In 8-bit grey levels whatever the sample type (16-bit, or float in [0, 1]).
  const scale = image.data instanceof Uint8Array ? 1 : image.data instanceof Uint16Array ? 255 / 65535 : 255;
  const histogram = new Uint32Array(256);
  let sumAbs = 0;
  let sumBlockAbs = 0;
  let pixels = 0;
  // A sample of the blocks, the same stride both ways: the rig's whole frame is judged on every frame.
  const stride =
    NOISE_BLOCK * Math.max(1, Math.floor(Math.sqrt((Math.floor(width / NOISE_BLOCK) * Math.floor(height / NOISE_BLOCK)) / NOISE_BLOCKS)));
  for (let by = 0; by + NOISE_BLOCK <= height; by += stride) {
    for (let bx = 0; bx + NOISE_BLOCK <= width; bx += stride) {
      let blockSum = 0;
      for (let y = by; y < by + NOISE_BLOCK; y++) {
        for (let x = bx, o = (y * width + bx) * channels; x < bx + NOISE_BLOCK; x++, o += channels) {
          const d = (image.data[o] - before.data[o]) * scale;
          const a = d < 0 ? -d : d;
          histogram[a >= 255 ? 255 : Math.floor(a)]++;
          sumAbs += a;
          blockSum += d;
        }
      }
      sumBlockAbs += Math.abs(blockSum) / (NOISE_BLOCK * NOISE_BLOCK);
      pixels += NOISE_BLOCK * NOISE_BLOCK;
    }
  }
  if (pixels === 0 || sumAbs === 0) return false;
  let below = 0;
  let median = 0;
  while (median < 255 && (below += histogram[median]) * 2 < pixels) median++;
  const blocks = pixels / (NOISE_BLOCK * NOISE_BLOCK);
  return median <= NOISE_MEDIAN_MAX && sumBlockAbs / blocks <= NOISE_STRUCTURE_MAX * (sumAbs / pixels);
}

/**
 * `source` with each requested frame's cameras checked against the frame before ({@link repeatedCameras}): a camera
 * that repeats is missing from the frame with the reason, so the engine fails the frame or, under
 * `preprocessing.min_cameras`, goes on without it and records it (`droppedCameras`). The two frames before are read
 * with each requested frame that does not follow them (two more decoded frames at the start of a run or after a gap),
 * so the check does not depend on which frames a run or a queue worker processed before. A frame's fingerprint covers
 * the two frames before it.
 */
export function withRepeatedImageCheck(source: FrameSource): FrameSource {
  const fingerprint = source.fingerprint?.bind(source);
  // A run fingerprints its frames in order: each frame's own fingerprint serves the next frames' too, read once.
  const recent = new Map<number, Promise<string>>();
  const fingerprintOf = (index: number): Promise<string> => {
    let value = recent.get(index);
    if (value === undefined) {
      value = (fingerprint as (i: number) => Promise<string>)(index);
      recent.set(index, value);
      for (const k of recent.keys()) if (k < index - LOOK_BACK || k > index + LOOK_BACK) recent.delete(k);
    }
    return value;
  };
  return {
    cameras: source.cameras,
    frameCount: source.frameCount,
    close: () => source.close(),
    ...(fingerprint === undefined
      ? {}
      : {
          async fingerprint(index: number): Promise<string> {
            const parts = [];
            for (let k = index; k >= Math.max(0, index - LOOK_BACK); k--) parts.push(await fingerprintOf(k));
            if (parts.length === 1) return parts[0];
            return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 16);
          },
        }),
    async *frames(indices: readonly number[]): AsyncIterable<Frame> {
      const wanted = new Set(indices);
      const reads = new Set<number>();
      for (const index of wanted) for (let k = index; k >= Math.max(0, index - LOOK_BACK); k--) reads.add(k);
      let last: Frame | undefined;
      // The cameras whose image changed into `last` by sensor noise alone (witnesses for the next frame).
      let noisyIntoLast: ReadonlySet<string> | undefined;
      for await (const frame of source.frames([...reads].sort((a, b) => a - b))) {
        const before = last?.index === frame.index - 1 ? last : undefined;
        const noisy = before === undefined ? undefined : noisyCameras(frame.images, before.images);
        const noise = noisy !== undefined && noisyIntoLast !== undefined ? { intoFrame: noisy, intoPrevious: noisyIntoLast } : undefined;
        const checked = wanted.has(frame.index) ? withoutRepeats(frame, before, noise) : undefined;
        noisyIntoLast = noisy;
        // Only this frame stays referenced while the pipeline processes it (the frame before is let go).
        last = frame;
        if (checked !== undefined) yield checked;
      }
    },
  };
}

/** `frame` with its repeated cameras moved to `missing`; as it is when `before` is not the frame just before it. */
function withoutRepeats(frame: Frame, before: Frame | undefined, noise: NoiseHistory | undefined): Frame {
  if (before === undefined) return frame;
  const repeats = repeatedCameras(frame.images, before.images, frame.index, noise);
  if (repeats.size === 0) return frame;
  const images = new Map([...frame.images].filter(([camera]) => !repeats.has(camera)));
  return { index: frame.index, images, missing: new Map([...(frame.missing ?? []), ...repeats]) };
}

function sameShape(a: FrameImage, b: FrameImage): boolean {
  return a.width === b.width && a.height === b.height && a.channels === b.channels;
}

function sameBytes(a: FrameImage, b: FrameImage): boolean {
  const x = Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength);
  const y = Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength);
  return x.equals(y);
}

function changedShare(a: FrameImage, b: FrameImage): number {
  const n = Math.min(a.data.length, b.data.length);
  let changed = 0;
  let count = 0;
  for (let i = 0; i < n; i += SAMPLE_STRIDE, count++) if (a.data[i] !== b.data[i]) changed++;
  return count === 0 ? 0 : changed / count;
}
