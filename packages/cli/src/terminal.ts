import { formatLogLine, type LogFormat, type LogSink, type PipelineProgress } from '@aquamvs/core';

/**
 * The one writer of a command's stderr while it runs: log lines print above the progress bar, the bar redraws below
 * them, and after `stop()` the cursor is at the start of a clean line for the final report.
 */
export interface Terminal {
  /** Log sink: one formatted line per call, above the bar. */
  readonly log: LogSink;
  /** Feeds the bar. */
  progress(progress: PipelineProgress): void;
  /** Removes the bar (leaving its last state as a line of its own when it was drawn). */
  stop(): void;
}

/** Options of {@link createTerminal}. */
export interface TerminalOptions {
  readonly format: LogFormat;
  /** Draw the bar (see {@link shouldShowBar}). */
  readonly showBar: boolean;
}

type StderrStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/**
 * A bar only where a person watches: stderr is a TTY, `CI` is not set (CI runners often give a TTY whose
 * scrollback keeps every redraw), not `--quiet`, and logs are text (JSON lines must stay parseable).
 */
export function shouldShowBar(stream: StderrStream, options: { quiet: boolean; format: LogFormat }, env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI.toLowerCase() !== 'false';
  return stream.isTTY === true && !ci && !options.quiet && options.format === 'text';
}

const BAR_WIDTH = 24;
const CLEAR_LINE = '\r\x1b[2K';

/** `frames ██████░░░░ 1/3 | frame 1: plane-sweep 5/8` */
function barText(total: number, finished: number, status: string): string {
  const filled = total === 0 ? BAR_WIDTH : Math.round((BAR_WIDTH * Math.min(finished, total)) / total);
  return `frames ${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ${finished}/${total} | ${status}`;
}

/** Creates the terminal writer of one command on `stream` (the command's stderr). */
export function createTerminal(stream: StderrStream, options: TerminalOptions): Terminal {
  let bar: { total: number; finished: number } | undefined;
  let current = { frame: -1, stage: '', detail: '' };
  let drawn = '';

  // Cut to the terminal's width: a bar that wraps cannot be erased by one clear-line, and its copies would stay.
  const fit = (text: string): string => {
    const columns = stream.columns ?? 80;
    return Array.from(text)
      .slice(0, Math.max(10, columns - 1))
      .join(''); // code points, not UTF-16 units
  };
  const draw = (): void => {
    if (bar === undefined) return;
    const status = current.frame < 0 ? 'preparing' : `frame ${current.frame}: ${current.stage}${current.detail}`;
    const text = fit(barText(bar.total, bar.finished, status));
    if (text === drawn) return;
    stream.write(`${CLEAR_LINE}${text}`);
    drawn = text;
  };

  return {
    log(level, name, message) {
      const line = formatLogLine(options.format, level, name, message);
      if (bar === undefined) {
        stream.write(line);
        return;
      }
      // One write: clear the bar, print the line, redraw the bar below it.
      drawn = '';
      stream.write(`${CLEAR_LINE}${line}`);
      draw();
    },
    progress(progress) {
      if (!options.showBar) return;
      if (progress.kind === 'run') bar = { total: progress.total, finished: progress.done + progress.failed };
      else if (progress.kind === 'stage') current = { frame: progress.frame, stage: progress.stage, detail: '' };
      else current = { ...current, detail: ` ${progress.done}/${progress.total}` };
      draw();
    },
    stop() {
      if (bar === undefined) return;
      bar = undefined;
      if (drawn !== '') stream.write('\n');
      drawn = '';
    },
  };
}
