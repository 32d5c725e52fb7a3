import type { Command } from 'commander';
import { logFormatOption, type LogFlags } from '../cli-logger.js';
import { executeRun } from '../execute-run.js';
import type { CommandContext } from './command-context.js';

interface ProfileFlags extends LogFlags {
  frames?: string;
  schedule?: string;
  outputDir?: string;
  force?: boolean;
}

export function registerProfileCommand(program: Command, context: CommandContext): void {
  program
    .command('profile')
    .description('run a config under the profiler: stage table, bottlenecks, profile.json and a Chrome trace')
    .argument('<config>', 'pipeline config.yaml')
    .option('--frames <a:b>', 'frames a to b (b exclusive) to profile')
    .option('--schedule <spec>', 'wait,warmup,active[,repeat[,skipFirst[,skipFirstWait]]] in frames')
    .option('--output-dir <dir>', 'where to write trace.json and profile.json (default <output_dir>/profile)')
    .option('--force', 'redo frames that an earlier run already finished (default for profile: on)', true)
    .option('-v, --verbose', 'debug logging')
    .option('-q, --quiet', 'no progress bar')
    .addOption(logFormatOption())
    .action(async (configPath: string, flags: ProfileFlags) => {
      await executeRun(
        configPath,
        {
          profile: true,
          force: flags.force ?? true,
          ...(flags.frames === undefined ? {} : { frames: flags.frames }),
          ...(flags.schedule === undefined ? {} : { schedule: flags.schedule }),
          ...(flags.outputDir === undefined ? {} : { profileDir: flags.outputDir }),
          ...(flags.verbose ? { verbose: true } : {}),
          ...(flags.quiet ? { quiet: true } : {}),
          ...(flags.logFormat === undefined ? {} : { logFormat: flags.logFormat }),
        },
        context,
      );
    });
}
