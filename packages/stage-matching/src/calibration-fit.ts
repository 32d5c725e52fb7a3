import { imageMotion, type EpipolarOffsets, type ImageMotion } from './image-motion.js';

/** How well one camera pair's sparse matches fit the calibration. */
export interface PairFit {
  readonly ref: string;
  readonly src: string;
  /** Matches that triangulated (passed the angle and reprojection filters). */
  readonly points: number;
  /** Median over those of the larger of the two reprojection errors, pixels. */
  readonly medianErrorPx: number;
  /** Its matches' offsets from the partner's rays, in each camera of the pair (`ref`'s, then `src`'s). */
  readonly offsets?: readonly [EpipolarOffsets, EpipolarOffsets];
}

/** Thresholds of {@link calibrationMisfits}. */
export interface CalibrationFitOptions {
  /**
   * A camera is judged misfit when at least two of its pairs reproject this many times worse than the rig's typical
   * pair of their kind (ring–ring, or with an auxiliary camera: the lower quartile of those pairs). @default 4
   */
  readonly ratio?: number;
  /**
   * …and those two pairs are at least this far off, pixels. It matters only where the rig's typical pair reprojects
   * under a quarter of it (synthetic images, an exceptionally fine calibration); on real images the ratio decides. On
   * the `ci` rig a camera moved by 0.5 px reprojects 0.18 px (10× the rig's pairs) and puts the fused cloud's F@2mm from
   * 0.99 to 0.79; unmoved cameras of every benchmark scene stay within 1.1× the rig's pairs. @default 0.1
   */
  readonly floorPx?: number;
  /** Pairs with fewer triangulated matches are not judged by their reprojection (their median is noise). @default 20 */
  readonly minPoints?: number;
  /**
   * A camera is also judged misfit when even its second-best pair has less than this share of the matches of the rig's
   * typical pair of their kind (the upper quartile; judged where that pair has ≥ 5 × `minPoints`). Swapped images
   * leave 0.2–0.7 % (`ci` and `standard` rigs); a camera must be masked over about 95 % of its overlap to come near.
   * @default 0.05
   */
  readonly starvingShare?: number;
  /**
   * An auxiliary camera (the rig's one fisheye: no pairs of its kind to compare with) is judged misfit when its image
   * moved against the ring cameras' rays ({@link imageMotion}: a shift and a roll) by at least this many times its
   * matches' own scatter, and by at least `floorPx`. Unmoved: 0.09–0.47× (every `ci` scene on texture seeds 0, 3,
   * 5 and 11, and the `standard` rig). The `ci` centre camera shifted (1, 1) px: 7.7×; rolled 0.5°: 4.0×. @default 2
   */
  readonly motionRatio?: number;
  /**
   * A ring camera whose pairs do not show it (under `ratio` or `floorPx`) is also judged misfit when its image moved
   * against the other ring cameras' rays by at least this many times its matches' own scatter (and `floorPx`): a
   * shift of a quarter pixel on a rig whose pairs reproject 0.02 px. Unmoved: 0.13–0.58× (every `ci` scene on
   * texture seeds 0, 3, 5 and 11, the `standard` rig, the water level 2 cm off). Higher than `motionRatio`: the ring
   * cameras also have their pairs' rule, and on real images a calibration's own residuals could look like a small
   * shift. @default 4
   */
  readonly ringMotionRatio?: number;
}

/** {@link CalibrationFitOptions} with every default filled in (also written to `calibration_fit.json`). */
export function calibrationFitThresholds(options: CalibrationFitOptions = {}): Required<CalibrationFitOptions> {
  return {
    ratio: options.ratio ?? 4,
    floorPx: options.floorPx ?? 0.1,
    minPoints: options.minPoints ?? 20,
    starvingShare: options.starvingShare ?? 0.05,
    motionRatio: options.motionRatio ?? 2,
    ringMotionRatio: options.ringMotionRatio ?? 4,
  };
}

/** Pairs of one kind needed for a typical value. */
const MIN_PAIRS_OF_KIND = 3;

