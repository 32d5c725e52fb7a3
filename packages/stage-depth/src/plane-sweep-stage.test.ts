import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createSyntheticScene } from '@aquamvs/benchmark';
import { readRunManifest, type DepthMap, type PipelineHooks, type SpanEndEvent } from '@aquamvs/core';
import { decodeNpz } from '@aquamvs/io';
import { describe, expect, it } from 'vitest';
import { runSweepScene } from './test-support/run-sweep-scene.js';

/** Milliseconds two threads' `performance.timeOrigin` may disagree by (the spans' times cross threads). */
const CLOCK_SLACK_MS = 5;

/** Collects every span the run ends. */
function spanRecorder(): { hooks: PipelineHooks; spans: SpanEndEvent[] } {
  const spans: SpanEndEvent[] = [];
  return { hooks: { spanEnd: (e) => void spans.push(e) }, spans };
}

describe('plane-sweep stage on the synthetic ci rig', () => {
  it('meets the flat-scene accuracy floor: median |δ − δ_true| ≤ 1 mm, ≥ 80 % valid, every ring camera', async () => {
    const { hooks, spans } = spanRecorder();
    const run = await runSweepScene('ci', 'flat', { workers: 2, hooks });
    expect([...run.maps.keys()]).toEqual(['ring00', 'ring01', 'ring02', 'ring03']);
    // Each reference's sweep is a span on the track of the worker thread that ran it, inside the stage's 'sweep'.
    const sweep = spans.find((e) => e.span === 'sweep');
    const perReference = spans.filter((e) => e.span.startsWith('sweep ring'));
    expect(perReference.map((e) => e.span).sort()).toEqual(['sweep ring00', 'sweep ring01', 'sweep ring02', 'sweep ring03']);
    const threads = new Set(perReference.map((e) => e.threadId));
    expect([...threads].every((t) => t !== undefined && t > 0)).toBe(true);
    expect(threads.size).toBeLessThanOrEqual(2);
    for (const e of perReference) {
      expect(e.parentSpanId).toBe(sweep?.spanId);
      expect(e.durationMs).toBeGreaterThan(0);
      // Worker times come through the epoch clock (each thread's timeOrigin): allow CLOCK_SLACK_MS of mapping error.
      expect(e.startedAt).toBeGreaterThanOrEqual((sweep?.startedAt ?? Infinity) - CLOCK_SLACK_MS);
      expect(e.at).toBeLessThanOrEqual((sweep?.at ?? -Infinity) + CLOCK_SLACK_MS);
    }
    for (const [, e] of run.errors) {
      expect(e.medianAbsErrorMm).toBeLessThanOrEqual(1);
      expect(e.validShare).toBeGreaterThanOrEqual(0.8);
    }
    // depth_maps/{cam}.npz: float32 H×W `depth` and `confidence`, equal to the artifact.
    const files = (await readdir(join(run.dir, 'depth_maps'))).sort();
    expect(files).toEqual(['ring00.npz', 'ring01.npz', 'ring02.npz', 'ring03.npz']);
    const npz = decodeNpz(await readFile(join(run.dir, 'depth_maps', 'ring00.npz')));
    expect(npz.depth.shape).toEqual([240, 320]);
    expect(npz.confidence.shape).toEqual([240, 320]);
    expect(npz.depth.data).toBeInstanceOf(Float32Array);
    expect(Array.from(npz.depth.data as Float32Array)).toEqual(Array.from(run.maps.get('ring00')?.depth ?? []));
    const conf = npz.confidence.data as Float32Array;
    expect(conf.every((c) => c >= 0 && c <= 1)).toBe(true);
  });

  it('gives identical maps with 1 and 2 workers', async () => {
    const recorder = spanRecorder();
    const one = await runSweepScene('ci', 'flat', { workers: 1, numDepths: 48, windowSize: 7, hooks: recorder.hooks });
    // One worker: the sweeps run on this thread, so their spans stay on the main track.
    expect(recorder.spans.filter((e) => e.span.startsWith('sweep ring')).map((e) => e.threadId)).toEqual([0, 0, 0, 0]);
    const two = await runSweepScene('ci', 'flat', { workers: 2, numDepths: 48, windowSize: 7 });
    for (const [cam, map] of one.maps) {
      const other = two.maps.get(cam);
      expect(other).toBeDefined();
      expect(Buffer.from(map.depth.buffer).equals(Buffer.from((other?.depth ?? new Float32Array()).buffer))).toBe(true);
      expect(Buffer.from(map.confidence.buffer).equals(Buffer.from((other?.confidence ?? new Float32Array()).buffer))).toBe(true);
    }
  });

  it('meets the undulating-scene floor with the default (automatic) refinement: median |δ − δ_true| ≤ 2 mm, ≥ 80 % valid', async () => {
    // ci undulating: the 5 cm waves are ~12 px long, about one 11-px window, so fronto-parallel windows flatten them;
    // the surface-following passes and the photometric alignment recover the relief. refine_passes: null (default)
    // runs them on the ci rig, whose window covers ~4 cm of bed.
    const plain = await runSweepScene('ci', 'undulating', { workers: 2, config: { reconstruction: { refine_passes: 0 } } });
    const refined = await runSweepScene('ci', 'undulating', { workers: 2 });
    // Pixels the passes moved by < 1 step keep the sweep's depth (flat beds stay at the sweep's accuracy); that costs
    // up to ~0.1 mm per camera here, so the 2 mm floor holds on the mean over cameras, 2.1 mm on each.
    let sum = 0;
    for (const [cam, before] of plain.errors) {
      const after = refined.errors.get(cam);
      expect(after).toBeDefined();
      expect(before.medianAbsErrorMm).toBeGreaterThan(4);
      expect(after?.medianAbsErrorMm).toBeLessThanOrEqual(2.1);
      expect(after?.validShare).toBeGreaterThanOrEqual(0.8);
      sum += after?.medianAbsErrorMm ?? Infinity;
    }
    expect(sum / refined.errors.size).toBeLessThanOrEqual(2);
  });

  it('with refine_passes the flat scene still meets its floor (≤ 1 mm, ≥ 80 % valid)', async () => {
    const refined = await runSweepScene('ci', 'flat', { workers: 2, config: { reconstruction: { refine_passes: 4 } } });
    for (const [, e] of refined.errors) {
      expect(e.medianAbsErrorMm).toBeLessThanOrEqual(1);
      expect(e.validShare).toBeGreaterThanOrEqual(0.8);
    }
  });

  it('gives identical refined maps with 1 and 2 workers', async () => {
    const options = { numDepths: 48, windowSize: 7, config: { reconstruction: { refine_passes: 2 } } };
    const one = await runSweepScene('ci', 'undulating', { workers: 1, ...options });
    const two = await runSweepScene('ci', 'undulating', { workers: 2, ...options });
    for (const [cam, map] of one.maps) {
      expect(Buffer.from(map.depth.buffer).equals(Buffer.from((two.maps.get(cam)?.depth ?? new Float32Array()).buffer))).toBe(true);
    }
  });

  it('gives no depth where a reference sees only dark water beyond the textured bed (sensor noise, no texture)', async () => {
    const scene = createSyntheticScene({ rig: 'ci', scene: 'slope', seed: 1 });
    const background = (cam: string): number[] => {
      const gt = scene.groundTruth(cam).depth;
      return [...gt.keys()].filter((i) => !Number.isFinite(gt[i]));
    };
    const sweep = { workers: 2, numDepths: 48, windowSize: 7 };
    const share = (map: DepthMap | undefined, pixels: number[]): number =>
      pixels.filter((i) => Number.isFinite(map?.depth[i])).length / pixels.length;
    const off = await runSweepScene('ci', 'slope', { ...sweep, minTexture: 0 });
    const on = await runSweepScene('ci', 'slope', sweep);
    const dark = background('ring00');
    expect(dark.length).toBeGreaterThan(0.2 * 320 * 240);
    // Without the floor the sweep gives most of the noise-only pixels a depth; with it, only those whose window reaches the bed.
    expect(share(off.maps.get('ring00'), dark)).toBeGreaterThan(0.5);
    expect(share(on.maps.get('ring00'), dark)).toBeLessThan(0.05);
    // The textured bed keeps its depths (all but a few pixels at its edge) and its accuracy.
    for (const [cam, e] of on.errors) {
      expect(e.validShare, cam).toBeGreaterThan((off.errors.get(cam)?.validShare ?? 1) - 1e-4);
      expect(Math.abs(e.medianAbsErrorMm - (off.errors.get(cam)?.medianAbsErrorMm ?? Infinity)), cam).toBeLessThan(0.01);
    }
  });

  it('fails the frame, naming the cameras, when no pixel of their views got a depth (here: a texture floor nothing meets)', async () => {
    await expect(runSweepScene('ci', 'flat', { workers: 1, numDepths: 32, windowSize: 7, minTexture: 0.9 })).rejects.toMatchObject({
      code: 'AQM_ERR_FRAME_CAMERA_MISSING',
      message: expect.stringContaining("camera 'ring00' has no image (no depth map: no pixel of its view got a depth") as unknown,
    });
  });

  it('goes on without a reference it cannot sweep only as min_cameras allows, and says so in run.json', async () => {
    const sweep = { workers: 1, numDepths: 32, windowSize: 7, dropRange: ['ring02'] };
    await expect(runSweepScene('ci', 'flat', sweep)).rejects.toMatchObject({ code: 'AQM_ERR_FRAME_CAMERA_MISSING' });
    const run = await runSweepScene('ci', 'flat', { ...sweep, config: { preprocessing: { min_cameras: 4 } } });
    expect([...run.maps.keys()]).toEqual(['ring00', 'ring01', 'ring03']);
    expect(run.warnings.some((w) => w.includes("'ring02'") && w.includes('no depth range'))).toBe(true);
    expect((await readdir(join(run.dir, 'depth_maps'))).sort()).toEqual(['ring00.npz', 'ring01.npz', 'ring03.npz']);
    const manifest = await readRunManifest(dirname(run.dir));
    expect(manifest.frames['0']?.droppedCameras).toEqual({ ring02: 'no depth map: the plane sweep had no depth range' });
  });

  it('sweeps a recording’s next frame around the last one’s depths only when it follows it, and stops trying on maps too noisy to predict it', async () => {
    const fast = { workers: 2, numDepths: 48, windowSize: 7, config: { reconstruction: { refine_passes: 0, temporal_prior: true } } };
    // Four frames of a static scene: frames 1 and 2 try the prior; the ci rig's maps (many pixels seen by the fisheye
    // alone) are too noisy for it, so after two contradicted tries frame 3 is swept from scratch.
    const run = await runSweepScene('ci', 'flat', { ...fast, frames: [0, 1, 2, 3] });
    const about = (camera: string): string[] => run.messages.filter((m) => m.startsWith(`camera '${camera}'`));
    for (const camera of ['ring00', 'ring01', 'ring02', 'ring03']) {
      const lines = about(camera);
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/% of its pixels outside frame 0's depths \(a sudden change, or maps too noisy/);
      expect(lines[1]).toMatch(/outside frame 1's depths again: .* every frame is swept in full$/);
      // A sweep from scratch of the same images gives the first frame's map exactly.
      expect(run.byFrame.get(3)?.get(camera)?.depth).toEqual(run.byFrame.get(0)?.get(camera)?.depth);
    }
    // run.json says which frame's depths each frame's sweep started from, camera by camera.
    const provenanceOf = async (dir: string, frame: number): Promise<unknown> =>
      (await readRunManifest(dirname(dir))).frames[String(frame)].provenance?.['plane-sweep'];
    expect(await provenanceOf(run.dir, 0)).toMatchObject({ temporalPrior: { frame: null } });
    const tried = (await provenanceOf(run.dir, 1)) as {
      summary: string;
      temporalPrior: { frame: number; cameras: Record<string, { guided: boolean; disagreement: number }> };
    };
    expect(tried.temporalPrior.frame).toBe(0);
    expect(Object.keys(tried.temporalPrior.cameras)).toEqual(['ring00', 'ring01', 'ring02', 'ring03']);
    for (const use of Object.values(tried.temporalPrior.cameras)) {
      expect(use.guided).toBe(false);
      expect(use.disagreement).toBeGreaterThan(0.1);
    }
    expect(tried.summary).toMatch(/^0 of 4 references swept around frame 0's depths; in full: ring00 \([\d.]+ % of its pixels outside them\)/);
    const struck = (await provenanceOf(run.dir, 3)) as {
      temporalPrior: { frame: number; cameras: Record<string, { guided: boolean; reason: string }> };
    };
    expect(struck.temporalPrior.frame).toBe(2);
    for (const use of Object.values(struck.temporalPrior.cameras))
      expect(use).toEqual({ guided: false, reason: expect.stringMatching(/contradicted/) as unknown });
    // Frame 2 does not follow frame 0 (frame_step 1): no prior is tried.
    const gap = await runSweepScene('ci', 'flat', { ...fast, frames: [0, 2] });
    expect(gap.messages.filter((m) => m.startsWith('camera'))).toEqual([]);
    expect(gap.byFrame.get(2)?.get('ring00')?.depth).toEqual(run.byFrame.get(0)?.get('ring00')?.depth);
    expect(await provenanceOf(gap.dir, 2)).toMatchObject({
      temporalPrior: { frame: null, reason: expect.stringMatching(/not swept by this process/) as unknown },
    });
    // By default (reconstruction.temporal_prior: false) no prior is tried.
    const off = await runSweepScene('ci', 'flat', {
      ...fast,
      frames: [0, 1],
      config: { reconstruction: { refine_passes: 0 } },
    });
    expect(off.messages.filter((m) => m.startsWith('camera'))).toEqual([]);
    // Nothing but the frame's inputs and the config made its maps: no provenance.
    expect((await readRunManifest(dirname(off.dir))).frames['1'].provenance).toBeUndefined();
  });
});
