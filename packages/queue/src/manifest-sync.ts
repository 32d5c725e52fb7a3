import { createOutputWriter, MANIFEST_FILE, readRunManifest, type ManifestFrame, type RunManifest } from '@aquamvs/core';
import type { Queue } from 'bullmq';
import { publishedClaims, type FrameClaim } from './frame-claims.js';
import type { RunSpec } from './run-spec.js';
import type { RunStatus } from './run-status.js';

const iso = (ms: number | undefined): string => new Date(ms ?? Date.now()).toISOString();

/**
 * Keeps `output_dir/run.json` in step with the queue. Only the submitter writes it (workers never do), so
 * several workers on one output directory cannot overwrite each other's entries; a later run without `--queue`
 * reads it and skips the frames the queue finished.
 */
export class ManifestSync {
  readonly #written = new Map<number, string>();

  private constructor(
    private readonly queue: Queue,
    private readonly spec: RunSpec,
    private readonly manifest: RunManifest,
  ) {}

  static async open(queue: Queue, spec: RunSpec): Promise<ManifestSync> {
    return new ManifestSync(queue, spec, await readRunManifest(spec.outputDir));
  }

  /** Updates the entries of frames whose state changed; rewrites `run.json` atomically when any did. */
  async update(status: RunStatus): Promise<boolean> {
    const { configHash } = this.spec;
    const skipped = new Set(this.spec.skipped);
    let changed = false;
    const set = (frame: number, key: string, entry: () => Promise<ManifestFrame>): Promise<void> | undefined => {
      if (this.#written.get(frame) === key) return undefined;
      return entry().then((value) => {
        this.manifest.frames[String(frame)] = value;
        this.#written.set(frame, key);
        changed = true;
      });
    };
    let claims: Map<number, FrameClaim> | undefined;
    for (const frame of status.done) {
      if (skipped.has(frame)) continue;
      await set(frame, 'done', async () => {
        // The publisher's claim says how the published copy was made and when (a chunk job publishes its frames one by
        // one, long before it returns).
        claims ??= await publishedClaims(this.queue, this.spec.runKey);
        const claim = claims.get(frame);
        const inputHash = this.spec.inputHashes?.[String(frame)];
        const finished = claim === undefined ? Date.now() : Date.parse(claim.at);
        return {
          status: 'done',
          configHash,
          ...(inputHash === undefined ? {} : { inputHash }),
          startedAt: iso(finished - (claim?.durationMs ?? 0)),
          finishedAt: iso(finished),
          ...(claim?.durationMs === undefined ? {} : { durationMs: claim.durationMs }),
          ...claim?.record,
        };
      });
    }
    for (const failure of status.failed) {
      await set(failure.frame, `failed:${failure.error}`, () =>
        Promise.resolve({ status: 'failed', configHash, startedAt: iso(undefined), finishedAt: iso(undefined), error: failure.error }),
      );
    }
    for (const frame of status.running) {
      await set(frame, 'running', () => Promise.resolve({ status: 'running', configHash, startedAt: iso(undefined) }));
    }
    if (!changed) return false;
    this.manifest.updatedAt = new Date().toISOString();
    await createOutputWriter(this.spec.outputDir).writeFile(MANIFEST_FILE, JSON.stringify(this.manifest, null, 2));
    return true;
  }
}
