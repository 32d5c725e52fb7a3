import type { Command } from 'commander';
import type { CommandContext } from './command-context.js';
import { runInit } from './init.js';

interface InitFlags {
  inputDir: string;
  pattern: string;
  calibration: string;
  outputDir: string;
  config: string;
  preset?: 'fast' | 'balanced' | 'quality';
}

export function registerInitCommand(program: Command, context: CommandContext): void {
  program
    .command('init')
    .description('scan an input directory, match cameras to the calibration and write a config.yaml')
    .requiredOption('--input-dir <path>', 'directory with one video file or image directory per camera')
    .requiredOption('--pattern <regex>', 'regular expression whose first capture group is the camera name')
    .requiredOption('--calibration <path>', 'AquaCal calibration.json')
    .requiredOption('--output-dir <dir>', 'where runs write their results')
    .option('--config <path>', 'config file to write', 'config.yaml')
    .option('--preset <name>', 'quality preset applied once to the written config (fast, balanced, quality)')
    .action(async (flags: InitFlags) => {
      if (flags.preset !== undefined && !['fast', 'balanced', 'quality'].includes(flags.preset)) {
        program.error(`error: --preset must be one of fast, balanced, quality (got '${flags.preset}')`);
      }
      await runInit(
        {
          inputDir: flags.inputDir,
          pattern: flags.pattern,
          calibration: flags.calibration,
          outputDir: flags.outputDir,
          config: flags.config,
          ...(flags.preset ? { preset: flags.preset } : {}),
        },
        { log: (line) => context.streams.stdout.write(`${line}\n`) },
      );
    });
}
