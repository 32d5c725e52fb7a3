import { performance } from 'node:perf_hooks';
import { threadId as currentThreadId } from 'node:worker_threads';
import { LaneAllocator, type Lane } from './lane-allocator.js';
import { memoryDelta, memorySnapshot, raisePeak, type MemoryFigures } from './memory.js';
import type { RssPeakSampler } from './rss-peak-sampler.js';
import { addToAggregate, createAggregate, treeOrder, type RecordKind, type StageAggregate } from './stage-aggregate.js';
import type { TraceEvent, TraceWriter } from './trace-writer.js';

/** What opens a record. */
export interface RecordSpec {
  readonly name: string;
  readonly kind: RecordKind;
  readonly parent: OpenRecord | undefined;
  readonly frame: number | undefined;
  /** Worker thread id where the work runs. @default the calling thread */
  readonly thread?: number;
  /** Trace category, e.g. the plugin name. */
  readonly category?: string;
}

/** A record between its start and end. */
export interface OpenRecord {
  readonly name: string;
  readonly kind: RecordKind;
  readonly parent: OpenRecord | undefined;
  readonly frame: number | undefined;
  readonly thread: number;
  readonly category: string;
  /** Aggregate key; `undefined` for frames. */
  readonly key: string | undefined;
  readonly depth: number;
  lane: Lane | undefined;
  /** `performance.now()` when the record was opened. */
  readonly openedMs: number;
  readonly cpuStart: NodeJS.CpuUsage;
  readonly memStart: MemoryFigures;
  readonly peak: MemoryFigures;
  childWallMs: number;
}

const FRAME_CATEGORY = 'frame';
/** A boundary this recent is reused: `afterStage(a)` then `beforeStage(b)` share one measurement. */
const REUSE_MS = 0.05;
/** Memory counters from boundaries are written at most this often; the sampling timer fills in between. */
const COUNTER_GAP_MS = 1;

/** Memory and CPU at one instant. */
interface Boundary {
  readonly at: number;
  readonly memory: MemoryFigures;
  readonly cpu: NodeJS.CpuUsage;
}

/**
 * Measures records (wall, CPU, memory before/after/peak), aggregates them by path and streams them to a Chrome
 * trace. One recorder holds one schedule cycle; `recording` is false during warm-up, when nothing is kept.
 */
