import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '@aquamvs/io';
import { collectReport, type CollectReportOptions, type ReportImage } from './report-model.js';
import { renderReportHtml } from './report-html.js';

/** Options of {@link writeReport}. */
export interface WriteReportOptions extends CollectReportOptions {
  /** Embed images as `data:` URIs (a self-contained file) instead of relative links. @default true */
  inlineImages?: boolean;
  /**
   * Most image bytes embedded; images past the budget (newest frames are embedded first) are linked by relative
   * path, which still works from `file://` beside the run. @default 64 MiB
   */
  inlineBudgetBytes?: number;
  /** Output file. @default '<outputDir>/report.html' */
  file?: string;
  /** Page title. @default 'aquamvs run report' */
  title?: string;
}

/** Builds the report page of a run directory as a string (see {@link writeReport}). */
export async function buildReportHtml(outputDir: string, options: WriteReportOptions = {}): Promise<string> {
  const dir = resolve(outputDir);
  const model = await collectReport(dir, options);
  const inline = options.inlineImages ?? true;
  const images = new Map<string, string>();
  if (inline) {
    const all: ReportImage[] = [...model.summaryImages, ...model.benchmarkCharts, ...[...model.frames].reverse().flatMap((f) => f.images)];
    let budget = options.inlineBudgetBytes ?? 64 * 2 ** 20;
    for (const image of all) {
      const bytes = await readFile(join(dir, image.path));
      budget -= bytes.length;
      if (budget < 0) break;
      const mime = image.path.endsWith('.svg') ? 'image/svg+xml' : 'image/png';
      images.set(image.path, `data:${mime};base64,${bytes.toString('base64')}`);
    }
  }
  const src = (image: ReportImage): string => images.get(image.path) ?? image.path.split(/[\\/]/).map(encodeURIComponent).join('/');
  return renderReportHtml(model, src, options.title);
}

/**
 * Writes `report.html` for a run directory: summary and config, per-frame status, viz images, profiler timeline and
 * table (when `profile/` exists), benchmark charts (when present) and an interactive 3-D viewer of the cloud and
 * mesh. It opens from `file://` with no network. Returns the file's absolute path.
 * @example
 * const file = await writeReport('output'); // output/report.html
 */
export async function writeReport(outputDir: string, options: WriteReportOptions = {}): Promise<string> {
  const file = resolve(options.file ?? join(outputDir, 'report.html'));
  return writeFileAtomic(file, await buildReportHtml(outputDir, options));
}
