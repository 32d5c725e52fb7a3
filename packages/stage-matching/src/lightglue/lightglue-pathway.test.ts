import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aquamvsConfigSchema, silentLogger, TypedStore, type FrameImage, type RunContext, type RunResources } from '@aquamvs/core';
import { prepareRig } from '@aquamvs/geometry';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLookupExtractor, buildMnnMatcher, type LookupTruth } from '../test-support/lightglue-models.js';
import { runSparse, syntheticScene, type PipelineRun } from '../test-support/pipeline.js';

const scene = syntheticScene('ci', 'flat');
let dir = '';
let truth: LookupTruth;
let images: ReadonlyMap<string, FrameImage> = new Map();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aqm-lightglue-'));
  const undistorted = await runSparse(scene, []);
  images = undistorted.artifacts.undistortedImages ?? new Map<string, FrameImage>();
  const resources = new TypedStore<RunResources>('test');
  resources.set('calibration', scene.calibration);
  const rig = await prepareRig({ config: aquamvsConfigSchema.parse({}), resources, log: silentLogger } as unknown as RunContext);
  const built = buildLookupExtractor(scene, rig, images, 'center', [24, 18], 'float32');
  truth = built.truth;
  await writeFile(join(dir, 'extractor.onnx'), built.bytes);
  await writeFile(join(dir, 'extractor-int64.onnx'), buildLookupExtractor(scene, rig, images, 'center', [24, 18], 'int64').bytes);
  await writeFile(join(dir, 'matcher-pairs.onnx'), buildMnnMatcher('pairs'));
  await writeFile(join(dir, 'matcher-index.onnx'), buildMnnMatcher('index'));
});

const lightglue = (matcher: string, extra: Record<string, unknown> = {}, extractor = 'extractor.onnx'): Record<string, unknown> => ({
  matcher_type: 'lightglue',
  pipeline_mode: 'sparse',
  sparse_matching: { onnx: { extractor: join(dir, extractor), matcher: join(dir, matcher) }, ...extra },
});

/** Largest distance of a camera's keypoints to the nearest true pixel, and the number of visible true points. */
function mappingError(name: string, keypoints: Float64Array): { worst: number; visible: number } {
  const seen = truth.pixels.get(name) as Float64Array;
  const visible = Array.from({ length: seen.length / 2 }, (_, p) => p).filter((p) => Number.isFinite(seen[p * 2]));
  let worst = 0;
  for (let k = 0; k < keypoints.length / 2; k++) {
    let best = Infinity;
    for (const p of visible) best = Math.min(best, Math.hypot(keypoints[k * 2] - seen[p * 2], keypoints[k * 2 + 1] - seen[p * 2 + 1]));
    worst = Math.max(worst, best);
  }
  return { worst, visible: visible.length };
}

describe('sparse-matching with matcher_type lightglue (architecture-only ONNX extractor + mutual-NN matcher, ci rig)', () => {
  let run: PipelineRun;
  beforeAll(async () => {
    run = await runSparse(scene, ['sparse-matching', 'triangulation'], lightglue('matcher-pairs.onnx', { filter_threshold: 0.9 }));
  });

  it('finishes the frame', () => {
    expect(run.summary.failed.map((f) => f.error.message)).toEqual([]);
    expect(run.summary.done).toEqual([0]);
  });

  it('maps float keypoints back from the 1024-long-side image exactly and drops those under detection_threshold', () => {
    const features = run.artifacts.features;
    expect([...(features?.keys() ?? [])].sort()).toEqual(['center', 'ring00', 'ring01', 'ring02', 'ring03']);
    for (const [name, f] of features ?? []) {
      const { worst, visible } = mappingError(name, f.keypoints);
      expect(f.scores.length, name).toBe(visible);
      expect(f.descriptorSize).toBe(32);
      expect(worst, name).toBeLessThan(1e-3);
    }
  });

  it('matches each canonical pair (min, max) once; filter_threshold 0.9 keeps only the true correspondences', () => {
    const matches = run.artifacts.matches ?? [];
    const keys = matches.map((m) => `${m.ref}-${m.src}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(matches.length).toBe(10);
    for (const m of matches) {
      expect(m.ref < m.src).toBe(true);
      expect(m.scores.length).toBeGreaterThan(25);
      for (const s of m.scores) expect(s).toBeGreaterThan(0.999);
    }
  });

  it('hands the matches to triangulation: points within 0.05 mm (median) of the true surface', () => {
    const points = run.artifacts.sparseCloud?.points ?? new Float64Array();
    expect(points.length / 3).toBeGreaterThan(300);
    const d = Array.from(scene.surface.distanceToSurface(points)).sort((a, b) => a - b);
    expect(d[Math.floor(d.length / 2)] * 1000).toBeLessThan(0.05);
  });
});

describe('lightglue options and output forms', () => {
  it('reads int64 keypoints and the [1,N] index form, and applies max_keypoints and filter_threshold (>=)', async () => {
    const capped = await runSparse(scene, ['sparse-matching'], lightglue('matcher-index.onnx', { max_keypoints: 50 }, 'extractor-int64.onnx'));
    expect(capped.summary.failed.map((f) => f.error.message)).toEqual([]);
    for (const [name, f] of capped.artifacts.features ?? []) {
      expect(f.scores.length).toBe(Math.min(50, mappingError(name, new Float64Array()).visible));
      expect(mappingError(name, f.keypoints).worst, name).toBeLessThan((Math.SQRT2 * 0.5) / 3.2 + 1e-6);
    }
    const counts = (capped.artifacts.matches ?? []).map((m) => m.scores.length);
    expect(Math.max(...counts)).toBeGreaterThan(10);
    const strict = await runSparse(scene, ['sparse-matching'], lightglue('matcher-index.onnx', { filter_threshold: 1.01 }));
    const matches = strict.artifacts.matches ?? [];
    expect(matches.length).toBe(10);
    for (const m of matches) expect(m.scores.length).toBe(0);
  });

  it('fails clearly without model files, naming the keys and the classic alternative', async () => {
    const run = runSparse(scene, ['sparse-matching'], {
      matcher_type: 'lightglue',
      sparse_matching: { onnx: { extractor: join(dir, 'extractor.onnx') } },
    });
    await expect(run).rejects.toThrow(/needs sparse_matching\.onnx\.matcher: .*LightGlue-ONNX.*matcher_type: classic.*needs no model files/);
    await expect(runSparse(scene, ['sparse-matching'], { matcher_type: 'lightglue' })).rejects.toMatchObject({
      cause: { code: 'AQM_ERR_MATCHING_MATCHER_UNAVAILABLE' },
    });
  });

  it('names the key and file of an unloadable model', async () => {
    const junk = join(dir, 'junk.onnx');
    await writeFile(junk, 'not an onnx model');
    const run = runSparse(scene, ['sparse-matching'], {
      matcher_type: 'lightglue',
      sparse_matching: { onnx: { extractor: join(dir, 'extractor.onnx'), matcher: junk } },
    });
    await expect(run).rejects.toThrow(
      /sparse_matching\.onnx\.matcher '.*junk\.onnx': not a loadable ONNX model \([^\n]*\); expected a LightGlue ONNX export$/,
    );
  });
});
