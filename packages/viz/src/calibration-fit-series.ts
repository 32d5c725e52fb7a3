import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lineChartSvg } from './line-chart-svg.js';
import type { FrameDir } from './run-files.js';

/**
 * Each camera over a run: its calibration fit, from every frame's `sparse/calibration_fit.json` (written by the
 * `triangulation` stage: the median reprojection of its sparse pairs frame by frame), and the frames that went on or
 * failed without it, with the reasons (`run.json` `droppedCameras`: a misfit, a blank or repeated image, an unreadable
 * file). A camera drifting off its calibration (a mount that sags, a housing that shifts) climbs here before the stage
 * leaves it out.
 */
export interface CalibrationFitSeries {
  /** Frames with a `calibration_fit.json`, ascending. */
  readonly frames: readonly number[];
  /**
   * Camera → its median pair reprojection (px) in each of `frames`; `null` where it had no pair. For a camera in
   * `motion` (the rig's auxiliary fisheye, whose pairs all move with it), how far its image moved against the ring
   * cameras' rays (px), which is what it is judged by.
   */
  readonly cameras: ReadonlyMap<string, readonly (number | null)[]>;
  /** The cameras whose figure is their image's motion (the files' `auxiliaryCameras`, by their `motion`). */
  readonly motion: ReadonlySet<string>;
  /** The cameras left out, frame by frame (done or failed), with the reason. */
  readonly leftOut: readonly { readonly frame: number; readonly camera: string; readonly reason: string }[];
  /** What the last frame's cameras were judged by: `ratio` × the rig's typical pair and at least `floorPx`. */
  readonly thresholds?: { readonly ratio: number; readonly floorPx: number };
}

interface CalibrationFitFile {
  cameras?: Record<string, { medianReprojectionPx?: number | null }>;
  motion?: Record<string, { displacementPx?: number }>;
  auxiliaryCameras?: string[];
  leftOut?: Record<string, string>;
  thresholds?: { ratio?: number; floorPx?: number };
}

/**
 * Reads the frames' calibration fit files (`frameDirs` in frame order, as `listFrameDirs` gives them) and adds the cameras `run.json` says each frame went without (`dropped`:
 * frame → camera → reason); `undefined` when no frame has a file (a run without the sparse stages).
 */
export async function collectCalibrationFit(
  frameDirs: readonly FrameDir[],
  dropped: ReadonlyMap<number, Readonly<Record<string, string>>> = new Map(),
): Promise<CalibrationFitSeries | undefined> {
  const read: { frame: number; file: CalibrationFitFile }[] = [];
  for (const dir of frameDirs) {
    try {
      read.push({
        frame: dir.index,
        file: JSON.parse(await readFile(join(dir.path, 'sparse', 'calibration_fit.json'), 'utf8')) as CalibrationFitFile,
      });
    } catch {
      // a frame without the file (other stages, an older version) is left out of the series
    }
  }
  if (read.length === 0) return undefined;
  const names = [...new Set(read.flatMap((r) => Object.keys(r.file.cameras ?? {})))].sort();
  const motion = new Set(
    names.filter((name) => read.some((r) => r.file.auxiliaryCameras?.includes(name) === true && r.file.motion?.[name] !== undefined)),
  );
  const figure = (file: CalibrationFitFile, name: string): number | null =>
    motion.has(name) ? (file.motion?.[name]?.displacementPx ?? null) : (file.cameras?.[name]?.medianReprojectionPx ?? null);
  const cameras = new Map(names.map((name) => [name, read.map((r) => figure(r.file, name))]));
  const left = new Map<string, { frame: number; camera: string; reason: string }>();
  const add = (frame: number, reasons: Readonly<Record<string, string>>): void => {
    for (const [camera, reason] of Object.entries(reasons)) left.set(`${frame}\0${camera}`, { frame, camera, reason });
  };
  for (const r of read) add(r.frame, r.file.leftOut ?? {});
  for (const [frame, reasons] of dropped) add(frame, reasons);
  const leftOut = [...left.values()].sort((a, b) => a.frame - b.frame || (a.camera < b.camera ? -1 : a.camera > b.camera ? 1 : 0));
  const judged = read.at(-1)?.file.thresholds;
  const thresholds =
    typeof judged?.ratio === 'number' && typeof judged.floorPx === 'number' ? { ratio: judged.ratio, floorPx: judged.floorPx } : undefined;
  return { frames: read.map((r) => r.frame), cameras, motion, leftOut, ...(thresholds === undefined ? {} : { thresholds }) };
}

