/**
 * The growing mesh of ball pivoting and its front. Every edge is stored once (listed under its lower vertex) with the
 * direction `src → dst` it has in its first triangle, that triangle's third vertex `opp`, and how many triangles use
 * it. An edge used once is on the front; a second triangle may only take it the other way round, so every edge ends
 * with one or two consistently wound triangles (a manifold, oriented mesh) and no face is made twice.
 */
export class PivotFront {
  readonly #head: Int32Array;
  #next = new Int32Array(0);
  #src = new Int32Array(0);
  #dst = new Int32Array(0);
  #opp = new Int32Array(0);
  #uses = new Uint8Array(0);
  edges = 0;
  /** Front edges (used once) at each vertex; a used vertex with none is inside the mesh. */
  readonly frontDegree: Uint16Array;
  readonly used: Uint8Array;
  #faces: Uint32Array;
  faceCount = 0;
  /** Edges waiting to be pivoted (a FIFO: the front grows evenly round its seed). */
  #queue = new Int32Array(1024);
  #queueHead = 0;
  #queueTail = 0;

  constructor(vertices: number) {
    this.#head = new Int32Array(vertices).fill(-1);
    this.frontDegree = new Uint16Array(vertices);
    this.used = new Uint8Array(vertices);
    this.#grow(Math.max(16, vertices * 3));
    this.#faces = new Uint32Array(Math.max(48, vertices * 6));
  }

  src(e: number): number {
    return this.#src[e];
  }
  dst(e: number): number {
    return this.#dst[e];
  }
  opp(e: number): number {
    return this.#opp[e];
  }
  isFront(e: number): boolean {
    return this.#uses[e] === 1;
  }
  /** A vertex a new triangle may use: never used, or still on the front. */
  isFree(v: number): boolean {
    return this.used[v] === 0 || this.frontDegree[v] > 0;
  }

  /** The edge between `a` and `b`, or −1. */
  find(a: number, b: number): number {
    const lo = a < b ? a : b;
    const hi = a < b ? b : a;
    for (let e = this.#head[lo]; e >= 0; e = this.#next[e]) if (this.#src[e] === hi || this.#dst[e] === hi) return e;
    return -1;
  }

  /** Whether a new triangle may run along `a → b`: the edge is new, or on the front and wound `b → a`. */
  canWalk(a: number, b: number): boolean {
    const e = this.find(a, b);
    return e < 0 || (this.#uses[e] === 1 && this.#src[e] === b);
  }

  /** Adds triangle `(a, b, c)`; every edge must pass {@link canWalk}. New front edges are queued. */
  addTriangle(a: number, b: number, c: number): void {
    if (this.faceCount * 3 + 3 > this.#faces.length) {
      const grown = new Uint32Array(this.#faces.length * 2);
      grown.set(this.#faces);
      this.#faces = grown;
    }
    this.#faces.set([a, b, c], this.faceCount * 3);
    this.faceCount++;
    this.used[a] = this.used[b] = this.used[c] = 1;
    this.#walk(a, b, c);
    this.#walk(b, c, a);
    this.#walk(c, a, b);
  }

  #walk(a: number, b: number, opp: number): void {
    const e = this.find(a, b);
    if (e >= 0) {
      // Glued: the edge is now inside the mesh.
      this.#uses[e] = 2;
      this.frontDegree[a]--;
      this.frontDegree[b]--;
      return;
    }
    if (this.edges === this.#src.length) this.#grow(this.edges * 2);
    const n = this.edges++;
    const lo = a < b ? a : b;
    this.#src[n] = a;
    this.#dst[n] = b;
    this.#opp[n] = opp;
    this.#uses[n] = 1;
    this.#next[n] = this.#head[lo];
    this.#head[lo] = n;
    this.frontDegree[a]++;
    this.frontDegree[b]++;
    this.enqueue(n);
  }

  enqueue(e: number): void {
    if (this.#queueTail === this.#queue.length) {
      const live = this.#queueTail - this.#queueHead;
      if (live * 2 > this.#queue.length) {
        const queue = new Int32Array(this.#queue.length * 2);
        queue.set(this.#queue.subarray(this.#queueHead, this.#queueTail));
        this.#queue = queue;
      } else {
        this.#queue.copyWithin(0, this.#queueHead, this.#queueTail);
      }
      this.#queueHead = 0;
      this.#queueTail = live;
    }
    this.#queue[this.#queueTail++] = e;
  }

  /** The next queued edge, or −1 when the queue is empty. */
  dequeue(): number {
    return this.#queueHead < this.#queueTail ? this.#queue[this.#queueHead++] : -1;
  }

  /** The triangles so far (a view, valid until the next triangle). */
  faces(): Uint32Array {
    return this.#faces.subarray(0, this.faceCount * 3);
  }

  #grow(capacity: number): void {
    const grow = (old: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
      const a = new Int32Array(capacity);
      a.set(old.subarray(0, this.edges));
      return a;
    };
    this.#next = grow(this.#next);
    this.#src = grow(this.#src);
    this.#dst = grow(this.#dst);
    this.#opp = grow(this.#opp);
    const uses = new Uint8Array(capacity);
    uses.set(this.#uses.subarray(0, this.edges));
    this.#uses = uses;
  }
}
