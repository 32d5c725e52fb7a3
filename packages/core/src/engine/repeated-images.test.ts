import { describe, expect, it } from 'vitest';
import type { FrameImage } from '../artifacts.js';
import type { Frame } from '../frame-source.js';
import { createMemoryFrameSource } from '../memory-frame-source.js';
import { noisyCameras, repeatedCameras, withRepeatedImageCheck, type NoiseHistory } from './repeated-images.js';
import { random } from '../test-support/random.js';

const W = 96;
const H = 72;
const CAMERAS = ['center', 'ring00', 'ring01', 'ring02', 'ring03'];

/** Camera `camera`'s view of a textured bed at one instant: the same texture every frame, the sensor noise drawn anew. */
function view(camera: number, frame: number, noise = 1.5): FrameImage {
  const next = random(1000 * camera + frame + 1);
  const data = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const texture = 120 + 30 * Math.sin(x * 0.31 + camera) * Math.cos(y * 0.23 - camera);
      const grey = Math.round(texture + noise * (next() + next() + next() - 1.5) * 2);
      data.fill(Math.max(0, Math.min(255, grey)), (y * W + x) * 3, (y * W + x) * 3 + 3);
    }
  }
  return { width: W, height: H, channels: 3, data };
}

const frameOf = (frame: number, noise?: number): Map<string, FrameImage> => new Map(CAMERAS.map((c, i) => [c, view(i, frame, noise)]));

/** The noise history `repeatedCameras` reads: who recorded sensor noise alone into `now`, and into `before` (given). */
const history = (now: Map<string, FrameImage>, before: Map<string, FrameImage>, intoPrevious: ReadonlySet<string>): NoiseHistory => ({
  intoFrame: noisyCameras(now, before),
  intoPrevious,
});

