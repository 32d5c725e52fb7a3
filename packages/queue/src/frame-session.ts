import { rm, rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  frameDirName,
  HOOKS,
  messageOf,
  runPipeline,
  type AquamvsPlugin,
  type Frame,
  type FrameEndEvent,
  type FrameRecord,
  type FrameSource,
  type HookSubscriber,
  type Logger,
  withRepeatedImageCheck,
} from '@aquamvs/core';
import { createRunProfiler, type RunProfiler } from '@aquamvs/profiler';
import { queueFrameMissing } from './errors.js';
import { FrameChannel } from './frame-channel.js';
import type { RunSpec } from './run-spec.js';
import { publishFrameDir, STAGING_DIR, sweepStaleStaging } from './staging.js';

/** What a worker needs to run a spec's frames: its input and its stage plugins (supplied by the CLI). */
interface RunEnvironment {
  readonly frameSource: FrameSource;
  /** Stage plugins registered before the config's `plugins:` entries. */
  readonly plugins: readonly AquamvsPlugin[];
  /** Where a config plugin given by package name is looked up when the config's folder lacks it. @default [] */
  readonly pluginFallbackDirs?: readonly string[];
  /** The program and version the frames are made with, for `run.json` (`madeBy`). @default `@aquamvs/core <version>` */
  readonly madeBy?: string;
  /** Releases what the environment opened (the frame source included). */
  close?(): Promise<void>;
}

/**
 * Opens the environment of a run on this machine. A queue worker calls it inside a slot's frame thread, from the
 * module it was given (its `openRunEnvironment` export), with that module's `options`.
 */
export type OpenRunEnvironment = (spec: RunSpec, log: Logger, options?: unknown) => Promise<RunEnvironment>;

/** How one frame ended. */
interface FrameOutcome {
  readonly frame: number;
  readonly status: 'done' | 'failed';
  readonly durationMs: number;
  readonly error?: Error;
  /** How the frame was made (cameras gone without, fallbacks, stages' provenance): the submitter's run.json needs it. */
  readonly record?: FrameRecord;
}

/** A prepared run that processes frames on demand: `prepare()` ran once, each `process()` runs the stages once. */
export interface FrameSession {
  readonly name: string;
  readonly spec: RunSpec;
  /** Set when the run itself failed (e.g. a `prepare()` threw); the session then fails every frame. */
  readonly broken: Error | undefined;
  /** Runs every stage on `frame` into the staging directory; {@link publish} or {@link discard} comes next. */
  process(frame: number): Promise<FrameOutcome>;
  /** Renames the processed frame's directory into the output directory (atomic); false when none was written. */
  publish(frame: number): Promise<boolean>;
  /** Removes the processed frame's staging directory without publishing it (a duplicate of a published frame). */
  discard(frame: number): Promise<void>;
  /** Ends the run: stages' `finish()`, the profiler's files, the staging directory removed. */
  close(): Promise<void>;
}

/** Options of {@link openFrameSession}. */
export interface FrameSessionOptions {
  readonly spec: RunSpec;
  readonly environment: RunEnvironment;
  /** Unique name (host, pid, slot): the staging directory and the profile directory are named after it. */
  readonly name: string;
  readonly log: Logger;
  /** Profile this session into `<outputDir>/profile/<name>/` with an optional schedule spec. */
  readonly profile?: { readonly schedule?: string };
}

interface FrameRequest {
  readonly frame: number;
  readonly resolve: (outcome: FrameOutcome) => void;
}

const failedOutcome = (frame: number, error: unknown): FrameOutcome => ({
  frame,
  status: 'failed',
  durationMs: 0,
  error: error instanceof Error ? error : new Error(messageOf(error)),
});

/**
 * Starts one long-lived `runPipeline` over a frame source that yields frames as they are asked for, so the
 * stages' `prepare()` runs once for all the frames this session processes. Outputs go to a private staging
 * directory under the output directory and each finished frame directory is renamed into place.
 * @example
 * const session = openFrameSession({ spec, environment, name: 'host-1-s0', log });
 * if ((await session.process(3)).status === 'done') await session.publish(3);
 * await session.close();
 */
