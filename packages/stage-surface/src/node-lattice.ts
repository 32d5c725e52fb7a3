/**
 * A sparse set of nodes of the regular lattice `{0..n}³` (n = 2^depth) stored as a bitset with per-word rank
 * prefix sums: membership and node → unknown index (rank) are O(1) without a hash table, and unknowns come out in
 * key order (`key = (k·R + j)·R + i`, R = n + 1).
 */
export class NodeLattice {
  readonly depth: number;
  readonly n: number;
  readonly r: number;
  readonly #bits: Uint32Array;
  readonly #isShared: boolean;
  #prefix: Int32Array = new Int32Array(0);
  /** Keys of the active nodes in rank order (after {@link finalize}). */
  keys: Int32Array = new Int32Array(0);

  /** With `isShared`, its arrays live on `SharedArrayBuffer`s, for worker threads ({@link NodeLattice.share}). */
  constructor(depth: number, isShared = false, bits?: Uint32Array) {
    this.depth = depth;
    this.n = 1 << depth;
    this.r = this.n + 1;
    this.#isShared = isShared || bits !== undefined;
    this.#bits =
      bits ??
      (isShared ? sharedInt32(Math.ceil((this.r * this.r * this.r) / 32), Uint32Array) : new Uint32Array(Math.ceil((this.r * this.r * this.r) / 32)));
  }

  /** The finalized lattice's arrays, to rebuild it in a worker thread with {@link NodeLattice.fromShared}. */
  share(): SharedNodeLattice {
    if (!this.#isShared) throw new Error('NodeLattice.share: the lattice was not built on shared memory');
    return { depth: this.depth, bits: this.#bits, prefix: this.#prefix, keys: this.keys };
  }

  /** The lattice {@link NodeLattice.share} described, on the same memory. */
  static fromShared(shared: SharedNodeLattice): NodeLattice {
    const lattice = new NodeLattice(shared.depth, true, shared.bits);
    lattice.#prefix = shared.prefix;
    lattice.keys = shared.keys;
    return lattice;
  }

  /** Marks node (i, j, k) active (coordinates outside the lattice are ignored). */
  add(i: number, j: number, k: number): void {
    const r = this.r;
    if (i < 0 || j < 0 || k < 0 || i >= r || j >= r || k >= r) return;
    const key = (k * r + j) * r + i;
    this.#bits[key >>> 5] |= 1 << (key & 31);
  }

  /** Builds the rank structure and the key list; call once after the last {@link add}. */
  finalize(): void {
    const bits = this.#bits;
    const prefix = this.#isShared ? sharedInt32(bits.length + 1, Int32Array) : new Int32Array(bits.length + 1);
    for (let w = 0; w < bits.length; w++) prefix[w + 1] = prefix[w] + popcount(bits[w]);
    this.#prefix = prefix;
    const keys = this.#isShared ? sharedInt32(prefix[bits.length], Int32Array) : new Int32Array(prefix[bits.length]);
    let m = 0;
    for (let w = 0; w < bits.length; w++) {
      let word = bits[w];
      while (word !== 0) {
        const b = 31 - Math.clz32(word & -word);
        keys[m++] = w * 32 + b;
        word &= word - 1;
      }
    }
    this.keys = keys;
  }

  /** Number of active nodes. */
  get size(): number {
    return this.keys.length;
  }

  /** Rank (unknown index) of node `key`, or −1 when it is not active. */
  rankOfKey(key: number): number {
    const w = key >>> 5;
    const bit = 1 << (key & 31);
    const word = this.#bits[w];
    if ((word & bit) === 0) return -1;
    return this.#prefix[w] + popcount(word & (bit - 1));
  }

  /** Rank of node (i, j, k), or −1 when inactive or outside the lattice. */
  rankOf(i: number, j: number, k: number): number {
    const r = this.r;
    if (i < 0 || j < 0 || k < 0 || i >= r || j >= r || k >= r) return -1;
    return this.rankOfKey((k * r + j) * r + i);
  }
}

/** A {@link NodeLattice}'s arrays on shared memory. */
export interface SharedNodeLattice {
  readonly depth: number;
  readonly bits: Uint32Array;
  readonly prefix: Int32Array;
  readonly keys: Int32Array;
}

function sharedInt32<T extends Int32Array | Uint32Array>(length: number, type: new (buffer: SharedArrayBuffer) => T): T {
  return new type(new SharedArrayBuffer(length * 4));
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
