import { readdirSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cloudAccuracy } from '@aquamvs/benchmark/metrics';
import {
  aquamvsConfigSchema,
  createMemoryFrameSource,
  HOOKS,
  runPipeline,
  silentLogger,
  STAGE,
  type AquamvsPlugin,
  type PointCloud,
  type SpanEndEvent,
  type Stage,
} from '@aquamvs/core';
import { decodePly } from '@aquamvs/io';
import { parse } from '@loaders.gl/core';
import { PLYLoader } from '@loaders.gl/ply';
import { describe, expect, it } from 'vitest';
import { fusionPlugin } from './plugin.js';
import { capturePlugin, gtDepthPlugin } from './test-support/gt-depth-plugin.js';
import { ciScene } from './test-support/gt-views.js';

/** Milliseconds two threads' `performance.timeOrigin` may disagree by (the spans' times cross threads). */
const CLOCK_SLACK_MS = 5;

async function runFusion(extra: Record<string, unknown>, transform?: Parameters<typeof gtDepthPlugin>[2]) {
  const scene = ciScene('flat');
  const dir = await mkdtemp(join(tmpdir(), 'aqm-fusion-'));
  const config = aquamvsConfigSchema.parse({ ...extra, output_dir: dir, pipeline: { stages: ['gt-depth', 'fusion', 'capture'] } });
  let cloud: PointCloud | undefined;
  const logs: string[] = [];
  const log = { ...silentLogger, info: (m: string) => void logs.push(m), warn: (m: string) => void logs.push(m), child: () => log };
  const spans: SpanEndEvent[] = [];
  const spanRecorder: AquamvsPlugin = {
    name: 'spans',
    register: (c) => void c.register(HOOKS, { useValue: { spanEnd: (e: SpanEndEvent) => void spans.push(e) } }),
  };
  const summary = await runPipeline({
    config,
    frameSource: createMemoryFrameSource([], 1, () => new Map()), // no images: the test puts its artifacts in directly
    plugins: [
      gtDepthPlugin(scene, { outliers: 0.01, seed: 4 }, transform),
      fusionPlugin(),
      capturePlugin('pointCloud', (c) => (cloud = c as PointCloud)),
      spanRecorder,
    ],
    resources: { calibration: scene.calibration },
    log,
  });
  return { scene, dir, cloud, logs, summary, spans };
}

