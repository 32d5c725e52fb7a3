import { dirname, resolve } from 'node:path';
import { createLogger, loadConfigOrThrow, runPipeline, type AquamvsConfig, type LogLevel } from '@aquamvs/core';
import type { Command } from 'commander';
import { createProgressDisplay } from '../progress-display.js';
import type { CommandContext } from './command-context.js';
import { openConfiguredFrameSource } from '../frame-source-for-config.js';

export interface RunCommandOptions {
  verbose?: boolean;
  quiet?: boolean;
  device?: string;
  force?: boolean;
}

/** Applies CLI overrides to a loaded config (the `--device` override bypasses validation, as in the reference). */
function applyOverrides(config: AquamvsConfig, options: RunCommandOptions): AquamvsConfig {
  const runtime = { ...config.runtime };
  if (options.device !== undefined) (runtime as { device: string }).device = options.device;
  if (options.quiet) runtime.quiet = true;
  return { ...config, runtime };
}

export function registerRunCommand(program: Command, context: CommandContext): void {
  program
    .command('run')
    .description('run the reconstruction pipeline on the frames a config describes')
    .argument('<config>', 'pipeline config.yaml (AquaMVS format)')
    .option('-v, --verbose', 'debug logging')
    .option('-q, --quiet', 'no progress bar, warnings and errors only')
    .option('--device <device>', 'override runtime.device (cpu or cuda)')
    .option('--force', 'redo frames that an earlier run already finished')
    .action(async (configPath: string, options: RunCommandOptions) => {
      const { streams } = context;
      const level: LogLevel = options.verbose ? 'debug' : options.quiet ? 'warn' : 'info';
      const log = createLogger({ name: 'aquamvs', level });
      const loaded = await loadConfigOrThrow(configPath, (kind, line) => (kind === 'warn' ? log.warn(line) : log.debug(line)));
      const config = applyOverrides(loaded, options);
      const source = await openConfiguredFrameSource(config, log);
      const display = createProgressDisplay(!config.runtime.quiet && streams.stderr.isTTY === true, streams.stderr);
      try {
        const summary = await runPipeline({
          config,
          frameSource: source,
          configDir: dirname(resolve(configPath)),
          log,
          force: options.force ?? false,
          onProgress: (p) => display.update(p),
        });
        display.stop();
        const parts = [`${summary.done.length} frame(s) done`];
        if (summary.skipped.length) parts.push(`${summary.skipped.length} skipped (already finished)`);
        if (summary.failed.length) parts.push(`${summary.failed.length} failed`);
        log.info(`${parts.join(', ')} in ${(summary.durationMs / 1000).toFixed(1)} s → ${summary.outputDir}`);
        if (summary.failed.length > 0) {
          streams.stderr.write(
            `error AQM_ERR_FRAMES_FAILED: ${summary.failed.length} frame(s) failed (${summary.failed.map((f) => f.frame).join(', ')}); see ${resolve(summary.outputDir, 'run.json')}\n`,
          );
          context.setExitCode(1);
        }
      } finally {
        display.stop();
        await source.close();
      }
    });
}