/**
 * The cameras whose images no longer fit the calibration: a camera bumped or moved since it was calibrated, a camera
 * whose cable was swapped with another's, or a `calibration.json` of another rig. Such a camera's sparse matches still
 * pass the matcher's 3 px epipolar gate, but every pair it is in reprojects worse than the pairs it is not in (on the
 * `ci` rig a camera shifted by 1 px: 0.36 px against 0.017 px; its depth map is then 7 mm off at the median, 14 mm at
 * 2 px). A shift along one pair's epipolar curve does not show in that pair, so a camera is judged by its
 * second-worst pair; a pair is compared with the typical pair of its kind (the lower quartile), as the auxiliary camera's pairs reproject
 * worse by nature (a fisheye at half the focal length). A rig's one auxiliary camera has no pairs of its kind to be
 * typical: all its pairs move with it. It is judged by how far its image is displaced against the ring cameras' rays
 * (`motionRatio`), and by its match counts against a ring pair's. Cameras are flagged worst first, each taking its pairs
 * out of the typical values, so a good camera between two bumped ones is not flagged. Returns camera → one-line reason.
 * @example
 * calibrationMisfits(fits, new Set(['center'])); // Map { 'ring01' => 'its image does not fit calibration.json: …' }
 */
export function calibrationMisfits(
  pairs: readonly PairFit[],
  auxiliary: ReadonlySet<string>,
  options: CalibrationFitOptions = {},
): Map<string, string> {
  const { ratio, floorPx, minPoints, starvingShare: starving, motionRatio, ringMotionRatio } = calibrationFitThresholds(options);
  const kindOf = (p: PairFit): string => (auxiliary.has(p.ref) || auxiliary.has(p.src) ? 'auxiliary' : 'ring');
  const misfits = new Map<string, string>();
  for (;;) {
    const left = pairs.filter((p) => !misfits.has(p.ref) && !misfits.has(p.src));
    const judged = left.filter((p) => p.points >= minPoints && Number.isFinite(p.medianErrorPx));
    const typicalError = typicalByKind(judged, kindOf, (p) => p.medianErrorPx, 0.25);
    const typicalPoints = typicalByKind(left, kindOf, (p) => p.points, 0.75);
    let worst: { camera: string; score: number; reason: string } | undefined;
    const consider = (camera: string, score: number, reason: () => string): void => {
      if (worst === undefined || score > worst.score) worst = { camera, score, reason: reason() };
    };
    for (const camera of new Set(left.flatMap((p) => [p.ref, p.src]))) {
      const own = (list: readonly PairFit[]): PairFit[] => list.filter((p) => p.ref === camera || p.src === camera);
      const partner = (p: PairFit): string => (p.ref === camera ? p.src : p.ref);
      // Its matches reproject far worse than the rig's: the camera moved by a pixel or more.
      const errors = own(judged)
        .filter((p) => typicalError.has(kindOf(p)))
        .map((p) => ({ p, times: p.medianErrorPx / (typicalError.get(kindOf(p)) as number) }))
        .sort((a, b) => b.times - a.times);
      if (errors.length >= 2 && errors[1].times >= ratio && errors[1].p.medianErrorPx >= floorPx) {
        // The two pairs by partner name: a recording's frames that fail for it read alike, whichever pair is worse.
        const [a, b] = [errors[0], errors[1]].sort((x, y) => (partner(x.p) < partner(y.p) ? -1 : 1));
        consider(camera, errors[1].times, () => {
          const motion = motionAgainstRing(camera, left, auxiliary, misfits, minPoints);
          return (
            `its image does not fit calibration.json: its sparse matches with ${partner(a.p)} and ${partner(b.p)} reproject ` +
            `${a.p.medianErrorPx.toFixed(2)} and ${b.p.medianErrorPx.toFixed(2)} px off (median), a typical pair of the rig ` +
            `${(typicalError.get(kindOf(errors[1].p)) as number).toFixed(2)} px` +
            `${motion === undefined ? '' : `; against the ring cameras' rays its image ${motionWords(motion)}`} ` +
            `(moved since calibration, or another rig's calibration)`
          );
        });
      } else if (!auxiliary.has(camera)) {
        // Moved by less than its pairs show against a quiet rig's: its whole image is off the other ring cameras' rays.
        const motion = motionAgainstRing(camera, left, auxiliary, misfits, minPoints);
        const times = motionTimes(motion, floorPx, ringMotionRatio);
        if (motion !== undefined && times !== undefined) consider(camera, times, () => motionReason(motion, times, 'the other ring cameras'));
      }
      // Its images hardly match its neighbours' at all: it moved far, its cable is swapped with another's, or its lens
      // is covered — its pairs are starved where the rig's pairs match by the hundred.
      const counts = own(left)
        .filter((p) => typicalPoints.has(kindOf(p)) && (typicalPoints.get(kindOf(p)) as number) >= 5 * minPoints)
        .map((p) => ({ p, share: p.points / (typicalPoints.get(kindOf(p)) as number) }))
        .sort((a, b) => b.share - a.share);
      if (counts.length >= 2 && counts[1].share < starving) {
        const [a, b] = [counts[0], counts[1]].sort((x, y) => (partner(x.p) < partner(y.p) ? -1 : 1));
        consider(
          camera,
          1 / Math.max(counts[1].share, 1e-3),
          () =>
            `its image does not fit calibration.json: ${a.p.points} and ${b.p.points} sparse matches with ${partner(a.p)} and ` +
            `${partner(b.p)}, a typical pair of the rig ${Math.round(typicalPoints.get(kindOf(counts[1].p)) as number)} (moved far since ` +
            `calibration, a cable swapped with another camera's, or a covered lens)`,
        );
      }
    }
    for (const camera of auxiliary) {
      if (misfits.has(camera)) continue;
      const withRing = left.filter((p) => (p.ref === camera && !auxiliary.has(p.src)) || (p.src === camera && !auxiliary.has(p.ref)));
      if (withRing.length === 0) continue;
      // A rig's one auxiliary camera has no pair of its own kind to compare with: its pairs are judged against the
      // ring cameras' rays (a displaced image) and the ring pairs' counts (hardly a match with any ring camera).
      const ringPoints = typicalPoints.get('ring');
      const counts = withRing.map((p) => p.points).sort((x, y) => y - x);
      if (ringPoints !== undefined && ringPoints >= 5 * minPoints && counts.length >= 2 && counts[1] < minPoints) {
        consider(
          camera,
          ringPoints / Math.max(counts[1], 1),
          () =>
            `its image does not fit calibration.json: at most ${counts[1]} sparse matches with ${counts.length - 1} of its ${counts.length} ring ` +
            `camera(s), a typical ring pair ${Math.round(ringPoints)} (moved far since calibration, a cable swapped with another camera's, or a covered lens)`,
        );
      }
      const motion = motionAgainstRing(camera, withRing, auxiliary, misfits, minPoints);
      const times = motionTimes(motion, floorPx, motionRatio);
      if (motion !== undefined && times !== undefined) consider(camera, times, () => motionReason(motion, times, 'the ring cameras'));
    }
    if (worst === undefined) return misfits;
    misfits.set(worst.camera, worst.reason);
  }
}

