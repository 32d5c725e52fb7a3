import { agreesWithNormals } from './ball-geometry.js';
import type { PivotFront } from './pivot-front.js';

/** Front edges a hole may have and still be closed when it is narrower than the largest ball. */
const MAX_HOLE_EDGES = 12;

/**
 * Closes each hole of at most {@link MAX_HOLE_EDGES} front edges whose corners all lie within `span` of each other
 * (twice the largest radius: narrower than the largest ball), by ear clipping with ears that agree with the normals,
 * shortest new edge first. No ball closes such a hole: its triangles' circumradii exceed the smaller radii, and on a
 * curved bed the larger balls resting on them hold other points. The cloud has no hole there.
 */
export function closeSmallHoles(front: PivotFront, p: Float64Array, normals: Float32Array, span: number): void {
  const out = new Map<number, number[]>();
  for (let e = 0; e < front.edges; e++) {
    if (!front.isFront(e)) continue;
    const list = out.get(front.src(e));
    if (list) list.push(front.dst(e));
    else out.set(front.src(e), [front.dst(e)]);
  }
  for (let e = 0; e < front.edges; e++) {
    if (!front.isFront(e)) continue;
    const loop = shortLoop(out, front.src(e), front.dst(e));
    if (loop !== undefined && spanOf(p, loop) <= span) clipEars(front, p, normals, loop);
  }
}

function spanOf(p: Float64Array, loop: readonly number[]): number {
  let worst = 0;
  for (const a of loop)
    for (const b of loop)
      worst = Math.max(worst, (p[a * 3] - p[b * 3]) ** 2 + (p[a * 3 + 1] - p[b * 3 + 1]) ** 2 + (p[a * 3 + 2] - p[b * 3 + 2]) ** 2);
  return Math.sqrt(worst);
}

/** Triangulates the hole `loop` (front edges loop[i] → loop[i + 1]); stops if no ear is left that may be cut. */
function clipEars(front: PivotFront, p: Float64Array, normals: Float32Array, loop: number[]): void {
  while (loop.length >= 3) {
    let best = -1;
    let bestLength = Infinity;
    for (let i = 0; i < loop.length; i++) {
      const a = loop[(i + loop.length - 1) % loop.length];
      const b = loop[i];
      const c = loop[(i + 1) % loop.length];
      if (!agreesWithNormals(p, normals, b, a, c) || !front.canWalk(a, c) || !front.canWalk(b, a) || !front.canWalk(c, b)) continue;
      const length = (p[a * 3] - p[c * 3]) ** 2 + (p[a * 3 + 1] - p[c * 3 + 1]) ** 2 + (p[a * 3 + 2] - p[c * 3 + 2]) ** 2;
      if (length < bestLength) {
        bestLength = length;
        best = i;
      }
    }
    if (best < 0) return;
    const a = loop[(best + loop.length - 1) % loop.length];
    const c = loop[(best + 1) % loop.length];
    front.addTriangle(loop[best], a, c);
    loop.splice(best, 1);
    // The last triangle glued all three edges; a 3-loop is done after one cut.
    if (loop.length === 2) return;
  }
}

/** The shortest cycle `s → t → … → s` of at most {@link MAX_HOLE_EDGES} edges along `out` (breadth first), or undefined. */
function shortLoop(out: ReadonlyMap<number, readonly number[]>, s: number, t: number): number[] | undefined {
  const parent = new Map<number, number>([[t, s]]);
  let level = [t];
  for (let depth = 1; depth < MAX_HOLE_EDGES && level.length > 0; depth++) {
    const nextLevel: number[] = [];
    for (const v of level) {
      for (const w of out.get(v) ?? []) {
        if (w === s) {
          const loop = [v];
          for (let u = v; u !== t;) loop.push((u = parent.get(u) as number));
          return [s, ...loop.reverse()];
        }
        if (parent.has(w)) continue;
        parent.set(w, v);
        nextLevel.push(w);
      }
    }
    level = nextLevel;
  }
  return undefined;
}
