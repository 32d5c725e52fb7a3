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
 * The cameras of a frame whose image is the frame before's, byte for byte, while most of the rig's other cameras are
 * live (at least half of their pixel values changed, as sensor noise changes them): a frozen camera, or a frame the
 * recorder copied to fill one it dropped. Either way the image is not of this instant, and matching it with the
 * others' would put stale content into the frame. Each comes with a one-line reason. When most of the rig repeats (a
 * still synthetic scene rendered twice) or its frames went through inter-frame compression (a still view decodes to
 * the same bytes), none is named: a repeat is told from a still view only against cameras whose noise is recorded.
 * @example
 * repeatedCameras(frame.images, previous.images, 7); // Map { 'ring03' => "its image repeats frame 6's …" }
 */
export function repeatedCameras(
  images: ReadonlyMap<string, FrameImage>,
  previous: ReadonlyMap<string, FrameImage>,
  frame: number,
): Map<string, string> {
  const repeated: string[] = [];
  const changes: number[] = []; // share of each other camera's values that changed
  for (const [camera, image] of images) {
    const before = previous.get(camera);
    if (before === undefined || before.width !== image.width || before.height !== image.height || before.channels !== image.channels) continue;
    if (sameBytes(image, before)) repeated.push(camera);
    else changes.push(changedShare(image, before));
  }
  const out = new Map<string, string>();
  const compared = repeated.length + changes.length;
  const changed = changes.filter((c) => c >= LIVE_SHARE).length;
  // Named only when more than half of the other cameras are live: the camera stands out from a rig that recorded a
  // new instant.
  if (repeated.length === 0 || changed * 2 <= compared - 1) return out;
  const typical = [...changes].sort((a, b) => a - b)[Math.floor(changes.length / 2)];
  for (const camera of repeated) {
    out.set(
      camera,
      `its image repeats frame ${frame - 1}'s byte for byte while ${changed} of ${compared - 1} other camera(s) changed ` +
        `(median ${(100 * typical).toFixed(0)} % of their pixel values): a frozen camera or a frame the recorder duplicated, not an image of frame ${frame} ` +
        '(preprocessing.repeated_image_check)',
    );
  }
  return out;
}

/**
 * `source` with each requested frame's cameras checked against the frame before ({@link repeatedCameras}): a camera
 * that repeats is missing from the frame with the reason, so the engine fails the frame or, under
 * `preprocessing.min_cameras`, goes on without it and records it (`droppedCameras`). The frame before is read with
 * each requested frame that does not follow one read already (one more decoded frame at the start of a run or
 * after a gap), so the check does not depend on which frames a run or a queue worker processed before. A frame's
 * fingerprint covers the frame before it.
 */
export function withRepeatedImageCheck(source: FrameSource): FrameSource {
  const fingerprint = source.fingerprint?.bind(source);
  // A run fingerprints its frames in order: each frame's own fingerprint is the next frame's "before", read once.
  let last: { index: number; value: Promise<string> } | undefined;
  const fingerprintOf = (index: number): Promise<string> => {
    if (last?.index !== index) last = { index, value: (fingerprint as (i: number) => Promise<string>)(index) };
    return last.value;
  };
  return {
    cameras: source.cameras,
    frameCount: source.frameCount,
    close: () => source.close(),
    ...(fingerprint === undefined
      ? {}
      : {
          async fingerprint(index: number): Promise<string> {
            const before = index === 0 ? undefined : await fingerprintOf(index - 1);
            const own = await fingerprintOf(index);
            if (before === undefined) return own;
            return createHash('sha256').update(`${own}\n${before}`).digest('hex').slice(0, 16);
          },
        }),
    async *frames(indices: readonly number[]): AsyncIterable<Frame> {
      const wanted = new Set(indices);
      const reads = new Set<number>();
      for (const index of wanted) {
        reads.add(index);
        if (index > 0) reads.add(index - 1);
      }
      let last: Frame | undefined;
      for await (const frame of source.frames([...reads].sort((a, b) => a - b))) {
        const checked = wanted.has(frame.index) ? withoutRepeats(frame, last) : undefined;
        // Only this frame stays referenced while the pipeline processes it (the frame before is let go).
        last = frame;
        if (checked !== undefined) yield checked;
      }
    },
  };
}

/** `frame` with its repeated cameras moved to `missing`; as it is when `before` is not the frame just before it. */
function withoutRepeats(frame: Frame, before: Frame | undefined): Frame {
  if (before === undefined || before.index !== frame.index - 1) return frame;
  const repeats = repeatedCameras(frame.images, before.images, frame.index);
  if (repeats.size === 0) return frame;
  const images = new Map([...frame.images].filter(([camera]) => !repeats.has(camera)));
  return { index: frame.index, images, missing: new Map([...(frame.missing ?? []), ...repeats]) };
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