export class Recorder {
  recording = false;
  readonly #open = new Set<OpenRecord>();
  readonly #aggregates = new Map<string, StageAggregate>();
  readonly #frames = new Set<number>();
  readonly #lanes: LaneAllocator;
  readonly #pid = process.pid;
  #counterTid = 0;
  #last: Boundary | undefined;
  #lastCounterMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly trace: TraceWriter | undefined,
    private readonly sampler: RssPeakSampler | undefined,
    processName: string,
  ) {
    this.#lanes = new LaneAllocator((lane) => this.#nameLane(lane));
    this.#emit({ name: 'process_name', ph: 'M', pid: this.#pid, tid: 0, args: { name: processName } });
  }

  get openCount(): number {
    return this.#open.size;
  }

  /** Frame indices that had at least one recorded record. */
  get frames(): readonly number[] {
    return [...this.#frames].sort((a, b) => a - b);
  }

  open(spec: RecordSpec): OpenRecord {
    const { memory: memStart, cpu: cpuStart } = this.#boundary(true);
    const parentKey = spec.parent?.key;
    const key = spec.kind === 'frame' ? undefined : parentKey === undefined ? spec.name : `${parentKey} › ${spec.name}`;
    const record: OpenRecord = {
      name: spec.name,
      kind: spec.kind,
      parent: spec.parent,
      frame: spec.frame,
      thread: spec.thread ?? currentThreadId,
      category: spec.category ?? (spec.kind === 'frame' ? FRAME_CATEGORY : spec.kind),
      key,
      depth: key === undefined ? 0 : parentKey === undefined ? 0 : (spec.parent?.depth ?? 0) + 1,
      lane: undefined,
      openedMs: performance.now(),
      cpuStart,
      memStart,
      peak: { ...memStart },
      childWallMs: 0,
    };
    this.#lanes.place(record, record.thread, spec.parent);
    this.#open.add(record);
    return record;
  }

  /** Ends `record`, timed by the engine from `startMs` to `endMs` (`performance.now()` milliseconds). */
  close(record: OpenRecord, startMs: number, endMs: number, failed: boolean): void {
    const { memory: memEnd, cpu: cpuEnd } = this.#boundary(true);
    const cpu = { user: cpuEnd.user - record.cpuStart.user, system: cpuEnd.system - record.cpuStart.system };
    this.#open.delete(record);
    const lane = record.lane as Lane;
    this.#lanes.remove(record);
    const wallMs = Math.max(0, endMs - startMs);
    if (record.parent !== undefined) record.parent.childWallMs += wallMs;
    if (!this.recording) return;
    if (record.frame !== undefined) this.#frames.add(record.frame);
    // A span reported after the fact (work a worker thread did, `ctx.span(…, { startedAt, endedAt })`) began before it
    // was opened here: the process CPU between its open and close is not its own, so its CPU is unknown (NaN, shown
    // as "—"), not 0. Its parent span on this thread measured the process CPU (all threads) while the work ran.
    const observed = startMs >= record.openedMs;
    const cpuUserMs = observed ? cpu.user / 1000 : Number.NaN;
    const cpuSystemMs = observed ? cpu.system / 1000 : Number.NaN;
    const delta = memoryDelta(record.memStart, memEnd);
    if (record.key !== undefined && record.kind !== 'frame') {
      let aggregate = this.#aggregates.get(record.key);
      if (aggregate === undefined) {
        aggregate = createAggregate(record.key, record.name, record.kind, record.depth, record.parent?.key);
        this.#aggregates.set(record.key, aggregate);
      }
      addToAggregate(aggregate, {
        wallMs,
        selfMs: Math.max(0, wallMs - record.childWallMs),
        cpuUserMs,
        cpuSystemMs,
        peak: record.peak,
        delta,
        failed,
        thread: record.thread,
      });
    }
    const startNs = Math.round(startMs * 1e6);
    this.#emit({
      name: record.name,
      cat: record.category,
      ph: 'X',
      pid: this.#pid,
      tid: lane.tid,
      ts: startNs / 1e3,
      dur: (Math.max(startNs, Math.round(endMs * 1e6)) - startNs) / 1e3,
      args: {
        kind: record.kind,
        ...(record.frame === undefined ? {} : { frame: record.frame }),
        thread: record.thread,
        cpuMs: observed ? round3(cpuUserMs + cpuSystemMs) : null,
        before: record.memStart,
        after: memEnd,
        peak: record.peak,
        ...(failed ? { error: true } : {}),
      },
    });
  }

  /** Takes a memory sample while records are open (called by the sampling timer). */
  sample(): void {
    if (this.#open.size > 0) this.#boundary(false);
  }

  /** Aggregates in tree order. */
  aggregates(): StageAggregate[] {
    return treeOrder(this.#aggregates.values());
  }

  /** Memory and CPU now (or a moment ago), folded into the peak of every open record; a counter event when recording. */
  #boundary(reuse: boolean): Boundary {
    const now = performance.now();
    const windowPeak = this.sampler?.takePeak() ?? 0;
    let boundary = this.#last;
    if (!reuse || boundary === undefined || now - boundary.at > REUSE_MS) {
      boundary = { at: now, memory: memorySnapshot(), cpu: process.cpuUsage() };
      this.#last = boundary;
    }
    const memory = boundary.memory;
    const peak = windowPeak > memory.rss ? { ...memory, rss: windowPeak } : memory;
    for (const record of this.#open) raisePeak(record.peak, peak);
    if (this.recording && this.trace !== undefined && (!reuse || now - this.#lastCounterMs >= COUNTER_GAP_MS)) {
      this.#lastCounterMs = now;
      if (this.#counterTid === 0) this.#counterTid = this.#lanes.firstLane(currentThreadId).tid;
      this.#emit({ name: 'memory', ph: 'C', pid: this.#pid, tid: this.#counterTid, ts: round3(now * 1e3), args: { ...memory } });
    }
    return boundary;
  }

  #nameLane(lane: Lane): void {
    const base = lane.thread === 0 ? 'main' : `worker ${lane.thread}`;
    const name = lane.index === 0 ? base : `${base} · lane ${lane.index + 1}`;
    this.#emit({ name: 'thread_name', ph: 'M', pid: this.#pid, tid: lane.tid, args: { name } });
    this.#emit({ name: 'thread_sort_index', ph: 'M', pid: this.#pid, tid: lane.tid, args: { sort_index: lane.tid } });
  }

  #emit(event: TraceEvent): void {
    this.trace?.write(event);
  }
}

function round3(value: number): number {
  return Math.round(value * 1e3) / 1e3;
}
