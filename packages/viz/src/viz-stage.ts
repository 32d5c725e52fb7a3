import { inject, injectable } from '@aquamvs/core';
import type { ArtifactKey, RunContext, Stage } from '@aquamvs/core';
import type { RenderOptions } from './software-renderer.js';
import { activeVizStages, runVizPass } from './viz-pass.js';
import { VIZ_STAGE_OPTIONS } from './tokens.js';

/** Stage id of {@link VizStage}; put it last in `pipeline.stages` (or the pathway) to get the viz pass. */
export const VIZ_STAGE_ID = 'viz';

/** Options of {@link VizStage}. */
export interface VizStageOptions {
  /** Scene render size and splat radius. @default 1280×960 */
  readonly render?: RenderOptions;
}

/**
 * Stage `viz`: does nothing per frame; its `finish(run)` runs {@link runVizPass} over every frame of the output
 * directory once all frames are done and before intermediates are removed (spec §3.0 steps 3–4), honouring
 * `runtime.viz_enabled` / `viz_stages`. The rig comes from the run's `calibration` resource when a stage loaded it.
 */
@injectable()
export class VizStage implements Stage {
  readonly id = VIZ_STAGE_ID;
  readonly consumes: readonly ArtifactKey[] = [];
  readonly produces: readonly ArtifactKey[] = [];
  readonly #options: VizStageOptions;

  constructor(@inject(VIZ_STAGE_OPTIONS) options: VizStageOptions = {}) {
    this.#options = options;
  }

  run(): Promise<void> {
    return Promise.resolve();
  }

  async finish(run: RunContext): Promise<void> {
    if (activeVizStages(run.config).size === 0) return;
    const calibration = run.resources.find('calibration');
    await runVizPass({
      outputDir: run.outputDir,
      config: run.config,
      log: run.log,
      ...(calibration === undefined ? {} : { calibration }),
      ...(this.#options.render === undefined ? {} : { render: this.#options.render }),
    });
  }
}