describe('repeatedCameras', () => {
  it("names a camera whose image is the frame before's while the others show new sensor noise", () => {
    const before = frameOf(6);
    const now = frameOf(7);
    now.set('ring02', { ...(before.get('ring02') as FrameImage), data: Uint8Array.from((before.get('ring02') as FrameImage).data) });
    const repeated = repeatedCameras(now, before, 7);
    expect([...repeated.keys()]).toEqual(['ring02']);
    expect(repeated.get('ring02')).toMatch(
      /^its image repeats frame 6's byte for byte while 4 of 4 other camera\(s\) changed \(median \d\d % of their pixel values\): a frozen camera or a frame the recorder duplicated, not an image of frame 7 \(preprocessing\.repeated_image_check\)$/,
    );
  });

  it('names two frozen cameras of five, and three (a hub down) against two cameras that recorded sensor noise into both frames', () => {
    const earlier = frameOf(0);
    const before = frameOf(1);
    const noisyIntoBefore = noisyCameras(before, earlier);
    expect([...noisyIntoBefore].sort()).toEqual(CAMERAS.slice().sort());
    const two = frameOf(2);
    for (const c of ['ring00', 'ring03']) two.set(c, before.get(c) as FrameImage);
    expect([...repeatedCameras(two, before, 2, history(two, before, noisyIntoBefore)).keys()]).toEqual(['ring00', 'ring03']);
    const three = new Map(two);
    three.set('center', before.get('center') as FrameImage);
    const hub = repeatedCameras(three, before, 2, history(three, before, noisyIntoBefore));
    expect([...hub.keys()]).toEqual(['center', 'ring00', 'ring03']);
    expect(hub.get('center')).toBe(
      "its image repeats frame 1's byte for byte while 2 other camera(s) (ring01, ring02) recorded new sensor noise: a frozen camera or a frame " +
        'the recorder duplicated, not an image of frame 2 (preprocessing.repeated_image_check)',
    );
    // Without the frame before's noise (the first frame of a source, or no history given) the majority rule only.
    expect(repeatedCameras(three, before, 2).size).toBe(0);
    // One camera's noise is no witness: it could be the odd one out.
    const four = new Map(three);
    four.set('ring01', before.get('ring01') as FrameImage);
    expect(repeatedCameras(four, before, 2, history(four, before, noisyIntoBefore)).size).toBe(0);
  });

  it("takes no witness from a still view that changed once (an intra-coded frame among a compressed video's copied ones)", () => {
    // Frames 0 and 1 the same bytes for every camera (a still view decoded from inter-coded frames); in frame 2, two
    // cameras' views are coded afresh (small changes without structure), the other three decode to the same bytes.
    const still = frameOf(0);
    const refreshed = new Map(still);
    for (const [i, c] of ['ring01', 'ring02'].entries()) refreshed.set(c, view(2 + i, 2));
    expect(noisyCameras(refreshed, still)).toEqual(new Set(['ring01', 'ring02']));
    expect(repeatedCameras(refreshed, still, 2, history(refreshed, still, noisyCameras(still, still))).size).toBe(0);
  });

  it('names none when no camera records sensor noise: a still scene rendered twice, cables swapped in it, a moved view or a noisy sensor', () => {
    const still = frameOf(0, 0);
    const all = new Set(CAMERAS); // as if every camera had recorded noise into the frame before
    expect(repeatedCameras(still, still, 1, history(still, still, all)).size).toBe(0);
    // Two cameras' images swapped (their cables) in a still scene: they changed by content, the others repeat.
    const swapped = new Map(still);
    swapped.set('ring00', still.get('ring01') as FrameImage);
    swapped.set('ring01', still.get('ring00') as FrameImage);
    expect(repeatedCameras(swapped, still, 1, history(swapped, still, all)).size).toBe(0);
    // Two views moved by a pixel (a bumped rig): large changes in structure, not noise.
    const moved = new Map(still);
    for (const c of ['ring02', 'ring03']) {
      const image = still.get(c) as FrameImage;
      const data = new Uint8Array(image.data.length);
      data.set(image.data.subarray(3), 0);
      moved.set(c, { ...image, data });
    }
    expect(repeatedCameras(moved, still, 1, history(moved, still, all)).size).toBe(0);
    // Two cameras with sensor noise of σ 15 grey levels: too large to tell from a new view, the majority rule only.
    const noisy = new Map(still);
    for (const [i, c] of ['ring02', 'ring03'].entries()) noisy.set(c, view(3 + i, 1, 15));
    const noisyBefore = new Map([...still, ['ring02', view(3, 0, 15)], ['ring03', view(4, 0, 15)]]);
    expect(repeatedCameras(noisy, noisyBefore, 1, history(noisy, noisyBefore, all)).size).toBe(0);
  });

  it("does not judge a rig whose frames went through inter-frame compression (a still view's blocks copied) or a fish's local change", () => {
    // A still scene through H.264: most cameras' next frame differs from the last in a few blocks only; a fish in
    // three views changes a third of them. Neither is sensor noise recorded frame by frame.
    const before = frameOf(0);
    for (const [share, blocks] of [
      [0.02, 300],
      [0.35, 5_000],
    ] as const) {
      const now = new Map<string, FrameImage>();
      for (const [camera, image] of before) {
        const data = Uint8Array.from(image.data);
        if (camera !== 'ring01') for (let i = 0; i < blocks; i++) data[Math.floor((i * data.length * share) / blocks)] += 3;
        now.set(camera, { ...image, data });
      }
      expect(repeatedCameras(now, before, 1).size, `${share}`).toBe(0);
    }
    const live = frameOf(1);
    live.set('ring01', before.get('ring01') as FrameImage);
    expect(repeatedCameras(live, before, 1).size).toBe(1);
  });

  it('judges only cameras with an image of the same size in both frames', () => {
    const before = frameOf(0);
    const now = frameOf(1);
    now.set('ring01', before.get('ring01') as FrameImage);
    before.delete('ring02');
    now.set('ring03', { width: W / 2, height: H, channels: 3, data: (before.get('ring03') as FrameImage).data.subarray(0, (W / 2) * H * 3) });
    // ring01 repeats; of the others, center and ring00 changed, ring02 and ring03 cannot be compared.
    expect([...repeatedCameras(now, before, 1).keys()]).toEqual(['ring01']);
  });
});

