/** How well one camera pair's sparse matches fit the calibration. */
export interface PairFit {
  readonly ref: string;
  readonly src: string;
  /** Matches that triangulated (passed the angle and reprojection filters). */
  readonly points: number;
  /** Median over those of the larger of the two reprojection errors, pixels. */
  readonly medianErrorPx: number;
}

/** Thresholds of {@link calibrationMisfits}. */
export interface CalibrationFitOptions {
  /**
   * A camera is judged misfit when at least two of its pairs reproject this many times worse than the rig's typical
   * pair of their kind (ring–ring, or with an auxiliary camera: the lower quartile of those pairs). @default 4
   */
  readonly ratio?: number;
  /** …and those two pairs are at least this far off, pixels: below it the matches are as good as matching gets. @default 0.3 */
  readonly floorPx?: number;
  /** Pairs with fewer triangulated matches are not judged (their median is noise). @default 20 */
  readonly minPoints?: number;
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
 * worse by nature (a fisheye at half the focal length). Cameras are flagged worst first, each taking its pairs out of
 * the typical values, so a good camera between two bumped ones is not flagged. Returns camera → one-line reason.
 * @example
 * calibrationMisfits(fits, new Set(['center'])); // Map { 'ring01' => 'its image does not fit calibration.json: …' }
 */
export function calibrationMisfits(
  pairs: readonly PairFit[],
  auxiliary: ReadonlySet<string>,
  options: CalibrationFitOptions = {},
): Map<string, string> {
  const ratio = options.ratio ?? 4;
  const floorPx = options.floorPx ?? 0.3;
  const minPoints = options.minPoints ?? 20;
  const judged = pairs.filter((p) => p.points >= minPoints && Number.isFinite(p.medianErrorPx));
  const kindOf = (p: PairFit): string => (auxiliary.has(p.ref) || auxiliary.has(p.src) ? 'auxiliary' : 'ring');
  const misfits = new Map<string, string>();
  for (;;) {
    const left = judged.filter((p) => !misfits.has(p.ref) && !misfits.has(p.src));
    const typical = new Map<string, number>();
    for (const kind of ['ring', 'auxiliary']) {
      const errors = left.filter((p) => kindOf(p) === kind).map((p) => p.medianErrorPx);
      if (errors.length >= MIN_PAIRS_OF_KIND) typical.set(kind, lowerQuartile(errors));
    }
    let worst: { camera: string; score: number; pairs: { partner: string; errorPx: number; typicalPx: number }[] } | undefined;
    for (const camera of new Set(left.flatMap((p) => [p.ref, p.src]))) {
      const own = left
        .filter((p) => (p.ref === camera || p.src === camera) && typical.has(kindOf(p)))
        .map((p) => ({ partner: p.ref === camera ? p.src : p.ref, errorPx: p.medianErrorPx, typicalPx: typical.get(kindOf(p)) as number }))
        .sort((a, b) => b.errorPx / b.typicalPx - a.errorPx / a.typicalPx);
      if (own.length < 2) continue;
      const second = own[1];
      const score = second.errorPx / second.typicalPx;
      if (score < ratio || second.errorPx < floorPx) continue;
      if (worst === undefined || score > worst.score) worst = { camera, score, pairs: own.slice(0, 2) };
    }
    if (worst === undefined) return misfits;
    const [a, b] = worst.pairs;
    misfits.set(
      worst.camera,
      `its image does not fit calibration.json: its sparse matches with ${a.partner} and ${b.partner} reproject ` +
        `${a.errorPx.toFixed(2)} and ${b.errorPx.toFixed(2)} px off (median), a typical pair of the rig ${b.typicalPx.toFixed(2)} px ` +
        `(moved since calibration, or another rig's calibration)`,
    );
  }
}

/** The 25th percentile, linear between ranks: the typical pair even where moved cameras' pairs are half of a small rig's. */
function lowerQuartile(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const at = 0.25 * (sorted.length - 1);
  const below = Math.floor(at);
  return sorted[below] + (at - below) * (sorted[Math.min(sorted.length - 1, below + 1)] - sorted[below]);
}
