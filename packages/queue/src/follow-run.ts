import type { Queue } from 'bullmq';
import { ManifestSync } from './manifest-sync.js';
import type { RunSpec } from './run-spec.js';
import { degradedFrames, isSettled, readRunStatuses, type DegradedFrame, type RunStatus } from './run-status.js';
import { sweepStaleStaging } from './staging.js';

/** Options of {@link followRun}. */
export interface FollowRunOptions {
  /** @default 1000 */
  readonly pollMs?: number;
  /** Called with every status read (about once per `pollMs`). */
  readonly onStatus?: (status: RunStatus) => void;
  /** Stop following (the run goes on in the workers). */
  readonly signal?: AbortSignal;
  /** Keep `output_dir/run.json` in step with the queue. @default true */
  readonly writeManifest?: boolean;
}

/** A followed run's last status, with the frames done without some cameras. */
export interface FollowedRun extends RunStatus {
  readonly degraded: readonly DegradedFrame[];
}

/**
 * Polls a run until no frame is waiting or running (or `signal` aborts) and returns its last status and the frames done
 * without some cameras. When the run is settled, staging directories left by killed workers of this host are removed.
 * @example
 * const status = await followRun(queue, spec, { onStatus: (s) => log.info(`${s.done.length}/${s.total}`) });
 */
export async function followRun(queue: Queue, spec: RunSpec, options: FollowRunOptions = {}): Promise<FollowedRun> {
  const pollMs = options.pollMs ?? 1000;
  const sync = options.writeManifest === false ? undefined : await ManifestSync.open(queue, spec);
  let missingBefore = false;
  for (;;) {
    const [status] = await readRunStatuses(queue, spec.runKey);
    if (status === undefined) throw new Error(`run ${spec.runKey} disappeared from the queue while it was followed`);
    await sync?.update(status);
    options.onStatus?.(status);
    // The state lists are read one after another, so a job moving between them (a retry leaving `delayed` for
    // `active`) can be in none for one read: a frame without a job counts only when two polls in a row agree.
    const missingNow = status.missing.length > 0;
    const confirmed = !missingNow || missingBefore;
    missingBefore = missingNow;
    if (isSettled(status) && confirmed) {
      await sweepStaleStaging(spec.outputDir);
      return { ...status, degraded: await degradedFrames(queue, status, spec.skipped) };
    }
    if (options.signal?.aborted === true) return { ...status, degraded: await degradedFrames(queue, status, spec.skipped) };
    await new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', wake);
        resolve();
      };
      const timer = setTimeout(wake, pollMs);
      options.signal?.addEventListener('abort', wake, { once: true });
    });
  }
}
