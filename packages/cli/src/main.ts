import { Command, CommanderError } from 'commander';
import { CLI_VERSION as version } from './cli-version.js';
import type { CommandContext } from './commands/command-context.js';
import { reportError, type CliStreams } from './report-error.js';

type RegisterCommand = (program: Command, context: CommandContext) => void;

/**
 * The commands, in help order, each imported when it is registered: a command run by name loads its own modules only
 * (`aquamvs temporal-filter` then maps no pipeline stages, profiler or report code: ≈ 30 MiB less RSS, and a faster
 * start); help, or anything else, registers them all.
 */
const COMMANDS: ReadonlyArray<readonly [string, () => Promise<RegisterCommand>]> = [
  ['init', async () => (await import('./commands/init-command.js')).registerInitCommand],
  ['run', async () => (await import('./commands/run-command.js')).registerRunCommand],
  ['profile', async () => (await import('./commands/profile-command.js')).registerProfileCommand],
  ['synth', async () => (await import('./commands/synth-command.js')).registerSynthCommand],
  ['benchmark', async () => (await import('./commands/benchmark-command.js')).registerBenchmarkCommand],
  ['export-mesh', async () => (await import('./commands/export-mesh-command.js')).registerExportMeshCommand],
  ['export-refs', async () => (await import('./commands/export-refs-command.js')).registerExportRefsCommand],
  ['compare', async () => (await import('./commands/compare-command.js')).registerCompareCommand],
  ['temporal-filter', async () => (await import('./commands/temporal-filter-command.js')).registerTemporalFilterCommand],
  ['report', async () => (await import('./commands/report-command.js')).registerReportCommand],
  ['worker', async () => (await import('./commands/worker-command.js')).registerWorkerCommand],
  ['status', async () => (await import('./commands/status-command.js')).registerStatusCommand],
  ['models', async () => (await import('./commands/models-command.js')).registerModelsCommand],
];

/** Builds the `aquamvs` program for `argv`; commands report their exit code through `setExitCode`. */
async function buildProgram(argv: readonly string[], streams: CliStreams, setExitCode: (code: number) => void): Promise<Command> {
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
  const named = COMMANDS.find(([name]) => name === argv[2]);
  for (const [, load] of named ? [named] : COMMANDS) (await load())(program, context);
  return program;
}

/** Runs the CLI on `argv` (process.argv layout) and returns the exit code. */
export async function main(argv: readonly string[], streams: CliStreams = process): Promise<number> {
  let exitCode = 0;
  const program = await buildProgram(argv, streams, (code) => {
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
