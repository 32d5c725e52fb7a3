import type { AquamvsConfig } from '../config/schema.js';

/** Stage ids of each pathway (`matcher_type` × `pipeline_mode`, spec §3.0), in execution order. */
export const PATHWAYS = {
  'classic:full': ['undistort', 'sparse-matching', 'triangulation', 'plane-sweep', 'fusion', 'surface'],
  'classic:sparse': ['undistort', 'sparse-matching', 'triangulation', 'sparse-cloud', 'surface'],
  'lightglue:full': ['undistort', 'sparse-matching', 'triangulation', 'plane-sweep', 'fusion', 'surface'],
  'lightglue:sparse': ['undistort', 'sparse-matching', 'triangulation', 'sparse-cloud', 'surface'],
  'roma:full': ['undistort', 'dense-matching', 'roma-depth', 'fusion', 'surface'],
  'roma:sparse': ['undistort', 'dense-matching', 'triangulation', 'sparse-cloud', 'surface'],
} as const satisfies Record<string, readonly string[]>;

/** The pathway key for a config, e.g. `classic:full`. */
export type PathwayKey = keyof typeof PATHWAYS;

/** Id of the visualisation pass, appended to the pathway when `runtime.viz_enabled` (spec §3.0 step 3). */
const VIZ_STAGE_ID = 'viz';

/**
 * The ordered stage ids a config asks for: `pipeline.stages` when set, otherwise its pathway, followed by the viz
 * pass (which draws after the last frame) when `runtime.viz_enabled` is on.
 */
export function stageIdsFor(config: AquamvsConfig): readonly string[] {
  const override = config.pipeline.stages;
  if (override !== null && override !== undefined) return override;
  const pathway = PATHWAYS[`${config.matcher_type}:${config.pipeline_mode}`];
  return config.runtime.viz_enabled ? [...pathway, VIZ_STAGE_ID] : pathway;
}
