import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeNpz, decodePly } from '@aquamvs/io';
import type { FrameImage, FrameSource } from '@aquamvs/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CalibrationFitReport } from './calibration-fit.js';
import { runSparse, syntheticScene, type PipelineRun } from './test-support/pipeline.js';
import { scoreSparse, type SparseScore } from './test-support/score-sparse.js';

const scene = syntheticScene('ci', 'flat');

describe('sparse pathway on the ci rig (benchmark flat scene, real undistort stage)', () => {
  let run: PipelineRun;
  let score: SparseScore;
  beforeAll(async () => {
    run = await runSparse(scene, ['sparse-matching', 'triangulation', 'sparse-cloud'], { pipeline_mode: 'sparse' }, {}, scene.frameSource(), [
      'depthRanges',
    ]);
    score = scoreSparse(scene, run);
  });

  it('finishes the frame', () => {
    expect(run.summary.failed.map((f) => f.error.message)).toEqual([]);
    expect(run.summary.done).toEqual([0]);
  });

  it('finds at least 300 matches per neighbouring ring pair that pass the triangulation filters', () => {
    expect(score.neighbourCounts.length).toBe(4);
    for (const count of score.neighbourCounts) expect(count).toBeGreaterThanOrEqual(300);
  });

  it('puts the sparse cloud within 1 mm (median) and 3 mm (p90) of the true surface', () => {
    expect(score.points).toBeGreaterThan(1500);
    expect(score.medianMm).toBeLessThan(1);
    expect(score.p90Mm).toBeLessThan(3);
  });

  it('gives every camera a depth range holding the true ray depth of at least 99 % of its valid pixels', () => {
    const ranges = run.artifacts.depthRanges;
    expect([...(ranges?.keys() ?? [])].sort()).toEqual(['center', 'ring00', 'ring01', 'ring02', 'ring03']);
    for (const [name, share] of Object.entries(score.coverage)) {
      expect(share, name).toBeGreaterThanOrEqual(0.99);
      const r = ranges?.get(name) ?? { min: 0, max: 1 };
      expect(r.max - r.min, name).toBeLessThan(0.5);
    }
  });

  it("records in run.json which cameras' depth ranges are the fallback (none here)", async () => {
    const { readRunManifest } = await import('@aquamvs/core');
    expect((await readRunManifest(run.dir)).frames['0'].provenance).toBeUndefined();
  });

  it('fails a frame of which no sparse point passes the plausibility filter, instead of sweeping every camera blind', async () => {
    const { readRunManifest } = await import('@aquamvs/core');
    // A filter no point passes, as when every camera is capped or the calibration does not fit the images.
    const blind = await runSparse(
      scene,
      ['sparse-matching', 'triangulation'],
      { pipeline_mode: 'sparse' },
      { triangulation: { maxDepth: -1 } },
      scene.frameSource(),
      ['depthRanges'],
    );
    expect(blind.summary.done).toEqual([]);
    expect(blind.summary.failed.map((f) => f.frame)).toEqual([0]);
    expect(blind.summary.failed[0].error.message).toMatch(
      /no sparse point: \d+ match\(es\) over 10 camera pair\(s\) gave [1-9]\d* triangulated point\(s\), 0 of them below the water surface \(water_z [\d.]+ m\) within -1 m of it, and the cameras' depth ranges need at least 20/,
    );
    expect((blind.summary.failed[0].error.cause as { code?: string } | undefined)?.code).toBe('AQM_ERR_MATCHING_NO_POINTS');
    expect(blind.artifacts.depthRanges).toBeUndefined();
    expect((await readRunManifest(blind.dir)).frames['0'].status).toBe('failed');
  });

  it('leaves the depth ranges out when no later stage consumes them (the sparse pathway)', async () => {
    const sparse = await runSparse(scene, ['sparse-matching', 'triangulation'], { pipeline_mode: 'sparse' });
    expect(sparse.artifacts.sparseCloud?.scores.length).toBe(run.artifacts.sparseCloud?.scores.length);
    expect(sparse.artifacts.depthRanges).toBeUndefined();
  });

  it("writes each pair's and camera's calibration fit to sparse/calibration_fit.json: every ring pair within 0.05 px here", async () => {
    const fit = JSON.parse(await readFile(join(run.dir, 'frame_000000', 'sparse', 'calibration_fit.json'), 'utf8')) as CalibrationFitReport;
    expect(fit.leftOut).toEqual({});
    expect(fit.thresholds).toEqual({ ratio: 4, floorPx: 0.1, minPoints: 20, starvingShare: 0.05, motionRatio: 2, ringMotionRatio: 4 });
    // The unmoved centre camera's image sits on the ring rays within a fraction of its matches' scatter.
    expect(fit.auxiliaryCameras).toEqual(['center']);
    const { displacementPx, noisePx, matches } = fit.motion.center;
    expect(matches).toBeGreaterThan(200);
    expect(displacementPx).toBeLessThan(0.1);
    expect(displacementPx).toBeLessThan(noisePx);
    // The ring cameras against each other's rays: unmoved, within the scatter of their matches too.
    for (const ring of ['ring00', 'ring01', 'ring02', 'ring03']) {
      expect(fit.motion[ring].matches, ring).toBeGreaterThan(1000);
      expect(fit.motion[ring].displacementPx, ring).toBeLessThan(fit.motion[ring].noisePx);
    }
    expect(Object.keys(fit.cameras)).toEqual(['center', 'ring00', 'ring01', 'ring02', 'ring03']);
    const ringPairs = fit.pairs.filter((p) => p.ref.startsWith('ring') && p.src.startsWith('ring'));
    expect(ringPairs.length).toBe(6);
    for (const p of ringPairs) {
      expect(p.points, `${p.ref}-${p.src}`).toBeGreaterThan(300);
      expect(p.medianReprojectionPx, `${p.ref}-${p.src}`).toBeLessThan(0.05);
    }
  });

  it('writes sparse/sparse_cloud.npz and a coloured point_cloud/sparse.ply with unit normals', async () => {
    const frame = join(run.dir, 'frame_000000');
    const npz = decodeNpz(await readFile(join(frame, 'sparse', 'sparse_cloud.npz')));
    expect(npz.points_3d.shape).toEqual([run.artifacts.sparseCloud?.scores.length, 3]);
    expect(npz.scores.shape[0]).toBe(npz.points_3d.shape[0]);
    const ply = decodePly(await readFile(join(frame, 'point_cloud', 'sparse.ply')));
    const n = ply.positions.length / 3;
    expect(n).toBeGreaterThan(500);
    expect(ply.normals?.length).toBe(n * 3);
    expect(ply.colors?.length).toBe(n * 3);
    const nz = ply.normals ?? new Float32Array(3);
    for (let i = 0; i < n; i += 97) expect(Math.hypot(nz[i * 3], nz[i * 3 + 1], nz[i * 3 + 2])).toBeCloseTo(1, 4);
    const grey = ply.colors?.filter((c) => c === 128).length ?? 0;
    expect(grey / (n * 3)).toBeLessThan(0.2);
  });
});