/**
 * How `camera`'s image moved against the rays of its ring partners in `pairs` (not those in `excluded`): what a
 * bumped camera shows whichever pair is along its shift.
 */
function motionAgainstRing(
  camera: string,
  pairs: readonly PairFit[],
  auxiliary: ReadonlySet<string>,
  excluded: { has(camera: string): boolean },
  minMatches: number,
): ImageMotion | undefined {
  const parts = pairs.flatMap((p) => {
    const other = p.ref === camera ? p.src : p.src === camera ? p.ref : undefined;
    if (other === undefined || auxiliary.has(other) || excluded.has(other) || p.offsets === undefined) return [];
    return [p.ref === camera ? p.offsets[0] : p.offsets[1]];
  });
  return imageMotion(parts, minMatches);
}

/** How many times its matches' scatter a motion moved them, when that is at least `ratio` and `floorPx` pixels. */
function motionTimes(motion: ImageMotion | undefined, floorPx: number, ratio: number): number | undefined {
  if (motion === undefined || motion.displacementPx < floorPx) return undefined;
  const times = motion.displacementPx / Math.max(motion.noisePx, 1e-6);
  return times >= ratio ? times : undefined;
}

/** The reason of a camera judged by its image's motion against `partners`' rays. */
function motionReason(motion: ImageMotion, times: number, partners: string): string {
  return (
    `its image does not fit calibration.json: its ${motion.matches} sparse matches with ${partners} place it ` +
    `${motion.displacementPx.toFixed(2)} px off their rays (${motionWords(motion)}), ${times.toFixed(1)}× their own scatter ` +
    `(${motion.noisePx.toFixed(2)} px) (moved since calibration, or another rig's calibration)`
  );
}

/** "shifted x …, y … px, rolled …°" of a motion. */
function motionWords(motion: ImageMotion): string {
  return `shifted x ${fixed2(motion.shiftPx[0])}, y ${fixed2(motion.shiftPx[1])} px (undistorted image), rolled ${fixed2(motion.rollDeg)}°`;
}

