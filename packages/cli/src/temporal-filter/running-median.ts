import { temporalMedian } from './temporal-median.js';

/** Value at one rank of each element's window, with how many of the window's values lie below it and equal it. */
interface RankTracker {
  readonly rank: number;
  readonly value: Uint8Array;
  readonly below: Uint8Array;
  readonly equal: Uint8Array;
}

/**
 * The per-element temporal median of a sliding window of 8-bit frames, updated as frames enter. It holds the window
 * element-major (`samples[i·k + slot]`, k = `slots`) and, for the middle rank (both middle ranks when k is even), the
 * value at that rank and how many samples are below and equal to it. A frame replacing another in a slot moves those
 * counts by at most one, so the rank's value stays or steps to the nearest value above or below it, found in the
 * element's k contiguous bytes: O(1) per element while the median holds, O(k) when it moves, instead of a selection
 * over all k values for every output. Windows over 255 frames fall back to {@link temporalMedian}.
 */
export class RunningMedian {
  readonly samples: Uint8Array;
  readonly #k: number;
  readonly #elements: number;
  readonly #trackers: RankTracker[];
  /** Whether the trackers describe the samples (false until every slot has been filled once since the last reset). */
  #valid = false;
  readonly #filled: Set<number> = new Set();

  constructor(elements: number, slots: number) {
    this.#k = slots;
    this.#elements = elements;
    this.samples = new Uint8Array(elements * slots);
    const ranks = slots <= 255 ? (slots % 2 === 0 ? [slots / 2 - 1, slots / 2] : [(slots - 1) / 2]) : [];
    this.#trackers = ranks.map((rank) => ({
      rank,
      value: new Uint8Array(elements),
      below: new Uint8Array(elements),
      equal: new Uint8Array(elements),
    }));
  }

  /** Puts `frame` (one value per element) into `slot`, replacing the frame that was there. */
  enter(slot: number, frame: Uint8Array): void {
    const k = this.#k;
    const samples = this.samples;
    if (!this.#valid || this.#trackers.length === 0) {
      for (let i = 0, o = slot; i < frame.length; i++, o += k) samples[o] = frame[i];
      this.#filled.add(slot);
      return;
    }
    const [low, high] = this.#trackers;
    for (let i = 0, base = 0; i < frame.length; i++, base += k) {
      const before = samples[base + slot];
      const after = frame[i];
      if (before === after) continue;
      samples[base + slot] = after;
      this.#step(low, i, base, before, after);
      if (high !== undefined) this.#step(high, i, base, before, after);
    }
  }

  /** The median of the current window into `out` (as {@link temporalMedian}: the floor of the middle pair's mean for even k). */
  median(out: Uint8Array): void {
    if (this.#trackers.length === 0) {
      temporalMedian(this.samples, this.#k, out);
      return;
    }
    if (!this.#valid) {
      if (this.#filled.size < this.#k) throw new RangeError(`RunningMedian: ${this.#filled.size} of ${this.#k} slots filled`);
      this.#initialise();
    }
    const [low, high] = this.#trackers;
    if (high === undefined) out.set(low.value);
    else for (let i = 0; i < this.#elements; i++) out[i] = (low.value[i] + high.value[i]) >> 1;
  }

  /** Forgets the trackers (the next {@link median} recomputes them); for a window whose frames mostly changed. */
  reset(): void {
    this.#valid = false;
  }

  #initialise(): void {
    const k = this.#k;
    const samples = this.samples;
    const coarse = new Int32Array(16);
    const fine = new Int32Array(16);
    for (const t of this.#trackers) {
      for (let i = 0, base = 0; i < this.#elements; i++, base += k) {
        // Select the rank by its high nibble, then its low nibble (as temporalMedian), counting what lies below.
        coarse.fill(0);
        fine.fill(0);
        for (let j = base; j < base + k; j++) coarse[samples[j] >> 4]++;
        let bin = 0;
        let below = 0;
        while (below + coarse[bin] <= t.rank) below += coarse[bin++];
        for (let j = base; j < base + k; j++) if (samples[j] >> 4 === bin) fine[samples[j] & 15]++;
        let f = 0;
        while (below + fine[f] <= t.rank) below += fine[f++];
        t.value[i] = (bin << 4) | f;
        t.below[i] = below;
        t.equal[i] = fine[f];
      }
    }
    this.#valid = true;
  }

  #step(t: RankTracker, i: number, base: number, before: number, after: number): void {
    const m = t.value[i];
    let below = t.below[i];
    let equal = t.equal[i];
    if (before < m) below--;
    else if (before === m) equal--;
    if (after < m) below++;
    else if (after === m) equal++;
    const samples = this.samples;
    const end = base + this.#k;
    if (t.rank < below) {
      // One more value below: the rank now holds the largest value below m.
      let next = 0;
      let count = 0;
      for (let j = base; j < end; j++) {
        const v = samples[j];
        if (v >= m) continue;
        if (v > next) {
          next = v;
          count = 1;
        } else if (v === next) count++;
      }
      t.value[i] = next;
      t.below[i] = below - count;
      t.equal[i] = count;
      return;
    }
    if (t.rank >= below + equal) {
      // One fewer value at or below m: the rank now holds the smallest value above m.
      let next = 255;
      let count = 0;
      for (let j = base; j < end; j++) {
        const v = samples[j];
        if (v <= m) continue;
        if (v < next) {
          next = v;
          count = 1;
        } else if (v === next) count++;
      }
      t.value[i] = next;
      t.below[i] = below + equal;
      t.equal[i] = count;
      return;
    }
    t.below[i] = below;
    t.equal[i] = equal;
  }
}
