import type { StagePhase } from './hooks.js';

/** Error codes thrown by @aquamvs/core, sorted alphabetically. Each is documented in docs/errors.md. */
export const CORE_ERROR_CODES = [
  'AQM_ERR_ARTIFACT_MISSING',
  'AQM_ERR_CONFIG_INVALID',
  'AQM_ERR_CONFIG_NOT_FOUND',
  'AQM_ERR_CONFIG_YAML',
  'AQM_ERR_FRAME_CAMERA_MISSING',
  'AQM_ERR_INPUT_INVALID',
  'AQM_ERR_MATCHER_MODEL_MISSING',
  'AQM_ERR_OUTPUT_LOCKED',
  'AQM_ERR_OUTPUT_WRITE',
  'AQM_ERR_PIPELINE_INVALID',
  'AQM_ERR_PLUGIN_DUPLICATE',
  'AQM_ERR_PLUGIN_INVALID',
  'AQM_ERR_PLUGIN_LOAD',
  'AQM_ERR_PLUGIN_MISSING_DEPENDENCY',
  'AQM_ERR_PLUGIN_VERSION',
  'AQM_ERR_STAGE_FAILED',
  'AQM_ERR_STAGE_NEVER_SETTLED',
  'AQM_ERR_UNSAFE_NAME',
] as const;

/** Options common to every {@link AquamvsError}. */
export interface AquamvsErrorOptions {
  cause?: unknown;
}

/**
 * A user-facing error with a stable `code`. The CLI prints it as one line (`error CODE: message`)
 * and exits 1; any other error is treated as a bug and printed with its stack.
 */
export class AquamvsError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options: AquamvsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AquamvsError';
    this.code = code;
  }
}

/** True when `error` is an {@link AquamvsError} (also across duplicated copies of core). */
export function isAquamvsError(error: unknown): error is AquamvsError {
  return (
    error instanceof AquamvsError ||
    (error instanceof Error && error.name === 'AquamvsError' && typeof (error as { code?: unknown }).code === 'string')
  );
}

/** A stage failure, wrapped once by the engine with plugin, stage, phase and frame attribution. */
export class StageError extends AquamvsError {
  readonly plugin: string;
  readonly stage: string;
  readonly phase: StagePhase;
  readonly frame: number | undefined;
  constructor(args: { plugin: string; stage: string; phase: StagePhase; frame?: number; cause: unknown }) {
    const where = args.frame === undefined ? args.phase : `frame ${args.frame}`;
    super('AQM_ERR_STAGE_FAILED', `[stage ${args.stage} · ${args.plugin}] ${where}: ${messageOf(args.cause)}`, {
      cause: args.cause,
    });
    this.name = 'AquamvsError';
    this.plugin = args.plugin;
    this.stage = args.stage;
    this.phase = args.phase;
    this.frame = args.frame;
  }
}

/** The message of any thrown value. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

export const artifactMissing = (key: string, store: string): AquamvsError =>
  new AquamvsError(
    'AQM_ERR_ARTIFACT_MISSING',
    `'${key}' is not in the ${store === 'store' ? '' : `${store} `}store: nothing put it there before it was read`,
  );
export const configInvalid = (file: string, lines: readonly string[]): AquamvsError =>
  new AquamvsError(
    'AQM_ERR_CONFIG_INVALID',
    `invalid config ${file} (${lines.length} problem${lines.length === 1 ? '' : 's'}):\n${lines.map((l) => `  ${l}`).join('\n')}`,
  );
export const configNotFound = (file: string): AquamvsError => new AquamvsError('AQM_ERR_CONFIG_NOT_FOUND', `config file not found: ${file}`);
export const configYaml = (file: string, detail: string): AquamvsError =>
  new AquamvsError('AQM_ERR_CONFIG_YAML', `${file}: not valid YAML: ${detail}`);
export const frameCameraMissing = (frame: number, missing: ReadonlyMap<string, string>, available: number, required: number): AquamvsError =>
  new AquamvsError(
    'AQM_ERR_FRAME_CAMERA_MISSING',
    `frame ${frame}: ${[...missing].map(([camera, reason]) => `camera '${camera}' has no image (${reason})`).join('; ')}; ${available} of ${required} required camera(s) left (preprocessing.min_cameras)`,
  );
export const inputInvalid = (message: string): AquamvsError => new AquamvsError('AQM_ERR_INPUT_INVALID', message);
export const matcherModelMissing = (matcher: string, missing: readonly string[]): AquamvsError =>
  new AquamvsError(
    'AQM_ERR_MATCHER_MODEL_MISSING',
    `matcher_type ${matcher} with pipeline_mode sparse needs its model (${missing.join(', ')} unset): the sparse pathway's product is the matches, ` +
      `so it does not fall back to the built-in matcher; set ${missing.join(' and ')} to ONNX files or installed model names ` +
      `(aquamvs models add NAME URL|FILE; where to get them: the @aquamvs/stage-matching README, "Models"), ` +
      `or set matcher_type: classic`,
  );
export const outputLocked = (dir: string, lockFile: string, holder: { host: string; pid: number; startedAt: string } | undefined): AquamvsError =>
  new AquamvsError(
    'AQM_ERR_OUTPUT_LOCKED',
    holder === undefined || holder.pid < 0
      ? `${dir} is in use by another aquamvs run (unreadable lock ${lockFile}); delete it if no run is writing there`
      : `${dir} is in use by aquamvs process ${holder.pid} on ${holder.host} since ${holder.startedAt}; wait for it, or delete ${lockFile} if that process is gone`,
  );
export const outputWrite = (file: string, cause: unknown): AquamvsError =>
  new AquamvsError('AQM_ERR_OUTPUT_WRITE', `cannot write ${file}: ${messageOf(cause)}`, { cause });
export const pipelineInvalid = (message: string): AquamvsError => new AquamvsError('AQM_ERR_PIPELINE_INVALID', message);
export const pluginDuplicate = (name: string): AquamvsError => new AquamvsError('AQM_ERR_PLUGIN_DUPLICATE', `plugin '${name}' is registered twice`);
export const pluginInvalid = (spec: string, detail: string): AquamvsError =>
  new AquamvsError('AQM_ERR_PLUGIN_INVALID', `plugin '${spec}': ${detail}`);
export const pluginLoad = (spec: string, cause: unknown): AquamvsError =>
  new AquamvsError('AQM_ERR_PLUGIN_LOAD', `cannot load plugin '${spec}': ${messageOf(cause)}`, { cause });
export const pluginMissingDependency = (name: string, dependency: string): AquamvsError =>
  new AquamvsError('AQM_ERR_PLUGIN_MISSING_DEPENDENCY', `plugin '${name}' needs plugin '${dependency}', which is not loaded`);
export const pluginVersion = (name: string, range: string, coreVersion: string): AquamvsError =>
  new AquamvsError('AQM_ERR_PLUGIN_VERSION', `plugin '${name}' requires @aquamvs/core ${range}, but ${coreVersion} is installed`);
export const stageNeverSettled = (plugin: string, stage: string, frame: number | undefined): AquamvsError =>
  new AquamvsError(
    'AQM_ERR_STAGE_NEVER_SETTLED',
    `stage never settled: ${stage} (${plugin})${frame === undefined ? '' : ` at frame ${frame}`}; the process ran out of work while it was pending`,
  );
export const unsafeName = (what: string, name: string): AquamvsError =>
  new AquamvsError(
    'AQM_ERR_UNSAFE_NAME',
    `${what} '${name}' is not a safe file name (use letters, digits, '.', '_' or '-'; no path separators, no leading '.')`,
  );
