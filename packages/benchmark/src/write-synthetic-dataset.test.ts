import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '@aquamvs/core';
import { parseCalibration } from '@aquamvs/geometry';
import { openFrameSource, readImage, readNpz } from '@aquamvs/io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCameraImage } from './render/render-camera.js';
import { createSyntheticScene } from './synthetic-scene.js';
import { writeSyntheticDataset, type SynthProgress, type SyntheticDatasetSummary } from './write-synthetic-dataset.js';

let dir: string;
let summary: SyntheticDatasetSummary;
const events: SynthProgress[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aquamvs-synth-'));
  summary = await writeSyntheticDataset({ rig: 'ci', scene: 'undulating', seed: 2, frames: 2, out: dir, onProgress: (e) => events.push(e) });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeSyntheticDataset (ci rig, undulating)', () => {
  it('writes calibration, images per camera and frame, ground truth, config and scene description', async () => {
    expect((await readdir(dir)).sort()).toEqual(['calibration.json', 'config.yaml', 'ground_truth', 'images', 'scene.json']);
    expect((await readdir(join(dir, 'images', 'ring00'))).sort()).toEqual(['frame_000000.png', 'frame_000001.png']);
    expect((await readdir(join(dir, 'ground_truth'))).sort()).toEqual(['center.npz', 'ring00.npz', 'ring01.npz', 'ring02.npz', 'ring03.npz']);
    expect(summary.files).toHaveLength(1 + 5 * 2 + 5 + 2);
    expect(events.filter((e) => e.phase === 'render').map((e) => e.done)).toEqual([1, 2, 3, 4, 5]);
    expect(events.filter((e) => e.phase === 'ground-truth')).toHaveLength(5);
  });

  it('calibration.json is AquaCal v1.0 and parses back to the rig', async () => {
    const json = JSON.parse(await readFile(join(dir, 'calibration.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(['board', 'cameras', 'diagnostics', 'interface', 'metadata', 'version']);
    const calib = parseCalibration(json);
    expect(calib.ringCameras).toEqual(['ring00', 'ring01', 'ring02', 'ring03']);
    expect(calib.waterZ).toBe(0.978);
  });

  it('config.yaml is valid and points at the dataset with relative paths', async () => {
    const result = parseConfig(await readFile(join(dir, 'config.yaml'), 'utf8'));
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.config.calibration_path).toBe('calibration.json');
    expect(result.config.output_dir).toBe('output');
    // The reference defaults: fusion asks for as many agreeing views as see a point (adaptive_consistent_views).
    expect(result.config.reconstruction.min_consistent_views).toBe(3);
    expect(result.config.reconstruction.adaptive_consistent_views).toBe(true);
    expect(result.config.camera_input_map).toEqual({
      center: 'images/center',
      ring00: 'images/ring00',
      ring01: 'images/ring01',
      ring02: 'images/ring02',
      ring03: 'images/ring03',
    });
  });

  it('PNG frames are the renders, and ground truth npz holds depth H×W and points H×W×3 on the undistorted grid', async () => {
    const scene = createSyntheticScene({ rig: 'ci', scene: 'undulating', seed: 2 });
    const rendered = (await scene.renderFrame(1)).get('ring01');
    const png = await readImage(join(dir, 'images', 'ring01', 'frame_000001.png'));
    expect(png.width).toBe(320);
    expect(Buffer.from(png.data as Uint8Array).equals(Buffer.from(rendered?.data as Uint8Array))).toBe(true);
    const npz = await readNpz(join(dir, 'ground_truth', 'center.npz'));
    expect(npz.depth.shape).toEqual([240, 320]);
    expect(npz.points.shape).toEqual([240, 320, 3]);
    const gt = scene.groundTruth('center');
    let nan = 0;
    let nanMismatch = 0;
    let worst = 0;
    for (let i = 0; i < gt.depth.length; i++) {
      const stored = Number(npz.depth.data[i]);
      if (Number.isNaN(gt.depth[i])) {
        nan++;
        if (!Number.isNaN(stored)) nanMismatch++;
      } else worst = Math.max(worst, Math.abs(stored - gt.depth[i]));
    }
    expect(nan).toBeGreaterThan(0);
    expect(nanMismatch).toBe(0);
    expect(worst).toBeLessThan(1e-7);
  });

  it('numpy.load reads the ground truth', () => {
    let out: string;
    try {
      out = execFileSync(
        'python3',
        [
          '-c',
          `import numpy as np; d = np.load(${JSON.stringify(join(dir, 'ground_truth', 'ring00.npz'))}); print(d['depth'].shape, d['points'].shape, d['depth'].dtype, round(float(np.nanmedian(d['depth'])), 2))`,
        ],
        { encoding: 'utf8' },
      );
    } catch {
      return; // no python/numpy on this machine: the npz layout is covered by readNpz above
    }
    expect(out.trim()).toBe('(240, 320) (240, 320, 3) float32 0.21');
  });

  it('scene.json records rig, scene parameters and seed', async () => {
    const scene = JSON.parse(await readFile(join(dir, 'scene.json'), 'utf8')) as {
      rig: string;
      seed: number;
      scene: { name: string; amplitude: number; wavelength: number; baseZ: number };
    };
    expect(scene.rig).toBe('ci');
    expect(scene.seed).toBe(2);
    expect(scene.scene.name).toBe('undulating');
    expect([scene.scene.amplitude, scene.scene.wavelength]).toEqual([0.005, 0.05]);
    expect(scene.scene.baseZ).toBeCloseTo(1.178, 12);
  });
});

describe('writeSyntheticDataset (ci rig, bower: field data)', () => {
  let bowerDir: string;
  let bower: SyntheticDatasetSummary;
  beforeAll(async () => {
    bowerDir = await mkdtemp(join(tmpdir(), 'aquamvs-synth-bower-'));
    bower = await writeSyntheticDataset({ rig: 'ci', scene: 'bower', frames: 2, out: bowerDir });
  });
  afterAll(async () => {
    await rm(bowerDir, { recursive: true, force: true });
  });

  it('writes one H.264 MP4 per camera, the config reads them as video, the calibration is the rig as mounted', async () => {
    expect(bower.format).toBe('mp4');
    expect((await readdir(join(bowerDir, 'videos'))).sort()).toEqual(['center.mp4', 'ring00.mp4', 'ring01.mp4', 'ring02.mp4', 'ring03.mp4']);
    const result = parseConfig(await readFile(join(bowerDir, 'config.yaml'), 'utf8'));
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.config.camera_input_map.ring02).toBe('videos/ring02.mp4');
    const calib = parseCalibration(JSON.parse(await readFile(join(bowerDir, 'calibration.json'), 'utf8')) as unknown);
    expect(calib.waterZ).toBe(0.85);
    const inputs = Object.fromEntries(Object.entries(result.config.camera_input_map).map(([c, p]) => [c, join(bowerDir, p)]));
    const source = await openFrameSource(inputs);
    expect(source.frameCount).toBe(2);
    const clean = renderCameraImage(createSyntheticScene({ rig: 'ci', scene: 'bower' }).job('ring02')).data;
    for await (const frame of source.frames([0, 1])) {
      const image = frame.images.get('ring02')?.data as Uint8Array;
      let sum = 0;
      for (let i = 0; i < image.length; i++) sum += (image[i] - clean[i]) ** 2;
      // A crf 23 recording of the render: as far from it as the in-memory round trip (29–30 dB; h264.test.ts).
      const db = 10 * Math.log10((255 * 255 * image.length) / sum);
      expect(db).toBeGreaterThan(27);
      expect(db).toBeLessThan(33);
    }
    await source.close();
    const scene = JSON.parse(await readFile(join(bowerDir, 'scene.json'), 'utf8')) as {
      format: string;
      scene: { h264: unknown; rigVariant: { waterZ: number } };
    };
    expect(scene.format).toBe('mp4');
    expect(scene.scene.h264).toEqual({ crf: 23, preset: 'medium' });
    expect(scene.scene.rigVariant.waterZ).toBe(0.85);
  });
});
