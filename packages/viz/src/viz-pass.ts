import { resolve, join } from 'node:path';
import { VIZ_STAGES, messageOf, silentLogger, type AquamvsConfig, type Logger } from '@aquamvs/core';
import { loadCalibration, type Calibration } from '@aquamvs/geometry';
import { encodePng, readPly, writeFileAtomic } from '@aquamvs/io';
import { writeDepthViz } from './depth-viz.js';
import { heightGrid, type HeightGrid } from './height-grid.js';
import { writeFeatureViz } from './match-viz.js';
import { renderRig } from './rig-viz.js';
import { isFile, listFrameDirs, type FrameDir } from './run-files.js';
import { writeSceneViz } from './scene-viz.js';
import type { RenderOptions } from './software-renderer.js';
import { renderTimeseriesGallery } from './timeseries-gallery.js';
import { robustBounds } from './view-camera.js';

/** A viz step (`runtime.viz_stages` entry). */
export type VizStage = (typeof VIZ_STAGES)[number];

/**
 * The viz steps a config asks for (spec §2.6, §3.16): none when `viz_enabled` is false, all five when
 * `viz_stages` is empty, otherwise the listed ones.
 */
export function activeVizStages(config: Pick<AquamvsConfig, 'runtime'>): Set<VizStage> {
  if (!config.runtime.viz_enabled) return new Set();
  const listed = config.runtime.viz_stages as readonly VizStage[];
  return new Set(listed.length === 0 ? VIZ_STAGES : listed);
}

/** Options of {@link runVizPass}. */
export interface VizPassOptions {
  /** The run's output directory (holding `frame_NNNNNN/`). */
  readonly outputDir: string;
  /** The run's effective config (`runtime.viz_*`, `calibration_path`, `reconstruction.grid_resolution`). */
  readonly config: AquamvsConfig;
  /** Steps to run. @default activeVizStages(config) */
  readonly stages?: Iterable<VizStage>;
  /** The rig calibration for `rig.png`; loaded from `config.calibration_path` when absent. */
  readonly calibration?: Calibration;
  /** Only these frame indices. @default every `frame_*` directory */
  readonly frames?: readonly number[];
  /** Scene render size and splat radius. @default 1280×960 */
  readonly render?: RenderOptions;
  readonly log?: Logger;
}

/** What {@link runVizPass} did. */
export interface VizPassResult {
  /** Absolute paths of the images written. */
  readonly written: string[];
  /** Steps that failed (each is caught and logged; the others still run). */
  readonly failed: { stage: VizStage; frame?: number; error: string }[];
}

/**
 * The visualisation pass after all frames (spec §3.16; two-pass design, so it never runs inside a frame): per frame
 * `viz/depth_*`, `viz/confidence_*` (depth), `viz/sparse_*`, `viz/matches_*` (features), `viz/{fused,mesh}_*`
 * (scene), `viz/rig.png` (rig); per run `summary/timeseries_gallery.png` (summary, full mode only). Each step is
 * wrapped in try/log: a failing image never fails the run.
 * @example
 * const result = await runVizPass({ outputDir: 'out', config });
 */
export async function runVizPass(options: VizPassOptions): Promise<VizPassResult> {
  const stages = new Set(options.stages ?? activeVizStages(options.config));
  const log = options.log ?? silentLogger;
  const written: string[] = [];
  const failed: VizPassResult['failed'] = [];
  if (stages.size === 0) return { written, failed };
  const attempt = async (stage: VizStage, frame: number | undefined, fn: () => Promise<string[]>): Promise<void> => {
    try {
      written.push(...(await fn()));
    } catch (error) {
      const message = messageOf(error);
      failed.push({ stage, ...(frame === undefined ? {} : { frame }), error: message });
      log.warn(`viz ${stage}${frame === undefined ? '' : ` frame ${frame}`} failed: ${message}`);
    }
  };
  const outputDir = resolve(options.outputDir);
  const frames = (await listFrameDirs(outputDir)).filter((f) => options.frames === undefined || options.frames.includes(f.index));
  let calibration = options.calibration;
  if (stages.has('rig') && calibration === undefined) {
    try {
      calibration = await loadCalibration(resolve(outputDir, options.config.calibration_path));
    } catch (error) {
      failed.push({ stage: 'rig', error: messageOf(error) });
      log.warn(`viz rig skipped: ${messageOf(error)}`);
    }
  }
  for (const frame of frames) {
    if (stages.has('depth')) await attempt('depth', frame.index, () => writeDepthViz(frame.path));
    if (stages.has('features')) await attempt('features', frame.index, () => writeFeatureViz(frame.path));
    if (stages.has('scene')) await attempt('scene', frame.index, () => writeSceneViz(frame.path, options.render));
    const calib = calibration;
    if (stages.has('rig') && calib !== undefined) await attempt('rig', frame.index, () => writeRigViz(frame, calib));
  }
  if (stages.has('summary')) {
    await attempt('summary', undefined, () => writeGallery(outputDir, frames, options.config.reconstruction.grid_resolution));
  }
  log.info(`viz: ${written.length} image(s) written${failed.length ? `, ${failed.length} step(s) failed` : ''}`);
  return { written, failed };
}

async function frameCloud(frame: FrameDir): Promise<Float32Array | Float64Array | undefined> {
  for (const file of [join(frame.path, 'point_cloud', 'fused.ply'), join(frame.path, 'point_cloud', 'sparse.ply')]) {
    if (await isFile(file)) return (await readPly(file)).positions;
  }
  return undefined;
}

async function writeRigViz(frame: FrameDir, calibration: Calibration): Promise<string[]> {
  const cloud = await frameCloud(frame);
  const path = join(frame.path, 'viz', 'rig.png');
  const image = renderRig(calibration, cloud === undefined ? {} : { cloud });
  return [await writeFileAtomic(path, await encodePng(image, {}, path))];
}

/** `summary/timeseries_gallery.png` from each frame's `fused.ply`; nothing in sparse mode (no fused clouds). */
async function writeGallery(outputDir: string, frames: readonly FrameDir[], resolution: number): Promise<string[]> {
  const clouds: { frame: number; positions: Float32Array | Float64Array }[] = [];
  for (const frame of frames) {
    const file = join(frame.path, 'point_cloud', 'fused.ply');
    if (await isFile(file)) clouds.push({ frame: frame.index, positions: (await readPly(file)).positions });
  }
  if (clouds.length === 0) return [];
  const extent = [Infinity, Infinity, -Infinity, -Infinity];
  for (const { positions } of clouds) {
    const b = robustBounds(positions);
    if (b === undefined) continue;
    extent[0] = Math.min(extent[0], b.min[0]);
    extent[1] = Math.min(extent[1], b.min[1]);
    extent[2] = Math.max(extent[2], b.max[0]);
    extent[3] = Math.max(extent[3], b.max[1]);
  }
  if (!extent.every(Number.isFinite)) return [];
  const grids: { frame: number; grid: HeightGrid }[] = clouds.map(({ frame, positions }) => ({
    frame,
    grid: heightGrid(positions, extent as [number, number, number, number], resolution),
  }));
  const path = join(outputDir, 'summary', 'timeseries_gallery.png');
  return [await writeFileAtomic(path, await encodePng(renderTimeseriesGallery(grids), {}, path))];
}
