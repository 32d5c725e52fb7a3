import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCalibration, parseCalibration } from './parse-calibration.js';
import { serializeCalibration } from './serialize-calibration.js';
import { deletePath, exampleCalibrationJson, getPath, setPath } from './test-support/example-calibration.js';

const parse = (doc: unknown) => parseCalibration(doc, { file: 'calib.json' });

function expectError(doc: unknown, code: string, ...fragments: string[]): void {
  let caught: unknown;
  try {
    parse(doc);
  } catch (error) {
    caught = error;
  }
  expect(caught).toMatchObject({ name: 'AquamvsError', code });
  const message = (caught as Error).message;
  expect(message).not.toContain('\n');
  for (const f of fragments) expect(message).toContain(f);
}

describe('parseCalibration', () => {
  it('splits ring and auxiliary cameras, each sorted by name', () => {
    const calib = parse(exampleCalibrationJson());
    expect(calib.ringCameras).toEqual(['cam_a', 'cam_b']);
    expect(calib.auxiliaryCameras).toEqual(['center']);
    expect(Object.keys(calib.cameras)).toEqual(['cam_b', 'cam_a', 'center']);
  });

  it('converts matrices to row-major arrays and keeps distortion length', () => {
    const calib = parse(exampleCalibrationJson());
    const a = calib.cameras.cam_a;
    expect(a.K).toEqual([1400, 0, 800, 0, 1400, 600, 0, 0, 1]);
    expect(a.distCoeffs).toHaveLength(5);
    expect(a.imageSize).toEqual([1600, 1200]);
    expect(a.isFisheye).toBe(false);
    expect(calib.cameras.center.isFisheye).toBe(true);
    expect(calib.cameras.center.distCoeffs).toHaveLength(4);
    expect(calib.waterZ).toBe(0.978);
    expect(calib.nAir).toBe(1.0);
    expect(calib.nWater).toBe(1.333);
    expect(calib.interfaceNormal).toEqual([0, 0, -1]);
  });

  it('accepts t as a 3×1 nested list and squeezes it', () => {
    expect(parse(exampleCalibrationJson()).cameras.cam_b.t).toEqual([0.0851, -0.3175, 0]);
  });

  it('accepts the interface normal as 3×1', () => {
    const doc = exampleCalibrationJson();
    setPath(doc, ['interface', 'normal'], [[0], [0], [-1]]);
    expect(parse(doc).interfaceNormal).toEqual([0, 0, -1]);
  });

  it('computes camera centres as −Rᵀt, including rotated cameras', () => {
    const calib = parse(exampleCalibrationJson());
    const b = calib.cameraCenter('cam_b');
    expect(b[0]).toBeCloseTo(0.085, 3);
    expect(b[1]).toBeCloseTo(0.3175, 3);
    expect(b[2]).toBeCloseTo(0, 12);
    const c = calib.cameraCenter('center');
    expect(c[0]).toBeCloseTo(0.635, 12);
    expect(c[2]).toBeCloseTo(-0.02, 12);
    expect(calib.cameraCenter('cam_a')).toEqual([-0, -0, -0]);
  });

  it('takes water_z from the first camera in file order and warns when another camera disagrees', () => {
    const doc = exampleCalibrationJson();
    setPath(doc, ['cameras', 'cam_a', 'water_z'], 0.99);
    const calib = parse(doc);
    expect(calib.waterZ).toBe(0.978);
    expect(calib.warnings).toHaveLength(1);
    expect(calib.warnings[0]).toContain("camera 'cam_a' key 'water_z'");
  });

  it('accepts the legacy interface_distance key', () => {
    const doc = exampleCalibrationJson();
    for (const cam of Object.values(getPath(doc, ['cameras']) as Record<string, Record<string, unknown>>)) {
      cam.interface_distance = cam.water_z;
      delete cam.water_z;
    }
    expect(parse(doc).waterZ).toBe(0.978);
  });

  it('parses JSON text and survives a serialize → parse round trip unchanged', () => {
    const calib = parse(JSON.stringify(exampleCalibrationJson()));
    const again = parse(JSON.stringify(serializeCalibration(calib)));
    expect(again.cameras).toEqual(calib.cameras);
    expect(again.waterZ).toBe(calib.waterZ);
    expect(again.board).toEqual(calib.board);
    expect(again.metadata).toEqual(calib.metadata);
  });
});

