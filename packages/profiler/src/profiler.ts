import { AsyncLocalStorage } from 'node:async_hooks';
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { silentLogger, type Logger } from '@aquamvs/core';
import { profilerOptionInvalid } from './errors.js';
import { Recorder, type OpenRecord, type RecordSpec } from './recorder.js';
import { buildReport, type ProfileReport } from './report.js';
import { RssPeakSampler } from './rss-peak-sampler.js';
import { type ProfilerAction, recordEveryStep, schedule as makeSchedule, type ProfilerSchedule, type ScheduleOptions } from './schedule.js';
import { ScheduleDriver, type TransitionEffect } from './schedule-driver.js';
import { TraceWriter } from './trace-writer.js';

/** Options of {@link Profiler}. */
export interface ProfilerOptions {
  /** Which steps (frames) are recorded. @default every step, saved once at stop */
  readonly schedule?: ProfilerSchedule | ScheduleOptions;
  /** Called when a cycle's trace is complete: when leaving a RECORD_AND_SAVE step, and at stop if still recording. */
  readonly onTraceReady?: (profiler: Profiler) => void | Promise<void>;
  /** Where each cycle's Chrome trace is streamed; a function gets the cycle number (0, 1, …). @default no trace file */
  readonly tracePath?: string | ((cycle: number) => string);
  /** RSS and heap sampling period while records are open; 0 measures only at record boundaries. @default 20 */
  readonly sampleIntervalMs?: number;
  /** `process_name` in the trace. @default 'aquamvs' */
  readonly processName?: string;
  /** Receives schedule warnings. @default silent */
  readonly log?: Logger;
}

/** The pair a caller needs to end a record it opened. */
export interface RecordHandle {
  readonly record: OpenRecord;
  readonly recorder: Recorder;
}

/**
 * Records stages and spans of pipeline runs according to a torch.profiler-style schedule. Usually driven by the
 * hook subscriber of {@link profilerPlugin}; `stage(name, fn)` times code outside the engine (see `timedStage`).
 * @example
 * const profiler = new Profiler({ tracePath: 'trace.json' });
 * await profiler.start();
 * await profiler.stage('load', () => load());
 * await profiler.stop();
 * console.log(formatTable(profiler.report()));
 */
export class Profiler {
  readonly #driver: ScheduleDriver;
  readonly #options: ProfilerOptions;
  readonly #log: Logger;
  readonly #intervalMs: number;
  readonly #scope = new AsyncLocalStorage<OpenRecord>();
  readonly #active: OpenRecord[] = [];
  #recorder: Recorder | undefined;
  #trace: TraceWriter | undefined;
  #sampler: RssPeakSampler | undefined;
  #timer: NodeJS.Timeout | undefined;
  #cycle = -1;
  #cycleSaved = false;
  #readyCount = 0;
  #everRecorded = false;
  #measuring = false;

