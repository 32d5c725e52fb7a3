import cliProgress from 'cli-progress';
import type { PipelineProgress } from '@aquamvs/core';

/** Shows frame progress on a TTY; does nothing when `enabled` is false (CI, pipes, `--quiet`). */
export interface ProgressDisplay {
  update(progress: PipelineProgress): void;
  stop(): void;
}

/** A progress bar over frames with the current frame and stage, drawn on stderr. */
export function createProgressDisplay(enabled: boolean, stream: NodeJS.WritableStream): ProgressDisplay {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: 'frames {bar} {value}/{total} | {status}',
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let current = { frame: -1, stage: '', detail: '' };
  const status = (): string =>
    current.frame < 0 ? 'preparing' : `frame ${current.frame}: ${current.stage}${current.detail}`;
  return {
    update(progress) {
      if (progress.kind === 'run') {
        const finished = progress.done + progress.failed;
        if (!started) {
          bar.start(progress.total, finished, { status: status() });
          started = true;
        } else bar.update(finished, { status: status() });
        return;
      }
      if (progress.kind === 'stage') current = { frame: progress.frame, stage: progress.stage, detail: '' };
      else current = { ...current, detail: ` ${progress.done}/${progress.total}` };
      if (started) bar.update({ status: status() });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
