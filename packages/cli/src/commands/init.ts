import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import {
  applyPreset,
  assertSafeFileName,
  CONFIG_SCHEMA_URL,
  configToYaml,
  defaultConfig,
  inputInvalid,
  messageOf,
  type AquamvsConfig,
  type PresetName,
} from '@aquamvs/core';

/** Options of `aquamvs init` (spec §6). */
export interface InitOptions {
  readonly inputDir: string;
  /** Regular expression matched at the start of each entry name; group 1 is the camera name. */
  readonly pattern: string;
  readonly calibration: string;
  readonly outputDir: string;
  /** Config file to write; default `config.yaml`. */
  readonly config?: string;
  readonly preset?: PresetName;
}

/** Where `init` prints its summary. */
export interface InitOutput {
  log(line: string): void;
}

/** What `init` wrote. */
export interface InitResult {
  readonly configPath: string;
  readonly config: AquamvsConfig;
  readonly matched: readonly string[];
}

/** Video extensions `init` picks up (case-insensitive); subdirectories are picked up as image directories. */
const INIT_VIDEO_EXTENSIONS = ['.mp4', '.avi', '.mkv', '.mov'] as const;
const RULE = '='.repeat(70);

/**
 * Scans `inputDir` for video files and subdirectories, takes the camera name from group 1 of
 * `pattern`, keeps the cameras that the calibration also has, prints a summary and writes a config
 * (first line `# yaml-language-server: $schema=…`, `quality_preset: null`). Throws
 * `AQM_ERR_INPUT_INVALID` for a missing directory or calibration, bad JSON, a bad pattern or no match.
 */
export async function runInit(options: InitOptions, out: InitOutput): Promise<InitResult> {
  const inputDir = resolve(options.inputDir);
  const regex = compilePattern(options.pattern);
  const entries = listInputs(inputDir);
  const calibrationPath = resolve(options.calibration);
  const calibrationCameras = readCalibrationCameras(calibrationPath);

  const cameraMap = new Map<string, string>();
  const unmatched: string[] = [];
  for (const name of entries) {
    regex.lastIndex = 0;
    const camera = regex.exec(name)?.[1];
    if (camera === undefined || camera === '') unmatched.push(name);
    else cameraMap.set(camera, join(inputDir, name));
  }
  const calibrated = new Set(calibrationCameras);
  const matched = [...cameraMap.keys()].filter((c) => calibrated.has(c)).sort();
  const noCalibration = [...cameraMap.keys()].filter((c) => !calibrated.has(c)).sort();
  const noInput = calibrationCameras.filter((c) => !cameraMap.has(c)).sort();

  out.log(RULE);
  out.log(`Input: ${inputDir} (${entries.length} video file(s) or directories)`);
  out.log(`Calibration: ${calibrationPath} (${calibrationCameras.length} camera(s))`);
  out.log(RULE);
  out.log(`[OK] Matched ${matched.length} camera(s)${matched.length > 0 ? `: ${matched.join(', ')}` : ''}`);
  if (unmatched.length > 0) out.log(`[WARN] ${unmatched.length} input(s) with no regex match: ${unmatched.join(', ')}`);
  if (noCalibration.length > 0) out.log(`[WARN] ${noCalibration.length} input camera(s) with no calibration entry: ${noCalibration.join(', ')}`);
  if (noInput.length > 0) out.log(`[WARN] ${noInput.length} calibration camera(s) with no input: ${noInput.join(', ')}`);
  out.log(RULE);

  if (matched.length === 0) {
    throw inputInvalid(
      `no camera matched: ${cameraMap.size} input(s) in ${inputDir} matched --pattern '${options.pattern}', and none of them is a camera in ${calibrationPath}`,
    );
  }
  for (const camera of matched) assertSafeFileName('camera', camera);

  const configPath = resolve(options.config ?? 'config.yaml');
  // Paths relative to the config, so the project folder can move (to a cluster, an external disk) as a whole.
  const fromConfig = (path: string): string => relative(dirname(configPath), path).split(sep).join('/') || '.';
  let config = defaultConfig();
  config.calibration_path = fromConfig(calibrationPath);
  config.output_dir = options.outputDir;
  config.camera_input_map = Object.fromEntries(matched.map((c) => [c, fromConfig(cameraMap.get(c) as string)]));
  if (options.preset) config = applyPreset(config, options.preset);
  config.quality_preset = null;

  await mkdir(dirname(configPath), { recursive: true });
  await writeFile(configPath, `# yaml-language-server: $schema=${CONFIG_SCHEMA_URL}\n${configToYaml(config)}`);
  out.log(`Configuration written to: ${configPath}${options.preset ? ` (preset ${options.preset})` : ''}`);
  return { configPath, config, matched };
}

/** Compiles `pattern` anchored at the start (Python `re.match`); `(?P<name>…)` is accepted. */
function compilePattern(pattern: string): RegExp {
  const source = pattern.replace(/\(\?P</g, '(?<');
  let regex: RegExp;
  let groups: number;
  try {
    regex = new RegExp(source, 'y');
    groups = (new RegExp(`${source}|`).exec('') as RegExpExecArray).length - 1;
  } catch (error) {
    throw inputInvalid(`--pattern '${pattern}' is not a valid regular expression: ${messageOf(error)}`);
  }
  if (groups < 1) {
    throw inputInvalid(`--pattern '${pattern}' has no capture group; group 1 must capture the camera name, e.g. '([^-]+)-'`);
  }
  return regex;
}

/** Names of the video files and subdirectories of `dir`, sorted. */
function listInputs(dir: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw inputInvalid(`input directory not found: ${dir}`);
    if (code === 'ENOTDIR') throw inputInvalid(`input directory is not a directory: ${dir}`);
    throw inputInvalid(`cannot read input directory ${dir}: ${messageOf(error)}`);
  }
  const names: string[] = [];
  for (const e of entries) {
    const isDir = e.isDirectory() || (e.isSymbolicLink() && statOrUndefined(join(dir, e.name))?.isDirectory() === true);
    const lower = e.name.toLowerCase();
    const isVideo = !isDir && INIT_VIDEO_EXTENSIONS.some((ext) => lower.endsWith(ext)) && (e.isFile() || e.isSymbolicLink());
    if (isDir || isVideo) names.push(e.name);
  }
  return names.sort();
}

function statOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Camera names (keys of `cameras`) of an AquaCal calibration JSON. */
function readCalibrationCameras(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw inputInvalid(code === 'ENOENT' ? `calibration file not found: ${path}` : `cannot read calibration file ${path}: ${messageOf(error)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw inputInvalid(`calibration file ${path} is not valid JSON: ${messageOf(error).split('\n')[0]}`);
  }
  const cameras = (data as { cameras?: unknown } | null)?.cameras;
  if (cameras === null || typeof cameras !== 'object' || Array.isArray(cameras)) {
    throw inputInvalid(`calibration file ${path} has no 'cameras' object`);
  }
  return Object.keys(cameras);
}