/** A categorical palette (ColorBrewer Paired and Dark2, distinguishable on white) for up to 16 cameras, then repeated. */
const PALETTE = [
  '#1f78b4',
  '#33a02c',
  '#e31a1c',
  '#ff7f00',
  '#6a3d9a',
  '#b15928',
  '#a6cee3',
  '#b2df8a',
  '#fb9a99',
  '#fdbf6f',
  '#cab2d6',
  '#1b9e77',
  '#d95f02',
  '#7570b3',
  '#e7298a',
  '#666666',
];

/**
 * The series as a line chart: one line per camera, median pair reprojection (px) against the frame, with the floor
 * below which the stage leaves no camera out (when the files record it).
 */
export function calibrationFitSvg(series: CalibrationFitSeries): string {
  const lines = [...series.cameras].map(([camera, values], k) => ({
    label: series.motion.has(camera) ? `${camera} (image motion)` : camera,
    colour: PALETTE[k % PALETTE.length],
    points: worstPerBin(
      values.flatMap((y, i) => (y === null ? [] : [{ x: series.frames[i], y }])),
      MAX_CHART_POINTS,
    ),
  }));
  return lineChartSvg(lines, {
    title: 'calibration fit: median reprojection of each camera’s sparse pairs',
    xLabel: 'frame',
    yLabel: 'reprojection (px)',
    guides:
      series.thresholds === undefined
        ? []
        : [{ y: series.thresholds.floorPx, label: `${series.thresholds.floorPx} px: a camera can be left out above` }],
  });
}

/** Points per camera drawn at most: about one per pixel of the chart's width. */
const MAX_CHART_POINTS = 540;

/**
 * At most `count` points: consecutive points gathered into equal runs, each drawn as its worst (highest) point, so
 * a recording of hours keeps a chart of tens of kilobytes and a frame that spiked still shows.
 */
function worstPerBin(points: readonly { x: number; y: number }[], count: number): { x: number; y: number }[] {
  if (points.length <= count) return [...points];
  const out: { x: number; y: number }[] = [];
  for (let b = 0; b < count; b++) {
    const run = points.slice(Math.floor((b * points.length) / count), Math.floor(((b + 1) * points.length) / count));
    out.push(run.reduce((worst, p) => (p.y > worst.y ? p : worst)));
  }
  return out;
}

/** One camera's figures over the run: frames judged, median over them, worst frame, frames left out. */
export interface CameraFitSummary {
  readonly camera: string;
  readonly frames: number;
  readonly medianPx: number | null;
  readonly worst: { readonly frame: number; readonly px: number } | null;
  readonly first: number | null;
  readonly last: number | null;
  readonly leftOutFrames: readonly number[];
}

/** Per-camera summary rows of the series (the report's table). */
export function summarizeCalibrationFit(series: CalibrationFitSeries): CameraFitSummary[] {
  return [...series.cameras].map(([camera, values]) => {
    const judged = values.flatMap((px, i) => (px === null ? [] : [{ frame: series.frames[i], px }]));
    const sorted = judged.map((j) => j.px).sort((a, b) => a - b);
    const worst = judged.reduce<{ frame: number; px: number } | null>((w, j) => (w === null || j.px > w.px ? j : w), null);
    return {
      camera,
      frames: judged.length,
      medianPx: sorted.length === 0 ? null : sorted[Math.floor((sorted.length - 1) / 2)],
      worst,
      first: judged[0]?.px ?? null,
      last: judged.at(-1)?.px ?? null,
      leftOutFrames: series.leftOut.filter((l) => l.camera === camera).map((l) => l.frame),
    };
  });
}
