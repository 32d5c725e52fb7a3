import { HOOKS, type AquamvsPlugin, type DepthMap, type FrameEndEvent, type PointCloud, type SurfaceMesh } from '@aquamvs/core';

/** What the collector keeps of one frame. */
export interface CollectedFrame {
  readonly frame: number;
  readonly pointCloud?: PointCloud;
  readonly depthMaps?: ReadonlyMap<string, DepthMap>;
  readonly mesh?: SurfaceMesh;
}

/** A plugin subscribing the collector, and the frames it collected. */
export interface CollectPlugin {
  readonly plugin: AquamvsPlugin;
  readonly frames: CollectedFrame[];
}

/**
 * Keeps each finished frame's `pointCloud`, `depthMaps` and `mesh` in memory for scoring, read from the `frameEnd`
 * event's artifacts, so the benchmark does not depend on which files the stages write.
 */
export function createCollectPlugin(): CollectPlugin {
  const frames: CollectedFrame[] = [];
  const frameEnd = ({ frame, status, artifacts }: FrameEndEvent): void => {
    if (status !== 'done') return;
    const pointCloud = artifacts.find('pointCloud');
    const depthMaps = artifacts.find('depthMaps');
    const mesh = artifacts.find('mesh');
    frames.push({
      frame,
      ...(pointCloud === undefined ? {} : { pointCloud }),
      ...(depthMaps === undefined ? {} : { depthMaps }),
      ...(mesh === undefined ? {} : { mesh }),
    });
  };
  return {
    frames,
    plugin: {
      name: '@aquamvs/benchmark/collect',
      register(container) {
        container.register(HOOKS, { useValue: { name: '@aquamvs/benchmark/collect', frameEnd } });
      },
    },
  };
}
