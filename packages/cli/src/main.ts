import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { registerBenchmarkCommand } from './commands/benchmark-command.js';
import { registerCompareCommand } from './commands/compare-command.js';
import { registerExportMeshCommand } from './commands/export-mesh-command.js';
import { registerExportRefsCommand } from './commands/export-refs-command.js';
import { registerInitCommand } from './commands/init-command.js';
import { registerModelsCommand } from './commands/models-command.js';
import { registerProfileCommand } from './commands/profile-command.js';
import { registerReportCommand } from './commands/report-command.js';
import { registerRunCommand } from './commands/run-command.js';
import { registerStatusCommand } from './commands/status-command.js';
import { registerSynthCommand } from './commands/synth-command.js';
import { registerTemporalFilterCommand } from './commands/temporal-filter-command.js';
import { registerWorkerCommand } from './commands/worker-command.js';
import { reportError, type CliStreams } from './report-error.js';

const require = createRequire(import.meta.url);
const { version } = require('../package.json') as { version: string };

/** Builds the `aquamvs` program; commands report their exit code through `setExitCode`. */
function buildProgram(streams: CliStreams, setExitCode: (code: number) => void): Command {
  const program = new Command('aquamvs')
    .description('Refractive multi-view stereo for underwater surfaces seen through a flat water surface')
    .version(version, '-V, --version')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({
      writeOut: (s) => streams.stdout.write(s),
      writeErr: (s) => streams.stderr.write(s),
    })
    .exitOverride();
  const context = { streams, setExitCode };
  registerInitCommand(program, context);
  registerRunCommand(program, context);
  registerProfileCommand(program, context);
  registerSynthCommand(program, context);
  registerBenchmarkCommand(program, context);
  registerExportMeshCommand(program, context);
  registerExportRefsCommand(program, context);
  registerCompareCommand(program, context);
  registerTemporalFilterCommand(program, context);
  registerReportCommand(program, context);
  registerWorkerCommand(program, context);
  registerStatusCommand(program, context);
  registerModelsCommand(program, context);
  return program;
}

/** Runs the CLI on `argv` (process.argv layout) and returns the exit code. */
export async function main(argv: readonly string[], streams: CliStreams = process): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(streams, (code) => {
    exitCode = code;
  });
  if (argv.length <= 2) {
    program.outputHelp({ error: true });
    return 1;
  }
  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    return reportError(error, streams, argv.includes('-v') || argv.includes('--verbose'));
  }
}
