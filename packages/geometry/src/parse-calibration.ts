import { readFile } from 'node:fs/promises';
import { assertSafeFileName } from '@aquamvs/core/worker';
import { createCalibration, type Calibration, type CameraCalibration } from './calibration.js';
import {
  calibrationJson,
  calibrationKeyMissing,
  calibrationNotFound,
  calibrationPhysics,
  calibrationShape,
  calibrationValue,
  calibrationVersion,
  type CalibrationSite,
} from './errors.js';
import { cameraCenterOf, rotationError } from './mat3.js';

/** Options of {@link parseCalibration}. */
export interface ParseCalibrationOptions {
  /**
   * Name used in error messages.
   * @default 'calibration.json'
   */
  file?: string;
  /**
   * Largest accepted deviation of R from a rotation (`max |RᵀR − I|`, `|det R − 1|`).
   * @default 1e-6
   */
  rotationTolerance?: number;
}

type Json = Record<string, unknown>;

/** Python's `json.dump` writes NaN/Infinity as bare tokens; they are kept as tagged strings so the
 * error can name the key instead of failing the whole parse. */
const NON_FINITE = '\u0000non-finite:';
const PY_TOKENS = /"(?:[^"\\]|\\.)*"|-?\bInfinity\b|\bNaN\b/g;

