import type { CommandContext } from './commands/command-context.js';
import { framesByCause } from './frames-by-cause.js';
import { escapeControl } from './report-error.js';

/**
 * Reports frames that finished without some cameras (as `preprocessing.min_cameras` allows) and sets exit code 2:
 * their results are real but made from fewer views, and a script must be able to tell. One line, with or without
 * the queue.
 */
export function reportDegradedFrames(
  degraded: readonly { readonly frame: number; readonly cameras: Readonly<Record<string, string>> }[],
  manifest: string,
  context: CommandContext,
): void {
  if (degraded.length === 0) return;
  // The same cameras are the same cause.
  const frames = framesByCause(
    degraded.map((d) => ({ frame: d.frame, text: escapeControl(Object.keys(d.cameras).join(', ')) })),
    (text) => text,
  );
  context.streams.stderr.write(
    `error AQM_ERR_FRAMES_DEGRADED: ${degraded.length} frame(s) done without some cameras, as preprocessing.min_cameras allows (${frames}); see ${manifest}\n`,
  );
  context.setExitCode(2);
}
