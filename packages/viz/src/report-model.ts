import { readFile, readdir } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { loadCalibration, type Calibration } from '@aquamvs/geometry';
import { readPly } from '@aquamvs/io';
import YAML from 'yaml';
import { decimateMesh, decimatePoints, type ViewerGeometry } from './decimate.js';
import { collectCalibrationFit, type CalibrationFitSeries } from './calibration-fit-series.js';
import { readDepthMap, type DepthMapFile } from './depth-viz.js';
import { vizNoRun } from './errors.js';
import { pointConfidence } from './point-confidence.js';
import { isFile, listFiles, listFrameDirs } from './run-files.js';
import { timelineEvents, type TimelineEvent } from './timeline-svg.js';

/** An image of the run, by path relative to the output directory. */
export interface ReportImage {
  readonly name: string;
  readonly path: string;
}

/** One frame's row in the report. */
interface ReportFrame {
  readonly index: number;
  readonly status: string;
  readonly durationMs?: number;
  readonly error?: string;
  /**
   * What the frame was made with besides its inputs and config, one line each, from its run.json entry: settings the
   * run could not honour (`made with key: requested → used (reason)`), cameras it went on without, and what stages
   * recorded (`provenance`, e.g. the previous frame's depths guiding the plane sweep).
   */
  readonly notes: string[];
  readonly images: ReportImage[];
  readonly files: string[];
}

/** A stage row of `profile.json` (the fields the report shows). */
interface ReportProfileRow {
  readonly path: string;
  readonly depth: number;
  readonly calls: number;
  readonly wallMs: { readonly total: number; readonly mean: number; readonly max: number };
  /** null where not measured (a span a worker thread ran: JSON has no NaN). */
  readonly cpuWallRatio: number | null;
  readonly peak: { readonly rss: number };
}

/** The cloud and mesh of one frame for the 3-D viewer. */
export interface ReportScene {
  readonly frame: number;
  readonly cloud?: ViewerGeometry & { confidence?: Float32Array; source: string; totalPoints: number };
  readonly mesh?: ViewerGeometry & { source: string; totalFaces: number };
}

/** Everything the HTML report shows, gathered from an output directory. */
export interface ReportModel {
  readonly outputDir: string;
  readonly configYaml?: string;
  readonly config?: Record<string, unknown>;
  readonly frames: ReportFrame[];
  readonly summaryImages: ReportImage[];
  readonly profile?: { totalWallMs: number; peakRssBytes: number; rows: ReportProfileRow[]; bottlenecks: { name: string; share: number }[] };
  readonly timeline: TimelineEvent[];
  readonly benchmarkCharts: ReportImage[];
  readonly benchmarkReports: string[];
  /** `aquamvs compare` results in `compare/`: the volume-change plot first, then the height-difference maps. */
  readonly compareImages: ReportImage[];
  /** Each camera's calibration fit over the run's frames (from `sparse/calibration_fit.json`). */
  readonly calibrationFit?: CalibrationFitSeries;
  readonly scene?: ReportScene;
}

/** Options of {@link collectReport}. */
export interface CollectReportOptions {
  /** Frame shown in the 3-D viewer. @default the last frame with a cloud */
  frame?: number;
  /** Most cloud points sent to the browser. @default 150000 */
  maxPoints?: number;
  /** Most mesh triangles sent to the browser. @default 150000 */
  maxFaces?: number;
  /** Skip the viewer data (no cloud or mesh in the page). @default false */
  noViewer?: boolean;
  /** Calibration for per-point confidence; loaded from the run's config when absent. */
  calibration?: Calibration;
}

/** The fields of a `run.json` frame entry the report shows. */
interface ManifestEntry {
  status?: string;
  durationMs?: number;
  error?: string;
  fallbacks?: { key: string; requested: string; used: string; reason: string }[];
  droppedCameras?: Record<string, string>;
  provenance?: Record<string, unknown>;
  madeBy?: string;
}

