import { VideoStream, type VideoStreamSpec } from '@aquamvs/io';

/** Where a {@link WindowReader} puts the frames it loads. */
export interface WindowSink {
  /** `frame` takes the place of the frame held in `slot`. */
  enter(slot: number, frame: Uint8Array): void;
  /** Most of the window is about to change (a seek, or a step past much of it). */
  reset(): void;
}

/**
 * Supplies the frames of successive windows from one video with bounded memory: it tracks which frame each of the
 * `slots` slots of the sink holds, and hands each frame entering the window to the sink in the slot of one that left
 * (the sink keeps the pixels; the reader keeps one decoded frame). It decodes forward and seeks (a new ffmpeg with an
 * accurate input seek) only when the next frame lies behind the decoder or more than a window ahead. Windows come in
 * increasing order and all have `slots` frames.
 */
export class WindowReader {
  readonly #spec: Omit<VideoStreamSpec, 'startIndex'>;
  readonly #slots: number;
  readonly #seekAhead: number;
  readonly #sink: WindowSink;
  /** Frame index → slot. */
  readonly #held = new Map<number, number>();
  #stream: VideoStream | undefined;
  /** Seeks (decoder restarts) so far. */
  seeks = 0;

  constructor(spec: Omit<VideoStreamSpec, 'startIndex'>, slots: number, window: number, sink: WindowSink) {
    this.#spec = spec;
    this.#slots = slots;
    this.#seekAhead = window;
    this.#sink = sink;
  }

  /** Loads the frames `indices` (ascending, `slots` of them); false when the video ends before the last of them. */
  async load(indices: readonly number[]): Promise<boolean> {
    if (indices.length !== this.#slots) throw new RangeError(`WindowReader: ${indices.length} frames for ${this.#slots} slots`);
    const wanted = new Set(indices);
    for (const index of this.#held.keys()) if (!wanted.has(index)) this.#held.delete(index);
    const used = new Set(this.#held.values());
    const free = Array.from({ length: this.#slots }, (_, slot) => slot).filter((slot) => !used.has(slot));
    // Past a quarter of the window, recomputing the median beats updating it frame by frame.
    if (free.length > this.#slots / 4) this.#sink.reset();
    for (const index of indices) {
      if (this.#held.has(index)) continue;
      const frame = await this.#frameAt(index);
      if (frame === undefined) return false;
      const slot = free.pop() as number;
      this.#sink.enter(slot, frame);
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