export function openFrameSession(options: FrameSessionOptions): FrameSession {
  const { spec, environment, name, log } = options;
  const stagingDir = join(spec.outputDir, STAGING_DIR, name);
  const requests = new FrameChannel<FrameRequest>();
  // Each requested frame is read with the one before it, so the repeated-image check does not depend on the jobs
  // this worker took before (runPipeline checks only the sources it opens itself).
  const source = spec.config.preprocessing.repeated_image_check ? withRepeatedImageCheck(environment.frameSource) : environment.frameSource;
  let lastEnd: FrameEndEvent | undefined;
  let intermediates: readonly string[] = [];
  let inFlight: FrameRequest | undefined;
  let broken: Error | undefined;
  let closed = false;

  const tracker: HookSubscriber = {
    name: '@aquamvs/queue',
    enforce: 'post',
    runStart: (event) => {
      intermediates = event.intermediates;
    },
    frameEnd: (event) => {
      lastEnd = event;
    },
  };
  const trackerPlugin: AquamvsPlugin = { name: '@aquamvs/queue', register: (c) => void c.register(HOOKS, { useValue: tracker }) };

  async function* pull(): AsyncGenerator<Frame> {
    try {
      for (;;) {
        const request = await requests.take();
        if (request === null) return;
        let seen = false;
        try {
          for await (const frame of source.frames([request.frame])) {
            if (frame.index !== request.frame) continue;
            seen = true;
            lastEnd = undefined;
            inFlight = request;
            yield frame;
            inFlight = undefined;
            const end = lastEnd as FrameEndEvent | undefined;
            request.resolve(
              end === undefined
                ? failedOutcome(request.frame, new Error(`frame ${request.frame}: the pipeline reported no end`))
                : {
                    frame: request.frame,
                    status: end.status,
                    durationMs: end.durationMs,
                    record: end.record,
                    ...(end.error ? { error: end.error } : {}),
                  },
            );
          }
          if (!seen) request.resolve(failedOutcome(request.frame, queueFrameMissing(request.frame, source.frameCount)));
        } catch (error) {
          request.resolve(failedOutcome(request.frame, error));
        }
      }
    } finally {
      inFlight?.resolve(failedOutcome(inFlight.frame, new Error('the frame session ended before the frame finished')));
    }
  }

  const pullSource: FrameSource = { cameras: source.cameras, frameCount: source.frameCount, frames: () => pull(), close: async () => {} };
  const profiler: RunProfiler | undefined = options.profile
    ? createRunProfiler({
        outputDir: join(spec.outputDir, 'profile', name),
        ...(options.profile.schedule === undefined ? {} : { schedule: options.profile.schedule }),
        log,
      })
    : undefined;
  const run = async (): Promise<void> => {
    await sweepStaleStaging(spec.outputDir);
    await runPipeline({
      config: spec.config,
      frameSource: pullSource,
      configDir: spec.configDir,
      ...(environment.pluginFallbackDirs === undefined ? {} : { pluginFallbackDirs: environment.pluginFallbackDirs }),
      ...(environment.madeBy === undefined ? {} : { madeBy: environment.madeBy }),
      outputDir: stagingDir,
      plugins: [...environment.plugins, ...(profiler ? [profiler.plugin] : []), trackerPlugin],
      log,
      force: true,
      frames: spec.frames.length > 0 ? spec.frames : [0],
    });
  };
  const finished = (profiler ? profiler.run(run) : run()).catch((error: unknown) => {
    broken = error instanceof Error ? error : new Error(messageOf(error));
    log.error(`run ${spec.runKey} cannot process frames on this worker: ${broken.message}`);
    for (const request of requests.drain()) request?.resolve(failedOutcome(request.frame, broken));
  });

  return {
    name,
    spec,
    get broken() {
      return broken;
    },
    async process(frame) {
      if (broken !== undefined) return failedOutcome(frame, broken);
      if (closed) return failedOutcome(frame, new Error('the frame session is closed'));
      return new Promise<FrameOutcome>((resolve) => requests.push({ frame, resolve }));
    },
    publish(frame) {
      return publishFrameDir(stagingDir, spec.outputDir, frame, intermediates);
    },
    async discard(frame) {
      await rm(join(stagingDir, frameDirName(frame)), { recursive: true, force: true });
    },
    async close() {
      if (closed) return;
      closed = true;
      requests.push(null);
      await finished;
      try {
        await profiler?.finish();
        await environment.close?.();
      } finally {
        await rm(stagingDir, { recursive: true, force: true });
        await rmdir(dirname(stagingDir)).catch(() => undefined); // only when no other session uses it
      }
    },
  };
}
