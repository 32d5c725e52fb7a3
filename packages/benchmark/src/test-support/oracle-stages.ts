import { STAGE, type AquamvsPlugin, type ArtifactKey, type DepthMap, type Stage, type StageContext } from '@aquamvs/core';
import { prepareRig } from '@aquamvs/geometry';
import { encodePly } from '@aquamvs/io';
import type { SyntheticScene } from '../synthetic-scene.js';

/**
 * Test stages with every pathway stage id. The "depth" stage is an oracle plane sweep: the exact ray depth snapped
 * to the nearest of `reconstruction.num_depths` planes spanning the camera's true depth range, so fewer depths
 * give a measurably worse cloud. Fusion back-projects the depth maps through the refractive rays (every
 * `stride`-th pixel), writes them to `point_cloud/fused.ply` and keeps those off the relief as its cleaned cloud; the sparse cloud back-projects the exact depth on a coarse grid.
 */
export function oraclePlugin(scenes: readonly SyntheticScene[], options: { stride?: number; failOn?: string } = {}): AquamvsPlugin {
  const stride = options.stride ?? 2;
  const sceneOf = async (ctx: StageContext): Promise<{ scene: SyntheticScene; rig: Awaited<ReturnType<typeof prepareRig>> }> => {
    const rig = await prepareRig(ctx.run);
    const scene = scenes.find((s) => s.calibration === rig.calibration);
    if (scene === undefined) throw new Error('oracle: the run calibration is not one of the test scenes');
    return { scene, rig };
  };
  const backProject = (
    rig: Awaited<ReturnType<typeof prepareRig>>,
    camera: string,
    depth: ArrayLike<number>,
    width: number,
    step: number,
    out: number[],
  ): void => {
    const projection = rig.models.get(camera)?.projection;
    if (projection === undefined) return;
    const pixels: number[] = [];
    const depths: number[] = [];
    for (let i = 0; i < depth.length; i++) {
      const u = i % width;
      const v = Math.floor(i / width);
      if (u % step !== 0 || v % step !== 0 || !Number.isFinite(depth[i])) continue;
      pixels.push(u, v);
      depths.push(depth[i]);
    }
    const { origins: o, directions: d } = projection.castRay(Float64Array.from(pixels));
    depths.forEach((delta, k) => out.push(o[3 * k] + delta * d[3 * k], o[3 * k + 1] + delta * d[3 * k + 1], o[3 * k + 2] + delta * d[3 * k + 2]));
  };
  const stage = (id: string, consumes: ArtifactKey[], produces: ArtifactKey[], run: (ctx: StageContext) => Promise<void> | void): Stage => ({
    id,
    consumes,
    produces,
    async run(ctx) {
      if (options.failOn === id) throw new Error(`oracle: stage ${id} failed on purpose`);
      await run(ctx);
    },
  });
  const stages: Stage[] = [
    stage('undistort', ['rawImages'], ['undistortedImages'], (ctx) => ctx.artifacts.set('undistortedImages', ctx.artifacts.get('rawImages'))),
    stage('sparse-matching', ['undistortedImages'], [], () => undefined),
    stage('triangulation', [], [], () => undefined),
    stage('plane-sweep', ['undistortedImages'], ['depthMaps'], async (ctx) => {
      const { scene, rig } = await sceneOf(ctx);
      const planes = ctx.run.config.reconstruction.num_depths;
      const maps = new Map<string, DepthMap>();
      for (const camera of rig.ringCameras) {
        const gt = scene.groundTruth(camera);
        let lo = Infinity;
        let hi = -Infinity;
        for (const d of gt.depth) if (Number.isFinite(d)) [lo, hi] = [Math.min(lo, d), Math.max(hi, d)];
        const step = (hi - lo) / Math.max(1, planes - 1);
        const depth = Float32Array.from(gt.depth, (d) => (Number.isFinite(d) ? lo + Math.round((d - lo) / step) * step : Number.NaN));
        maps.set(camera, { width: gt.width, height: gt.height, depth, confidence: new Float32Array(depth.length).fill(1) });
      }
      ctx.artifacts.set('depthMaps', maps);
    }),
    stage('fusion', ['depthMaps'], ['pointCloud'], async (ctx) => {
      const { scene, rig } = await sceneOf(ctx);
      const out: number[] = [];
      for (const [camera, map] of ctx.artifacts.get('depthMaps')) backProject(rig, camera, map.depth, map.width, stride, out);
      const fused = Float64Array.from(out);
      await ctx.output.writeFile('point_cloud/fused.ply', encodePly({ positions: fused }, {}, 'point_cloud/fused.ply'));
      // The "outlier removal" takes every point over the relief (none on a flat bed), so the two clouds differ there.
      const cleaned: number[] = [];
      for (let i = 0; i < fused.length; i += 3) {
        if (Math.abs(scene.surface.reliefHeight(fused[i], fused[i + 1])) <= 0.003) cleaned.push(fused[i], fused[i + 1], fused[i + 2]);
      }
      ctx.artifacts.set('pointCloud', { positions: Float64Array.from(cleaned) });
    }),
    stage('sparse-cloud', [], ['pointCloud'], async (ctx) => {
      const { scene, rig } = await sceneOf(ctx);
      const out: number[] = [];
      for (const camera of rig.ringCameras) {
        const gt = scene.groundTruth(camera);
        backProject(rig, camera, gt.depth, gt.width, 16, out);
      }
      ctx.artifacts.set('pointCloud', { positions: Float64Array.from(out) });
    }),
    stage('surface', ['pointCloud'], [], () => undefined),
  ];
  return {
    name: 'benchmark-test-oracle',
    register(container) {
      for (const s of stages) container.register(STAGE, { useValue: s });
    },
  };
}
