import { describe, expect, it } from 'vitest';
import { calibrationMisfits, type PairFit } from './calibration-fit.js';
import { offsets, ringPairOffsets } from './test-support/epipolar-offsets.js';

const RING = ['ring00', 'ring01', 'ring02', 'ring03', 'ring04', 'ring05'];

/** Every ring pair of neighbours up to two apart, and each ring camera with the centre, at `base` px. */
function rig(base = 0.02, centre = 0.15): PairFit[] {
  const fits: PairFit[] = [];
  RING.forEach((ref, i) => {
    for (const k of [1, 2]) fits.push({ ref, src: RING[(i + k) % RING.length], points: 400, medianErrorPx: base });
    fits.push({ ref: 'center', src: ref, points: 80, medianErrorPx: centre });
  });
  return fits;
}

/** `fits` with the pairs of `camera` at `errorPx`, except its pair with `along` (a shift along that pair's epipolar curve). */
function bumped(fits: PairFit[], camera: string, errorPx: number, along?: string): PairFit[] {
  return fits.map((f) => {
    if (f.ref !== camera && f.src !== camera) return f;
    if (along !== undefined && (f.ref === along || f.src === along)) return f;
    return { ...f, medianErrorPx: f.ref === 'center' ? f.medianErrorPx * 1.5 : errorPx };
  });
}