describe('withRepeatedImageCheck', () => {
  /** Four frames; ring01 froze at frame 2 (its frame 2 is its frame 1). */
  const recording = (): ReturnType<typeof createMemoryFrameSource> => {
    const source = createMemoryFrameSource(CAMERAS, 4, (i) => {
      const images = frameOf(i);
      if (i === 2) images.set('ring01', view(2, 1));
      return images;
    });
    return { ...source, fingerprint: (i: number) => Promise.resolve(i === 1 ? 'one' : `f${i}`) };
  };
  const read = async (indices: number[]): Promise<Frame[]> => {
    const frames: Frame[] = [];
    for await (const frame of withRepeatedImageCheck(recording()).frames(indices)) frames.push(frame);
    return frames;
  };

  it('reads the frame before a requested one, yields only the requested ones, and leaves a repeated camera out', async () => {
    const alone = await read([2]);
    expect(alone.map((f) => f.index)).toEqual([2]);
    expect([...alone[0].images.keys()]).toEqual(['center', 'ring00', 'ring02', 'ring03']);
    expect(alone[0].missing?.get('ring01')).toMatch(/^its image repeats frame 1's byte for byte while 4 of 4/);
    const all = await read([3, 0, 1, 2]);
    expect(all.map((f) => [f.index, f.images.size, f.missing?.size ?? 0])).toEqual([
      [0, 5, 0],
      [1, 5, 0],
      [2, 4, 1],
      [3, 5, 0],
    ]);
  });

  it('names the frozen cameras of a hub down with two frames read before the requested one, however the frames are read', async () => {
    // Frame 3: center, ring00 and ring03 repeat frame 2; ring01 and ring02 recorded new noise into frames 2 and 3.
    const hub = createMemoryFrameSource(CAMERAS, 4, (i) => {
      const images = frameOf(i);
      if (i === 3) for (const c of ['center', 'ring00', 'ring03']) images.set(c, view(CAMERAS.indexOf(c), 2));
      return images;
    });
    const verdicts = async (indices: number[]): Promise<string[][]> => {
      const out: string[][] = [];
      for await (const frame of withRepeatedImageCheck(hub).frames(indices)) out.push([...(frame.missing?.keys() ?? [])]);
      return out;
    };
    expect(await verdicts([3])).toEqual([['center', 'ring00', 'ring03']]);
    expect(await verdicts([0, 1, 2, 3])).toEqual([[], [], [], ['center', 'ring00', 'ring03']]);
  });

  it("covers the two frames before in a frame's fingerprint", async () => {
    const source = withRepeatedImageCheck(recording());
    expect(await source.fingerprint?.(0)).toBe('f0');
    const third = await source.fingerprint?.(3);
    const changedBefore = withRepeatedImageCheck({ ...recording(), fingerprint: (i: number) => Promise.resolve(`f${i}`) });
    expect(await changedBefore.fingerprint?.(3)).not.toBe(third);
    expect(await changedBefore.fingerprint?.(3)).toMatch(/^[0-9a-f]{16}$/);
  });

  it("reads each frame's own fingerprint once when a run fingerprints its frames in order", async () => {
    const asked: number[] = [];
    const source = withRepeatedImageCheck({ ...recording(), fingerprint: (i: number) => (asked.push(i), Promise.resolve(`f${i}`)) });
    for (let i = 0; i < 4; i++) await source.fingerprint?.(i);
    expect(asked).toEqual([0, 1, 2, 3]);
  });
});
