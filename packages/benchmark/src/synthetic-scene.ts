import { createMemoryFrameSource, type FrameImage, type FrameSource } from '@aquamvs/core';
import type { Calibration } from '@aquamvs/geometry';
import { benchmarkArgument, unknownCamera } from './errors.js';
import { cameraJob, jobProjection, type CameraJob } from './render/camera-job.js';
import { computeGroundTruth, undistortedIntrinsics, type GroundTruth } from './render/ground-truth.js';
import { h264RoundTrip } from './render/h264.js';
import type { RenderedImage } from './render/render-camera.js';
import { runCameraJobs } from './render/run-camera-jobs.js';
import { applyRigVariant } from './rigs/rig-variant.js';
import { rigByName } from './rigs/rigs.js';
import { createSceneSpec, type SceneOptions, type SceneSpec } from './scenes/scene-spec.js';
import { createSceneSurface, type SceneSurface } from './scenes/scene-surface.js';

/** Options of {@link createSyntheticScene}. */
export interface SyntheticSceneOptions {
  /** A built-in rig name (`standard`, `ci`) or any {@link Calibration} (as mounted per the scene's `rigVariant`). @default 'ci' */
  rig?: string | Calibration;
  /** The rig's name (`scene.json`, result ids). @default the built-in name, else 'custom' */
  rigName?: string;
  /** A built-in scene name (`flat`, `undulating`, `nest`, `rock`, `slope`, `bower`) or a full {@link SceneSpec}. @default 'flat' */
  scene?: string | SceneSpec;
  /** Overrides of the built-in scene's parameters (ignored with a full spec). */
  sceneOptions?: SceneOptions;
  /** Texture seed (integer). @default 0 */
  seed?: number;
  /** Render worker threads. @default min(cameras, available cores) */
  workers?: number;
}

/** Exact ground truth through one (sub)pixel of the undistorted grid. */
interface GroundTruthSample {
  /** Ray depth δ in metres, NaN on a miss. */
  depth: number;
  /** World point, NaN on a miss. */
  point: [number, number, number];
}

/** A synthetic refractive scene with exact ground truth. */
export interface SyntheticScene {
  readonly rigName: string;
  readonly calibration: Calibration;
  readonly spec: SceneSpec;
  readonly seed: number;
  /** Camera names in calibration file order. */
  readonly cameras: readonly string[];
  /** The analytic surface: height, normal, exact ray intersection and point-to-surface distance. */
  readonly surface: SceneSurface;
  /**
   * Renders (once, then cached) the distorted RGB image of every camera for `frameIndex` (a static scene), as the
   * pipeline sees it: through H.264 encode and decode when the scene has `h264`.
   */
  renderFrame(frameIndex?: number, onCamera?: (camera: string) => void): Promise<Map<string, FrameImage>>;
  /** Ground truth of `camera` on its undistorted grid (computed once, then cached). */
  groundTruth(camera: string): GroundTruth;
  /** Exact ground truth through the undistorted-grid pixel `(u, v)` (any real coordinates). */
  groundTruthAt(camera: string, u: number, v: number): GroundTruthSample;
  /** A frame source serving `frameCount` frames of this scene (for `runPipeline`). */
  frameSource(frameCount?: number): FrameSource;
  /** The per-camera render job (plain data). */
  job(camera: string): CameraJob;
}

/**
 * Creates a synthetic scene: a rig (calibration), an analytic sand surface under the water, a seeded texture.
 * @example
 * const scene = createSyntheticScene({ rig: 'ci', scene: 'undulating', seed: 3 });
 * const images = await scene.renderFrame(0);
 * const gt = scene.groundTruth('ring00'); // depth (H×W) and points (H×W×3) on the undistorted grid
 */
export function createSyntheticScene(options: SyntheticSceneOptions = {}): SyntheticScene {
  const rigOption = options.rig ?? 'ci';
  const nominal = typeof rigOption === 'string' ? rigByName(rigOption) : rigOption;
  const rigName = options.rigName ?? (typeof rigOption === 'string' ? rigOption : 'custom');
  const sceneOption = options.scene ?? 'flat';
  const spec = typeof sceneOption === 'string' ? createSceneSpec(sceneOption, nominal, options.sceneOptions) : sceneOption;
  const calibration = spec.rigVariant === undefined ? nominal : applyRigVariant(nominal, spec.rigVariant);
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed)) throw benchmarkArgument('seed', 'an integer', seed);
  const cameras = Object.keys(calibration.cameras);
  const surface = createSceneSurface(spec);
  const jobs = new Map(cameras.map((c) => [c, cameraJob(calibration, c, spec, seed)]));
  const jobOf = (camera: string): CameraJob => {
    const job = jobs.get(camera);
    if (job === undefined) throw unknownCamera(camera, cameras);
    return job;
  };
  let images: Promise<Map<string, FrameImage>> | undefined;
  const truths = new Map<string, GroundTruth>();
  const gridProjections = new Map<string, ReturnType<typeof jobProjection>>();
  const scene: SyntheticScene = {
    rigName,
    calibration,
    spec,
    seed,
    cameras,
    surface,
    renderFrame(_frameIndex = 0, onCamera) {
      images ??= runCameraJobs('image', cameras.map(jobOf), {
        ...(options.workers === undefined ? {} : { workers: options.workers }),
        onDone: (_i, camera) => onCamera?.(camera),
      }).then(async (rendered) => {
        const seen = await Promise.all(rendered.map((r) => recorded(r, spec)));
        const out = new Map<string, FrameImage>();
        rendered.forEach((r, i) => out.set(cameras[i], { width: r.width, height: r.height, channels: 3, data: seen[i] }));
        return out;
      });
      return images.then((m) => new Map(m));
    },
    groundTruth(camera) {
      let truth = truths.get(camera);
      if (truth === undefined) {
        truth = computeGroundTruth(jobOf(camera));
        truths.set(camera, truth);
      }
      return truth;
    },
    groundTruthAt(camera, u, v) {
      const job = jobOf(camera);
      let projection = gridProjections.get(camera);
      if (projection === undefined) {
        projection = jobProjection(job, undistortedIntrinsics(job).K);
        gridProjections.set(camera, projection);
      }
      const { origins: o, directions: d } = projection.castRay(new Float64Array([u, v]));
      const depth = surface.intersect(o[0], o[1], o[2], d[0], d[1], d[2]);
      if (!(depth >= 0)) return { depth: Number.NaN, point: [Number.NaN, Number.NaN, Number.NaN] };
      return { depth, point: [o[0] + depth * d[0], o[1] + depth * d[1], o[2] + depth * d[2]] };
    },
    frameSource(frameCount = 1) {
      return createMemoryFrameSource(cameras, frameCount, (index) => scene.renderFrame(index));
    },
    job: jobOf,
  };
  return scene;
}

/** The pixels of a rendered image as the pipeline receives them: through H.264 when the scene's cameras record video. */
function recorded(image: RenderedImage, spec: SceneSpec): Promise<Uint8Array> {
  return spec.h264 === undefined ? Promise.resolve(image.data) : h264RoundTrip(image, spec.h264);
}
