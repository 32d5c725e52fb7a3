import { addMemory, raisePeak, zeroMemory, type MemoryFigures } from './memory.js';

/** What kind of work a record timed. */
export type RecordKind = 'frame' | 'stage' | 'span';

/** Totals for every record with the same path (stage name, or stage › span › …) across frames. */
export interface StageAggregate {
  /** Path from the outermost stage, joined with ` › `. */
  readonly key: string;
  readonly name: string;
  readonly kind: Exclude<RecordKind, 'frame'>;
  /** 0 for a top-level stage, 1 for a span inside it, … */
  readonly depth: number;
  readonly parentKey: string | undefined;
  calls: number;
  errors: number;
  wallTotalMs: number;
  wallMaxMs: number;
  wallMinMs: number;
  /** Wall time minus the wall time of direct children. */
  selfTotalMs: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  /** Highest value of each figure seen while any call ran. */
  readonly peak: MemoryFigures;
  /** Sum over calls of (after − before). */
  readonly delta: MemoryFigures;
  /** Worker thread ids the calls ran on. */
  readonly threads: Set<number>;
}

/** One finished record, as the aggregate needs it. */
export interface FinishedRecord {
  readonly wallMs: number;
  readonly selfMs: number;
  readonly cpuUserMs: number;
  readonly cpuSystemMs: number;
  readonly peak: MemoryFigures;
  readonly delta: MemoryFigures;
  readonly failed: boolean;
  readonly thread: number;
}

export function createAggregate(
  key: string,
  name: string,
  kind: Exclude<RecordKind, 'frame'>,
  depth: number,
  parentKey: string | undefined,
): StageAggregate {
  return {
    key,
    name,
    kind,
    depth,
    parentKey,
    calls: 0,
    errors: 0,
    wallTotalMs: 0,
    wallMaxMs: 0,
    wallMinMs: Number.POSITIVE_INFINITY,
    selfTotalMs: 0,
    cpuUserMs: 0,
    cpuSystemMs: 0,
    peak: zeroMemory(),
    delta: zeroMemory(),
    threads: new Set(),
  };
}

export function addToAggregate(aggregate: StageAggregate, record: FinishedRecord): void {
  aggregate.calls += 1;
  if (record.failed) aggregate.errors += 1;
  aggregate.wallTotalMs += record.wallMs;
  aggregate.wallMaxMs = Math.max(aggregate.wallMaxMs, record.wallMs);
  aggregate.wallMinMs = Math.min(aggregate.wallMinMs, record.wallMs);
  aggregate.selfTotalMs += record.selfMs;
  aggregate.cpuUserMs += record.cpuUserMs;
  aggregate.cpuSystemMs += record.cpuSystemMs;
  raisePeak(aggregate.peak, record.peak);
  addMemory(aggregate.delta, record.delta);
  aggregate.threads.add(record.thread);
}

/** Aggregates in tree order: each parent, then its children, siblings in order of first appearance. */
export function treeOrder(aggregates: Iterable<StageAggregate>): StageAggregate[] {
  const children = new Map<string | undefined, StageAggregate[]>();
  for (const aggregate of aggregates) {
    const list = children.get(aggregate.parentKey) ?? [];
    list.push(aggregate);
    children.set(aggregate.parentKey, list);
  }
  const ordered: StageAggregate[] = [];
  const visit = (parentKey: string | undefined): void => {
    for (const aggregate of children.get(parentKey) ?? []) {
      ordered.push(aggregate);
      visit(aggregate.key);
    }
  };
  visit(undefined);
  return ordered;
}
