import { z } from 'zod';

/**
 * Human wording of what a schema accepts, used for one-line error messages
 * (`expected a positive odd integer, got 4`). Registered by {@link expecting}.
 */
export const EXPECTATIONS = new WeakMap<z.ZodType, string>();

/** Registers the human wording `text` for `schema` and returns the schema. */
function expecting<T extends z.ZodType>(schema: T, text: string): T {
  EXPECTATIONS.set(schema, text);
  return schema;
}

const posInt = (): z.ZodInt => expecting(z.int().min(1), 'integer >= 1');
const nonNegInt = (): z.ZodInt => expecting(z.int().min(0), 'integer >= 0');
const posNumber = (): z.ZodNumber => expecting(z.number().positive(), 'number > 0');
const nonNegNumber = (): z.ZodNumber => expecting(z.number().min(0), 'number >= 0');

/** Sparse feature extractors (`sparse_matching.extractor_type`, `runtime.benchmark_extractors`). */
const EXTRACTOR_TYPES = ['superpoint', 'aliked', 'disk'] as const;
/** Visualisation passes (`runtime.viz_stages`). */
export const VIZ_STAGES = ['depth', 'features', 'scene', 'rig', 'summary'] as const;
/** Matchers (`matcher_type`); `classic` is ours and needs no model weights. */
const MATCHER_TYPES = ['classic', 'lightglue', 'roma'] as const;
/** Quality preset names (§2.7). */
export const PRESET_NAMES = ['fast', 'balanced', 'quality'] as const;

const windowSize = expecting(
  z
    .int()
    .min(1)
    .refine((v) => v % 2 === 1, { error: 'expected a positive odd integer' })
    .meta({ description: 'positive odd integer', not: { multipleOf: 2 } }),
  'a positive odd integer',
);

const preprocessingSchema = z.looseObject({
  color_norm_enabled: z.boolean().default(false),
  color_norm_method: z.enum(['gain', 'histogram']).default('gain'),
  frame_start: nonNegInt().default(0),
  frame_stop: nonNegInt().nullable().default(null),
  frame_step: posInt().default(1),
  min_cameras: expecting(z.int().min(1), 'integer >= 1 (cameras a frame needs) or null (all of them)').nullable().default(null),
  blank_image_ratio: expecting(z.number().min(0).lt(1), 'number in [0, 1) (0: no blank-image check)').default(0.1),
  repeated_image_check: z.boolean().default(true),
});

const sparseOnnxSchema = z.looseObject({
  extractor: z.string().nullable().default(null),
  matcher: z.string().nullable().default(null),
  execution_provider: z.enum(['cpu', 'cuda']).default('cpu'),
});

const sparseMatchingSchema = z.looseObject({
  extractor_type: z.enum(EXTRACTOR_TYPES).default('superpoint'),
  max_keypoints: posInt().default(2048),
  detection_threshold: nonNegNumber().default(0.005),
  clahe_enabled: z.boolean().default(false),
  clahe_clip_limit: posNumber().default(2.0),
  num_neighbors: nonNegInt().default(4),
  include_center: z.boolean().default(true),
  filter_threshold: nonNegNumber().default(0.1),
  onnx: sparseOnnxSchema.prefault({}),
});

const denseOnnxSchema = z.looseObject({
  model: z.string().nullable().default(null),
});

const denseMatchingSchema = z.looseObject({
  certainty_threshold: nonNegNumber().default(0.5),
  max_correspondences: posInt().default(100000),
  onnx: denseOnnxSchema.prefault({}),
});

