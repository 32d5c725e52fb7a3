/** A perspective camera for the software renderer. */
export interface ViewCamera {
  readonly eye: readonly [number, number, number];
  readonly target: readonly [number, number, number];
  /** World direction that appears up in the image. */
  readonly up: readonly [number, number, number];
  /** Vertical field of view in degrees. @default 60 */
  readonly fovYDeg?: number;
}

/** Orthonormal camera basis: `right` (image x), `down` (image y), `forward` (viewing direction). */
export interface CameraBasis {
  readonly right: [number, number, number];
  readonly down: [number, number, number];
  readonly forward: [number, number, number];
}

type V3 = readonly [number, number, number];

function normalize(v: V3): [number, number, number] {
  const n = Math.hypot(v[0], v[1], v[2]);
  if (!(n > 0)) throw new RangeError(`zero-length vector [${v.join(', ')}]`);
  return [v[0] / n, v[1] / n, v[2] / n];
}

/** Cross product `a × b`. */
function cross(a: V3, b: V3): [number, number, number] {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

/** The look-at basis of a camera; throws when `up` is parallel to the viewing direction. */
export function cameraBasis(camera: ViewCamera): CameraBasis {
  const forward = normalize([camera.target[0] - camera.eye[0], camera.target[1] - camera.eye[1], camera.target[2] - camera.eye[2]]);
  const right = normalize(cross(forward, camera.up));
  return { right, down: cross(forward, right), forward };
}

/** Which way the scene is seen in the three standard renders (spec §3.16). */
export type SceneViewName = 'top' | 'oblique' | 'side';

/** Axis-aligned box. */
export interface Bounds {
  readonly min: readonly [number, number, number];
  readonly max: readonly [number, number, number];
}

const DIRECTIONS: Record<SceneViewName, { offset: V3; up: V3 }> = {
  // World +Z points down (into the water): "above" is −Z. Top view: image x = world +X, image y = world +Y, like
  // the rig's cameras (R = I); oblique and side views look from +Y with world up (−Z) up in the image.
  top: { offset: [0, 0, -1], up: [0, -1, 0] },
  oblique: { offset: [0, Math.SQRT1_2, -Math.SQRT1_2], up: [0, 0, -1] },
  side: { offset: [0, 1, 0], up: [0, 0, -1] },
};

/**
 * The camera of a standard view of a box: looking at its centre from above, obliquely (45°) or from the side, at
 * the distance where all eight corners fit the `width`×`height` frame with a 5 % margin.
 */
export function sceneViewCamera(view: SceneViewName, bounds: Bounds, width: number, height: number, fovYDeg = 60): ViewCamera {
  const c: [number, number, number] = [0, 1, 2].map((k) => (bounds.min[k] + bounds.max[k]) / 2) as [number, number, number];
  const { offset, up } = DIRECTIONS[view];
  const basis = cameraBasis({ eye: [c[0] + offset[0], c[1] + offset[1], c[2] + offset[2]], target: c, up });
  const tanV = Math.tan((fovYDeg * Math.PI) / 360);
  const tanH = tanV * (width / height);
  let dist = 1e-6;
  for (let i = 0; i < 8; i++) {
    const q = [i & 1 ? bounds.max[0] : bounds.min[0], i & 2 ? bounds.max[1] : bounds.min[1], i & 4 ? bounds.max[2] : bounds.min[2]];
    const d = [q[0] - c[0], q[1] - c[1], q[2] - c[2]];
    const dot = (a: V3): number => a[0] * d[0] + a[1] * d[1] + a[2] * d[2];
    const along = dot(basis.forward);
    dist = Math.max(dist, Math.abs(dot(basis.right)) / tanH - along, Math.abs(dot(basis.down)) / tanV - along);
  }
  dist *= 1.05;
  const eye: [number, number, number] = [c[0] + offset[0] * dist, c[1] + offset[1] * dist, c[2] + offset[2] * dist];
  return { eye, target: c, up, fovYDeg };
}

/**
 * Bounds of the points between the `lo` and `hi` quantiles per axis (default 0.5 % / 99.5 %), so that a few
 * stray points do not shrink the rendered surface to a dot. Non-finite points are ignored.
 */
export function robustBounds(positions: ArrayLike<number>, lo = 0.005, hi = 0.995): Bounds | undefined {
  const n = Math.floor(positions.length / 3);
  const step = Math.max(1, Math.floor(n / 200_000));
  const axes = [[], [], []] as number[][];
  for (let i = 0; i < n; i += step) {
    const x = positions[3 * i];
    const y = positions[3 * i + 1];
    const z = positions[3 * i + 2];
    if (!(Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(z))) continue;
    axes[0].push(x);
    axes[1].push(y);
    axes[2].push(z);
  }
  if (axes[0].length === 0) return undefined;
  const pick = (values: Float64Array, q: number): number => values[Math.min(values.length - 1, Math.max(0, Math.round(q * (values.length - 1))))];
  const min = [0, 0, 0] as [number, number, number];
  const max = [0, 0, 0] as [number, number, number];
  for (let k = 0; k < 3; k++) {
    const sorted = Float64Array.from(axes[k]).sort();
    min[k] = pick(sorted, lo);
    max[k] = pick(sorted, hi);
  }
  return { min, max };
}
