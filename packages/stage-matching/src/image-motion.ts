import { solveSymmetric3, type RefractiveProjection, type TriangulatedPair } from '@aquamvs/geometry';

/**
 * A camera's matches with one partner camera, as seen in the camera: per match, the unit normal of the partner pixel's
 * ray as the camera sees it (its epipolar curve) at the match, and how far the camera's pixel lies off that curve
 * along it (pixels, signed).
 */
export interface EpipolarOffsets {
  /** The camera whose pixels the offsets are in. */
  readonly camera: string;
  /** The camera's pixel of each match, two numbers (x, y) per match. */
  readonly pixels: Float64Array;
  /** Two numbers (x, y) per match. */
  readonly normals: Float64Array;
  readonly offsets: Float64Array;
}

/** Step along the partner's ray that gives the epipolar curve's direction, metres. */
const CURVE_STEP = 0.002;

/**
 * {@link EpipolarOffsets} of the triangulated matches of `camera` (pixels `pixels`) with `partner` (`partnerPixels`).
 * The point on the partner's ray nearest the triangulated one is projected into `camera`, with a second point 2 mm
 * further along the ray for the curve's direction.
 */
export function epipolarOffsets(
  camera: string,
  projection: RefractiveProjection,
  partner: RefractiveProjection,
  pixels: Float64Array,
  partnerPixels: Float64Array,
  triangulated: TriangulatedPair,
): EpipolarOffsets {
  const n = triangulated.valid.length;
  const rays = partner.castRay(partnerPixels);
  const onRay = new Float64Array(n * 6);
  for (let i = 0; i < n; i++) {
    const j = i * 3;
    const { origins: o, directions: d } = rays;
    const t =
      (triangulated.points[j] - o[j]) * d[j] +
      (triangulated.points[j + 1] - o[j + 1]) * d[j + 1] +
      (triangulated.points[j + 2] - o[j + 2]) * d[j + 2];
    for (let k = 0; k < 3; k++) {
      onRay[i * 6 + k] = o[j + k] + t * d[j + k];
      onRay[i * 6 + 3 + k] = o[j + k] + (t + CURVE_STEP) * d[j + k];
    }
  }
  const seen = projection.project(onRay);
  const kept: number[] = [];
  const normals: number[] = [];
  const offsets: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!triangulated.valid[i] || !seen.valid[2 * i] || !seen.valid[2 * i + 1]) continue;
    const qx = seen.pixels[4 * i];
    const qy = seen.pixels[4 * i + 1];
    const tx = seen.pixels[4 * i + 2] - qx;
    const ty = seen.pixels[4 * i + 3] - qy;
    const length = Math.hypot(tx, ty);
    if (!(length > 0)) continue;
    const nx = -ty / length;
    const ny = tx / length;
    kept.push(pixels[2 * i], pixels[2 * i + 1]);
    normals.push(nx, ny);
    offsets.push((pixels[2 * i] - qx) * nx + (pixels[2 * i + 1] - qy) * ny);
  }
  return { camera, pixels: Float64Array.from(kept), normals: Float64Array.from(normals), offsets: Float64Array.from(offsets) };
}

/** How a camera's image moved against the rays of its partners, from {@link imageMotion}. */
export interface ImageMotion {
  /** Translation of the image at its matches' centre, pixels (x, y). */
  readonly shiftPx: readonly [number, number];
  /** Rotation of the image about its matches' centre, degrees (counter-clockwise in pixel axes, y down). */
  readonly rollDeg: number;
  /** Root mean square of the motion's displacement over the matches, pixels: how far it moved them. */
  readonly displacementPx: number;
  /** Median offset of a match once the motion is taken out: the matches' own scatter, pixels. */
  readonly noisePx: number;
  readonly matches: number;
}

/** Smallest eigenvalue of the mean normal outer product: below it the normals are too alike to fix both axes. */
const MIN_SPREAD = 0.05;

/**
 * The rigid motion of a camera's image (a translation and a roll about its matches' centre) that best explains its
 * matches' offsets from its partners' epipolar curves; each offset is the motion's component along that match's
 * normal. A camera bumped since calibration moves its whole image (a tilt shifts it, a turn about its axis rolls it),
 * so its matches are off in one pattern; noise, and a camera where it was calibrated, leave offsets that average out.
 * Undefined with fewer than `minMatches` offsets or curves all of one direction.
 */
export function imageMotion(parts: readonly EpipolarOffsets[], minMatches: number): ImageMotion | undefined {
  let count = 0;
  let cx = 0;
  let cy = 0;
  for (const { pixels, offsets } of parts) {
    for (let i = 0; i < offsets.length; i++) {
      cx += pixels[2 * i];
      cy += pixels[2 * i + 1];
    }
    count += offsets.length;
  }
  if (count < Math.max(minMatches, 3)) return undefined;
  cx /= count;
  cy /= count;
  let spread = 0;
  for (const { pixels, offsets } of parts) {
    for (let i = 0; i < offsets.length; i++) spread += (pixels[2 * i] - cx) ** 2 + (pixels[2 * i + 1] - cy) ** 2;
  }
  // The roll's unknown is the displacement it makes at the matches' rms radius, so the three unknowns share a scale.
  const radius = Math.sqrt(spread / count) || 1;
  // Normal equations of offset = n · (shift + roll × perp(p − c)), perp(x, y) = (−y, x).
  const a = new Float64Array(6); // a00 a01 a02 a11 a12 a22
  const b = new Float64Array(3);
  const lever = (pixels: Float64Array, normals: Float64Array, i: number): number =>
    (normals[2 * i] * -(pixels[2 * i + 1] - cy) + normals[2 * i + 1] * (pixels[2 * i] - cx)) / radius;
  for (const { pixels, normals, offsets } of parts) {
    for (let i = 0; i < offsets.length; i++) {
      const row = [normals[2 * i], normals[2 * i + 1], lever(pixels, normals, i)];
      a[0] += row[0] * row[0];
      a[1] += row[0] * row[1];
      a[2] += row[0] * row[2];
      a[3] += row[1] * row[1];
      a[4] += row[1] * row[2];
      a[5] += row[2] * row[2];
      for (let k = 0; k < 3; k++) b[k] += row[k] * offsets[i];
    }
  }
  const smallest = (a[0] + a[3]) / 2 - Math.sqrt(((a[0] - a[3]) / 2) ** 2 + a[1] * a[1]);
  if (smallest / count < MIN_SPREAD) return undefined;
  const motion = new Float64Array(3);
  if (!solveSymmetric3(a[0], a[1], a[2], a[3], a[4], a[5], b[0], b[1], b[2], 1e-9 * count ** 3, motion)) return undefined;
  const [sx, sy, turn] = motion;
  const residuals: number[] = [];
  let squared = 0;
  for (const { pixels, normals, offsets } of parts) {
    for (let i = 0; i < offsets.length; i++) {
      const dx = sx - (turn * (pixels[2 * i + 1] - cy)) / radius;
      const dy = sy + (turn * (pixels[2 * i] - cx)) / radius;
      squared += dx * dx + dy * dy;
      residuals.push(Math.abs(offsets[i] - normals[2 * i] * dx - normals[2 * i + 1] * dy));
    }
  }
  residuals.sort((x, y) => x - y);
  return {
    shiftPx: [sx, sy],
    rollDeg: ((turn / radius) * 180) / Math.PI,
    displacementPx: Math.sqrt(squared / count),
    noisePx: residuals[residuals.length >> 1],
    matches: count,
  };
}
