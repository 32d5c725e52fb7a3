import { VideoStream } from '@aquamvs/io';

/**
 * Supplies the frames of successive windows from one video with bounded memory. It holds exactly the current
 * window's frames, element-major in one buffer (`samples[i·k + slot]`, the layout the median reads contiguously): a
 * frame entering the window is scattered into the slot of one that left. It decodes forward and seeks (a new ffmpeg
 * with an accurate input seek) only when the next frame lies behind the decoder or more than a window ahead.
 * Windows come in increasing order and all have `slots` frames.
 */
export class WindowReader {
  readonly #spec: { file: string; width: number; height: number; fps: number; binary: string };
  readonly #slots: number;
  readonly #seekAhead: number;
  /** Element-major samples of the held frames. */
  readonly samples: Uint8Array;
  /** Frame index → slot. */
  readonly #held = new Map<number, number>();
  #stream: VideoStream | undefined;
  /** Seeks (decoder restarts) so far. */
  seeks = 0;

  constructor(spec: { file: string; width: number; height: number; fps: number; binary: string }, slots: number, window: number) {
    this.#spec = spec;
    this.#slots = slots;
    this.#seekAhead = window;
    this.samples = new Uint8Array(spec.width * spec.height * 3 * slots);
  }

  /** Loads the frames `indices` (ascending, `slots` of them); false when the video ends before the last of them. */
  async load(indices: readonly number[]): Promise<boolean> {
    if (indices.length !== this.#slots) throw new RangeError(`WindowReader: ${indices.length} frames for ${this.#slots} slots`);
    const wanted = new Set(indices);
    for (const index of this.#held.keys()) if (!wanted.has(index)) this.#held.delete(index);
    const used = new Set(this.#held.values());
    const free = Array.from({ length: this.#slots }, (_, slot) => slot).filter((slot) => !used.has(slot));
    for (const index of indices) {
      if (this.#held.has(index)) continue;
      const frame = await this.#frameAt(index);
      if (frame === undefined) return false;
      const slot = free.pop() as number;
      const k = this.#slots;
      const samples = this.samples;
      for (let i = 0, o = slot; i < frame.length; i++, o += k) samples[o] = frame[i];
      this.#held.set(index, slot);
    }
    return true;
  }

  async #frameAt(index: number): Promise<Uint8Array | undefined> {
    let stream = this.#stream;
    if (stream === undefined || index < stream.position || index - stream.position > this.#seekAhead) {
      await stream?.close();
      stream = new VideoStream({ ...this.#spec, startIndex: index });
      this.#stream = stream;
      this.seeks++;
    }
    while (stream.position < index) if ((await stream.read(false)) === null) return undefined;
    return (await stream.read(false)) ?? undefined;
  }

  async close(): Promise<void> {
    await this.#stream?.close();
    this.#stream = undefined;
    this.#held.clear();
  }
}
