import { existsSync, readdirSync } from 'node:fs';
import type { OutputWriter } from '@aquamvs/core';
import { evaluationInput, gridOver, heightMapDifference, icpAlign, noOverlap, volumeChange, xyBounds, type VolumeChange } from '@aquamvs/evaluation';
import { volumeChangeSvg } from '@aquamvs/viz';
import type { CompareSettings } from './compare-surfaces.js';
import { writeHeightDifference } from './height-difference-files.js';
import { frameSurfaceFile, readSurfacePoints } from './surface-points.js';

/** One frame's change against the baseline. */
interface FrameChange extends VolumeChange {
  readonly frame: number;
}

/** What {@link compareRunFrames} did. */
export interface RunChange {
  readonly baseline: number;
  readonly rows: FrameChange[];
  /** Frames of the range left out (no cloud: the frame failed or was not run), with why. */
  readonly skipped: { frame: number; reason: string }[];
  readonly files: string[];
}

const CSV_HEADER = 'frame,volume_gained_m3,volume_lost_m3,volume_net_m3,mean_height_change_m,changed_area_m2,overlap_area_m2';

/**
 * Change over time: every frame of `frames` against the `baseline` frame of a run, on one grid over the baseline's
 * XY extent. Per frame it writes `height_difference_{frame}.npz`/`.png`; then `volume_change.csv` (m³, m, m²) and
 * `volume_change.svg`. `onFrame` reports progress.
 */
export async function compareRunFrames(
  runDir: string,
  baseline: number,
  frames: readonly number[],
  settings: CompareSettings,
  writer: OutputWriter,
  onFrame: (done: number, total: number) => void,
): Promise<RunChange> {
  const base = await readSurfacePoints(frameSurfaceFile(runDir, baseline));
  const bounds = xyBounds(base);
  if (bounds === undefined) throw evaluationInput(`frame ${baseline} of ${runDir}`, 'a cloud with finite points', 'none');
  const grid = gridOver(bounds, settings.gridResolution);
  const rows: FrameChange[] = [];
  const skipped: RunChange['skipped'] = [];
  const files: string[] = [];
  const targets = frames.filter((f) => f !== baseline);
  for (const [k, frame] of targets.entries()) {
    let file: string;
    try {
      file = frameSurfaceFile(runDir, frame);
    } catch (error) {
      skipped.push({ frame, reason: error instanceof Error ? error.message : String(error) });
      onFrame(k + 1, targets.length);
      continue;
    }
    let points = await readSurfacePoints(file);
    if (settings.icp) points = icpAlign(points, base, { maxDistance: settings.icpMaxDistance }).aligned;
    const difference = heightMapDifference(points, base, { grid, maxTriangleEdge: settings.maxGap });
    if (difference.overlapCells === 0) throw noOverlap(`frame ${frame}`, `baseline frame ${baseline}`, 'their height maps share no grid cell');
    files.push(
      ...(await writeHeightDifference(writer, `height_difference_${String(frame).padStart(6, '0')}`, difference, `frame ${frame} vs ${baseline}`)),
    );
    rows.push({ frame, ...volumeChange(difference, { minChange: settings.minChange }) });
    onFrame(k + 1, targets.length);
  }
  if (rows.length === 0)
    throw evaluationInput(
      `--frames of ${runDir}`,
      'at least one frame besides the baseline with a cloud',
      skipped.length ? skipped.map((s) => s.frame).join(', ') + ' have none' : 'only the baseline',
    );
  const csv = [CSV_HEADER];
  for (const r of rows)
    csv.push(
      [r.frame, r.gainedM3, r.lostM3, r.netM3, r.meanHeightChangeM, r.changedAreaM2, r.overlapAreaM2]
        .map((v) => (Number.isInteger(v) ? String(v) : v.toPrecision(8)))
        .join(','),
    );
  files.push(await writer.writeFile('volume_change.csv', `${csv.join('\n')}\n`));
  files.push(
    await writer.writeFile(
      'volume_change.svg',
      volumeChangeSvg(
        [{ frame: baseline, gainedM3: 0, lostM3: 0, netM3: 0 }, ...rows].sort((p, q) => p.frame - q.frame),
        `volume change against frame ${baseline}`,
      ),
    ),
  );
  return { baseline, rows, skipped, files };
}

/** The frames of a run that have a frame directory, for `--frames` without an end. */
export function runFrameIndices(runDir: string): number[] {
  if (!existsSync(runDir)) return [];
  return readdirSync(runDir)
    .filter((n) => /^frame_\d+$/.test(n))
    .map((n) => Number(n.slice(6)))
    .sort((a, b) => a - b);
}

/** The per-frame table `aquamvs compare` prints for a run. */
export function formatRunChange(change: RunChange): string {
  const lines = [
    `change against frame ${change.baseline} (volumes in litres, heights in mm, areas in m²):`,
    '  frame    gained      lost       net  mean Δh   changed',
  ];
  for (const r of change.rows) {
    lines.push(
      `  ${String(r.frame).padStart(5)} ${(r.gainedM3 * 1000).toFixed(4).padStart(9)} ${(r.lostM3 * 1000).toFixed(4).padStart(9)} ${(r.netM3 * 1000).toFixed(4).padStart(9)} ${(r.meanHeightChangeM * 1000).toFixed(3).padStart(8)} ${r.changedAreaM2.toFixed(4).padStart(9)}`,
    );
  }
  for (const s of change.skipped) lines.push(`  ${String(s.frame).padStart(5)} skipped: ${s.reason}`);
  lines.push(
    `wrote ${change.files.filter((f) => /volume_change\.(csv|svg)$/.test(f)).join(', ')} and ${change.rows.length} height-difference map(s)`,
  );
  return `${lines.join('\n')}\n`;
}
