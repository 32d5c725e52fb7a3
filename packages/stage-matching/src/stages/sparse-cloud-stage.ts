import type { ArtifactKey, PointCloud, RunContext, Stage, StageContext } from '@aquamvs/core';
import { bestViewColors, estimateNormals, filterSparseCloud, prepareRig, type ColorView } from '@aquamvs/geometry';
import { writePlyFile } from '@aquamvs/io';
import { voxelDownsample } from '../sparse-cloud/voxel-downsample.js';

/**
 * Stage `sparse-cloud` (spec §3.11, sparse pathway): plausibility-filtered sparse points → voxel down-sample
 * (`reconstruction.voxel_size`) → normals (radius 5·voxel, 30 neighbours, oriented towards the world origin) →
 * best-view colours from the ring cameras (§3.13) → `point_cloud/sparse.ply` (binary little-endian, before
 * outlier removal) and the `pointCloud` artifact for the surface stage.
 */
export class SparseCloudStage implements Stage {
  readonly id = 'sparse-cloud';
  readonly consumes: readonly ArtifactKey[] = ['sparseCloud', 'undistortedImages'];
  readonly produces: readonly ArtifactKey[] = ['pointCloud'];

  async prepare(run: RunContext): Promise<void> {
    await prepareRig(run);
  }

  async run(ctx: StageContext): Promise<void> {
    const rig = await prepareRig(ctx.run); // built in prepare(); a cached lookup here
    const voxel = ctx.run.config.reconstruction.voxel_size;
    const filtered = filterSparseCloud(ctx.artifacts.get('sparseCloud'), rig.calibration.waterZ, 2.0);
    const positions = voxelDownsample(filtered.points, voxel);
    const normals = estimateNormals(positions, { radius: 5 * voxel, maxNeighbors: 30 });
    const images = ctx.artifacts.get('undistortedImages');
    const views: ColorView[] = [];
    for (const name of rig.ringCameras) {
      const model = rig.models.get(name);
      const image = images.get(name);
      if (model !== undefined && image !== undefined) views.push({ projection: model.projection, image });
    }
    const colors = bestViewColors(positions, normals, views);
    const cloud: PointCloud = { positions, normals, colors };
    ctx.log.info(`sparse cloud ${positions.length / 3} points (voxel ${voxel} m)`);
    await ctx.output.writeWith('point_cloud/sparse.ply', (temp) => writePlyFile(temp, cloud, {}, 'point_cloud/sparse.ply'));
    ctx.artifacts.set('pointCloud', { ...cloud, outliersRemoved: false }); // stage `surface` removes them (§3.11)
  }
}