describe('a camera that moved since calibration', () => {
  // ring01's image moved `dx` pixels to the right (a bumped camera; half a pixel by averaging neighbours): at 2 px
  // its depth map would be ~14 mm off at the median.
  // `camera`'s image moved `dy` whole pixels down as well.
  const moved = (dx: number = 2, camera = 'ring01', dy = 0): FrameSource => {
    const source = scene.frameSource();
    return {
      ...source,
      async *frames(indices: readonly number[]) {
        for await (const frame of source.frames(indices)) {
          const image = frame.images.get(camera) as FrameImage;
          const { width, height, channels, data } = image;
          const shifted = new Uint8Array(data.length);
          const whole = Math.ceil(dx);
          for (let y = 0; y < height; y++) {
            const row = y * width * channels;
            const from = Math.max(0, y - dy) * width * channels;
            shifted.set(data.subarray(from, from + (width - whole) * channels), row + whole * channels);
            shifted.set(data.subarray(from, from + whole * channels), row);
            // A fraction of a pixel: each value blended with its left neighbour's.
            if (dx < 1)
              for (let i = row + channels; i < row + width * channels; i++) shifted[i] = Math.round((1 - dx) * data[i] + dx * data[i - channels]);
          }
          yield { ...frame, images: new Map([...frame.images, [camera, { ...image, data: shifted }]]) };
        }
      },
    };
  };

  it('fails the frame by default, naming the camera and how far its matches reproject', async () => {
    const result = await runSparse(scene, ['sparse-matching', 'triangulation'], {}, {}, moved(), ['depthRanges']);
    expect(result.summary.failed.map((f) => [f.frame, (f.error as { code?: string }).code])).toEqual([[0, 'AQM_ERR_FRAME_CAMERA_MISSING']]);
    expect(result.summary.failed[0].error.message).toMatch(
      /^frame 0: camera 'ring01' has no image \(its image does not fit calibration\.json: its sparse matches with ring0\d and ring0\d reproject 0\.[5-9]\d and 0\.[5-9]\d px off \(median\), a typical pair of the rig 0\.0\d px; against the ring cameras' rays its image shifted x (1\.9|2\.0)\d, y -?0\.0\d px \(undistorted image\), rolled -?0\.0\d°/,
    );
  });

  it('fails the frame when the camera moved half a pixel: its pairs reproject about 0.2 px, 10× the rig’s', async () => {
    const result = await runSparse(scene, ['sparse-matching', 'triangulation'], {}, {}, moved(0.5), ['depthRanges']);
    expect(result.summary.failed[0]?.error.message).toMatch(
      /^frame 0: camera 'ring01' has no image \(its image does not fit calibration\.json: its sparse matches with ring0\d and ring0\d reproject 0\.[12]\d and 0\.[12]\d px off \(median\), a typical pair of the rig 0\.0\d px/,
    );
  });

  it('fails the frame when the camera moved a quarter pixel: its pairs do not show it, its image off the other ring rays does', async () => {
    const result = await runSparse(scene, ['sparse-matching', 'triangulation'], {}, {}, moved(0.25), ['depthRanges']);
    expect(result.summary.failed[0]?.error.message).toMatch(
      /^frame 0: camera 'ring01' has no image \(its image does not fit calibration\.json: its \d+ sparse matches with the other ring cameras place it 0\.[12]\d px off their rays \(shifted x 0\.[12]\d, y -?0\.0\d px \(undistorted image\), rolled -?0\.0\d°\), \d+\.\d× their own scatter/,
    );
  });

  it('fails the frame when the fisheye centre camera moved a pixel each way: every pair it has moves with it, so it is judged against the ring rays', async () => {
    const result = await runSparse(scene, ['sparse-matching', 'triangulation'], {}, {}, moved(1, 'center', 1), ['depthRanges']);
    expect(result.summary.failed[0]?.error.message).toMatch(
      /^frame 0: camera 'center' has no image \(its image does not fit calibration\.json: its \d+ sparse matches with the ring cameras place it 1\.\d\d px off their rays \(shifted x 0\.[6-9]\d, y 0\.[6-9]\d px \(undistorted image\), rolled -?0\.0\d°\), \d+\.\d× their own scatter/,
    );
  });

  it('fails the frame when the centre camera moved so far that it matches no ring camera', async () => {
    const result = await runSparse(scene, ['sparse-matching', 'triangulation'], {}, {}, moved(4, 'center', 0), ['depthRanges']);
    expect(result.summary.failed[0]?.error.message).toMatch(
      /^frame 0: camera 'center' has no image \(its image does not fit calibration\.json: at most [0-9] sparse matches with 3 of its 4 ring camera\(s\), a typical ring pair \d{3} /,
    );
  });

  it('goes on without it under min_cameras: its matches leave the cloud, and the frame is degraded', async () => {
    const result = await runSparse(scene, ['sparse-matching', 'triangulation'], { preprocessing: { min_cameras: 4 } }, {}, moved(), ['depthRanges']);
    expect(result.summary.done).toEqual([0]);
    expect(result.summary.degraded.map((d) => [d.frame, Object.keys(d.cameras)])).toEqual([[0, ['ring01']]]);
    expect([...(result.artifacts.undistortedImages?.keys() ?? [])].sort()).toEqual(['center', 'ring00', 'ring02', 'ring03']);
    expect([...(result.artifacts.depthRanges?.keys() ?? [])].sort()).toEqual(['center', 'ring00', 'ring02', 'ring03']);
    const fit = JSON.parse(await readFile(join(result.dir, 'frame_000000', 'sparse', 'calibration_fit.json'), 'utf8')) as CalibrationFitReport;
    expect(Object.keys(fit.leftOut)).toEqual(['ring01']);
    expect(fit.cameras.ring01.medianReprojectionPx).toBeGreaterThan(0.3);
    expect(fit.cameras.ring00.medianReprojectionPx).toBeLessThan(fit.cameras.ring01.medianReprojectionPx as number);
    const others = (result.artifacts.matches ?? []).filter((m) => m.ref !== 'ring01' && m.src !== 'ring01');
    const points = result.artifacts.sparseCloud?.scores.length ?? 0;
    expect(points).toBeGreaterThan(1000);
    expect(points).toBeLessThanOrEqual(others.reduce((sum, m) => sum + m.scores.length, 0));
  });
});

describe('sparse-matching configuration errors and masks', () => {
  it('fails with AQM_ERR_MATCHING_MATCHER_UNAVAILABLE for matcher_type lightglue, naming classic as the way out', async () => {
    await expect(runSparse(scene, ['sparse-matching'], { matcher_type: 'lightglue' })).rejects.toThrow(/classic/);
  });

  it('drops keypoints outside a mask, leaves a camera without a mask file unmasked, and refuses a mask it cannot apply', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { encodePng } = await import('@aquamvs/io');
    const { writeFile } = await import('node:fs/promises');
    const maskDir = await mkdtemp(join(tmpdir(), 'aqm-masks-'));
    const left = new Uint8Array(320 * 240);
    for (let y = 0; y < 240; y++) for (let x = 0; x < 160; x++) left[y * 320 + x] = 255;
    await writeFile(join(maskDir, 'ring00.png'), await encodePng({ width: 320, height: 240, channels: 1, data: left }));
    const masked = await runSparse(scene, ['sparse-matching'], { mask_dir: maskDir });
    const kp = masked.artifacts.features?.get('ring00')?.keypoints ?? new Float64Array();
    expect(kp.length).toBeGreaterThan(100);
    for (let i = 0; i < kp.length / 2; i++) expect(Math.round(kp[i * 2])).toBeLessThan(160);
    expect(masked.artifacts.features?.get('ring01')?.keypoints.length ?? 0).toBeGreaterThan(100);
    // A mask the run cannot apply stops it before frame 0 (the reference warns and runs without it, exit 0).
    await writeFile(join(maskDir, 'ring01.png'), await encodePng({ width: 10, height: 10, channels: 1, data: new Uint8Array(100) }));
    await expect(runSparse(scene, ['sparse-matching'], { mask_dir: maskDir })).rejects.toThrow(
      /ring01\.png is 10×10, but camera 'ring01' is 320×240/,
    );
    await writeFile(join(maskDir, 'ring01.png'), 'not a png');
    await expect(runSparse(scene, ['sparse-matching'], { mask_dir: maskDir })).rejects.toThrow(/ring01\.png cannot be read/);
    await expect(runSparse(scene, ['sparse-matching'], { mask_dir: join(maskDir, 'typo') })).rejects.toThrow(/typo does not exist/);
    const misnamed = await mkdtemp(join(tmpdir(), 'aqm-masks-'));
    await writeFile(join(misnamed, 'Ring00.png'), await encodePng({ width: 320, height: 240, channels: 1, data: left }));
    await expect(runSparse(scene, ['sparse-matching'], { mask_dir: misnamed })).rejects.toThrow(
      /has no mask of any input camera \(expected \{camera\}\.png of [\w, ]+; it holds Ring00\.png\)/,
    );
    await rm(maskDir, { recursive: true, force: true });
    await rm(misnamed, { recursive: true, force: true });
  });
});
