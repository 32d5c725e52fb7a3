import cliProgress from 'cli-progress';

/** A progress bar over `done/total` items with a label, on stderr when it is a terminal; silent otherwise. */
export interface CountProgress {
  update(done: number, total: number): void;
  stop(): void;
}

/** Creates a {@link CountProgress}; `enabled` false (pipes, CI, `--quiet`) draws nothing. */
export function createCountProgress(enabled: boolean, stream: NodeJS.WritableStream, label: string): CountProgress {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { stream, format: `${label} {bar} {value}/{total} | {eta_formatted}`, hideCursor: true, etaBuffer: 10 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
