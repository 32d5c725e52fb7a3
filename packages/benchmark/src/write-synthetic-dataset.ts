import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { configToYaml, defaultConfig, outputWrite } from '@aquamvs/core';
import { serializeCalibration } from '@aquamvs/geometry';
import { writeNpz } from '@aquamvs/io';
import { runCameraJobs } from './render/run-camera-jobs.js';
import { SAMPLE_OFFSETS } from './render/render-camera.js';
import { createSyntheticScene, type SyntheticSceneOptions } from './synthetic-scene.js';
import { benchmarkArgument } from './errors.js';
import { writeCameraFrames, type FrameFormat } from './write-camera-frames.js';

/** Progress of {@link writeSyntheticDataset}: one event per camera and phase. */
export interface SynthProgress {
  phase: 'render' | 'ground-truth';
  camera: string;
  done: number;
  total: number;
}

/** Options of {@link writeSyntheticDataset}. */
export interface WriteSyntheticDatasetOptions extends SyntheticSceneOptions {
  /** Dataset directory (created). */
  out: string;
  /** Frames to write (a static scene: every frame shows the same images). @default 1 */
  frames?: number;
  /**
   * `png`: image directories of what the pipeline sees; `mp4`: one H.264 video per camera (the scene's `h264`
   * settings, else crf 23), as field data arrives. @default 'mp4' for scenes with `h264` (bower), else 'png'
   */
  format?: FrameFormat;
  onProgress?: (event: SynthProgress) => void;
}

/** What {@link writeSyntheticDataset} wrote, with timings. */
export interface SyntheticDatasetSummary {
  out: string;
  cameras: string[];
  frames: number;
  format: FrameFormat;
  /** Paths relative to `out`. */
  files: string[];
  timings: { renderS: number; groundTruthS: number; writeS: number; totalS: number };
}

const seconds = (start: number): number => (performance.now() - start) / 1000;

/**
 * Writes a ready-to-run synthetic dataset: `calibration.json` (AquaCal v1.0), `images/{camera}/frame_NNNNNN.png`
 * (distorted renders) or `videos/{camera}.mp4` (H.264), `config.yaml` (relative paths: run it from `out`), `ground_truth/{camera}.npz`
 * (`depth` H×W and `points` H×W×3 float32 on the undistorted grid, NaN on misses, plus `K` = K_new) and
 * `scene.json` (rig, scene parameters, seed). Cameras render in parallel worker threads.
 * @example
 * await writeSyntheticDataset({ rig: 'ci', scene: 'undulating', seed: 1, out: 'demo' });
 */
export async function writeSyntheticDataset(options: WriteSyntheticDatasetOptions): Promise<SyntheticDatasetSummary> {
  const t0 = performance.now();
  const frames = options.frames ?? 1;
  if (!Number.isInteger(frames) || frames < 1 || frames > 1e6) throw benchmarkArgument('frames', 'an integer in [1, 1000000]', frames);
  const scene = createSyntheticScene(options);
  const format = options.format ?? (scene.spec.h264 === undefined ? 'png' : 'mp4');
  if (format !== 'png' && format !== 'mp4') throw benchmarkArgument('format', "'png' or 'mp4'", format);
  const out = resolve(options.out);
  const cameras = [...scene.cameras];
  const files: string[] = [];
  const write = async (rel: string, content: string): Promise<void> => {
    try {
      await writeFile(join(out, rel), content);
    } catch (error) {
      throw outputWrite(join(out, rel), error);
    }
    files.push(rel);
  };
  try {
    await mkdir(join(out, 'ground_truth'), { recursive: true });
  } catch (error) {
    throw outputWrite(out, error);
  }
  await write('calibration.json', `${JSON.stringify(serializeCalibration(scene.calibration), null, 2)}\n`);

  const jobs = cameras.map((c) => scene.job(c));
  const workers = options.workers === undefined ? {} : { workers: options.workers };
  let tPhase = performance.now();
  let done = 0;
  const images = await runCameraJobs('image', jobs, {
    ...workers,
    onDone: (_i, camera) => options.onProgress?.({ phase: 'render', camera, done: ++done, total: cameras.length }),
  });
  const renderS = seconds(tPhase);
  let writeS = 0;
  let tWrite = performance.now();
  const written = await writeCameraFrames(out, cameras, images, { frames, format, h264: scene.spec.h264 });
  files.push(...written.files);
  writeS += seconds(tWrite);

  tPhase = performance.now();
  done = 0;
  const truths = await runCameraJobs('groundTruth', jobs, {
    ...workers,
    onDone: (_i, camera) => options.onProgress?.({ phase: 'ground-truth', camera, done: ++done, total: cameras.length }),
  });
  const groundTruthS = seconds(tPhase);
  tWrite = performance.now();
  for (const gt of truths) {
    const rel = `ground_truth/${gt.camera}.npz`;
    await writeNpz(join(out, rel), {
      depth: { data: Float32Array.from(gt.depth), shape: [gt.height, gt.width] },
      points: { data: Float32Array.from(gt.points), shape: [gt.height, gt.width, 3] },
      K: { data: Float64Array.from(gt.K), shape: [3, 3] },
    });
    files.push(rel);
  }

  const config = defaultConfig();
  config.calibration_path = 'calibration.json';
  config.output_dir = 'output';
  config.camera_input_map = written.inputs;
  await write('config.yaml', configToYaml(config));
  await write(
    'scene.json',
    `${JSON.stringify(
      {
        generator: '@aquamvs/benchmark',
        rig: scene.rigName,
        scene: scene.spec,
        seed: scene.seed,
        frames,
        format,
        cameras,
        ring_cameras: scene.calibration.ringCameras,
        water_z: scene.calibration.waterZ,
        n_air: scene.calibration.nAir,
        n_water: scene.calibration.nWater,
        renderer: {
          samples_per_pixel: SAMPLE_OFFSETS.length,
          sample_offsets_px: SAMPLE_OFFSETS,
          texture:
            scene.spec.texture === 'pebbles'
              ? 'photo-like pebbles with crevices and sand grain'
              : 'seeded multi-octave value-noise sand, octaves pre-filtered by pixel footprint',
          static_scene: true,
          frames:
            format === 'mp4'
              ? 'H.264 MP4 per camera (libx264, yuv420p, 30 fps, one thread)'
              : scene.spec.h264 === undefined
                ? 'PNG renders'
                : 'PNG of the H.264-decoded renders',
        },
        ground_truth: {
          grid: 'undistorted (K_new of computeUndistortion, same size as the images)',
          depth: 'ray depth in metres along the refracted ray from the water surface, NaN where the ray misses',
          points: 'world coordinates in metres (+Z down), NaN where the ray misses',
          dtype: 'float32',
        },
      },
      null,
      2,
    )}\n`,
  );
  writeS += seconds(tWrite);
  return { out, cameras, frames, format, files, timings: { renderS, groundTruthS, writeS, totalS: seconds(t0) } };
}
