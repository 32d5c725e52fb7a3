import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSyntheticScene } from '@aquamvs/benchmark';
import { depthMapError } from '@aquamvs/benchmark/metrics';
import { aquamvsConfigSchema, runPipeline, silentLogger, STAGE, type AquamvsPlugin, type DepthMap, type Stage } from '@aquamvs/core';
import { prepareRig } from '@aquamvs/geometry';
import { decodeNpz } from '@aquamvs/io';
import { beforeAll, describe, expect, it } from 'vitest';
import { trueWarp } from '../test-support/true-warp.js';
import type { DensePair, DenseWarpSource } from '@aquamvs/core';
import { RomaDepthStage, type RomaDepthMap } from './roma-depth-stage.js';

const scene = createSyntheticScene({ rig: 'ci', scene: 'undulating', seed: 1 });

interface Result {
  maps: ReadonlyMap<string, DepthMap>;
  /** Cameras the frame went on without, and why. */
  dropped: Readonly<Record<string, string>>;
  dir: string;
  /** Most warp requests in flight at once, and the number of requests. */
  peakInFlight: number;
  requests: number;
}

/** What the `true-warps` feed hands roma-depth besides the rig's pairs: more pairs, other warp sizes. */
interface FeedChanges {
  readonly extraPairs?: readonly DensePair[];
  readonly warpSize?: (ref: string, src: string) => readonly [number, number];
  /** Pairs whose warp is certain nowhere (every pairwise depth NaN). */
  readonly uncertain?: (ref: string, src: string) => boolean;
  /** `preprocessing.min_cameras` (default 1: the frame goes on whatever cameras roma-depth leaves out). */
  readonly minCameras?: number | null;
}

/** Runs `true-warps → roma-depth` through the engine; the warp source counts how many warps are alive at once. */
async function runRomaDepth(skip: readonly string[], masks?: Map<string, Uint8Array>, changes: FeedChanges = {}): Promise<Result> {
  const dir = await mkdtemp(join(tmpdir(), 'aqm-roma-depth-'));
  let maps: ReadonlyMap<string, DepthMap> = new Map();
  let inFlight = 0;
  let peakInFlight = 0;
  let requests = 0;
  const feed: Stage = {
    id: 'true-warps',
    consumes: ['rawImages'],
    produces: ['denseWarps', 'masks', 'undistortedImages'],
    async run(ctx) {
      const rig = await prepareRig(ctx.run);
      const pairs: DensePair[] = [];
      for (const ref of rig.ringCameras) if (!skip.includes(ref)) for (const src of rig.pairs[ref]) pairs.push({ ref, src });
      pairs.push(...(changes.extraPairs ?? []));
      const source: DenseWarpSource = {
        pairs,
        convention: 'centre',
        async warp(ref, src) {
          requests++;
          peakInFlight = Math.max(peakInFlight, ++inFlight);
          await new Promise((r) => setTimeout(r, 1));
          const [width, height] = changes.warpSize?.(ref, src) ?? [160, 120];
          const w = trueWarp(scene, rig, ref, src, width, height);
          inFlight--;
          return changes.uncertain?.(ref, src) === true ? { ...w, certainty: new Float32Array(w.certainty.length) } : w;
        },
      };
      ctx.artifacts.set('denseWarps', source);
      ctx.artifacts.set('masks', masks ?? new Map());
      // The ci scene's cameras have no distortion: the recorded images are the undistorted ones.
      ctx.artifacts.set('undistortedImages', ctx.artifacts.get('rawImages'));
    },
  };
  const capture: Stage = {
    id: 'capture',
    consumes: ['depthMaps'],
    produces: [],
    run: (ctx) => Promise.resolve(void (maps = ctx.artifacts.get('depthMaps'))),
  };
  const plugin: AquamvsPlugin = {
    name: 'test',
    register(c) {
      c.register(STAGE, { useValue: feed });
      c.register(STAGE, { useValue: new RomaDepthStage() });
      c.register(STAGE, { useValue: capture });
    },
  };
  const summary = await runPipeline({
    config: aquamvsConfigSchema.parse({
      output_dir: dir,
      matcher_type: 'roma',
      pipeline: { stages: ['true-warps', 'roma-depth', 'capture'] },
      preprocessing: { min_cameras: changes.minCameras === undefined ? 1 : changes.minCameras },
    }),
    frameSource: scene.frameSource(1),
    plugins: [plugin],
    resources: { calibration: scene.calibration },
    log: silentLogger,
  });
  if (summary.failed.length > 0) throw summary.failed[0].error;
  return { maps, dropped: summary.degraded[0]?.cameras ?? {}, dir: join(dir, 'frame_000000'), peakInFlight, requests };
}

