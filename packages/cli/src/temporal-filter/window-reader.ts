import { VideoStream } from '@aquamvs/io';

/**
 * Supplies the frames of successive windows from one video with bounded memory: it holds only the current window's
 * frames (in recycled buffers) and decodes forward; it seeks (a new ffmpeg with an accurate input seek) only when
 * the next frame lies behind the decoder or more than a window ahead. Windows must come in increasing order.
 */
export class WindowReader {
  readonly #spec: { file: string; width: number; height: number; fps: number; binary: string };
  readonly #held = new Map<number, Uint8Array>();
  readonly #spare: Uint8Array[] = [];
  readonly #seekAhead: number;
  #stream: VideoStream | undefined;
  /** Seeks (decoder restarts) so far. */
  seeks = 0;

  constructor(spec: { file: string; width: number; height: number; fps: number; binary: string }, window: number) {
    this.#spec = spec;
    this.#seekAhead = window;
  }

  /** The frames `indices` (ascending) in order, or `undefined` when the video ends before the last of them. */
  async window(indices: readonly number[]): Promise<Uint8Array[] | undefined> {
    const wanted = new Set(indices);
    for (const [index, buffer] of this.#held) {
      if (!wanted.has(index)) {
        this.#held.delete(index);
        this.#spare.push(buffer);
      }
    }
    for (const index of indices) {
      if (this.#held.has(index)) continue;
      const frame = await this.#frameAt(index);
      if (frame === undefined) return undefined;
      const buffer = this.#spare.pop() ?? new Uint8Array(frame.length);
      buffer.set(frame);
      this.#held.set(index, buffer);
    }
    return indices.map((i) => this.#held.get(i) as Uint8Array);
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
    this.#spare.length = 0;
  }
}