function parseJsonText(text: string, file: string): unknown {
  const tagged = text.replace(PY_TOKENS, (m) => (m.startsWith('"') ? m : JSON.stringify(NON_FINITE + m)));
  try {
    return JSON.parse(tagged);
  } catch (error) {
    throw calibrationJson(file, error instanceof Error ? error.message : String(error));
  }
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const REQUIRED_SECTIONS: Record<string, readonly string[]> = {
  board: ['squares_x', 'squares_y', 'square_size', 'marker_size', 'dictionary'],
  diagnostics: ['reprojection_error_rms', 'reprojection_error_per_camera', 'validation_3d_error_mean', 'validation_3d_error_std'],
  metadata: ['calibration_date', 'software_version', 'config_hash', 'num_frames_used', 'num_frames_holdout'],
};

class Reader {
  constructor(
    readonly file: string,
    readonly camera?: string,
  ) {}

  site(key: string): CalibrationSite {
    return this.camera === undefined ? { file: this.file, key } : { file: this.file, camera: this.camera, key };
  }

  get(obj: Json, key: string, path: string, expected: string): unknown {
    if (!(key in obj)) throw calibrationKeyMissing(this.site(path), expected);
    return obj[key];
  }

  object(obj: Json, key: string, path: string): Json {
    const value = this.get(obj, key, path, 'an object');
    if (!isObject(value)) throw calibrationShape(this.site(path), 'an object', value);
    return value;
  }

  number(value: unknown, path: string): number {
    if (typeof value === 'string' && value.startsWith(NON_FINITE)) {
      throw calibrationValue(this.site(path), 'a finite number', value.slice(NON_FINITE.length));
    }
    if (typeof value !== 'number') throw calibrationValue(this.site(path), 'a number', value);
    if (!Number.isFinite(value)) throw calibrationValue(this.site(path), 'a finite number', value);
    return value;
  }

  /** Accepts a flat list of `n` numbers or an n×1 nested list. */
  vector(value: unknown, n: number, path: string): number[] {
    const expected = `a list of ${n} numbers (or ${n}×1)`;
    if (!Array.isArray(value) || value.length !== n) throw calibrationShape(this.site(path), expected, value);
    return value.map((item: unknown, i) => {
      if (Array.isArray(item)) {
        if (item.length !== 1) throw calibrationShape(this.site(path), expected, value);
        return this.number(item[0], `${path}[${i}][0]`);
      }
      if (typeof item !== 'number') throw calibrationShape(this.site(path), expected, value);
      return this.number(item, `${path}[${i}]`);
    });
  }

  matrix3(value: unknown, path: string): number[] {
    const bad = (): Error => calibrationShape(this.site(path), 'a 3×3 list of numbers', value);
    if (!Array.isArray(value) || value.length !== 3) throw bad();
    const out: number[] = [];
    for (let i = 0; i < 3; i++) {
      const row: unknown = value[i];
      if (!Array.isArray(row) || row.length !== 3) throw bad();
      for (let j = 0; j < 3; j++) out.push(this.number(row[j], `${path}[${i}][${j}]`));
    }
    return out;
  }

  boolean(obj: Json, key: string, path: string): boolean {
    if (!(key in obj) || obj[key] === null) return false;
    if (typeof obj[key] !== 'boolean') throw calibrationValue(this.site(path), 'true or false', obj[key]);
    return obj[key];
  }
}

function parseCamera(file: string, name: string, raw: unknown, rotationTolerance: number): { camera: CameraCalibration; waterZ: number } {
  assertSafeFileName(`${file}: camera`, name);
  const r = new Reader(file, name);
  if (!isObject(raw)) throw calibrationShape(r.site(''), 'an object', raw);
  const intrinsics = r.object(raw, 'intrinsics', 'intrinsics');
  const extrinsics = r.object(raw, 'extrinsics', 'extrinsics');
  const K = r.matrix3(r.get(intrinsics, 'K', 'intrinsics.K', 'a 3×3 list'), 'intrinsics.K');
  if (!(K[0] > 0 && K[4] > 0) || K[6] !== 0 || K[7] !== 0 || K[8] !== 1) {
    throw calibrationValue(r.site('intrinsics.K'), 'fx > 0, fy > 0 and last row [0, 0, 1]', K);
  }
  const isFisheye = r.boolean(intrinsics, 'is_fisheye', 'intrinsics.is_fisheye');
  const distRaw = r.get(intrinsics, 'dist_coeffs', 'intrinsics.dist_coeffs', 'a list of 4, 5 or 8 numbers');
  const allowed = isFisheye ? [4] : [5, 8];
  const expectedDist = isFisheye ? '4 coefficients [k1,k2,k3,k4] for a fisheye camera' : '5 or 8 coefficients for a pinhole camera';
  if (!Array.isArray(distRaw) || !allowed.includes(distRaw.length)) {
    throw calibrationShape(r.site('intrinsics.dist_coeffs'), expectedDist, distRaw);
  }
  const distCoeffs = r.vector(distRaw, distRaw.length, 'intrinsics.dist_coeffs');
  const sizeRaw = r.get(intrinsics, 'image_size', 'intrinsics.image_size', '[width, height]');
  const size = r.vector(sizeRaw, 2, 'intrinsics.image_size');
  if (!size.every((v) => Number.isInteger(v) && v > 0)) {
    throw calibrationValue(r.site('intrinsics.image_size'), 'two positive integers [width, height]', sizeRaw);
  }
  const R = r.matrix3(r.get(extrinsics, 'R', 'extrinsics.R', 'a 3×3 list'), 'extrinsics.R');
  const rotErr = rotationError(R);
  if (!(rotErr <= rotationTolerance)) {
    throw calibrationValue(
      r.site('extrinsics.R'),
      `a rotation matrix (RᵀR = I, det R = 1 within ${rotationTolerance}; off by ${rotErr.toExponential(2)})`,
      R,
    );
  }
  const t = r.vector(r.get(extrinsics, 't', 'extrinsics.t', 'a list of 3 numbers'), 3, 'extrinsics.t');
  let waterZ: number;
  if ('water_z' in raw) waterZ = r.number(raw.water_z, 'water_z');
  else if ('interface_distance' in raw) waterZ = r.number(raw.interface_distance, 'interface_distance');
  else throw calibrationKeyMissing(r.site('water_z'), "a number (or legacy 'interface_distance')");
  const isAuxiliary = r.boolean(raw, 'is_auxiliary', 'is_auxiliary');
  const camera: CameraCalibration = {
    name,
    K,
    distCoeffs,
    R,
    t,
    imageSize: [size[0], size[1]],
    isFisheye,
    isAuxiliary,
  };
  return { camera, waterZ };
}

/**
 * A camera looks at the water from the air: its centre lies on the air side of the interface plane through
 * `(0, 0, water_z)` (the side the water→air normal points to). Below the surface, `castRay` would return
 * rays that never cross it, and every frame would end with an empty cloud.
 */
function checkAirSide(file: string, camera: CameraCalibration, waterZ: number, normal: readonly number[]): void {
  const c = cameraCenterOf(camera.R, camera.t);
  const height = (c[0] * normal[0] + c[1] * normal[1] + (c[2] - waterZ) * normal[2]) / Math.hypot(normal[0], normal[1], normal[2]);
  if (!(height > 0)) {
    throw calibrationPhysics(
      { file, camera: camera.name, key: 'extrinsics.t' },
      `a camera centre on the air side of the water surface at water_z ${waterZ} (centre −Rᵀt is ${(-height).toPrecision(3)} m below it)`,
      c.map((v) => Number(v.toPrecision(6))),
    );
  }
}

/** Closer than this (metres), two camera centres are one place: no two cameras of a rig can be there. */
const MIN_CAMERA_SEPARATION = 0.001;

/**
 * Two cameras cannot share one place. Centres closer than {@link MIN_CAMERA_SEPARATION} come from a slip in the file
 * (one camera's extrinsics copied to another, a template's zero translations): such a pair has no baseline, so the
 * plane sweep could not tell depths apart between them, and the calibration fit would drop one camera each frame.
 */
function checkDistinctCentres(file: string, cameras: readonly CameraCalibration[]): void {
  const centres = cameras.map((camera) => cameraCenterOf(camera.R, camera.t));
  for (let i = 0; i < cameras.length; i++) {
    for (let j = i + 1; j < cameras.length; j++) {
      const gap = Math.hypot(centres[i][0] - centres[j][0], centres[i][1] - centres[j][1], centres[i][2] - centres[j][2]);
      if (gap < MIN_CAMERA_SEPARATION) {
        throw calibrationPhysics(
          { file, camera: cameras[j].name, key: 'extrinsics.t' },
          `a camera centre apart from that of camera '${cameras[i].name}' (two cameras cannot share one place; were its extrinsics copied?)`,
          `${(gap * 1000).toPrecision(3)} mm from it`,
        );
      }
    }
  }
}

/**
 * Parses an AquaCal v1.0 calibration (already `JSON.parse`d, or a JSON string) with the checks of
 * `aquacal.io.serialization.load_calibration` plus shape, finiteness and rotation checks.
 * Errors are one line naming the file, camera and key.
 * @example
 * const calib = parseCalibration(JSON.parse(text), { file: 'calibration.json' });
 * calib.cameraCenter(calib.ringCameras[0]);
 */
export function parseCalibration(json: unknown, options: ParseCalibrationOptions = {}): Calibration {
  const file = options.file ?? 'calibration.json';
  const tol = options.rotationTolerance ?? 1e-6;
  let doc = json;
  if (typeof doc === 'string') doc = parseJsonText(doc, file);
  const r = new Reader(file);
  if (!isObject(doc)) throw calibrationShape(r.site('(root)'), 'a JSON object', doc);
  const version = r.get(doc, 'version', 'version', 'the string "1.0"');
  if (version !== '1.0') throw calibrationVersion(file, version);
  const camerasRaw = r.object(doc, 'cameras', 'cameras');
  const iface = r.object(doc, 'interface', 'interface');
  const sections: Record<string, Json> = {};
  for (const [section, keys] of Object.entries(REQUIRED_SECTIONS)) {
    sections[section] = r.object(doc, section, section);
    for (const key of keys) r.get(sections[section], key, `${section}.${key}`, 'a value');
  }
  const normal = r.vector(r.get(iface, 'normal', 'interface.normal', 'a list of 3'), 3, 'interface.normal');
  const norm = Math.hypot(normal[0], normal[1], normal[2]);
  if (!(norm > 0)) throw calibrationValue(r.site('interface.normal'), 'a non-zero vector', normal);
  // +Z points down into the water, so the normal from water toward air points up. Flipped, every camera would be
  // "under water" and the message would blame the first camera's extrinsics instead of the normal.
  if (!(normal[2] < 0)) {
    throw calibrationPhysics(r.site('interface.normal'), 'the normal from water toward air, pointing up (−Z; usually [0, 0, -1])', normal);
  }
  const nAir = r.number(r.get(iface, 'n_air', 'interface.n_air', 'a number'), 'interface.n_air');
  const nWater = r.number(r.get(iface, 'n_water', 'interface.n_water', 'a number'), 'interface.n_water');
  if (!(nAir > 0 && nWater > 0)) {
    throw calibrationValue(r.site('interface.n_air'), 'positive refractive indices', { nAir, nWater });
  }
  // Refraction bends rays towards the normal only when water is denser than air; otherwise every depth is wrong.
  if (!(nWater > nAir)) {
    throw calibrationPhysics(r.site('interface.n_water'), `a refractive index greater than n_air ${nAir} (water is denser than air)`, nWater);
  }
  const names = Object.keys(camerasRaw);
  if (names.length === 0) throw calibrationShape(r.site('cameras'), 'at least one camera', camerasRaw);
  const cameras: CameraCalibration[] = [];
  const warnings: string[] = [];
  let waterZ = Number.NaN;
  for (const name of names) {
    const parsed = parseCamera(file, name, camerasRaw[name], tol);
    cameras.push(parsed.camera);
    if (Number.isNaN(waterZ)) waterZ = parsed.waterZ;
    else if (Math.abs(parsed.waterZ - waterZ) > 1e-9) {
      warnings.push(`${file}: camera '${name}' key 'water_z': ${parsed.waterZ} differs from ${waterZ} of camera '${names[0]}'; using ${waterZ}`);
    }
  }
  for (const camera of cameras) checkAirSide(file, camera, waterZ, normal);
  checkDistinctCentres(file, cameras);
  return createCalibration({
    cameras,
    waterZ,
    nAir,
    nWater,
    interfaceNormal: [normal[0], normal[1], normal[2]],
    board: sections.board,
    diagnostics: sections.diagnostics,
    metadata: sections.metadata,
    warnings,
  });
}

/**
 * Reads and parses an AquaCal v1.0 `calibration.json` (see {@link parseCalibration}).
 * @example
 * const calib = await loadCalibration('rig/calibration.json');
 */
export async function loadCalibration(path: string, options: Omit<ParseCalibrationOptions, 'file'> = {}): Promise<Calibration> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw calibrationNotFound(path, error);
  }
  return parseCalibration(text, { ...options, file: path });
}
