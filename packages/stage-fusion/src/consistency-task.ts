import type { DepthMap } from '@aquamvs/core';
import { createRefractiveProjection, type RefractiveProjectionParams } from '@aquamvs/geometry';
import type { ConsistencyOptions, DepthView, FilteredDepthMap } from './consistency-filter.js';

/** A depth view as plain, shareable data (typed arrays on SharedArrayBuffers) for a worker thread. */
export interface SharedView {
  readonly name: string;
  readonly params: RefractiveProjectionParams;
  readonly depthMap: DepthMap;
  /** Output maps, written by the workers. */
  readonly out: FilteredDepthMap;
}

/** What a consistency job shares with the workers: the views (shared memory) and the options. */
export interface ConsistencyInit {
  readonly views: readonly SharedView[];
  readonly options: ConsistencyOptions;
}

/** One unit of work: rows `[r0, r1)` of reference view `ref` of job `job`, whose views come with every task. */
export interface ConsistencyTask {
  readonly job: number;
  readonly init: ConsistencyInit;
  readonly ref: number;
  readonly r0: number;
  readonly r1: number;
}

/** Rebuilds the views (projection models from their parameters) on the worker side. */
export function viewsFromShared(shared: readonly SharedView[]): DepthView[] {
  return shared.map((v) => ({ name: v.name, projection: createRefractiveProjection(v.params), depthMap: v.depthMap }));
}