/**
 * The notes of a frame's row: the version that made it (when the run's frames come from several), fallbacks, cameras
 * gone without, stages' provenance (its `summary`, else its JSON).
 */
function frameNotes(entry: ManifestEntry | undefined, mixedVersions: boolean): string[] {
  const notes = mixedVersions ? [`made by ${entry?.madeBy ?? 'an unrecorded version'}`] : [];
  notes.push(...(entry?.fallbacks ?? []).map((f) => `made with ${f.key}: ${f.requested} → ${f.used} (${f.reason})`));
  for (const [camera, reason] of Object.entries(entry?.droppedCameras ?? {})) notes.push(`without camera ${camera} (${reason})`);
  for (const [stage, value] of Object.entries(entry?.provenance ?? {})) {
    const summary = (value as { summary?: unknown } | null)?.summary;
    notes.push(`${stage}: ${typeof summary === 'string' ? summary : JSON.stringify(value)}`);
  }
  return notes;
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Reads a run's output directory: config, `run.json`, images, profile, trace, benchmark charts and viewer data. */
export async function collectReport(outputDir: string, options: CollectReportOptions = {}): Promise<ReportModel> {
  const configYaml = await readText(join(outputDir, 'config.yaml'));
  const manifest = (await readJson(join(outputDir, 'run.json'))) as { frames?: Record<string, ManifestEntry> } | undefined;
  const dirs = await listFrameDirs(outputDir);
  if (configYaml === undefined && manifest === undefined && dirs.length === 0) throw vizNoRun(outputDir);
  let config: Record<string, unknown> | undefined;
  try {
    config = configYaml === undefined ? undefined : (YAML.parse(configYaml) as Record<string, unknown>);
  } catch {
    config = undefined;
  }
  const indices = new Set([...dirs.map((d) => d.index), ...Object.keys(manifest?.frames ?? {}).map(Number)]);
  const frames: ReportFrame[] = [];
  const entries = Object.values(manifest?.frames ?? {}).filter((e) => e.status === 'done');
  const mixedVersions = new Set(entries.map((e) => e.madeBy)).size > 1;
  for (const index of [...indices].sort((a, b) => a - b)) {
    const entry = manifest?.frames?.[String(index)];
    const dir = dirs.find((d) => d.index === index);
    const images =
      dir === undefined
        ? []
        : (await listFiles(join(dir.path, 'viz'), '.png')).map((n) => ({
            name: n.slice(0, -4),
            path: relative(outputDir, join(dir.path, 'viz', n)),
          }));
    const files: string[] = [];
    if (dir !== undefined) {
      for (const f of ['point_cloud/fused.ply', 'point_cloud/sparse.ply', 'mesh/surface.ply', 'sparse/sparse_cloud.npz']) {
        if (await isFile(join(dir.path, f))) files.push(f);
      }
    }
    frames.push({
      index,
      status: entry?.status ?? (dir ? 'unknown' : 'missing'),
      ...(entry?.durationMs === undefined ? {} : { durationMs: entry.durationMs }),
      ...(entry?.error === undefined ? {} : { error: entry.error }),
      notes: frameNotes(entry, mixedVersions && entry?.status === 'done'),
      images,
      files,
    });
  }
  const summaryImages = (await listFiles(join(outputDir, 'summary'), '.png')).map((n) => ({ name: n.slice(0, -4), path: join('summary', n) }));
  const profileJson = (await readJson(join(outputDir, 'profile', 'profile.json'))) as
    { totalWallMs?: number; peakRssBytes?: number; stages?: ReportProfileRow[]; bottlenecks?: { name: string; share: number }[] } | undefined;
  const profile = Array.isArray(profileJson?.stages)
    ? {
        totalWallMs: profileJson.totalWallMs ?? 0,
        peakRssBytes: profileJson.peakRssBytes ?? 0,
        rows: profileJson.stages,
        bottlenecks: profileJson.bottlenecks ?? [],
      }
    : undefined;
  const timeline = timelineEvents(await readJson(join(outputDir, 'profile', 'trace.json')));
  const top = await readdir(outputDir).catch(() => [] as string[]);
  const benchmarkCharts = top
    .filter((n) => /^benchmark_.*\.svg$/.test(n))
    .sort()
    .map((n) => ({ name: n.slice(0, -4), path: n }));
  const benchmarkReports = top.filter((n) => /^benchmark_.*\.md$/.test(n)).sort();
  const compareDir = join(outputDir, 'compare');
  const compareImages = [...(await listFiles(compareDir, '.svg')), ...(await listFiles(compareDir, '.png'))].map((n) => ({
    name: n.slice(0, -4),
    path: join('compare', n),
  }));
  const dropped = new Map(
    Object.entries(manifest?.frames ?? {}).flatMap(([frame, entry]) =>
      entry.droppedCameras === undefined ? [] : [[Number(frame), entry.droppedCameras] as const],
    ),
  );
  const calibrationFit = await collectCalibrationFit(dirs, dropped);
  const scene = options.noViewer ? undefined : await collectScene(outputDir, frames, config, options);
  return {
    outputDir,
    ...(configYaml === undefined ? {} : { configYaml }),
    ...(config === undefined ? {} : { config }),
    frames,
    summaryImages,
    ...(profile === undefined ? {} : { profile }),
    timeline,
    benchmarkCharts,
    benchmarkReports,
    compareImages,
    ...(calibrationFit === undefined ? {} : { calibrationFit }),
    ...(scene === undefined ? {} : { scene }),
  };
}

async function collectScene(
  outputDir: string,
  frames: readonly ReportFrame[],
  config: Record<string, unknown> | undefined,
  options: CollectReportOptions,
): Promise<ReportScene | undefined> {
  const withCloud = frames.filter((f) => f.files.some((x) => x.startsWith('point_cloud/') || x.startsWith('mesh/')));
  const frame = options.frame === undefined ? withCloud.at(-1) : withCloud.find((f) => f.index === options.frame);
  if (frame === undefined) return undefined;
  const dir = join(outputDir, `frame_${String(frame.index).padStart(6, '0')}`);
  let cloud: ReportScene['cloud'];
  const cloudFile = frame.files.find((f) => f.startsWith('point_cloud/'));
  if (cloudFile !== undefined) {
    const ply = await readPly(join(dir, cloudFile));
    const points = decimatePoints({ positions: ply.positions, colors: ply.colors }, options.maxPoints ?? 150_000);
    const confidence = await confidenceFor(points.positions, dir, config, options.calibration);
    cloud = { ...points, ...(confidence ? { confidence } : {}), source: cloudFile, totalPoints: ply.vertexCount };
  }
  let mesh: ReportScene['mesh'];
  if (frame.files.includes('mesh/surface.ply')) {
    const ply = await readPly(join(dir, 'mesh', 'surface.ply'));
    if (ply.faces !== undefined && ply.faces.length > 0) {
      mesh = { ...decimateMesh({ ...ply, faces: ply.faces }, options.maxFaces ?? 150_000), source: 'mesh/surface.ply', totalFaces: ply.faceCount };
    }
  }
  return { frame: frame.index, ...(cloud ? { cloud } : {}), ...(mesh ? { mesh } : {}) };
}

async function confidenceFor(
  positions: Float32Array,
  frameDir: string,
  config: Record<string, unknown> | undefined,
  given: Calibration | undefined,
): Promise<Float32Array | undefined> {
  const files = await listFiles(join(frameDir, 'depth_maps'), '.npz');
  if (files.length === 0) return undefined;
  let calibration = given;
  const path = config?.calibration_path;
  if (calibration === undefined && typeof path === 'string') {
    calibration = await loadCalibration(resolve(dirname(frameDir), path)).catch(() => undefined);
  }
  if (calibration === undefined) return undefined;
  const maps: DepthMapFile[] = [];
  for (const f of files) maps.push(await readDepthMap(join(frameDir, 'depth_maps', f), f.slice(0, -4)));
  return pointConfidence(positions, calibration, maps);
}