describe('parseCalibration rejects bad input with one line naming file, camera and key', () => {
  it('wrong version', () => {
    const doc = exampleCalibrationJson();
    setPath(doc, ['version'], '2.0');
    expectError(doc, 'AQM_ERR_CALIBRATION_VERSION', 'calib.json', "'version'", '"2.0"');
  });

  it.each([['version'], ['cameras'], ['interface'], ['board'], ['diagnostics'], ['metadata']])('missing top-level key %s', (key) => {
    const doc = exampleCalibrationJson();
    deletePath(doc, [key]);
    expectError(doc, 'AQM_ERR_CALIBRATION_KEY_MISSING', 'calib.json', `'${key}'`);
  });

  it.each([
    ['interface', 'n_water'],
    ['board', 'dictionary'],
    ['diagnostics', 'validation_3d_error_std'],
    ['metadata', 'num_frames_holdout'],
  ])('missing nested key %s.%s', (section, key) => {
    const doc = exampleCalibrationJson();
    deletePath(doc, [section, key]);
    expectError(doc, 'AQM_ERR_CALIBRATION_KEY_MISSING', `'${section}.${key}'`);
  });

  it.each([
    ['intrinsics', 'K'],
    ['intrinsics', 'dist_coeffs'],
    ['intrinsics', 'image_size'],
    ['extrinsics', 'R'],
    ['extrinsics', 't'],
  ])('missing camera key %s.%s', (section, key) => {
    const doc = exampleCalibrationJson();
    deletePath(doc, ['cameras', 'cam_a', section, key]);
    expectError(doc, 'AQM_ERR_CALIBRATION_KEY_MISSING', "camera 'cam_a'", `'${section}.${key}'`);
  });

  it('missing water_z and interface_distance', () => {
    const doc = exampleCalibrationJson();
    deletePath(doc, ['cameras', 'center', 'water_z']);
    expectError(doc, 'AQM_ERR_CALIBRATION_KEY_MISSING', "camera 'center'", "'water_z'", 'interface_distance');
  });

  it.each([
    [
      'K 2×3',
      'intrinsics',
      'K',
      [
        [1, 0, 0],
        [0, 1, 0],
      ],
    ],
    [
      'K with a short row',
      'intrinsics',
      'K',
      [
        [1400, 0, 800],
        [0, 1400],
        [0, 0, 1],
      ],
    ],
    ['R flat', 'extrinsics', 'R', [1, 0, 0, 0, 1, 0, 0, 0, 1]],
    ['t of length 2', 'extrinsics', 't', [0, 0]],
    ['t 1×3 nested', 'extrinsics', 't', [[0, 0, 0]]],
  ])('%s', (_label, section, key, value) => {
    const doc = exampleCalibrationJson();
    setPath(doc, ['cameras', 'cam_a', section, key], value);
    expectError(doc, 'AQM_ERR_CALIBRATION_SHAPE', "camera 'cam_a'", `'${section}.${key}'`);
  });

  it('non-finite numbers written by Python json (NaN / Infinity tokens)', () => {
    const text = JSON.stringify(exampleCalibrationJson()).replace('"water_z":0.978', '"water_z":NaN');
    expectError(text, 'AQM_ERR_CALIBRATION_VALUE', "camera 'cam_b'", "'water_z'", 'finite', 'NaN');
    const text2 = JSON.stringify(exampleCalibrationJson()).replace('[1400,0,800]', '[1400,0,-Infinity]');
    expectError(text2, 'AQM_ERR_CALIBRATION_VALUE', "camera 'cam_a'", "'intrinsics.K[0][2]'", '-Infinity');
  });

  it('non-numeric matrix entries', () => {
    const doc = exampleCalibrationJson();
    setPath(
      doc,
      ['cameras', 'cam_a', 'extrinsics', 'R'],
      [
        [1, 0, 0],
        [0, '1', 0],
        [0, 0, 1],
      ],
    );
    expectError(doc, 'AQM_ERR_CALIBRATION_VALUE', "'extrinsics.R[1][1]'", 'a number');
  });

  it('R that is not a rotation (tolerance 1e-6)', () => {
    const doc = exampleCalibrationJson();
    setPath(
      doc,
      ['cameras', 'cam_b', 'extrinsics', 'R'],
      [
        [0.866, -0.5, 0],
        [0.5, 0.866, 0],
        [0, 0, 1],
      ],
    );
    expectError(doc, 'AQM_ERR_CALIBRATION_VALUE', "camera 'cam_b'", "'extrinsics.R'", 'rotation');
    const mirror = exampleCalibrationJson();
    setPath(
      mirror,
      ['cameras', 'cam_a', 'extrinsics', 'R'],
      [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, -1],
      ],
    );
    expectError(mirror, 'AQM_ERR_CALIBRATION_VALUE', "'extrinsics.R'");
    const nearly = exampleCalibrationJson();
    setPath(
      nearly,
      ['cameras', 'cam_a', 'extrinsics', 'R'],
      [
        [1, 2e-7, 0],
        [-2e-7, 1, 0],
        [0, 0, 1],
      ],
    );
    expect(parse(nearly).cameras.cam_a.R[1]).toBe(2e-7);
  });

  it.each([
    ['pinhole with 4 coefficients', 'cam_a', [0.1, 0.01, 0, 0]],
    ['pinhole with 6 coefficients', 'cam_a', [0.1, 0.01, 0, 0, 0, 0]],
    ['fisheye with 5 coefficients', 'center', [0.02, -0.01, 0.003, -0.0005, 0]],
  ])('distortion of the wrong length: %s', (_label, camera, dist) => {
    const doc = exampleCalibrationJson();
    setPath(doc, ['cameras', camera, 'intrinsics', 'dist_coeffs'], dist);
    expectError(doc, 'AQM_ERR_CALIBRATION_SHAPE', `camera '${camera}'`, "'intrinsics.dist_coeffs'");
  });

  it('accepts 8 rational coefficients', () => {
    const doc = exampleCalibrationJson();
    setPath(doc, ['cameras', 'cam_a', 'intrinsics', 'dist_coeffs'], [-0.2, 0.05, 0, 0, 0.01, 0.02, -0.01, 0.001]);
    expect(parse(doc).cameras.cam_a.distCoeffs).toHaveLength(8);
  });

  it.each([['../evil'], ['a/b'], ['.hidden'], ['']])('unsafe camera name %j', (name) => {
    const doc = exampleCalibrationJson();
    setPath(doc, ['cameras', name], getPath(doc, ['cameras', 'cam_a']));
    expectError(doc, 'AQM_ERR_UNSAFE_NAME', 'calib.json');
  });

  it('n_water not above n_air (water must be the denser medium)', () => {
    const doc = exampleCalibrationJson();
    setPath(doc, ['interface', 'n_water'], 0.9);
    expectError(doc, 'AQM_ERR_CALIBRATION_PHYSICS', 'calib.json', "'interface.n_water'", 'greater than n_air 1', '0.9');
  });

  it.each([[[0, 0, 1]], [[1, 0, 0]]])('an interface normal %j that does not point up, from water toward air', (normal) => {
    const doc = exampleCalibrationJson();
    setPath(doc, ['interface', 'normal'], normal);
    expectError(doc, 'AQM_ERR_CALIBRATION_PHYSICS', 'calib.json', "'interface.normal'", 'pointing up', JSON.stringify(normal));
  });

  it('a camera below the water surface', () => {
    const doc = exampleCalibrationJson();
    for (const name of ['cam_a', 'cam_b', 'center']) setPath(doc, ['cameras', name, 'water_z'], -0.5);
    expectError(doc, 'AQM_ERR_CALIBRATION_PHYSICS', "camera 'cam_b'", "'extrinsics.t'", 'air side', 'water_z -0.5');
  });

  it('two cameras at one place (extrinsics copied from one camera to another)', () => {
    const doc = exampleCalibrationJson();
    setPath(doc, ['cameras', 'center', 'extrinsics'], structuredClone(getPath(doc, ['cameras', 'cam_b', 'extrinsics'])));
    expectError(doc, 'AQM_ERR_CALIBRATION_PHYSICS', "camera 'center'", "'extrinsics.t'", "apart from that of camera 'cam_b'", '0.00 mm from it');
    // 2 mm apart is a rig (if a tight one).
    const near = exampleCalibrationJson();
    const t = getPath(near, ['cameras', 'cam_b', 'extrinsics', 't']) as number[][];
    setPath(near, ['cameras', 'center', 'extrinsics'], structuredClone(getPath(near, ['cameras', 'cam_b', 'extrinsics'])));
    setPath(near, ['cameras', 'center', 'extrinsics', 't'], [[t[0][0] + 0.002], [t[1][0]], [t[2][0]]]);
    expect(() => parse(near)).not.toThrow();
  });

  it('invalid JSON text', () => {
    expectError('{"version": "1.0",', 'AQM_ERR_CALIBRATION_JSON', 'calib.json');
  });
});

describe('loadCalibration', () => {
  it('reads a file and names it in errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aqm-geom-'));
    const good = join(dir, 'calibration.json');
    writeFileSync(good, JSON.stringify(exampleCalibrationJson()));
    const calib = await loadCalibration(good);
    expect(calib.ringCameras).toEqual(['cam_a', 'cam_b']);
    const bad = join(dir, 'bad.json');
    const doc = exampleCalibrationJson();
    setPath(doc, ['cameras', 'cam_b', 'intrinsics', 'image_size'], [1600]);
    writeFileSync(bad, JSON.stringify(doc));
    await expect(loadCalibration(bad)).rejects.toMatchObject({ code: 'AQM_ERR_CALIBRATION_SHAPE' });
    await expect(loadCalibration(bad)).rejects.toThrow(`${bad}: camera 'cam_b' key 'intrinsics.image_size'`);
    await expect(loadCalibration(join(dir, 'missing.json'))).rejects.toMatchObject({
      code: 'AQM_ERR_CALIBRATION_NOT_FOUND',
    });
  });
});
