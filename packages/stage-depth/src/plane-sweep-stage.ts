import { inject, injectable, spanOptionsFor } from '@aquamvs/core';
import type { ArtifactKey, DepthMap, FrameImage, JsonValue, RunContext, Stage, StageContext } from '@aquamvs/core';
import { prepareRig, type RefractiveProjection } from '@aquamvs/geometry';
import { encodeNpz } from '@aquamvs/io';
import { autoRefinePasses } from './auto-refine.js';
import { cameraMissing, imageSize } from './errors.js';
import { toGreyPlane, type GreyPlane } from './grey-plane.js';
import { SweepPool } from './sweep-pool.js';
import { resolveSweepOptions, type PlaneSweepOptions, type ResolvedSweepOptions } from './sweep-options.js';
import { projectionParams, type SweepTask } from './sweep-task.js';
import { SequentialWrites } from './sequential-writes.js';
import { priorOfDepth, type SweepPrior } from './temporal-prior.js';
import { removeTextureless } from './texture-floor.js';
import { PLANE_SWEEP_STAGE_OPTIONS } from './tokens.js';

/** Options of {@link PlaneSweepStage}: sweep tuning beyond the config, and the worker count. */
export interface PlaneSweepStageOptions extends Omit<PlaneSweepOptions, 'numDepths' | 'windowSize' | 'costFunction'> {
  /** Worker threads; default `run.workers` (`runtime.workers`, else the machine's cores). */
  workers?: number;
}

/** Grey plane in [0, 1] backed by a `SharedArrayBuffer`, so worker threads read it without a copy. */
function sharedGrey(image: FrameImage): GreyPlane {
  return toGreyPlane(image, new Float32Array(new SharedArrayBuffer(image.width * image.height * 4)));
}

/**
 * Stage `plane-sweep` (spec §3.7–§3.8): for every ring reference camera with a depth range and at least one
 * source image, a refractive plane sweep (coarse-to-fine by default) over `num_depths` ray depths with the
 * configured cost and window, winner-take-all with parabola refinement, boundary rejection and confidence.
 * References run in parallel on a worker pool. Writes `depth_maps/{cam}.npz` (`depth`, `confidence`, float32
 * H×W). Depth and confidence images are the viz pass's job (@aquamvs/viz), after all frames.
 */
@injectable()
export class PlaneSweepStage implements Stage {
  readonly id = 'plane-sweep';
  readonly consumes: readonly ArtifactKey[] = ['undistortedImages', 'depthRanges', 'masks'];
  readonly produces: readonly ArtifactKey[] = ['depthMaps'];
  readonly intermediates: readonly string[] = ['depth_maps'];
  readonly #options: PlaneSweepStageOptions;
  #pool: SweepPool | undefined;
  #sweep: ResolvedSweepOptions | undefined;
  #autoRefine = false;
  /** Each reference's depths of the frame swept last (`reconstruction.temporal_prior`), and that frame. */
  #priors = new Map<string, SweepPrior>();
  #priorFrame: number | undefined;
  #temporalPrior = false;
  /** Cameras whose previous frame's depths were contradicted on consecutive tries: swept in full from then on. */
  #rejections = new Map<string, number>();
  #frameStep = 1;

  constructor(@inject(PLANE_SWEEP_STAGE_OPTIONS) options: PlaneSweepStageOptions = {}) {
    this.#options = options;
  }