  constructor(options: ProfilerOptions = {}) {
    this.#options = options;
    this.#log = options.log ?? silentLogger;
    this.#intervalMs = options.sampleIntervalMs ?? 20;
    if (!(this.#intervalMs >= 0) || !Number.isFinite(this.#intervalMs)) {
      throw profilerOptionInvalid('sampleIntervalMs', 'a finite number >= 0', options.sampleIntervalMs);
    }
    const given = options.schedule;
    if (given !== undefined && typeof given !== 'function' && given.warmup === 0) {
      this.#log.warn("profiler won't be using warmup, this can skew profiler results");
    }
    const scheduleFn = given === undefined ? recordEveryStep : typeof given === 'function' ? given : makeSchedule(given);
    this.#driver = new ScheduleDriver(scheduleFn, (effect, from, to) => this.#apply(effect, from, to));
  }

  /** The current step (frame ordinal within the run, from 0). */
  get stepNum(): number {
    return this.#driver.stepNum;
  }

  get currentAction(): ProfilerAction {
    return this.#driver.action;
  }

  /** The current or last cycle (0, 1, …); -1 before the first. */
  get cycle(): number {
    return this.#cycle;
  }

  get isRecording(): boolean {
    return this.#recorder?.recording ?? false;
  }

  /** How many times a trace became ready. */
  get readyCount(): number {
    return this.#readyCount;
  }

  /** The Chrome trace file of the current or last cycle, if any. */
  get tracePath(): string | undefined {
    return this.#trace?.path;
  }

  /** Enters step 0. */
  async start(): Promise<void> {
    await this.#driver.start();
  }

  /** Leaves the current step (a frame ended) and enters the next. */
  async step(): Promise<void> {
    await this.#driver.step();
  }

  /** Leaves the current step for good; saves the trace if still recording. */
  async stop(): Promise<void> {
    if (!this.#driver.running) return;
    await this.#driver.stop();
    if (!this.#everRecorded) {
      this.#log.warn(`profiler recorded nothing: the schedule never reached RECORD in ${this.stepNum + 1} step(s)`);
    }
    if (!this.#cycleSaved && this.#trace !== undefined) rmSync(this.#trace.path, { force: true });
    this.#stopTimer();
    await this.#sampler?.close();
    this.#sampler = undefined;
  }

  /** Report of the current or last cycle. */
  report(): ProfileReport {
    return buildReport(this.#recorder?.aggregates() ?? [], {
      cycle: Math.max(0, this.#cycle),
      frames: this.#recorder?.frames ?? [],
      tracePath: this.#trace?.path,
    });
  }

  /** Times `fn` as a stage nested in whatever stage or span is running; just runs it when not recording. */
  async stage<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
    const parent = this.#scope.getStore() ?? this.#active.at(-1);
    const handle = this.open({ name, kind: 'stage', parent, frame: parent?.frame });
    if (handle === undefined) return await fn();
    const startMs = performance.now();
    let failed = false;
    try {
      return await this.#scope.run(handle.record, fn);
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      this.close(handle, startMs, performance.now(), failed);
    }
  }

  /** @internal Opens a record in the current cycle; `undefined` outside WARMUP/RECORD. */
  open(spec: RecordSpec): RecordHandle | undefined {
    const recorder = this.#recorder;
    if (recorder === undefined || !this.#measuring) return undefined;
    const record = recorder.open(spec);
    this.#active.push(record);
    return { record, recorder };
  }

  /** @internal Ends a record opened by {@link open}. */
  close(handle: RecordHandle, startMs: number, endMs: number, failed: boolean): void {
    const at = this.#active.lastIndexOf(handle.record);
    if (at >= 0) this.#active.splice(at, 1);
    handle.recorder.close(handle.record, startMs, endMs, failed);
  }

  async #apply(effect: TransitionEffect, from: ProfilerAction, to: ProfilerAction | 'EXIT'): Promise<void> {
    switch (effect) {
      case 'prepare':
        this.#prepare();
        return;
      case 'start':
        if (this.#recorder !== undefined) this.#recorder.recording = true;
        this.#everRecorded = true;
        this.#startTimer();
        return;
      case 'stop':
        if (this.#recorder !== undefined) this.#recorder.recording = false;
        this.#measuring = false;
        this.#stopTimer();
        this.#trace?.close({ producer: '@aquamvs/profiler', cycle: this.#cycle, frames: this.#recorder?.frames ?? [] });
        return;
      case 'ready':
        this.#cycleSaved = true;
        this.#readyCount += 1;
        await this.#options.onTraceReady?.(this);
        return;
      case 'warn':
        this.#log.warn(`profiler schedule: ${from} followed by ${to} (recorded data is discarded)`);
        return;
    }
  }

  #prepare(): void {
    if (!this.#cycleSaved && this.#trace !== undefined && !this.#trace.isOpen) rmSync(this.#trace.path, { force: true });
    this.#cycle += 1;
    this.#cycleSaved = false;
    const { tracePath } = this.#options;
    const path = typeof tracePath === 'function' ? tracePath(this.#cycle) : tracePath;
    this.#trace = path === undefined ? undefined : new TraceWriter(path);
    if (this.#sampler === undefined && this.#intervalMs > 0) this.#sampler = new RssPeakSampler(this.#intervalMs);
    this.#recorder = new Recorder(this.#trace, this.#sampler, this.#options.processName ?? 'aquamvs');
    this.#measuring = true;
  }

  #startTimer(): void {
    if (this.#timer !== undefined || this.#intervalMs === 0) return;
    this.#timer = setInterval(() => this.#recorder?.sample(), this.#intervalMs);
    this.#timer.unref();
  }

  #stopTimer(): void {
    if (this.#timer === undefined) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
