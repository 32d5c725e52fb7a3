/** A trace track (`tid`): records on one lane always nest strictly. */
export interface Lane {
  readonly tid: number;
  /** Worker thread id (`0` = main thread). */
  readonly thread: number;
  /** 0 for a thread's first lane, 1.. for extra lanes opened by concurrent or outliving work. */
  readonly index: number;
  /** Records open on this lane, outermost first. */
  readonly stack: LaneItem[];
}

/** What the allocator needs of a record. */
export interface LaneItem {
  lane: Lane | undefined;
}

/**
 * Places records on trace tracks so that every track is strictly nested, as Perfetto and chrome://tracing require:
 * a record goes on its parent's lane when the parent is that lane's innermost open record, else on a free lane of
 * its thread (one with nothing open, whose past events all ended before this one starts), else on a new lane.
 */
export class LaneAllocator {
  readonly #lanes = new Map<number, Lane[]>();
  #nextTid = 1;

  constructor(private readonly onNewLane: (lane: Lane) => void) {}

  place(item: LaneItem, thread: number, parent: LaneItem | undefined): Lane {
    const parentLane = parent?.lane;
    let lane: Lane | undefined;
    if (parentLane !== undefined && parentLane.thread === thread && parentLane.stack.at(-1) === parent) {
      lane = parentLane;
    } else {
      lane = this.#lanesOf(thread).find((candidate) => candidate.stack.length === 0) ?? this.#newLane(thread);
    }
    lane.stack.push(item);
    item.lane = lane;
    return lane;
  }

  /**
   * Removes `item` from its lane. Records still open above it (they outlive their parent) move to a brand-new lane,
   * because their events would otherwise straddle the end of `item`.
   */
  remove(item: LaneItem): void {
    const lane = item.lane;
    if (lane === undefined) return;
    const at = lane.stack.lastIndexOf(item);
    if (at < 0) return;
    const outliving = lane.stack.splice(at);
    outliving.shift();
    if (outliving.length === 0) return;
    const moved = this.#newLane(lane.thread);
    for (const other of outliving) {
      moved.stack.push(other);
      other.lane = moved;
    }
  }

  /** The lane for thread-level events such as memory counters. */
  firstLane(thread: number): Lane {
    return this.#lanesOf(thread)[0] ?? this.#newLane(thread);
  }

  #lanesOf(thread: number): Lane[] {
    let lanes = this.#lanes.get(thread);
    if (lanes === undefined) {
      lanes = [];
      this.#lanes.set(thread, lanes);
    }
    return lanes;
  }

  #newLane(thread: number): Lane {
    const lanes = this.#lanesOf(thread);
    const lane: Lane = { tid: this.#nextTid++, thread, index: lanes.length, stack: [] };
    lanes.push(lane);
    this.onNewLane(lane);
    return lane;
  }
}
