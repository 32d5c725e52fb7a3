import type { Command } from 'commander';
import { executeRun, type ExecuteRunOptions } from '../execute-run.js';
import type { CommandContext } from './command-context.js';

export function registerRunCommand(program: Command, context: CommandContext): void {
  program
    .command('run')
    .description('run the reconstruction pipeline on the frames a config describes')
    .argument('<config>', 'pipeline config.yaml (AquaMVS format)')
    .option('-v, --verbose', 'debug logging')
    .option('-q, --quiet', 'no progress bar, warnings and errors only')
    .option('--device <device>', 'override runtime.device (cpu or cuda)')
    .option('--force', 'redo frames that an earlier run already finished')
    .option('--frames <a:b>', 'process frames a to b (b exclusive), overriding preprocessing.frame_start/stop')
    .option('--profile', 'profile the run: print the stage table, write profile.json and trace.json')
    .option('--schedule <spec>', 'with --profile: wait,warmup,active[,repeat] frames (torch.profiler schedule)')
    .action(async (configPath: string, options: ExecuteRunOptions) => {
      await executeRun(configPath, options, context);
    });
}
