import { isAquamvsError } from '@aquamvs/core';

/** Where CLI output goes (injectable for tests). */
export interface CliStreams {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/**
 * Prints an error: an `AquamvsError` (user mistake) as `error CODE: message` (with the cause chain when verbose: a
 * cause that has a code as `caused by CODE: message`, any other with its stack); anything else as a bug with its
 * stack. Returns the exit code.
 */
export function reportError(error: unknown, streams: CliStreams, verbose: boolean): number {
  if (isAquamvsError(error)) {
    streams.stderr.write(`error ${error.code}: ${escapeControl(error.message)}\n`);
    if (verbose) {
      let cause: unknown = error.cause;
      let depth = 1;
      while (cause !== undefined && cause !== null) {
        // A wrapped AquamvsError (a stage's prepare failing with its own code) is shown by its documented code.
        const text = isAquamvsError(cause)
          ? `caused by ${cause.code}: ${escapeControl(cause.message)}`
          : `caused by: ${cause instanceof Error ? (cause.stack ?? cause.message) : JSON.stringify(cause)}`;
        streams.stderr.write(`${'  '.repeat(depth)}${text.replace(/\n/g, `\n${'  '.repeat(depth)}`)}\n`);
        cause = cause instanceof Error ? cause.cause : undefined;
        depth += 1;
      }
    }
    return 1;
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  streams.stderr.write(`${text}\n\nThis is a bug in aquamvs, not a problem with your input. Please report it with the output above.\n`);
  return 70;
}

/**
 * Shows control characters of user-supplied names and paths as `\x1b`-style escapes, so a message can neither
 * drive the terminal (colours, cursor moves, a fake `error` line after `\r`) nor hide what was wrong. Newlines and
 * tabs stay: multi-problem config errors are one problem per line.
 */
export function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
