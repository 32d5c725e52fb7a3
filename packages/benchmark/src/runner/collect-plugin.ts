import { STAGE, type AquamvsPlugin, type ArtifactKey, type DepthMap, type PointCloud, type Stage, type StageContext, type SurfaceMesh } from '@aquamvs/core';

/** Stage id of the collector appended to every benchmarked pathway. */
export const COLLECT_STAGE_ID = 'benchmark-collect';

/** What the collector keeps of one frame. */
export interface CollectedFrame {
  readonly frame: number;
  readonly pointCloud?: PointCloud;
  readonly depthMaps?: ReadonlyMap<string, DepthMap>;
  readonly mesh?: SurfaceMesh;
}

/** A plugin registering the collector stage, and the frames it collected. */
export interface CollectPlugin {
  readonly plugin: AquamvsPlugin;
  readonly frames: CollectedFrame[];
}

class CollectStage implements Stage {
  readonly id = COLLECT_STAGE_ID;
  readonly consumes: readonly ArtifactKey[] = [];
  readonly produces: readonly ArtifactKey[] = [];
  constructor(private readonly sink: CollectedFrame[]) {}

  run(ctx: StageContext): Promise<void> {
    const pointCloud = ctx.artifacts.find('pointCloud');
    const depthMaps = ctx.artifacts.find('depthMaps');
    const mesh = ctx.artifacts.find('mesh');
    this.sink.push({
      frame: ctx.frame,
      ...(pointCloud === undefined ? {} : { pointCloud }),
      ...(depthMaps === undefined ? {} : { depthMaps }),
      ...(mesh === undefined ? {} : { mesh }),
    });
    return Promise.resolve();
  }
}

/**
 * A stage appended after the pathway's last stage that keeps the frame's `pointCloud`, `depthMaps` and `mesh`
 * in memory for scoring, so the benchmark does not depend on which files the stages write.
 */
export function createCollectPlugin(): CollectPlugin {
  const frames: CollectedFrame[] = [];
  return {
    frames,
    plugin: {
      name: '@aquamvs/benchmark/collect',
      register(container) {
        container.register(STAGE, { useValue: new CollectStage(frames) });
      },
    },
  };
}
