import type { CliStreams } from '../report-error.js';

/** What every command gets from `main`. */
export interface CommandContext {
  readonly streams: CliStreams;
  readonly setExitCode: (code: number) => void;
}
