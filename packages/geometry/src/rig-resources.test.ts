import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aquamvsConfigSchema, createMemoryFrameSource, runPipeline, silentLogger, STAGE, type AquamvsPlugin, type Stage } from '@aquamvs/core';
import { describe, expect, it } from 'vitest';
import { loadCalibration } from './parse-calibration.js';
import { prepareRig, requireCameraPairs } from './rig-resources.js';
import { exampleCalibrationJson } from './test-support/example-calibration.js';

async function calibrationFile(dir: string): Promise<string> {
  const file = join(dir, 'calibration.json');
  await writeFile(file, JSON.stringify(exampleCalibrationJson()));
  return file;
}

/** A pipeline whose one stage prepares the rig of `inputs` (frames it ran are pushed to `frames`). */
async function rigRun(dir: string, inputs: Record<string, string>, frames: number[] = []): Promise<unknown> {
  const stage: Stage = {
    id: 'rig',
    consumes: [],
    produces: [],
    prepare: async (run) => {
      await prepareRig(run);
    },
    run: (ctx) => Promise.resolve(void frames.push(ctx.frame)),
  };
  const plugin: AquamvsPlugin = { name: 'rig-user', register: (c) => void c.register(STAGE, { useValue: stage }) };
  const config = aquamvsConfigSchema.parse({
    calibration_path: await calibrationFile(dir),
    camera_input_map: inputs,
    output_dir: join(dir, 'out'),
    pipeline: { stages: ['rig'] },
  });
  const image = { width: 2, height: 2, channels: 1 as const, data: new Uint8Array(4) };
  const source = createMemoryFrameSource(Object.keys(inputs), 1, () => new Map(Object.keys(inputs).map((c) => [c, image])));
  return runPipeline({ config, frameSource: source, plugins: [plugin], log: silentLogger });
}

// A library user's run: no CLI checks in front, the calibration loaded by prepareRig from calibration_path.
describe('prepareRig', () => {
  it('rejects an input camera the calibration lacks before frame 0, naming it and the calibrated cameras', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aqm-rig-'));
    const frames: number[] = [];
    const inputs = { cam_a: 'a', cam_b: 'b', cam_z: 'z' };
    await expect(rigRun(dir, inputs, frames)).rejects.toMatchObject({
      code: 'AQM_ERR_STAGE_FAILED',
      stage: 'rig',
      phase: 'prepare',
      cause: {
        code: 'AQM_ERR_INPUT_INVALID',
        message: "camera_input_map: camera 'cam_z' is not in the calibration (calibrated cameras: cam_b, cam_a, center)",
      },
    });
    expect(frames).toEqual([]);
    expect(await readdir(dir)).toEqual(['calibration.json']);
  });

  it('leaves a rig without a camera pair to the stages that need one: requireCameraPairs names its cameras', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aqm-rig-'));
    const frames: number[] = [];
    // Undistortion alone needs no pair: a pipeline of per-camera stages runs on the centre camera alone.
    await rigRun(dir, { center: 'c' }, frames);
    expect(frames).toEqual([0]);
    const calibration = await loadCalibration(join(dir, 'calibration.json'));
    const rig = { calibration, ringCameras: [], auxiliaryCameras: ['center'], models: new Map(), pairs: {} };
    expect(() => requireCameraPairs(rig)).toThrow(
      expect.objectContaining({
        code: 'AQM_ERR_INPUT_INVALID',
        message:
          'camera_input_map: no camera pair to reconstruct from: 0 ring camera(s) and 1 auxiliary camera(s) (center) have an input; ' +
          'the pipeline needs a ring camera (one without "is_auxiliary": true in the calibration) and a second camera to pair it with',
      }),
    );
    expect(() => requireCameraPairs({ ...rig, ringCameras: ['cam_a'], pairs: { cam_a: [] } })).toThrow(/1 ring camera\(s\) \(cam_a\)/);
    expect(() => requireCameraPairs({ ...rig, ringCameras: ['cam_a'], pairs: { cam_a: ['center'] } })).not.toThrow();
  });
});

describe('a loaded calibration', () => {
  it('answers the centre of a camera it lacks with AQM_ERR_GEOMETRY_ARGUMENT naming its cameras', async () => {
    const calibration = await loadCalibration(await calibrationFile(await mkdtemp(join(tmpdir(), 'aqm-rig-'))));
    let caught: unknown;
    try {
      calibration.cameraCenter('cam_z');
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'AQM_ERR_GEOMETRY_ARGUMENT', message: 'cameraCenter: expected one of cam_b, cam_a, center, got "cam_z"' });
  });
});