describe('fusion stage', () => {
  it('shows each pooled step on the tracks of the worker threads that ran it (2 workers), one span per thread', async () => {
    const { summary, spans } = await runFusion({ reconstruction: { min_consistent_views: 2 }, runtime: { workers: 2 } });
    expect(summary.failed).toEqual([]);
    // The normals' neighbour search also gives the outlier filter its distances; the removal itself is a selection.
    expect(spans.some((e) => e.span === 'outlier-removal')).toBe(true);
    for (const step of ['consistency-filter', 'normals']) {
      const parent = spans.find((e) => e.span === step);
      const onWorkers = spans.filter((e) => e.span === `${step} (worker)`);
      expect(onWorkers.length, step).toBeGreaterThanOrEqual(1);
      expect(onWorkers.length, step).toBeLessThanOrEqual(2);
      expect(new Set(onWorkers.map((e) => e.threadId)).size).toBe(onWorkers.length);
      for (const e of onWorkers) {
        expect(e.threadId).toBeGreaterThan(0);
        expect(e.parentSpanId).toBe(parent?.spanId);
        // Worker times come through the epoch clock (each thread's timeOrigin): allow CLOCK_SLACK_MS of mapping error.
        expect(e.startedAt).toBeGreaterThanOrEqual((parent?.startedAt ?? Infinity) - CLOCK_SLACK_MS);
        expect(e.at).toBeLessThanOrEqual((parent?.at ?? -Infinity) + CLOCK_SLACK_MS);
      }
    }
  });

  it('writes fused.ply (read identically by @loaders.gl/ply) and removes outliers from the artifact only', async () => {
    const { scene, dir, cloud, logs, summary } = await runFusion({
      reconstruction: { min_consistent_views: 2 },
      runtime: { save_consistency_maps: true },
    });
    expect(summary.failed).toEqual([]);
    const bytes = await readFile(join(dir, 'frame_000000', 'point_cloud', 'fused.ply'));
    const ours = decodePly(bytes);
    const theirs = (await parse(new Uint8Array(bytes).buffer, PLYLoader)) as { attributes: Record<string, { value: ArrayLike<number> }> };
    expect(Array.from(theirs.attributes.POSITION.value)).toEqual(Array.from(ours.positions));
    expect(Array.from(theirs.attributes.NORMAL.value)).toEqual(Array.from(ours.normals ?? []));
    expect(Array.from(theirs.attributes.COLOR_0.value)).toEqual(Array.from(ours.colors ?? []));
    const header = new TextDecoder().decode(bytes.subarray(0, 300));
    expect(header).toContain('format binary_little_endian 1.0');
    expect(header).toMatch(/property float nx[\s\S]*property uchar red/);
    expect(cloud).toBeDefined();
    const kept = (cloud?.positions.length ?? 0) / 3;
    expect(kept).toBeLessThan(ours.vertexCount);
    expect(kept).toBeGreaterThan(0.9 * ours.vertexCount);
    expect(logs.some((l) => /removed \d+ outliers \(\d+\.\d%\)/.test(l))).toBe(true);
    const acc = cloudAccuracy(cloud?.positions ?? new Float64Array(0), scene.surface);
    expect(acc.medianMm).toBeLessThan(0.1);
    expect(acc.p90Mm).toBeLessThan(1);
    const maps = (await readdir(join(dir, 'frame_000000', 'consistency_maps'))).sort();
    expect(maps).toEqual(scene.calibration.ringCameras.flatMap((c) => [`${c}.npz`, `${c}.png`]).sort());
  });

  it("filters with the configured outlier_method: the quadric residual's cloud is as accurate, from other points", async () => {
    const statistical = await runFusion({ reconstruction: { min_consistent_views: 2 } });
    const quadric = await runFusion({ reconstruction: { min_consistent_views: 2, outlier_method: 'quadric' } });
    expect(quadric.summary.failed).toEqual([]);
    const a = cloudAccuracy(statistical.cloud?.positions ?? new Float64Array(0), statistical.scene.surface);
    const b = cloudAccuracy(quadric.cloud?.positions ?? new Float64Array(0), quadric.scene.surface);
    expect(quadric.logs.some((l) => /removed \d+ outliers/.test(l))).toBe(true);
    expect(b.count).not.toBe(a.count);
    expect(b.medianMm).toBeLessThan(0.1);
    expect(b.p90Mm).toBeLessThan(1);
  });

  it("warns, writes nothing and says so in the frame's run.json entry when no depth survives", async () => {
    const { dir, cloud, logs } = await runFusion({}, (m) => ({ ...m, depth: new Float32Array(m.depth.length).fill(Number.NaN) }));
    expect(cloud?.positions.length).toBe(0);
    expect(logs.some((l) => l.includes('fused point cloud is empty'))).toBe(true);
    await expect(readdir(join(dir, 'frame_000000', 'point_cloud'))).rejects.toThrow();
    const { readRunManifest } = await import('@aquamvs/core');
    expect((await readRunManifest(dir)).frames['0'].provenance?.fusion).toEqual({
      summary: 'no consistent depth in 4 depth map(s): no fused cloud written',
      points: 0,
    });
  });

  it('fails the frame with AQM_ERR_FUSION_DEPTH_MAP_SIZE when a depth map is not on the undistorted grid', async () => {
    const { summary } = await runFusion({}, (m) => ({ ...m, width: m.width - 1 }));
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0].error).toMatchObject({ code: 'AQM_ERR_STAGE_FAILED', cause: { code: 'AQM_ERR_FUSION_DEPTH_MAP_SIZE' } });
  });

  it.skipIf(process.platform !== 'linux')('keeps the same worker threads from the first frame to the last and ends them after the run', async () => {
    const threads = (): string[] => readdirSync('/proc/self/task');
    const before = new Set(threads());
    const started: string[][] = [];
    const probe: Stage = {
      id: 'threads',
      consumes: [],
      produces: [],
      run: () => {
        started.push(
          threads()
            .filter((t) => !before.has(t))
            .sort(),
        );
        return Promise.resolve();
      },
    };
    const scene = ciScene('flat');
    const dir = await mkdtemp(join(tmpdir(), 'aqm-fusion-'));
    const config = aquamvsConfigSchema.parse({ output_dir: dir, runtime: { workers: 2 }, pipeline: { stages: ['gt-depth', 'fusion', 'threads'] } });
    const summary = await runPipeline({
      config,
      frameSource: createMemoryFrameSource([], 3, () => new Map()),
      plugins: [gtDepthPlugin(scene), fusionPlugin(), { name: 'threads', register: (c) => c.register(STAGE, { useValue: probe }) }],
      resources: { calibration: scene.calibration },
      log: silentLogger,
    });
    expect(summary.done).toEqual([0, 1, 2]);
    expect(started[0].length).toBeGreaterThanOrEqual(2);
    expect(started[1]).toEqual(started[0]);
    expect(started[2]).toEqual(started[0]);
    await expect.poll(() => threads().filter((t) => started[0].includes(t))).toEqual([]);
  });
});