describe('stage roma-depth on the ci rig with the true warps (undulating scene)', () => {
  let result: Result;
  beforeAll(async () => {
    result = await runRomaDepth(['ring03']);
  });

  it('gives every ring reference with sources a full-size map within 0.5 mm (median) of the truth, covering ≥ 40 %', () => {
    expect([...result.maps.keys()]).toEqual(['ring00', 'ring01', 'ring02']);
    for (const [cam, map] of result.maps) {
      expect([map.width, map.height]).toEqual([320, 240]);
      const e = depthMapError(map.depth, scene.groundTruth(cam).depth);
      expect(e.medianAbsErrorMm, cam).toBeLessThan(0.5);
      expect(e.p90AbsErrorMm, cam).toBeLessThan(2);
      expect(e.validShare, cam).toBeGreaterThan(0.4);
    }
  });

  it('leaves a ring camera with no sources out of the frame and says why (ring03 has no pairs here)', () => {
    expect(result.maps.has('ring03')).toBe(false);
    expect(result.dropped).toEqual({ ring03: 'no depth map: RoMa had no source image (every camera of its pairs is gone)' });
  });

  it('writes depth_maps/{cam}.npz with float32 depth/confidence and int32 consistency ≥ min_consistent_views where valid', async () => {
    const npz = decodeNpz(await readFile(join(result.dir, 'depth_maps', 'ring00.npz')));
    expect(npz.depth.shape).toEqual([240, 320]);
    expect(npz.confidence.data).toBeInstanceOf(Float32Array);
    expect(npz.consistency.data).toBeInstanceOf(Int32Array);
    const map = result.maps.get('ring00') as RomaDepthMap;
    let valid = 0;
    let agreeing = 0;
    for (let i = 0; i < map.depth.length; i++) {
      const c = map.consistency[i];
      expect(c === 0 || c >= 3).toBe(true);
      if (map.depth[i] === map.depth[i]) {
        valid++;
        if (c >= 3) agreeing++;
      }
    }
    // normalised convolution also fills pixels next to valid cells whose nearest cell failed (consistency 0)
    expect(valid).toBeGreaterThan(0.4 * 320 * 240);
    expect(agreeing / valid).toBeGreaterThan(0.95);
  });

  it('pulls the warps one at a time, each pair once (never all warps in memory)', () => {
    expect(result.requests).toBe(12);
    expect(result.peakInFlight).toBe(1);
  });

  it('applies the ROI mask: NaN depth, confidence 0 and consistency 0 outside it', async () => {
    const mask = new Uint8Array(320 * 240).fill(255);
    for (let y = 0; y < 240; y++) for (let x = 0; x < 160; x++) mask[y * 320 + x] = 0;
    const masked = await runRomaDepth(['ring01', 'ring02', 'ring03'], new Map([['ring00', mask]]));
    const map = masked.maps.get('ring00') as RomaDepthMap;
    let inside = 0;
    for (let y = 0; y < 240; y++) {
      for (let x = 0; x < 320; x++) {
        const i = y * 320 + x;
        if (x < 160) {
          expect(map.depth[i]).toBeNaN();
          expect(map.confidence[i]).toBe(0);
          expect(map.consistency[i]).toBe(0);
        } else if (map.depth[i] === map.depth[i]) inside++;
      }
    }
    expect(inside).toBeGreaterThan(0.3 * 160 * 240);
  });
});

describe('stage roma-depth on warps it cannot use', () => {
  it('fails the frame (all cameras required by default) when a ring camera has no sources', async () => {
    await expect(runRomaDepth(['ring03'], undefined, { minCameras: null })).rejects.toMatchObject({
      code: 'AQM_ERR_FRAME_CAMERA_MISSING',
      message: expect.stringContaining("camera 'ring03' has no image (no depth map: RoMa had no source image") as unknown,
    });
  });

  it('leaves out a ring camera none of whose pixels has enough agreeing pairwise depths, and writes no map for it', async () => {
    const result = await runRomaDepth(['ring03'], undefined, { uncertain: (ref) => ref === 'ring01' });
    expect([...result.maps.keys()]).toEqual(['ring00', 'ring02']);
    expect(result.dropped.ring01).toBe(
      'no depth map: no pixel has 3 of its 4 pairwise RoMa depths within 0.02 m of their median (reconstruction.min_consistent_views, roma_depth_tolerance)',
    );
    await expect(readFile(join(result.dir, 'depth_maps', 'ring01.npz'))).rejects.toMatchObject({ code: 'ENOENT' });
    await readFile(join(result.dir, 'depth_maps', 'ring00.npz'));
  });

  it('fails the frame with AQM_ERR_DEPTH_CAMERA_MISSING for a pair naming a camera the rig lacks', async () => {
    const run = runRomaDepth(['ring01', 'ring02', 'ring03'], undefined, { extraPairs: [{ ref: 'ghost', src: 'ring00' }] });
    await expect(run).rejects.toMatchObject({
      code: 'AQM_ERR_STAGE_FAILED',
      stage: 'roma-depth',
      frame: 0,
      cause: {
        code: 'AQM_ERR_DEPTH_CAMERA_MISSING',
        message: "camera 'ghost' has no camera model in the rig (it is not in the calibration or has no input)",
      },
    });
  });

  it("fails the frame with AQM_ERR_DEPTH_WARP_GRID when one pair's warp grid differs from the reference's others", async () => {
    let first: string | undefined;
    const run = runRomaDepth(['ring01', 'ring02', 'ring03'], undefined, {
      warpSize: (_ref, src) => {
        first ??= src;
        return src === first ? [160, 120] : [80, 60];
      },
    });
    await expect(run).rejects.toMatchObject({
      code: 'AQM_ERR_STAGE_FAILED',
      stage: 'roma-depth',
      cause: {
        code: 'AQM_ERR_DEPTH_WARP_GRID',
        message: expect.stringMatching(
          /^roma-depth: warp of pair ring00→\S+ is 80×60, expected 160×120 like the other pairs of 'ring00'$/,
        ) as unknown,
      },
    });
  });
});
