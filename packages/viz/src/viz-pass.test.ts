import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ciRig } from '@aquamvs/benchmark';
import { defaultConfig, type AquamvsConfig } from '@aquamvs/core';
import { serializeCalibration } from '@aquamvs/geometry';
import { encodePly, readImage, writeNpz } from '@aquamvs/io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAN_GREY } from './colormap.js';
import { activeVizStages, runVizPass } from './viz-pass.js';

function withViz(enabled: boolean, stages: AquamvsConfig['runtime']['viz_stages'], dir: string): AquamvsConfig {
  const base = defaultConfig();
  return { ...base, calibration_path: join(dir, 'calibration.json'), runtime: { ...base.runtime, viz_enabled: enabled, viz_stages: stages } };
}

/** A small undulating surface 1.0–1.02 m deep as a point cloud and a grid mesh. */
function surface(n: number, zOffset: number): { positions: Float32Array; colors: Uint8Array; faces: Uint32Array } {
  const positions = new Float32Array(3 * n * n);
  const colors = new Uint8Array(3 * n * n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const k = j * n + i;
      const x = -0.2 + (0.4 * i) / (n - 1);
      const y = -0.15 + (0.3 * j) / (n - 1);
      positions.set([x, y, 1.0 + zOffset + 0.01 * Math.sin(12 * x) * Math.cos(9 * y)], 3 * k);
      colors.set([(i * 7) % 256, (j * 5) % 256, 128], 3 * k);
    }
  }
  const faces: number[] = [];
  for (let j = 0; j + 1 < n; j++)
    for (let i = 0; i + 1 < n; i++) faces.push(j * n + i, j * n + i + 1, (j + 1) * n + i, j * n + i + 1, (j + 1) * n + i + 1, (j + 1) * n + i);
  return { positions, colors, faces: Uint32Array.from(faces) };
}

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aquamvs-viz-'));
  await writeFile(join(dir, 'calibration.json'), JSON.stringify(serializeCalibration(ciRig())));
  for (const frame of [0, 1]) {
    const fd = join(dir, `frame_00000${frame}`);
    const depth = new Float32Array(12 * 8).map((_, i) => 1 + i / 100);
    depth[5] = NaN;
    const confidence = new Float32Array(12 * 8).fill(0.5);
    confidence[7] = NaN;
    await writeNpz(join(fd, 'depth_maps', 'ring00.npz'), {
      depth: { data: depth, shape: [8, 12] },
      confidence: { data: confidence, shape: [8, 12] },
    });
    const s = surface(30, frame * 0.005);
    await mkdir(join(fd, 'point_cloud'), { recursive: true });
    await mkdir(join(fd, 'mesh'), { recursive: true });
    await writeFile(join(fd, 'point_cloud', 'fused.ply'), encodePly({ positions: s.positions, colors: s.colors }));
    await writeFile(join(fd, 'mesh', 'surface.ply'), encodePly(s));
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('activeVizStages', () => {
  it('is empty when disabled, all five for [] and the listed ones otherwise', () => {
    expect(activeVizStages(withViz(false, [], '/x')).size).toBe(0);
    expect([...activeVizStages(withViz(true, [], '/x'))].sort()).toEqual(['depth', 'features', 'rig', 'scene', 'summary']);
    expect([...activeVizStages(withViz(true, ['rig', 'depth'], '/x'))].sort()).toEqual(['depth', 'rig']);
  });
});

describe('runVizPass', () => {
  it('writes nothing when viz is disabled', async () => {
    const result = await runVizPass({ outputDir: dir, config: withViz(false, [], dir) });
    expect(result.written).toEqual([]);
    await expect(readdir(join(dir, 'frame_000000', 'viz'))).rejects.toThrow();
  });

  it('writes depth/confidence maps of the right size with NaN in grey', async () => {
    const result = await runVizPass({ outputDir: dir, config: withViz(true, ['depth'], dir), frames: [0] });
    expect(result.failed).toEqual([]);
    expect(result.written.map((p) => p.split('/').slice(-3).join('/')).sort()).toEqual([
      'frame_000000/viz/confidence_ring00.png',
      'frame_000000/viz/depth_ring00.png',
    ]);
    const depth = await readImage(join(dir, 'frame_000000', 'viz', 'depth_ring00.png'));
    const conf = await readImage(join(dir, 'frame_000000', 'viz', 'confidence_ring00.png'));
    expect([depth.width, depth.height, conf.width, conf.height]).toEqual([12, 8, 12, 8]);
    expect(Array.from(depth.data.subarray(15, 18))).toEqual([NAN_GREY, NAN_GREY, NAN_GREY]);
    expect(Array.from(conf.data.subarray(21, 24))).toEqual([NAN_GREY, NAN_GREY, NAN_GREY]);
    // Confidence 0.5 on the fixed 0–1 scale is plasma's middle entry, not grey.
    expect(Array.from(conf.data.subarray(0, 3))).not.toEqual([NAN_GREY, NAN_GREY, NAN_GREY]);
  });

  it('renders scene views, the rig and the time-series gallery at the requested sizes', async () => {
    const result = await runVizPass({
      outputDir: dir,
      config: withViz(true, ['scene', 'rig', 'summary'], dir),
      render: { width: 160, height: 120 },
    });
    expect(result.failed).toEqual([]);
    const names = (await readdir(join(dir, 'frame_000001', 'viz'))).sort();
    expect(names).toEqual(['fused_oblique.png', 'fused_side.png', 'fused_top.png', 'mesh_oblique.png', 'mesh_side.png', 'mesh_top.png', 'rig.png']);
    const top = await readImage(join(dir, 'frame_000001', 'viz', 'mesh_top.png'));
    expect([top.width, top.height]).toEqual([160, 120]);
    let covered = 0;
    for (let i = 0; i < top.data.length; i += 3) if (top.data[i] !== 255 || top.data[i + 1] !== 255 || top.data[i + 2] !== 255) covered++;
    // The 0.4 × 0.3 m surface framed with a 5 % margin fills most of the 4:3 frame.
    expect(covered / (160 * 120)).toBeGreaterThan(0.6);
    const rig = await readImage(join(dir, 'frame_000000', 'viz', 'rig.png'));
    expect([rig.width, rig.height]).toEqual([1280, 560]);
    const gallery = await readImage(join(dir, 'summary', 'timeseries_gallery.png'));
    expect(gallery.width).toBeGreaterThanOrEqual(2 * 256);
  });

  it('catches a failing step and still runs the others', async () => {
    await writeFile(join(dir, 'frame_000001', 'mesh', 'surface.ply'), 'not a ply');
    const result = await runVizPass({ outputDir: dir, config: withViz(true, ['scene', 'depth'], dir), render: { width: 80, height: 60 } });
    expect(result.failed).toMatchObject([{ stage: 'scene', frame: 1 }]);
    expect(result.written.some((p) => p.endsWith('frame_000001/viz/depth_ring00.png'))).toBe(true);
  });
});