describe('calibrationMisfits', () => {
  it('finds nothing in a rig whose pairs fit alike, the auxiliary pairs worse by nature', () => {
    expect(calibrationMisfits(rig(), new Set(['center'])).size).toBe(0);
    // Real matches are noisier: 0.3 px pairs with a spread of 2× among them.
    const noisy = rig(0.3, 0.8).map((f, i) => ({ ...f, medianErrorPx: f.medianErrorPx * (1 + (i % 3) * 0.5) }));
    expect(calibrationMisfits(noisy, new Set(['center'])).size).toBe(0);
  });

  it('names a camera that moved: its pairs reproject worse, even with one pair along the shift', () => {
    const misfits = calibrationMisfits(bumped(rig(), 'ring02', 0.37, 'ring03'), new Set(['center']));
    expect([...misfits.keys()]).toEqual(['ring02']);
    expect(misfits.get('ring02')).toMatch(
      /^its image does not fit calibration\.json: its sparse matches with ring0\d and ring0\d reproject 0\.37 and 0\.37 px off \(median\), a typical pair of the rig 0\.02 px/,
    );
  });

  it("names the two pairs by partner name, whichever is worse, so that a recording's frames read alike", () => {
    const fits = rig().map((f) => {
      if (f.ref !== 'ring02') return f;
      return f.src === 'ring04' ? { ...f, medianErrorPx: 0.6 } : f.src === 'ring03' ? { ...f, medianErrorPx: 0.5 } : f;
    });
    expect(calibrationMisfits(fits, new Set(['center'])).get('ring02')).toMatch(
      /its sparse matches with ring03 and ring04 reproject 0\.50 and 0\.60 px off/,
    );
  });

  it('names two moved cameras and not the good camera between them', () => {
    const misfits = calibrationMisfits(bumped(bumped(rig(), 'ring01', 1.2), 'ring03', 0.9), new Set(['center']));
    expect([...misfits.keys()].sort()).toEqual(['ring01', 'ring03']);
  });

  it('leaves a camera alone whose pairs are worse by less than the ratio, or under the floor', () => {
    expect(calibrationMisfits(bumped(rig(0.3), 'ring02', 0.9), new Set(['center'])).size).toBe(0);
    expect(calibrationMisfits(bumped(rig(0.02), 'ring02', 0.09), new Set(['center'])).size).toBe(0);
    expect(calibrationMisfits(bumped(rig(0.02), 'ring02', 0.09), new Set(['center']), { floorPx: 0.05 }).size).toBe(1);
    expect(calibrationMisfits(bumped(rig(0.02), 'ring02', 0.12), new Set(['center'])).size).toBe(1);
  });

  it('names a camera whose pairs hardly match at all (a swapped cable) by their counts, not the rest', () => {
    const starved = rig().map((f) =>
      f.ref === 'ring04' || f.src === 'ring04' ? { ...f, points: f.ref === 'center' ? 1 : 3, medianErrorPx: Number.NaN } : f,
    );
    const misfits = calibrationMisfits(starved, new Set(['center']));
    expect([...misfits.keys()]).toEqual(['ring04']);
    expect(misfits.get('ring04')).toMatch(
      /^its image does not fit calibration\.json: 3 and 3 sparse matches with ring0\d and ring0\d, a typical pair of the rig 400 /,
    );
    // Half the matches of the rest (a ±2 neighbour, a masked camera) is no sign.
    const fewer = rig().map((f) => (f.ref === 'ring04' || f.src === 'ring04' ? { ...f, points: Math.round(f.points / 2) } : f));
    expect(calibrationMisfits(fewer, new Set(['center'])).size).toBe(0);
  });

  it("judges the rig's one centre camera by how its image moved against the ring rays, which its pairs' errors cannot show", () => {
    // Every pair of the centre camera moves with it: its pairs' errors are alike, so no pair of its kind is typical.
    const centreMoved = (shift: [number, number], rollDeg: number, errorPx: number): PairFit[] => {
      const parts = ringPairOffsets(shift, rollDeg);
      let k = 0;
      const none = { camera: 'ring', pixels: new Float64Array(), normals: new Float64Array(), offsets: new Float64Array() };
      return rig().map((f) => (f.ref === 'center' ? { ...f, medianErrorPx: errorPx, offsets: [parts[k++ % parts.length], none] as const } : f));
    };
    expect(calibrationMisfits(centreMoved([0, 0], 0, 0.15), new Set(['center'])).size).toBe(0);
    const moved = calibrationMisfits(centreMoved([0.8, 0.8], 0, 1.0), new Set(['center']));
    expect([...moved.keys()]).toEqual(['center']);
    expect(moved.get('center')).toMatch(
      /^its image does not fit calibration\.json: its 480 sparse matches with the ring cameras place it 1\.1\d px off their rays \(shifted x 0\.[78]\d, y 0\.[78]\d px \(undistorted image\), rolled 0\.00°\), \d+\.\d× their own scatter \(0\.\d\d px\)/,
    );
    expect([...calibrationMisfits(centreMoved([0, 0], 0.5, 0.6), new Set(['center'])).keys()]).toEqual(['center']);
    // Displaced by 1.5× its matches' scatter: under the ratio.
    expect(calibrationMisfits(centreMoved([0.15, 0], 0, 0.2), new Set(['center'])).size).toBe(0);
    expect(calibrationMisfits(centreMoved([0.15, 0], 0, 0.2), new Set(['center']), { motionRatio: 1 }).size).toBe(1);
  });

  it('names a ring camera moved a quarter pixel by its image off the other ring rays, where its pairs stay under the floor', () => {
    const none = { camera: 'other', pixels: new Float64Array(), normals: new Float64Array(), offsets: new Float64Array() };
    const moved = (shift: [number, number]): PairFit[] => {
      let k = 0;
      return rig().map((f) => {
        if (f.ref !== 'ring02' && f.src !== 'ring02') return f;
        // Its matches scatter 0.02 px about the curves, the pair's reprojection 0.06 px: under the 0.1 px floor.
        const own = offsets(120, 45 * k, shift, 0, 0.04, ++k);
        return { ...f, medianErrorPx: 0.06, offsets: f.ref === 'ring02' ? ([own, none] as const) : ([none, own] as const) };
      });
    };
    const misfits = calibrationMisfits(moved([0.25, 0]), new Set(['center']));
    expect([...misfits.keys()]).toEqual(['ring02']);
    expect(misfits.get('ring02')).toMatch(
      /^its image does not fit calibration\.json: its 480 sparse matches with the other ring cameras place it 0\.2\d px off their rays \(shifted x 0\.2\d, y -?0\.0\d px \(undistorted image\), rolled -?0\.0\d°\)/,
    );
    expect(calibrationMisfits(moved([0, 0]), new Set(['center'])).size).toBe(0);
    expect(calibrationMisfits(moved([0.25, 0]), new Set(['center']), { ringMotionRatio: 100 }).size).toBe(0);
  });

  it('names the centre camera when it hardly matches any ring camera, against a ring pair’s count', () => {
    const starved = rig().map((f) => (f.ref === 'center' ? { ...f, points: 3, medianErrorPx: Number.NaN } : f));
    const misfits = calibrationMisfits(starved, new Set(['center']));
    expect([...misfits.keys()]).toEqual(['center']);
    expect(misfits.get('center')).toMatch(
      /^its image does not fit calibration\.json: at most 3 sparse matches with 5 of its 6 ring camera\(s\), a typical ring pair 400 /,
    );
    // A fisheye matching a sixth of a ring pair's count, as on every benchmark rig, is no sign.
    expect(
      calibrationMisfits(
        rig().map((f) => (f.ref === 'center' ? { ...f, points: 60 } : f)),
        new Set(['center']),
      ).size,
    ).toBe(0);
  });

  it('does not judge one bad pair, pairs with few points, or a kind with fewer than three pairs', () => {
    const fits = rig();
    fits[0] = { ...fits[0], medianErrorPx: 2 };
    expect(calibrationMisfits(fits, new Set(['center'])).size).toBe(0);
    // A rig that matches little everywhere (30 a pair): few points are not judged by their reprojection, nor by count.
    const sparse = bumped(rig(), 'ring02', 2).map((f) => ({ ...f, points: f.ref === 'ring02' || f.src === 'ring02' ? 12 : 30 }));
    expect(calibrationMisfits(sparse, new Set(['center'])).size).toBe(0);
    const twoCameras: PairFit[] = [
      { ref: 'a', src: 'b', points: 400, medianErrorPx: 3 },
      { ref: 'a', src: 'c', points: 400, medianErrorPx: 3 },
    ];
    expect(calibrationMisfits(twoCameras, new Set()).size).toBe(0);
  });
});
