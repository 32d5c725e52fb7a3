import { PassThrough } from 'node:stream';
import { Command, CommanderError } from 'commander';
import type { CommandContext } from '../commands/command-context.js';

/** What a command printed and the exit code it set. */
export interface CommandRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs one command in-process the way `main` does (commander with exitOverride, streams captured), without
 * spawning the binary: `register` adds the command, `argv` is what follows `aquamvs`.
 */
export async function runRegisteredCommand(
  register: (program: Command, context: CommandContext) => void,
  argv: readonly string[],
): Promise<CommandRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  let code = 0;
  const program = new Command('aquamvs').exitOverride().configureOutput({ writeOut: (s) => stdout.write(s), writeErr: (s) => stderr.write(s) });
  register(program, { streams: { stdout, stderr }, setExitCode: (c) => (code = c) });
  try {
    await program.parseAsync(['node', 'aquamvs', ...argv]);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    code = error.exitCode;
  }
  return { code, stdout: out, stderr: err };
}