const reconstructionSchema = z.looseObject({
  num_depths: posInt().default(128),
  cost_function: z.enum(['ncc', 'ssim']).default('ncc'),
  window_size: windowSize.default(11),
  refine_passes: expecting(z.int().min(0), 'integer >= 0 (refinement passes) or null (automatic)').nullable().default(null),
  coarse_to_fine: z.boolean().default(true),
  temporal_prior: z.boolean().default(false),
  depth_margin: nonNegNumber().default(0.05),
  depth_batch_size: posInt().default(4),
  min_consistent_views: posInt().default(3),
  adaptive_consistent_views: z.boolean().default(true),
  depth_tolerance: posNumber().default(0.005),
  roma_depth_tolerance: posNumber().default(0.02),
  voxel_size: posNumber().default(0.001),
  fusion_subdivisions: expecting(z.int().min(1).max(16), 'integer 1-16 (sub-pixel samples per pixel step) or null (automatic)')
    .nullable()
    .default(null),
  min_confidence: nonNegNumber().default(0.1),
  // null = automatic: 'poisson' on the full pathway, 'tin' on the sparse one (the surface stage decides).
  surface_method: z.enum(['poisson', 'poisson25d', 'heightfield', 'bpa', 'tin']).nullable().default(null),
  poisson_depth: posInt().default(9),
  grid_resolution: posNumber().default(0.002),
  bpa_radii: z.array(posNumber()).nullable().default(null),
  target_faces: posInt().nullable().default(null),
  outlier_removal_enabled: z.boolean().default(true),
  outlier_nb_neighbors: posInt().default(20),
  outlier_std_ratio: posNumber().default(2.0),
  // What the fused cloud's outlier filter judges: 'statistical' = mean neighbour distance (Open3D
  // remove_statistical_outlier, the reference); 'quadric' = distance from the quadric of the point's neighbours.
  outlier_method: z.enum(['statistical', 'quadric']).default('statistical'),
});

const runtimeSchema = z.looseObject({
  device: z.enum(['cpu', 'cuda']).default('cpu'),
  save_features: z.boolean().default(false),
  keep_intermediates: z.boolean().default(true),
  save_consistency_maps: z.boolean().default(false),
  viz_enabled: z.boolean().default(false),
  viz_stages: z.array(z.enum(VIZ_STAGES)).default([]),
  benchmark_extractors: z.array(z.enum(EXTRACTOR_TYPES)).default(['superpoint', 'aliked', 'disk']),
  benchmark_clahe: z.array(z.boolean()).default([true, false]),
  icp_max_distance: posNumber().default(0.01),
  quiet: z.boolean().default(false),
  workers: expecting(z.int().min(1), 'integer >= 1 (worker threads)').nullable().default(null),
});

const pluginEntry = expecting(
  z.union([z.string().min(1), z.tuple([z.string().min(1), z.record(z.string(), z.unknown())])]),
  'a plugin specifier or [specifier, options]',
);

const pipelineSchema = z.looseObject({
  stages: z.array(z.string().min(1)).nullable().default(null),
});

/** The whole `config.yaml` (spec §2.1–2.6 plus aquamvs additions), snake_case keys. */
export const aquamvsConfigSchema = z.looseObject({
  calibration_path: z.string().default(''),
  output_dir: z.string().default(''),
  camera_input_map: z.record(z.string(), z.string()).default({}),
  mask_dir: z.string().nullable().default(null),
  pipeline_mode: z.enum(['sparse', 'full']).default('full'),
  matcher_type: z.enum(MATCHER_TYPES).default('classic'),
  quality_preset: z.enum(PRESET_NAMES).nullable().default(null),
  preprocessing: preprocessingSchema.prefault({}),
  sparse_matching: sparseMatchingSchema.prefault({}),
  dense_matching: denseMatchingSchema.prefault({}),
  reconstruction: reconstructionSchema.prefault({}),
  runtime: runtimeSchema.prefault({}),
  plugins: z.array(pluginEntry).default([]),
  pipeline: pipelineSchema.prefault({}),
});

/** A validated config with every default filled in (unknown keys are rejected at load). */
export type AquamvsConfig = z.output<typeof aquamvsConfigSchema>;
/** What a user may write in `config.yaml` (every key optional). */
export type AquamvsConfigInput = z.input<typeof aquamvsConfigSchema>;
export type PreprocessingConfig = AquamvsConfig['preprocessing'];
export type SparseMatchingConfig = AquamvsConfig['sparse_matching'];
export type DenseMatchingConfig = AquamvsConfig['dense_matching'];
export type ReconstructionConfig = AquamvsConfig['reconstruction'];
export type RuntimeConfig = AquamvsConfig['runtime'];
export type PipelineSectionConfig = AquamvsConfig['pipeline'];
export type PluginEntry = AquamvsConfig['plugins'][number];
export type MatcherType = AquamvsConfig['matcher_type'];
export type PresetName = (typeof PRESET_NAMES)[number];
