import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunFallback } from '../config/run-fallbacks.js';
import type { OutputWriter } from './output-writer.js';

/** A JSON value (what a stage may record of how it made a frame; it lands in `run.json` as written). */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * How a frame was made, beyond its status: what `run.json` records so that a result is never read as more than it
 * is. The same record travels from a queue worker to the submitter's `run.json`.
 */
export interface FrameRecord {
  /** The program that made the frame and its version (`aquamvs 0.4.2`): frames of one output may come from several. */
  madeBy?: string;
  /** Cameras the frame went on without (tolerated by `preprocessing.min_cameras`), camera → reason. */
  droppedCameras?: Record<string, string>;
  /** Settings the run could not honour and what it used instead (e.g. `matcher_type` lightglue → classic). */
  fallbacks?: readonly RunFallback[];
  /**
   * What stages recorded of how they made the frame, by stage id (`ctx.recordProvenance`), e.g. the plane sweep's
   * use of the previous frame's depths in a recording.
   */
  provenance?: Record<string, JsonValue>;
}

/** Status of one frame in the run manifest. */
export interface ManifestFrame extends FrameRecord {
  status: 'running' | 'done' | 'failed';
  /** Hash of the processing-relevant config and the run-wide inputs (calibration, masks, plugin code) it was made with. */
  configHash: string;
  /** The frame source's fingerprint of the frame's inputs (absent when the source has none). */
  inputHash?: string;
  startedAt: string;
  finishedAt?: string;
  durationMs?: number;
  error?: string;
}

/** A stage whose `finish()` failed in the latest run (its run-wide output, e.g. the viz report, is missing). */
export interface ManifestFinishFailure {
  stage: string;
  plugin: string;
  error: string;
}

/** `output_dir/run.json`: every frame's status, so a re-run can skip finished frames. */
export interface RunManifest {
  version: 1;
  updatedAt: string;
  frames: Record<string, ManifestFrame>;
  /** Present only when the latest run's finish phase failed; a run whose finish succeeds removes it. */
  finishFailed?: ManifestFinishFailure[];
}

export const MANIFEST_FILE = 'run.json';

/** Reads the manifest of `outputDir`, or an empty one when there is none (or it is unreadable). */
export async function readRunManifest(outputDir: string): Promise<RunManifest> {
  try {
    const parsed = JSON.parse(await readFile(join(outputDir, MANIFEST_FILE), 'utf8')) as Partial<RunManifest>;
    if (parsed.version === 1 && typeof parsed.frames === 'object' && parsed.frames !== null) {
      return { version: 1, updatedAt: parsed.updatedAt ?? '', frames: parsed.frames };
    }
  } catch {
    // no manifest yet, or a foreign file: start fresh
  }
  return { version: 1, updatedAt: '', frames: {} };
}

/** Keeps the manifest in memory and rewrites it atomically after every change; writes are serialised. */
export class RunManifestStore {
  #pending: Promise<void> = Promise.resolve();

  constructor(
    readonly manifest: RunManifest,
    private readonly writer: OutputWriter,
  ) {}

  /** True when `frame` finished with the same config hash and (when given) the same input fingerprint. */
  isDone(frame: number, configHash: string, inputHash?: string): boolean {
    const entry = this.manifest.frames[String(frame)];
    return entry?.status === 'done' && entry.configHash === configHash && entry.inputHash === inputHash;
  }

  /** True when `frame` finished with `configHash`: only then is its input fingerprint worth computing. */
  isDoneWithConfig(frame: number, configHash: string): boolean {
    const entry = this.manifest.frames[String(frame)];
    return entry?.status === 'done' && entry.configHash === configHash;
  }

  update(frame: number, entry: ManifestFrame): Promise<void> {
    this.manifest.frames[String(frame)] = entry;
    return this.#write();
  }

  /** Records the latest run's `finish()` failures (none: the key goes away). */
  recordFinishFailures(failures: readonly ManifestFinishFailure[]): Promise<void> {
    if (failures.length === 0 && this.manifest.finishFailed === undefined) return this.#pending;
    if (failures.length === 0) delete this.manifest.finishFailed;
    else this.manifest.finishFailed = [...failures];
    return this.#write();
  }

  #write(): Promise<void> {
    this.manifest.updatedAt = new Date().toISOString();
    const snapshot = JSON.stringify(this.manifest, null, 2);
    this.#pending = this.#pending.then(() => this.writer.writeFile(MANIFEST_FILE, snapshot).then(() => undefined));
    return this.#pending;
  }
}
