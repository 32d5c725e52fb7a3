import type { EstimateNormalsOptions, PointGridParts } from '@aquamvs/geometry';

/**
 * The per-point work of a job: normals (N×3 float32 out), with `meanNeighbors` also the outlier filter's mean
 * neighbour distances (N float64 `means`) and, when `residuals` is shared, the quadric residuals.
 */
export interface PointJob {
  readonly kind: 'normals';
  readonly options: Omit<EstimateNormalsOptions, 'grid'>;
  readonly meanNeighbors?: number;
}

/** Which statistic the outlier filter judges a point by (`reconstruction.outlier_method`). */
export type OutlierMethod = 'quadric' | 'statistical';

/** What a point job shares with the workers: the points and the outputs on SharedArrayBuffers, and the job. */
export interface PointPoolInit {
  readonly points: Float64Array;
  /** The neighbour grid over `points`, built once by the caller (`normalGrid(points, radius, { shared: true })`). */
  readonly grid: PointGridParts;
  readonly out: Float32Array;
  /** The mean neighbour distances of a `normals` job with `meanNeighbors`. */
  readonly means?: Float64Array;
  /** With `means`: each point's distance from the quadric of those neighbours (`quadricResidual`). */
  readonly residuals?: Float64Array;
  readonly job: PointJob;
}

/** One unit of work: points `[i0, i1)` of job `job`, whose shared data comes with every task. */
export interface PointTask {
  readonly job: number;
  readonly init: PointPoolInit;
  readonly i0: number;
  readonly i1: number;
}