/** Two decimals, without a sign on what rounds to zero. */
function fixed2(v: number): string {
  return Math.abs(v) < 0.005 ? '0.00' : v.toFixed(2);
}

/** Per kind of pair with at least {@link MIN_PAIRS_OF_KIND} pairs: the `q` quantile of `value` over its pairs. */
function typicalByKind(pairs: readonly PairFit[], kindOf: (p: PairFit) => string, value: (p: PairFit) => number, q: number): Map<string, number> {
  const typical = new Map<string, number>();
  for (const kind of ['ring', 'auxiliary']) {
    const values = pairs.filter((p) => kindOf(p) === kind).map(value);
    if (values.length >= MIN_PAIRS_OF_KIND) typical.set(kind, quantile(values, q));
  }
  return typical;
}

/**
 * The `q` quantile, linear between ranks. Typical pairs are the lower quartile of the reprojection errors and the upper
 * quartile of the match counts, so that a moved camera's pairs, up to half of a small rig's, do not set them.
 */
function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  const at = q * (sorted.length - 1);
  const below = Math.floor(at);
  return sorted[below] + (at - below) * (sorted[Math.min(sorted.length - 1, below + 1)] - sorted[below]);
}

/** `sparse/calibration_fit.json`: how well each pair and camera of a frame fit the calibration, and who was left out. */
export interface CalibrationFitReport {
  readonly pairs: readonly { readonly ref: string; readonly src: string; readonly points: number; readonly medianReprojectionPx: number | null }[];
  /** Per camera: its pairs with triangulated matches and the median of their median reprojection errors. */
  readonly cameras: Readonly<Record<string, { readonly pairs: number; readonly medianReprojectionPx: number | null }>>;
  /**
   * Per camera: how its image moved against the rays of the ring cameras left in the frame ({@link imageMotion}), where
   * its matches fix it. The auxiliary cameras (`auxiliaryCameras`) are judged by it.
   */
  readonly motion: Readonly<Record<string, ImageMotion>>;
  readonly auxiliaryCameras: readonly string[];
  /** Cameras left out of the frame, with the reason (`droppedCameras` in `run.json`). */
  readonly leftOut: Readonly<Record<string, string>>;
  /** What a camera was judged by ({@link calibrationFitThresholds}). */
  readonly thresholds: Required<CalibrationFitOptions>;
}

/**
 * The frame's calibration fit as written to `sparse/calibration_fit.json`: a recording's frames side by side show a
 * camera drifting (sagging mount, a knocked housing) long before it is left out.
 */
export function calibrationFitReport(
  pairs: readonly PairFit[],
  misfits: ReadonlyMap<string, string>,
  auxiliary: ReadonlySet<string>,
  options: CalibrationFitOptions = {},
): CalibrationFitReport {
  const finite = (v: number): number | null => (Number.isFinite(v) ? Number(v.toFixed(4)) : null);
  const cameras: Record<string, { pairs: number; medianReprojectionPx: number | null }> = {};
  for (const camera of [...new Set(pairs.flatMap((p) => [p.ref, p.src]))].sort()) {
    const errors = pairs.filter((p) => (p.ref === camera || p.src === camera) && Number.isFinite(p.medianErrorPx)).map((p) => p.medianErrorPx);
    cameras[camera] = { pairs: errors.length, medianReprojectionPx: errors.length === 0 ? null : finite(quantile(errors, 0.5)) };
  }
  const thresholds = calibrationFitThresholds(options);
  const motion: Record<string, ImageMotion> = {};
  const round = (v: number): number => finite(v) ?? 0;
  for (const camera of Object.keys(cameras)) {
    const m = motionAgainstRing(camera, pairs, auxiliary, misfits, thresholds.minPoints);
    if (m === undefined) continue;
    motion[camera] = {
      shiftPx: [round(m.shiftPx[0]), round(m.shiftPx[1])],
      rollDeg: round(m.rollDeg),
      displacementPx: round(m.displacementPx),
      noisePx: round(m.noisePx),
      matches: m.matches,
    };
  }
  return {
    pairs: pairs.map((p) => ({ ref: p.ref, src: p.src, points: p.points, medianReprojectionPx: finite(p.medianErrorPx) })),
    cameras,
    motion,
    auxiliaryCameras: [...auxiliary].sort(),
    leftOut: Object.fromEntries(misfits),
    thresholds,
  };
}
