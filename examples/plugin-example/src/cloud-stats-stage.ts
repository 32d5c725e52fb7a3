import { assertSafeFileName, inject, injectable, type ArtifactKey, type Stage, type StageContext } from '@aquamvs/core';
import { CLOUD_STATS_OPTIONS } from './tokens.js';

/** Options of {@link CloudStatsStage}. */
export interface CloudStatsOptions {
  /** File written under the frame's `stats/` folder. @default 'cloud.json' */
  readonly fileName: string;
}

/** What `stats/cloud.json` holds: the point count and the depth (world z, metres) spread of the frame's cloud. */
export interface CloudStats {
  readonly points: number;
  readonly zMin: number;
  readonly zMax: number;
  readonly zMean: number;
  readonly zStd: number;
}

/** Point count and z spread of a cloud's positions (N×3); only the count for an empty cloud. */
export function cloudStats(positions: Float64Array): CloudStats | { points: 0 } {
  const n = positions.length / 3;
  if (n === 0) return { points: 0 };
  let min = Infinity,
    max = -Infinity,
    sum = 0;
  for (let i = 2; i < positions.length; i += 3) {
    const z = positions[i];
    if (z < min) min = z;
    if (z > max) max = z;
    sum += z;
  }
  const mean = sum / n;
  let squares = 0;
  for (let i = 2; i < positions.length; i += 3) squares += (positions[i] - mean) ** 2;
  return { points: n, zMin: min, zMax: max, zMean: mean, zStd: Math.sqrt(squares / n) };
}

/** Stage `cloud-stats`: writes the frame's point-cloud statistics to `stats/<fileName>` (JSON). */
@injectable()
export class CloudStatsStage implements Stage {
  readonly id = 'cloud-stats';
  readonly consumes: readonly ArtifactKey[] = ['pointCloud'];
  readonly produces: readonly ArtifactKey[] = [];
  readonly #options: CloudStatsOptions;

  constructor(@inject(CLOUD_STATS_OPTIONS) options: CloudStatsOptions) {
    assertSafeFileName('cloud-stats fileName', options.fileName);
    this.#options = options;
  }

  async run(ctx: StageContext): Promise<void> {
    const stats = cloudStats(ctx.artifacts.get('pointCloud').positions);
    await ctx.output.writeFile(`stats/${this.#options.fileName}`, `${JSON.stringify(stats, null, 2)}\n`);
  }
}
