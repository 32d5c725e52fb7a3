import type { Command } from 'commander';
import { exportReferenceImages, maskInstructions } from '../export-reference-images.js';
import { loadRunConfig } from '../execute-run.js';
import type { CommandContext } from './command-context.js';

interface ExportRefsFlags {
  frame: string;
  quiet?: boolean;
}

/**
 * `aquamvs export-refs CONFIG [--frame N]` (spec §6): undistorted reference images of every input camera (auxiliary
 * included) to `{output_dir}/reference_images/{cam}.png`, and how to draw masks on them for `mask_dir`.
 */
export function registerExportRefsCommand(program: Command, context: CommandContext): void {
  program
    .command('export-refs')
    .description('write undistorted reference images of every camera to draw ROI masks (mask_dir) on')
    .argument('<config>', 'pipeline config.yaml')
    .option('--frame <n>', 'frame to export', '0')
    .option('-q, --quiet', 'print only the written directory, no instructions')
    .action(async (configPath: string, flags: ExportRefsFlags) => {
      const frame = Number(flags.frame);
      if (!Number.isSafeInteger(frame) || frame < 0) program.error(`error: --frame must be an integer ≥ 0 (got '${flags.frame}')`);
      const { config, log } = await loadRunConfig(configPath, { quiet: flags.quiet ?? false });
      const { stdout } = context.streams;
      const written = await exportReferenceImages(config, frame, log, (camera) => {
        if (!flags.quiet) stdout.write(`  ${camera}.png\n`);
      });
      stdout.write(`wrote ${written.files.size} reference image(s) of frame ${frame} to ${written.dir}\n`);
      if (!flags.quiet) stdout.write(`${maskInstructions(written.dir)}\n`);
    });
}