  async prepare(run: RunContext): Promise<void> {
    await prepareRig(run);
    const rec = run.config.reconstruction;
    const { workers, ...tuning } = this.#options;
    this.#sweep = resolveSweepOptions({
      refineIterations: rec.refine_passes ?? 0,
      alignIterations: rec.refine_passes ?? 0,
      coarseToFine: rec.coarse_to_fine,
      ...tuning,
      numDepths: rec.num_depths,
      windowSize: rec.window_size,
      costFunction: rec.cost_function,
    });
    this.#autoRefine = rec.refine_passes === null && tuning.refineIterations === undefined;
    this.#pool = new SweepPool(workers ?? run.workers);
    this.#temporalPrior = rec.temporal_prior;
    this.#frameStep = run.config.preprocessing.frame_step;
    this.#priors = new Map();
    this.#priorFrame = undefined;
    this.#rejections = new Map();
  }

  async run(ctx: StageContext): Promise<void> {
    if (this.#pool === undefined) await this.prepare(ctx.run);
    const rig = await prepareRig(ctx.run); // built in prepare(); a cached lookup here
    const pool = this.#pool as SweepPool;
    const options = this.#sweep as ResolvedSweepOptions;
    const images = ctx.artifacts.get('undistortedImages');
    const ranges = ctx.artifacts.get('depthRanges');
    const grey = new Map<string, GreyPlane>();
    const greyOf = (name: string): GreyPlane => {
      let g = grey.get(name);
      if (g === undefined) {
        const image = images.get(name) as FrameImage;
        const grid = rig.models.get(name)?.undistortion;
        if (grid !== undefined && (image.width !== grid.width || image.height !== grid.height)) {
          throw imageSize(name, `${image.width}×${image.height}`, `${grid.width}×${grid.height} (its undistorted K_new grid)`);
        }
        g = sharedGrey(image);
        grey.set(name, g);
      }
      return g;
    };
    // A recording's next frame (the one `frame_step` after the frame this stage swept last) is swept around that
    // frame's depths; any other frame, e.g. after a skipped or failed one or on a queue worker's jump, from scratch.
    const priorFrame = this.#priorFrame;
    const priors = this.#temporalPrior && priorFrame !== undefined && ctx.frame - priorFrame === this.#frameStep ? this.#priors : undefined;
    this.#priors = new Map();
    this.#priorFrame = undefined;
    const tasks: SweepTask[] = [];
    // What each reference's sweep started from, for run.json: a guided map depends on the frame before it.
    const started = new Map<string, CameraPriorUse>();
    // Ring cameras with an image but no depth map: the frame goes on without them only as min_cameras allows.
    const unswept = new Map<string, string>();
    for (const ref of rig.ringCameras) {
      const range = ranges.get(ref);
      const sources = (rig.pairs[ref] ?? []).filter((s) => images.has(s) && rig.models.has(s));
      if (!images.has(ref) || range === undefined || sources.length === 0) {
        const why = !images.has(ref) ? 'no image' : range === undefined ? 'no depth range' : 'no source image (every camera of its pairs is gone)';
        ctx.log.warn(`camera '${ref}' skipped by the plane sweep (${why})`);
        if (images.has(ref)) unswept.set(ref, `no depth map: the plane sweep had ${why}`);
        continue;
      }
      const refPlane = greyOf(ref);
      const srcPlanes = sources.map(greyOf);
      const modelOf = (name: string): RefractiveProjection => {
        const model = rig.models.get(name);
        if (model === undefined) throw cameraMissing(name, 'camera model in the rig');
        return model.projection;
      };
      const struck = (this.#rejections.get(ref) ?? 0) >= PRIOR_STRIKES;
      const prior = priors !== undefined && !struck ? priors.get(ref) : undefined;
      if (priors !== undefined && prior === undefined)
        started.set(ref, {
          guided: false,
          reason: struck ? 'its depths contradicted the frame before twice: swept in full from then on' : `no depths of frame ${priorFrame}`,
        });
      tasks.push({
        camera: ref,
        ref: refPlane,
        sources: srcPlanes,
        refProjection: projectionParams(modelOf(ref)),
        sourceProjections: sources.map((s) => projectionParams(modelOf(s))),
        range: { min: range.min, max: range.max },
        options: this.#autoRefine ? withAutoRefine(options, modelOf(ref), refPlane, range) : options,
        ...(prior === undefined ? {} : { prior }),
      });
    }
    const masks = ctx.artifacts.get('masks');
    const depthMaps = new Map<string, DepthMap>();
    const nextPriors = new Map<string, SweepPrior>();
    let aroundPrior = 0;
    let done = 0;
    // Each map is written as soon as its reference is swept, one after another, while the workers sweep the rest: the
    // main thread is idle then, and the files' flushes to disk (1.5 s for the 12 maps of the standard rig) overlap.
    const writes = new SequentialWrites();
    ctx.progress(0, tasks.length);
    const sweep = ctx.span('sweep', () =>
      Promise.all(
        tasks.map(async (task) => {
          const result = await pool.run(task);
          // The reference's sweep on the track of the worker that ran it (the profiler's per-thread tracks).
          await ctx.span(`sweep ${task.camera}`, () => undefined, spanOptionsFor(result.timing));
          const map: DepthMap = { width: result.width, height: result.height, depth: result.depth, confidence: result.confidence };
          // The prior keeps the depths under the camera's mask: the mask holds in every frame, and a prior with holes
          // there would have them swept over every depth again in each frame.
          if (this.#temporalPrior && result.coarse !== undefined)
            nextPriors.set(task.camera, priorOfDepth(ctx.frame, map.depth, map.width, map.height, result.coarse));
          // After the prior is taken, as the mask is: the next frame would otherwise sweep the untextured patch afresh.
          removeTextureless(task.ref, task.options.windowSize, task.options.minTexture, map.depth, map.confidence);
          applyMask(map, masks.get(task.camera));
          // A map without a single depth is a camera lost to the frame, not a map: it leaves the frame below.
          if (map.depth.some((d) => d === d)) {
            depthMaps.set(task.camera, map);
            writes.add(() => this.#write(ctx, task.camera, map));
          } else {
            unswept.set(task.camera, 'no depth map: no pixel of its view got a depth (no texture above sensor noise, or no match in its sources)');
          }
          const use = result.stats.prior;
          if (use !== undefined) started.set(task.camera, { guided: use.used, disagreement: round(use.disagreement, 4) });
          if (use?.used === true) {
            aroundPrior++;
            this.#rejections.delete(task.camera);
          } else if (use !== undefined) {
            const strikes = (this.#rejections.get(task.camera) ?? 0) + 1;
            this.#rejections.set(task.camera, strikes);
            const outside = `${(100 * use.disagreement).toFixed(1)} % of its pixels outside frame ${use.frame}'s depths`;
            ctx.log.info(
              strikes < PRIOR_STRIKES
                ? `camera '${task.camera}': ${outside} (a sudden change, or maps too noisy to predict the next frame): swept in full`
                : `camera '${task.camera}': ${outside} again: its depth maps are too noisy to guide the next frame, every frame is swept in full`,
            );
          }
          ctx.progress(++done, tasks.length);
        }),
      ),
    );
    try {
      await sweep;
    } catch (error) {
      // A failed sweep still waits for the writes it started (the frame's folder is discarded; nothing is left running).
      await writes.settled();
      throw error;
    }
    // The workers' last references (images, warp tables) would otherwise stay in memory through fusion and surface.
    await pool.release();
    if (priors !== undefined) ctx.log.debug(`${aroundPrior} of ${tasks.length} references swept around frame ${priorFrame}'s depths`);
    if (this.#temporalPrior) ctx.recordProvenance(priorProvenance(priors === undefined ? null : (priorFrame as number), started));
    if (this.#temporalPrior) {
      this.#priors = nextPriors;
      this.#priorFrame = ctx.frame;
    }
    // The writes still running when the last reference is swept (a write that failed fails the stage here).
    await ctx.span('write', () => writes.done());
    const ordered = new Map([...depthMaps].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    ctx.artifacts.set('depthMaps', ordered);
    // After the sweep: their images served the other references as sources.
    for (const [camera, reason] of unswept) ctx.dropCamera(camera, reason);
  }

  async #write(ctx: StageContext, camera: string, map: DepthMap): Promise<void> {
    const shape = [map.height, map.width];
    await ctx.output.writeFile(
      `depth_maps/${camera}.npz`,
      encodeNpz({ depth: { data: map.depth, shape }, confidence: { data: map.confidence, shape } }),
    );
  }

  async finish(): Promise<void> {
    await this.#pool?.close();
    this.#pool = undefined;
    this.#priors = new Map();
    this.#priorFrame = undefined;
    this.#rejections = new Map();
  }
}

/** How one reference's sweep used the previous frame's depths (run.json). */
interface CameraPriorUse {
  readonly guided: boolean;
  /** Share of its searched pixels whose best depth lay at the edge of the search around the prior. */
  readonly disagreement?: number;
  /** Why it had no prior. */
  readonly reason?: string;
}

/**
 * The plane sweep's `run.json` provenance with `reconstruction.temporal_prior`: the frame whose depths guided the
 * sweep (null: every reference was swept from scratch — the first frame, or one after a gap or another worker's
 * frame) and, per reference, whether they did.
 */
function priorProvenance(frame: number | null, cameras: ReadonlyMap<string, CameraPriorUse>): JsonValue {
  if (frame === null) {
    const reason = "the frame before was not swept by this process (the first frame, a gap, a failed frame or another worker's)";
    return { summary: `every reference swept from scratch: ${reason}`, temporalPrior: { frame, reason } };
  }
  const sorted = [...cameras].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const guided = sorted.filter(([, use]) => use.guided).length;
  const full = sorted
    .filter(([, use]) => !use.guided)
    .map(([name, use]) =>
      use.reason === undefined ? `${name} (${((use.disagreement ?? 0) * 100).toFixed(1)} % of its pixels outside them)` : `${name} (${use.reason})`,
    );
  return {
    summary: `${guided} of ${sorted.length} references swept around frame ${frame}'s depths${full.length === 0 ? '' : `; in full: ${full.join(', ')}`}`,
    temporalPrior: { frame, cameras: Object.fromEntries(sorted.map(([name, use]) => [name, { ...use }])) },
  };
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

/**
 * Consecutive frames whose prior a camera's images contradicted before the camera stops using priors for the run
 * (one is a sudden change; two in a row mean its maps are too noisy to predict the next frame, as on low-resolution
 * rigs where many pixels are seen by the auxiliary camera alone).
 */
const PRIOR_STRIKES = 2;

/** The options with `refine_passes: null` resolved for one reference camera (see {@link autoRefinePasses}). */
function withAutoRefine(
  options: ResolvedSweepOptions,
  projection: RefractiveProjection,
  ref: GreyPlane,
  range: { min: number; max: number },
): ResolvedSweepOptions {
  const passes = autoRefinePasses(projection, ref.width, ref.height, range, options.windowSize);
  return { ...options, refineIterations: passes, alignIterations: passes };
}

/** NaN depth and zero confidence where the ROI mask is 0 (spec §3.8 step 5). */
function applyMask(map: DepthMap, mask: Uint8Array | undefined): void {
  if (mask === undefined || mask.length !== map.depth.length) return;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] === 0) {
      map.depth[i] = Number.NaN;
      map.confidence[i] = 0;
    }
  }
}
