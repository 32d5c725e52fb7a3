import { defaultConfig, type AquamvsConfig, type FrameSource } from '@aquamvs/core';
import type { Calibration } from '@aquamvs/geometry';
import type { SceneOptions } from '../scenes/scene-spec.js';
import { createSyntheticScene, type SyntheticScene } from '../synthetic-scene.js';

/** One input the benchmark runs every pathway on: a synthetic scene (with ground truth) or the user's data. */
export interface BenchmarkScene {
  /** Row name: the synthetic scene (`flat`, `undulating`) or `config` for the user's data. */
  readonly name: string;
  /** Synthetic rig name (`ci`, `standard`), or `undefined` for the user's data. */
  readonly rig?: string;
  /** Base config; each pathway overrides its matcher and mode. */
  readonly config: AquamvsConfig;
  /** The frame to process. */
  readonly frame: number;
  /** Opens a frame source; called once per pathway run and closed after it. */
  openFrameSource(): Promise<FrameSource>;
  /** Calibration handed to the stages as a run resource (synthetic scenes; the user's data loads it from config). */
  readonly calibration?: Calibration;
  /** Exact ground truth for accuracy; `undefined` for the user's data (timing, points and density only). */
  readonly truth?: SyntheticScene;
}

/** Options of {@link syntheticBenchmarkScene}. */
export interface SyntheticBenchmarkSceneOptions {
  /** A built-in rig name, or a lab's own calibration (rendered as given). @default 'ci' */
  readonly rig?: string | Calibration;
  /** The rig's name in result ids and tables (`rig/scene/pathway`). @default the built-in name, else 'custom' */
  readonly rigName?: string;
  /** The scene's name in result ids and tables. @default the scene's (`flat`, `nest`, …) */
  readonly name?: string;
  /** @default 'flat' */
  readonly scene?: string;
  /** Texture seed. @default 0 */
  readonly seed?: number;
  /** Overrides of the scene's parameters, e.g. `{ crf: null }` for the bower scene without H.264. */
  readonly sceneOptions?: SceneOptions;
  /** Base config (its paths and camera map are replaced). @default defaultConfig() */
  readonly config?: AquamvsConfig;
}

/**
 * A synthetic benchmark scene: the images are rendered on the fly (once per scene, cached in memory by the scene
 * for its seed) and the calibration goes to the stages as a run resource, so nothing is read from disk.
 * @example
 * const scene = syntheticBenchmarkScene({ rig: 'ci', scene: 'undulating' });
 */
export function syntheticBenchmarkScene(options: SyntheticBenchmarkSceneOptions = {}): BenchmarkScene {
  const truth = createSyntheticScene({
    rig: options.rig ?? 'ci',
    ...(options.rigName === undefined ? {} : { rigName: options.rigName }),
    scene: options.scene ?? 'flat',
    seed: options.seed ?? 0,
    ...(options.sceneOptions === undefined ? {} : { sceneOptions: options.sceneOptions }),
  });
  const base = structuredClone(options.config ?? defaultConfig());
  const config: AquamvsConfig = {
    ...base,
    calibration_path: '',
    camera_input_map: Object.fromEntries(truth.cameras.map((c) => [c, `synthetic:${c}`])),
    mask_dir: null,
    preprocessing: { ...base.preprocessing, frame_start: 0, frame_stop: null, frame_step: 1 },
  };
  return {
    name: options.name ?? truth.spec.name,
    rig: truth.rigName,
    config,
    frame: 0,
    calibration: truth.calibration,
    truth,
    openFrameSource: () => Promise.resolve(truth.frameSource(1)),
  };
}
