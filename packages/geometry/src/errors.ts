import { AquamvsError } from '@aquamvs/core/worker';

/** Error codes thrown by @aquamvs/geometry, sorted alphabetically. */
export const GEOMETRY_ERROR_CODES = [
  'AQM_ERR_CALIBRATION_JSON',
  'AQM_ERR_CALIBRATION_KEY_MISSING',
  'AQM_ERR_CALIBRATION_NOT_FOUND',
  'AQM_ERR_CALIBRATION_PHYSICS',
  'AQM_ERR_CALIBRATION_SHAPE',
  'AQM_ERR_CALIBRATION_VALUE',
  'AQM_ERR_CALIBRATION_VERSION',
  'AQM_ERR_GEOMETRY_ARGUMENT',
  'AQM_ERR_GEOMETRY_DEGENERATE',
] as const;

/** One of {@link GEOMETRY_ERROR_CODES}. */
export type GeometryErrorCode = (typeof GEOMETRY_ERROR_CODES)[number];

/** Where in a calibration file a problem is: the file, optionally a camera, and a dotted key. */
export interface CalibrationSite {
  file: string;
  camera?: string;
  key: string;
}

function where(site: CalibrationSite): string {
  const camera = site.camera === undefined ? '' : ` camera '${site.camera}'`;
  return `${site.file}:${camera} key '${site.key}'`;
}

/** Short, one-line rendering of an offending value for messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? typeof value;
  } catch {
    text = typeof value;
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export const calibrationJson = (file: string, detail: string): AquamvsError =>
  new AquamvsError('AQM_ERR_CALIBRATION_JSON', `${file}: not valid JSON: ${detail}`);
export const calibrationKeyMissing = (site: CalibrationSite, expected: string): AquamvsError =>
  new AquamvsError('AQM_ERR_CALIBRATION_KEY_MISSING', `${where(site)} is missing (expected ${expected})`);
export const calibrationNotFound = (file: string, cause: unknown): AquamvsError =>
  new AquamvsError('AQM_ERR_CALIBRATION_NOT_FOUND', `cannot read calibration file ${file}`, { cause });
export const calibrationPhysics = (site: CalibrationSite, expected: string, got: unknown): AquamvsError =>
  new AquamvsError('AQM_ERR_CALIBRATION_PHYSICS', `${where(site)}: expected ${expected}, got ${describeValue(got)}`);
export const calibrationShape = (site: CalibrationSite, expected: string, got: unknown): AquamvsError =>
  new AquamvsError('AQM_ERR_CALIBRATION_SHAPE', `${where(site)}: expected ${expected}, got ${describeValue(got)}`);
export const calibrationValue = (site: CalibrationSite, expected: string, got: unknown): AquamvsError =>
  new AquamvsError('AQM_ERR_CALIBRATION_VALUE', `${where(site)}: expected ${expected}, got ${describeValue(got)}`);
export const calibrationVersion = (file: string, got: unknown): AquamvsError =>
  new AquamvsError(
    'AQM_ERR_CALIBRATION_VERSION',
    `${file}: key 'version': unsupported calibration file version ${describeValue(got)} (expected "1.0")`,
  );
export const geometryArgument = (what: string, expected: string, got: unknown): AquamvsError =>
  new AquamvsError('AQM_ERR_GEOMETRY_ARGUMENT', `${what}: expected ${expected}, got ${describeValue(got)}`);
export const geometryDegenerate = (what: string): AquamvsError => new AquamvsError('AQM_ERR_GEOMETRY_DEGENERATE', what);
