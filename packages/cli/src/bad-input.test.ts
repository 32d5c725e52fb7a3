import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ffmpegPath } from '@aquamvs/io';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { addSensorNoise } from './test-support/sensor-noise.js';

// Bad input, tried as a new user would: each case runs the built CLI on a copy of a small synthetic `ci` dataset
// (5 cameras × 2 frames, stage list cut to `undistort` so a frame takes a second) and checks the exit code, the
// documented error code on one line, that no stack trace is printed, and exactly which files `output/` holds after.

const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/bin.js');
let base: string;

interface CliResult {
  code: number | null;
  stderr: string;
  stdout: string;
}

function aquamvs(args: readonly string[], cwd: string): CliResult {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

/** Every file under `dir`, relative and sorted; `null` when `dir` does not exist, `'file'` when it is a file. */
async function filesUnder(dir: string): Promise<string[] | null | 'file'> {
  if (!existsSync(dir)) return null;
  if (!(await stat(dir)).isDirectory()) return 'file';
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).replace(/^runs\/\d{8}T\d{6}Z-[0-9a-f]{8}\.yaml$/, 'runs/<run>.yaml'))
    .sort();
}

type Json = Record<string, unknown>;
const editConfig = async (dir: string, edit: (text: string) => string): Promise<void> => {
  const file = join(dir, 'config.yaml');
  await writeFile(file, edit(await readFile(file, 'utf8')));
};
const setConfigLine = (dir: string, from: string, to: string): Promise<void> =>
  editConfig(dir, (text) => {
    if (!text.includes(from)) throw new Error(`config.yaml has no '${from}'`);
    return text.replace(from, to);
  });
const editCalibration = async (
  dir: string,
  edit: (calibration: Json & { cameras: Record<string, Json>; interface: Json }) => void,
): Promise<void> => {
  const file = join(dir, 'calibration.json');
  const calibration = JSON.parse(await readFile(file, 'utf8')) as Json & { cameras: Record<string, Json>; interface: Json };
  edit(calibration);
  await writeFile(file, JSON.stringify(calibration));
};
const image = (dir: string, camera: string, frame: number): string => join(dir, 'images', camera, `frame_${String(frame).padStart(6, '0')}.png`);
const writePng = (file: string, width: number, height: number, grey = 90): Promise<unknown> =>
  sharp(Buffer.alloc(width * height * 3, grey), { raw: { width, height, channels: 3 } })
    .png()
    .toFile(file);
/** The stage list cut to the sparse stages, which judge what only shows in the images (matches, reprojection). */
const withSparseStages = (dir: string): Promise<void> =>
  setConfigLine(dir, 'stages: [undistort]', 'stages: [undistort, sparse-matching, triangulation]');
/** The image moved `dx` pixels to the right, as when its camera was bumped after calibration. */
const shiftPng = async (file: string, dx: number): Promise<void> => {
  const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
  const shifted = await sharp(data, { raw: info })
    .extract({ left: 0, top: 0, width: info.width - dx, height: info.height })
    .extend({ left: dx, background: { r: 90, g: 90, b: 90 } })
    .png()
    .toBuffer();
  await writeFile(file, shifted);
};
/** `mask_dir: masks` holding one mask `name` of `width` × `height`, every pixel `grey`. */
const withMask = async (dir: string, name: string, width: number, height: number, grey = 90): Promise<void> => {
  await mkdir(join(dir, 'masks'));
  await writePng(join(dir, 'masks', name), width, height, grey);
  await setConfigLine(dir, 'mask_dir: null', 'mask_dir: masks');
};
const truncate = async (file: string): Promise<void> => writeFile(file, (await readFile(file)).subarray(0, 200));
/** Cuts the last `bytes` bytes off a file, as an interrupted copy or recording leaves it. */
const cutEnd = async (file: string, bytes: number): Promise<void> => {
  const content = await readFile(file);
  await writeFile(file, content.subarray(0, content.length - bytes));
};
const plugin = (dir: string, body: string): Promise<void> => writeFile(join(dir, 'p.mjs'), body);
const usePlugin = async (dir: string, stages: string): Promise<void> => {
  await setConfigLine(dir, 'plugins: []', "plugins: ['./p.mjs']");
  await setConfigLine(dir, 'stages: [undistort]', `stages: ${stages}`);
};

/**
 * Encodes each camera's images as `videos/<camera>.mp4` and points camera_input_map at them. `faststart` puts the
 * index (moov) before the frames, as files written for streaming have it; without it the index comes last.
 */
async function toVideos(
  dir: string,
  options: {
    short?: string;
    size?: { camera: string; width: number; height: number };
    faststart?: boolean;
    rate?: { camera: string; fps: number };
    /** Six frames a video (the two images looped), `camera`'s recording without its frame `frame`: a gap in its timestamps. */
    drop?: { camera: string; frame: number };
  } = {},
): Promise<void> {
  const cameras = ['center', 'ring00', 'ring01', 'ring02', 'ring03'];
  await mkdir(join(dir, 'videos'));
  for (const camera of cameras) {
    const frames = camera === options.short ? ['-frames:v', '1'] : options.drop ? ['-frames:v', '6'] : [];
    const loop = options.drop ? ['-loop', '1'] : [];
    const dropped = camera === options.drop?.camera ? ['-vf', `select='not(eq(n\\,${options.drop.frame}))'`, '-vsync', 'passthrough'] : [];
    const scale = camera === options.size?.camera ? ['-vf', `scale=${options.size.width}:${options.size.height}`] : [];
    execFileSync(ffmpegPath(), [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-framerate',
      String(camera === options.rate?.camera ? options.rate.fps : 10),
      ...loop,
      '-i',
      join(dir, 'images', camera, 'frame_%06d.png'),
      ...dropped,
      ...frames,
      ...scale,
      '-c:v',
      'libx264',
      '-crf',
      '12',
      '-pix_fmt',
      'yuv420p',
      ...(options.faststart ? ['-movflags', '+faststart'] : []),
      join(dir, 'videos', `${camera}.mp4`),
    ]);
    await setConfigLine(dir, `  ${camera}: images/${camera}`, `  ${camera}: videos/${camera}.mp4`);
  }
}

interface BadInputCase {
  readonly what: string;
  readonly prepare?: (dir: string) => Promise<unknown>;
  /** Arguments after `aquamvs`. @default ['run', 'config.yaml'] */
  readonly args?: readonly string[];
  readonly exit: number;
  readonly code: string;
  /** A fragment of the error line. */
  readonly says: string;
  /** With `-v`: the documented code of the error's cause, printed as `caused by CODE: …`. */
  readonly cause?: string;
  /** Files under output/ afterwards; `null`: output/ does not exist; `'file'`: output is (still) the user's file. */
  readonly files: readonly string[] | null | 'file';
}

const NOTHING = null;
/** What a run that started leaves besides frame folders: the latest config, the manifest, its config record. */
const RECORD = ['config.yaml', 'run.json', 'runs/<run>.yaml'];
/** The run's record and frame 0 of the sparse stages, whole; a failed frame 1 leaves nothing. */
const SPARSE_RECORD = [
  'config.yaml',
  'frame_000000/sparse/calibration_fit.json',
  'frame_000000/sparse/sparse_cloud.npz',
  'run.json',
  'runs/<run>.yaml',
];

const cases: readonly BadInputCase[] = [
  // command-line flags
  {
    what: '--frames abc',
    args: ['run', 'config.yaml', '--frames', 'abc'],
    exit: 1,
    code: 'AQM_ERR_INPUT_INVALID',
    says: '--frames: expected a:b',
    files: NOTHING,
  },
  {
    what: '--frames=-1:2',
    args: ['run', 'config.yaml', '--frames=-1:2'],
    exit: 1,
    code: 'AQM_ERR_INPUT_INVALID',
    says: 'got "-1:2"',
    files: NOTHING,
  },
  {
    what: '--frames -1:2',
    args: ['run', 'config.yaml', '--frames', '-1:2'],
    exit: 1,
    code: 'AQM_ERR_INPUT_INVALID',
    says: 'got "-1:2"',
    files: NOTHING,
  },
  {
    what: '--frames 1.5:2',
    args: ['run', 'config.yaml', '--frames', '1.5:2'],
    exit: 1,
    code: 'AQM_ERR_INPUT_INVALID',
    says: 'got "1.5:2"',
    files: NOTHING,
  },
  {
    what: 'profile --frames abc',
    args: ['profile', 'config.yaml', '--frames', 'abc'],
    exit: 1,
    code: 'AQM_ERR_INPUT_INVALID',
    says: '--frames: expected a:b',
    files: NOTHING,
  },
  {
    what: '--frames past the last frame',
    args: ['run', 'config.yaml', '--frames', '5:9'],
    exit: 1,
    code: 'AQM_ERR_INPUT_INVALID',
    says: 'frame_start 5 is past the last frame; the input has 2 frame(s)',
    files: NOTHING,
  },
  {
    what: '--frames reaching past the end',
    args: ['run', 'config.yaml', '--frames', '0:10'],
    exit: 1,
    code: 'AQM_ERR_INPUT_INVALID',
    says: 'frame_stop 10 is past the end',
    files: NOTHING,
  },
  {
    what: 'an empty --frames range',
    args: ['run', 'config.yaml', '--frames', '1:1'],
    exit: 1,
    code: 'AQM_ERR_INPUT_INVALID',
    says: 'selects no frame',
    files: NOTHING,
  },
  { what: 'a missing config file', args: ['run', 'nope.yaml'], exit: 1, code: 'AQM_ERR_CONFIG_NOT_FOUND', says: 'nope.yaml', files: NOTHING },
  // config
  {
    what: 'YAML that does not parse',
    prepare: (d) => editConfig(d, (t) => `${t}\noutput_dir: [unclosed\n`),
    exit: 1,
    code: 'AQM_ERR_CONFIG_YAML',
    says: 'config.yaml',
    files: NOTHING,
  },
  {
    what: 'a misspelt key (num_depth)',
    prepare: (d) => setConfigLine(d, '  num_depths: 128', '  num_depth: 128'),
    exit: 1,
    code: 'AQM_ERR_CONFIG_INVALID',
    says: 'invalid config',
    files: NOTHING,
  },
  {
    what: 'the pre-2026 camera_video_map key',
    prepare: (d) => editConfig(d, (t) => `${t}camera_video_map: {}\n`),
    exit: 1,
    code: 'AQM_ERR_CONFIG_INVALID',
    says: 'invalid config',
    files: NOTHING,
  },
  {
    what: 'an unknown surface_method',
    prepare: (d) => setConfigLine(d, 'surface_method: null', 'surface_method: marching_cubes'),
    exit: 1,
    code: 'AQM_ERR_CONFIG_INVALID',
    says: 'invalid config',
    files: NOTHING,
  },
  {
    what: 'voxel_size 1e-9',
    prepare: (d) => setConfigLine(d, 'voxel_size: 0.001', 'voxel_size: 1.0e-9'),
    exit: 1,
    code: 'AQM_ERR_CONFIG_INVALID',
    says: 'invalid config',
    files: NOTHING,
  },
  {
    what: 'num_depths 200000',
    prepare: (d) => setConfigLine(d, 'num_depths: 128', 'num_depths: 200000'),
    exit: 1,
    code: 'AQM_ERR_CONFIG_INVALID',
    says: 'invalid config',
    files: NOTHING,
  },
  {
    what: 'an even window_size',
    prepare: (d) => setConfigLine(d, 'window_size: 11', 'window_size: 4'),
    exit: 1,
    code: 'AQM_ERR_CONFIG_INVALID',
    says: 'invalid config',
    files: NOTHING,
  },
  {
    what: 'an unknown stage',
    prepare: (d) => setConfigLine(d, 'stages: [undistort]', 'stages: [undistort, nosuch]'),
    exit: 1,
    code: 'AQM_ERR_PIPELINE_INVALID',
    says: "unknown stage 'nosuch'",
    files: NOTHING,
  },
  {
    what: 'a stage list consuming before producing',
    prepare: (d) => setConfigLine(d, 'stages: [undistort]', 'stages: [fusion]'),
    exit: 1,
    code: 'AQM_ERR_PIPELINE_INVALID',
    says: "stage 'fusion' consumes",
    files: NOTHING,
  },
  {
    what: 'an empty camera_input_map',
    prepare: (d) => editConfig(d, (t) => t.replace(/camera_input_map:\n( {2}.*\n)+/, 'camera_input_map: {}\n')),
    exit: 1,
    code: 'AQM_ERR_INPUT_INVALID',
    says: 'camera_input_map is empty',
    files: NOTHING,
  },
  {
    what: 'no ring camera: every calibrated camera marked auxiliary (-v)',
    prepare: async (d) => {
      await withSparseStages(d);
      await editCalibration(d, (c) => Object.values(c.cameras).forEach((camera) => (camera.is_auxiliary = true)));
    },
    args: ['run', 'config.yaml', '-v'],
    exit: 1,
    code: 'AQM_ERR_STAGE_FAILED',
    says: 'no camera pair to reconstruct from: 0 ring camera(s) and 5 auxiliary camera(s) (center, ring00, ring01, ring02, ring03)',
    cause: 'AQM_ERR_INPUT_INVALID',
    files: NOTHING,
  },
  {
    what: 'frame_stop past the end in the config',
    prepare: (d) => setConfigLine(d, 'frame_stop: null', 'frame_stop: 10'),
    exit: 1,
    code: 'AQM_ERR_INPUT_INVALID',
    says: 'frame_stop 10 is past the end',
    files: NOTHING,
  },
  {
    what: 'min_cameras above the camera count',
    prepare: (d) => setConfigLine(d, 'min_cameras: null', 'min_cameras: 9'),
    exit: 1,
    code: 'AQM_ERR_INPUT_INVALID',
    says: 'min_cameras 9 is more than the 5 camera(s)',
    files: NOTHING,
  },
  {
    what: 'an output_dir that is a file',
    prepare: (d) => writeFile(join(d, 'output'), 'x'),
    exit: 1,
    code: 'AQM_ERR_OUTPUT_WRITE',
    says: 'output_dir exists and is not a directory',
    files: 'file',
  },
  {
    what: 'an output_dir another live run holds',
    prepare: async (d) => {
      await mkdir(join(d, 'output'));
      await writeFile(join(d, 'output', '.aquamvs.lock'), JSON.stringify({ host: hostname(), pid: process.pid, startedAt: '2026-12-03T00:00:00Z' }));
    },
    exit: 1,
    code: 'AQM_ERR_OUTPUT_LOCKED',
    says: `in use by aquamvs process ${process.pid}`,
    files: ['.aquamvs.lock'],
  },
  // calibration
  {
    what: 'a missing calibration file',
    prepare: (d) => rm(join(d, 'calibration.json')),
    exit: 1,
    code: 'AQM_ERR_CALIBRATION_NOT_FOUND',
    says: 'calibration.json',
    files: NOTHING,
  },
  {
    what: 'a calibration that is not JSON',
    prepare: (d) => writeFile(join(d, 'calibration.json'), '{"version": "1.0",'),
    exit: 1,
    code: 'AQM_ERR_CALIBRATION_JSON',
    says: 'not valid JSON',
    files: NOTHING,
  },
  {
    what: 'calibration version 2.0',
    prepare: (d) => editCalibration(d, (c) => void (c.version = '2.0')),
    exit: 1,
    code: 'AQM_ERR_CALIBRATION_VERSION',
    says: '"2.0"',
    files: NOTHING,
  },
  {
    what: 'a camera without K',
    prepare: (d) =>
      editCalibration(d, (c) => {
        delete (c.cameras.ring01.intrinsics as Json).K;
      }),
    exit: 1,
    code: 'AQM_ERR_CALIBRATION_KEY_MISSING',
    says: "camera 'ring01' key 'intrinsics.K'",
    files: NOTHING,
  },
  {
    what: 'a 2×2 R',
    prepare: (d) =>
      editCalibration(
        d,
        (c) =>
          void ((c.cameras.ring02.extrinsics as Json).R = [
            [1, 0],
            [0, 1],
          ]),
      ),
    exit: 1,
    code: 'AQM_ERR_CALIBRATION_SHAPE',
    says: "camera 'ring02' key 'extrinsics.R'",
    files: NOTHING,
  },
  {
    what: 'an R that is not orthonormal',
    prepare: (d) =>
      editCalibration(
        d,
        (c) =>
          void ((c.cameras.ring02.extrinsics as Json).R = [
            [1.1, 0, 0],
            [0, 1, 0],
            [0, 0, 1],
          ]),
      ),
    exit: 1,
    code: 'AQM_ERR_CALIBRATION_VALUE',
    says: "camera 'ring02' key 'extrinsics.R': expected a rotation matrix",
    files: NOTHING,
  },
  {
    what: 'a negative focal length',
    prepare: (d) =>
      editCalibration(d, (c) => {
        const K = (c.cameras.ring03.intrinsics as { K: number[][] }).K;
        K[0][0] = -K[0][0];
      }),
    exit: 1,
    code: 'AQM_ERR_CALIBRATION_VALUE',
    says: "camera 'ring03' key 'intrinsics.K': expected fx > 0",
    files: NOTHING,
  },
  {
    what: 'n_water 0.9',
    prepare: (d) => editCalibration(d, (c) => void (c.interface.n_water = 0.9)),
    exit: 1,
    code: 'AQM_ERR_CALIBRATION_PHYSICS',
    says: "key 'interface.n_water'",
    files: NOTHING,
  },
  {
    what: 'n_water equal to n_air',
    prepare: (d) => editCalibration(d, (c) => void (c.interface.n_water = 1)),
    exit: 1,
    code: 'AQM_ERR_CALIBRATION_PHYSICS',
    says: 'greater than n_air 1',
    files: NOTHING,
  },
  {
    what: "two cameras at one place (ring01's extrinsics copied to ring02)",
    prepare: (d) => editCalibration(d, (c) => void (c.cameras.ring02.extrinsics = c.cameras.ring01.extrinsics)),
    exit: 1,
    code: 'AQM_ERR_CALIBRATION_PHYSICS',
    says: "camera 'ring02' key 'extrinsics.t': expected a camera centre apart from that of camera 'ring01'",
    files: NOTHING,
  },
  {
    what: 'the water surface on the camera side',
    prepare: (d) =>
      editCalibration(d, (c) => {
        for (const camera of Object.values(c.cameras)) camera.water_z = -0.5;
      }),
    exit: 1,
    code: 'AQM_ERR_CALIBRATION_PHYSICS',
    says: 'on the air side of the water surface',
    files: NOTHING,
  },
  {
    what: 'an input camera the calibration lacks',
    prepare: (d) => setConfigLine(d, '  center: images/center', '  center: images/center\n  ring04: images/ring03'),
    exit: 1,
    code: 'AQM_ERR_INPUT_INVALID',
    says: "camera 'ring04' is not in the calibration",
    files: NOTHING,
  },
  {
    what: 'an input camera the calibration lacks, with --queue (checked before connecting)',
    prepare: (d) => setConfigLine(d, '  center: images/center', '  center: images/center\n  ring04: images/ring03'),
    args: ['run', 'config.yaml', '-q', '--queue', 'redis://127.0.0.1:9'],
    exit: 1,
    code: 'AQM_ERR_INPUT_INVALID',
    says: "camera 'ring04' is not in the calibration",
    files: NOTHING,
  },
  {
    what: 'two cameras mapped to one image directory (a copy-paste slip in camera_input_map)',
    prepare: (d) => setConfigLine(d, '  ring02: images/ring02', '  ring02: images/ring01'),
    exit: 1,
    code: 'AQM_ERR_INPUT_INVALID',
    says: "camera_input_map: cameras 'ring01' and 'ring02' both read ",
    files: NOTHING,
  },
  {
    what: 'two cameras mapped to one video, with --queue (checked before connecting)',
    prepare: async (d) => {
      await toVideos(d);
      await setConfigLine(d, '  ring02: videos/ring02.mp4', '  ring02: videos/ring01.mp4');
    },
    args: ['run', 'config.yaml', '-q', '--queue', 'redis://127.0.0.1:9'],
    exit: 1,
    code: 'AQM_ERR_INPUT_INVALID',
    says: "camera_input_map: cameras 'ring01' and 'ring02' both read ",
    files: NOTHING,
  },
  {
    what: 'an input video camera the calibration lacks',
    prepare: async (d) => {
      await toVideos(d);
      await setConfigLine(d, '  center: videos/center.mp4', '  center: videos/center.mp4\n  ring04: videos/ring03.mp4');
    },
    exit: 1,
    code: 'AQM_ERR_INPUT_INVALID',
    says: "camera 'ring04' is not in the calibration",
    files: NOTHING,
  },
  {
    what: 'an unsafe camera name in the calibration',
    prepare: (d) => editCalibration(d, (c) => void (c.cameras['../up'] = c.cameras.ring00)),
    exit: 1,
    code: 'AQM_ERR_UNSAFE_NAME',
    says: "'../up'",
    files: NOTHING,
  },
  {
    what: 'a camera name with terminal control characters',
    prepare: (d) => setConfigLine(d, '  center: images/center', '  "center\\e[31m\\r": images/center'),
    exit: 1,
    code: 'AQM_ERR_UNSAFE_NAME',
    says: "camera 'center\\x1b[31m\\x0d' is not a safe file name",
    files: NOTHING,
  },
  // inputs before frame 0
  {
    what: 'a missing input directory',
    prepare: (d) => rm(join(d, 'images', 'ring02'), { recursive: true }),
    exit: 1,
    code: 'AQM_ERR_IO_INPUT_MISSING',
    says: "camera 'ring02'",
    files: NOTHING,
  },
  {
    what: 'an empty input directory',
    prepare: async (d) => {
      await rm(join(d, 'images', 'ring02'), { recursive: true });
      await mkdir(join(d, 'images', 'ring02'));
    },
    exit: 1,
    code: 'AQM_ERR_IO_INPUT_MISSING',
    says: 'holds no',
    files: NOTHING,
  },
  {
    what: 'cameras with different file names',
    prepare: (d) => rm(image(d, 'ring03', 1)),
    exit: 1,
    code: 'AQM_ERR_IO_CAMERA_MISMATCH',
    says: "camera 'ring03'",
    files: NOTHING,
  },
  // ROI masks (mask_dir): refused before frame 0, where the reference warns and runs without them
  {
    what: 'a mask_dir that does not exist',
    prepare: (d) => setConfigLine(d, 'mask_dir: null', 'mask_dir: maks'),
    exit: 1,
    code: 'AQM_ERR_MATCHING_MASK',
    says: 'maks does not exist or is not a directory',
    files: NOTHING,
  },
  {
    what: 'a mask of the wrong size',
    prepare: (d) => withMask(d, 'ring02.png', 160, 120),
    exit: 1,
    code: 'AQM_ERR_MATCHING_MASK',
    says: "ring02.png is 160×120, but camera 'ring02' is 320×240",
    files: NOTHING,
  },
  {
    what: 'a mask that masks out every pixel of its camera',
    prepare: (d) => withMask(d, 'ring02.png', 320, 240, 0),
    exit: 1,
    code: 'AQM_ERR_MATCHING_MASK',
    says: "ring02.png keeps no pixel of camera 'ring02' (every value is 0",
    files: NOTHING,
  },
  {
    what: 'a mask_dir whose masks match no camera name',
    prepare: (d) => withMask(d, 'cam_ring02.png', 320, 240),
    exit: 1,
    code: 'AQM_ERR_MATCHING_MASK',
    says: 'has no mask of any input camera (expected {camera}.png of ring00, ring01, ring02, ring03, center; it holds cam_ring02.png)',
    files: NOTHING,
  },
  {
    what: 'a first image of the wrong size',
    prepare: (d) => writePng(image(d, 'ring01', 0), 160, 120),
    exit: 1,
    code: 'AQM_ERR_INPUT_IMAGE_SIZE',
    says: "camera 'ring01'",
    files: NOTHING,
  },
  {
    what: 'a zero-byte first image',
    prepare: (d) => writeFile(image(d, 'center', 0), ''),
    exit: 1,
    code: 'AQM_ERR_IO_IMAGE_READ',
    says: 'frame_000000.png',
    files: NOTHING,
  },
  {
    what: 'a text file named .png as first image',
    prepare: (d) => writeFile(image(d, 'center', 0), 'hello'),
    exit: 1,
    code: 'AQM_ERR_IO_IMAGE_READ',
    says: 'frame_000000.png',
    files: NOTHING,
  },
  // videos
  {
    what: 'a video shorter than the others',
    prepare: (d) => toVideos(d, { short: 'ring02' }),
    exit: 1,
    code: 'AQM_ERR_INPUT_VIDEO_LENGTH',
    says: "videos/ring02.mp4 has 1 frames but camera 'center' has 2; the run would silently stop at frame 1",
    files: NOTHING,
  },
  {
    what: "a video at twice the others' frame rate (its frame 1 is 0.05 s before theirs)",
    prepare: (d) => toVideos(d, { rate: { camera: 'ring02', fps: 20 } }),
    exit: 1,
    code: 'AQM_ERR_INPUT_VIDEO_RATE',
    says:
      'videos/ring02.mp4 runs at 20 fps but 4 camera(s) (center, ring00, ring01, ring03) at 10 fps; frames are paired by their index, ' +
      'so by frame 1 their images are 0.050 s apart (0.5 frame(s) at 10 fps). Re-encode the videos to one frame rate, or keep to frames before 1',
    files: NOTHING,
  },
  {
    what: 'a video that dropped a frame while recording (its frames from 3 on are a frame later than the others)',
    prepare: (d) => toVideos(d, { drop: { camera: 'ring02', frame: 3 } }),
    exit: 1,
    code: 'AQM_ERR_INPUT_VIDEO_SYNC',
    says:
      "videos/ring02.mp4's frame 3 is stamped 0.400 s after its frame 0 but the other cameras' frame 3 0.300 s after theirs (1.0 frame(s) at " +
      '10 fps): its timestamps jump 0.200 s from frame 2 to frame 3 (2.0 frame periods), as where a camera dropped frames while recording',
    files: NOTHING,
  },
  {
    what: 'a video of the wrong size',
    prepare: (d) => toVideos(d, { size: { camera: 'ring03', width: 160, height: 120 } }),
    exit: 1,
    code: 'AQM_ERR_INPUT_IMAGE_SIZE',
    says: 'videos/ring03.mp4 is 160×120 but',
    files: NOTHING,
  },
  {
    what: 'a truncated video (its end cut off, with the index that mp4 writes last)',
    prepare: async (d) => {
      await toVideos(d);
      await cutEnd(join(d, 'videos', 'ring01.mp4'), 1000);
    },
    exit: 1,
    code: 'AQM_ERR_IO_VIDEO_PROBE',
    says: "camera 'ring01': cannot read video",
    files: NOTHING,
  },
  {
    what: 'a truncated streaming video (index first) cut into its first frame',
    prepare: async (d) => {
      await toVideos(d, { faststart: true });
      await cutEnd(join(d, 'videos', 'ring01.mp4'), 100);
    },
    exit: 1,
    code: 'AQM_ERR_INPUT_VIDEO_LENGTH',
    says: "/videos/ring01.mp4 has 1 frames but camera 'center' has 2",
    files: NOTHING,
  },
  {
    what: 'a truncated streaming video (index first) cut into its last frame',
    prepare: async (d) => {
      await toVideos(d, { faststart: true });
      await cutEnd(join(d, 'videos', 'ring01.mp4'), 5);
    },
    exit: 1,
    code: 'AQM_ERR_FRAMES_FAILED',
    says: 'videos/ring01.mp4: decoding failed (Error while decoding stream #0:0: Invalid data found when processing input) after frame 0',
    files: RECORD,
  },
  {
    what: 'a video that is a text file',
    prepare: async (d) => {
      await toVideos(d);
      await writeFile(join(d, 'videos', 'center.mp4'), 'not a video');
    },
    exit: 1,
    code: 'AQM_ERR_IO_VIDEO_PROBE',
    says: "camera 'center'",
    files: NOTHING,
  },
  // a bad camera image in a later frame fails that frame, not the run
  {
    what: 'a zero-byte image in frame 1',
    prepare: (d) => writeFile(image(d, 'ring01', 1), ''),
    exit: 1,
    code: 'AQM_ERR_FRAMES_FAILED',
    says: "1 frame(s) failed (1: frame 1: camera 'ring01' has no image (cannot read image",
    files: RECORD,
  },
  {
    what: 'a truncated PNG in frame 1',
    prepare: (d) => truncate(image(d, 'ring02', 1)),
    exit: 1,
    code: 'AQM_ERR_FRAMES_FAILED',
    says: "camera 'ring02' has no image",
    files: RECORD,
  },
  {
    what: 'a text file named .png in frame 1',
    prepare: (d) => writeFile(image(d, 'ring03', 1), 'not an image'),
    exit: 1,
    code: 'AQM_ERR_FRAMES_FAILED',
    says: "camera 'ring03' has no image",
    files: RECORD,
  },
  {
    what: 'an image of the wrong size in frame 1',
    prepare: (d) => writePng(image(d, 'center', 1), 320, 200),
    exit: 1,
    code: 'AQM_ERR_FRAMES_FAILED',
    says: "camera 'center' has no image (image is 320×200 but the calibrated image_size is 320×240)",
    files: RECORD,
  },
  {
    what: 'a zero-byte image in frame 1 tolerated by min_cameras',
    prepare: async (d) => {
      await writeFile(image(d, 'ring01', 1), '');
      await setConfigLine(d, 'min_cameras: null', 'min_cameras: 4');
    },
    exit: 2,
    code: 'AQM_ERR_FRAMES_DEGRADED',
    says: '1 frame(s) done without some cameras, as preprocessing.min_cameras allows (1: ring01)',
    files: RECORD,
  },
  {
    what: 'a blank image in frame 1 (a lens cap: one grey level)',
    prepare: (d) => writePng(image(d, 'ring01', 1), 320, 240),
    exit: 1,
    code: 'AQM_ERR_FRAMES_FAILED',
    says: "camera 'ring01' has no image (its image is blank: structure 0.00 against the cameras' upper quartile",
    files: RECORD,
  },
  {
    what: 'a blank image in frame 1 tolerated by min_cameras',
    prepare: async (d) => {
      await writePng(image(d, 'ring01', 1), 320, 240);
      await setConfigLine(d, 'min_cameras: null', 'min_cameras: 4');
    },
    exit: 2,
    code: 'AQM_ERR_FRAMES_DEGRADED',
    says: '1 frame(s) done without some cameras, as preprocessing.min_cameras allows (1: ring01)',
    files: RECORD,
  },
  {
    what: 'a frozen camera: its frame 1 repeats frame 0 while the other cameras show new sensor noise',
    prepare: (d) => addSensorNoise(['center', 'ring00', 'ring02', 'ring03'].map((camera) => image(d, camera, 1))),
    exit: 1,
    code: 'AQM_ERR_FRAMES_FAILED',
    says: "1 frame(s) failed (1: frame 1: camera 'ring01' has no image (its image repeats frame 0's byte for byte while 4 of 4 other camera(s) changed",
    files: RECORD,
  },
  {
    what: 'a hub down: three of five cameras frozen in frame 2 while two recorded new sensor noise into frames 1 and 2',
    prepare: async (d) => {
      const cameras = ['center', 'ring00', 'ring01', 'ring02', 'ring03'];
      for (const camera of cameras) await cp(image(d, camera, 1), image(d, camera, 2));
      await addSensorNoise(cameras.map((camera) => image(d, camera, 1)));
      for (const camera of ['ring01', 'ring02', 'ring03']) await cp(image(d, camera, 1), image(d, camera, 2));
      await addSensorNoise(
        ['center', 'ring00'].map((camera) => image(d, camera, 2)),
        11,
      );
    },
    exit: 1,
    code: 'AQM_ERR_FRAMES_FAILED',
    says:
      "1 frame(s) failed (2: frame 2: camera 'ring01' has no image (its image repeats frame 1's byte for byte while 2 other camera(s) " +
      '(center, ring00) recorded new sensor noise',
    files: RECORD,
  },
  {
    what: 'a frozen camera tolerated by min_cameras',
    prepare: async (d) => {
      await addSensorNoise(['center', 'ring00', 'ring02', 'ring03'].map((camera) => image(d, camera, 1)));
      await setConfigLine(d, 'min_cameras: null', 'min_cameras: 4');
    },
    exit: 2,
    code: 'AQM_ERR_FRAMES_DEGRADED',
    says: '1 frame(s) done without some cameras, as preprocessing.min_cameras allows (1: ring01)',
    files: RECORD,
  },
  {
    what: "a frame in which every camera's image is blank (lights off: no sparse point)",
    prepare: async (d) => {
      for (const camera of ['ring00', 'ring01', 'ring02', 'ring03', 'center']) await writePng(image(d, camera, 1), 320, 240);
      await withSparseStages(d);
    },
    exit: 1,
    code: 'AQM_ERR_FRAMES_FAILED',
    says: '1 frame(s) failed (1: [stage triangulation · @aquamvs/stage-matching] frame 1: no sparse point: 0 match(es) over',
    files: SPARSE_RECORD,
  },
  {
    what: 'a camera moved 2 px since calibration (frame 1)',
    prepare: async (d) => {
      await shiftPng(image(d, 'ring01', 1), 2);
      await withSparseStages(d);
    },
    exit: 1,
    code: 'AQM_ERR_FRAMES_FAILED',
    says: "1 frame(s) failed (1: frame 1: camera 'ring01' has no image (its image does not fit calibration.json: its sparse matches with",
    files: SPARSE_RECORD,
  },
  {
    what: "two cameras' images swapped (frame 1)",
    prepare: async (d) => {
      const [a, b] = [await readFile(image(d, 'ring01', 1)), await readFile(image(d, 'ring02', 1))];
      await writeFile(image(d, 'ring01', 1), b);
      await writeFile(image(d, 'ring02', 1), a);
      await withSparseStages(d);
    },
    exit: 1,
    code: 'AQM_ERR_FRAMES_FAILED',
    says: 'frame 1: only 2 sparse point(s): 2 match(es) over 10 camera pair(s) gave 2 triangulated point(s)',
    files: SPARSE_RECORD,
  },
  // a stage's own documented code, when its prepare fails before frame 0
  {
    what: 'matcher_type roma without a RoMa model (-v)',
    prepare: async (d) => {
      await setConfigLine(d, 'matcher_type: classic', 'matcher_type: roma');
      await setConfigLine(d, 'stages: [undistort]', 'stages: [undistort, dense-matching]');
    },
    args: ['run', 'config.yaml', '-v'],
    exit: 1,
    code: 'AQM_ERR_STAGE_FAILED',
    says: 'prepare: matcher_type roma needs dense_matching.onnx.model',
    cause: 'AQM_ERR_MATCHING_MODEL_MISSING',
    files: NOTHING,
  },
  // plugins
  {
    what: 'a plugin that does not exist',
    prepare: (d) => setConfigLine(d, 'plugins: []', "plugins: ['./nope.mjs']"),
    exit: 1,
    code: 'AQM_ERR_PLUGIN_LOAD',
    says: "'./nope.mjs'",
    files: NOTHING,
  },
  {
    what: 'a plugin without a default export',
    prepare: async (d) => {
      await plugin(d, 'export const x = 1;\n');
      await setConfigLine(d, 'plugins: []', "plugins: ['./p.mjs']");
    },
    exit: 1,
    code: 'AQM_ERR_PLUGIN_INVALID',
    says: "'./p.mjs'",
    files: NOTHING,
  },
  {
    what: 'a plugin stage whose consumes is not an array',
    prepare: async (d) => {
      await plugin(
        d,
        `export default () => ({ name: 'p', register(c) { c.register(Symbol.for('@aquamvs/core:stage'), { useValue: { id: 'odd', consumes: 'rawImages', produces: [], async run() {} } }); } });\n`,
      );
      await usePlugin(d, '[odd]');
    },
    exit: 1,
    code: 'AQM_ERR_PLUGIN_INVALID',
    says: "stage 'odd': 'consumes' must be an array of artifact keys",
    files: NOTHING,
  },
  {
    what: 'a plugin stage that throws from a timer',
    prepare: async (d) => {
      await plugin(
        d,
        `export default () => ({ name: 'p', register(c) { c.register(Symbol.for('@aquamvs/core:stage'), { useValue: { id: 'timer', consumes: [], produces: [],
        run: () => { setTimeout(() => { throw new Error('timer boom'); }, 10); return new Promise((r) => setTimeout(r, 500)); } } }); } });\n`,
      );
      await usePlugin(d, '[undistort, timer]');
    },
    exit: 1,
    code: 'AQM_ERR_FRAMES_FAILED',
    says: '2 frame(s) failed (0, 1: [stage timer · p] frame 0: timer boom',
    files: RECORD,
  },
  {
    what: 'a plugin stage whose promise never settles',
    prepare: async (d) => {
      await plugin(
        d,
        `export default () => ({ name: 'p', register(c) { c.register(Symbol.for('@aquamvs/core:stage'), { useValue: { id: 'hang', consumes: [], produces: [],
        run: () => new Promise(() => {}) } }); } });\n`,
      );
      await usePlugin(d, '[hang]');
    },
    exit: 1,
    code: 'AQM_ERR_FRAMES_FAILED',
    says: '2 frame(s) failed (0, 1: [stage hang · p] frame 0: stage never settled: hang (p) at frame 0',
    files: RECORD,
  },
  {
    what: 'a plugin that throws on import',
    prepare: async (d) => {
      await plugin(d, "throw new Error('broken plugin');\n");
      await setConfigLine(d, 'plugins: []', "plugins: ['./p.mjs']");
    },
    exit: 1,
    code: 'AQM_ERR_PLUGIN_LOAD',
    says: 'broken plugin',
    files: NOTHING,
  },
];

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'aqm-bad-input-'));
  const synth = aquamvs(['synth', '--rig', 'ci', '--scene', 'flat', '--frames', '2', '--out', 'data', '-q'], base);
  expect(synth.code, synth.stderr).toBe(0);
  const data = join(base, 'data');
  // Not a dataset with ground truth (no accuracy report), and only the first stage: a frame takes a second.
  await rm(join(data, 'scene.json'));
  await rm(join(data, 'ground_truth'), { recursive: true });
  await setConfigLine(data, 'stages: null', 'stages: [undistort]');
});

describe('aquamvs on bad input', () => {
  it('runs the untouched dataset: exit 0, both frames done', async () => {
    const dir = join(base, 'untouched');
    await cp(join(base, 'data'), dir, { recursive: true });
    const result = aquamvs(['run', 'config.yaml', '-q'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(await filesUnder(join(dir, 'output'))).toEqual(RECORD);
  });

  it.each(cases.map((c, i) => [c.what, i] as const))('%s', async (_what, i) => {
    const c = cases[i];
    const dir = join(base, `case-${i}`);
    await cp(join(base, 'data'), dir, { recursive: true });
    await c.prepare?.(dir);
    const result = aquamvs(c.args ?? ['run', 'config.yaml', '-q'], dir);
    const context = `stderr:\n${result.stderr}`;
    expect(result.code, context).toBe(c.exit);
    const line = result.stderr.split('\n').find((l) => l.startsWith(`error ${c.code}: `));
    expect(line, context).toBeDefined();
    expect(line, context).toContain(c.says);
    if (c.cause !== undefined) expect(result.stderr, context).toMatch(new RegExp(`^ +caused by ${c.cause}: `, 'm'));
    expect(result.stderr, context).not.toMatch(/\n\s+at \S/);
    expect(result.stderr, context).not.toContain('This is a bug');
    expect(result.stderr, context).not.toContain('\u001b');
    expect(await filesUnder(join(dir, 'output'))).toEqual(c.files);
  });

  it('refuses a --chunk below 1, and warns before connecting that with --queue --chunk 1 no frame gets the temporal prior', async () => {
    const dir = join(base, 'queue-prior');
    await cp(join(base, 'data'), dir, { recursive: true });
    const args = ['run', 'config.yaml', '-q', '--queue', 'redis://127.0.0.1:9'];
    const plain = aquamvs(args, dir);
    expect(plain.stderr).toContain('error AQM_ERR_QUEUE_CONNECT: ');
    expect(plain.stderr).not.toContain('temporal_prior');
    const zero = aquamvs([...args, '--chunk', '0'], dir);
    expect(zero.code).toBe(1);
    expect(zero.stderr.trim()).toBe("error AQM_ERR_QUEUE_OPTION_INVALID: --chunk: expected an integer >= 1, got '0'");
    await setConfigLine(dir, 'temporal_prior: false', 'temporal_prior: true');
    // By default the prior's runs go in jobs of 10 consecutive frames: nothing to warn of (the notice is info).
    const chunked = aquamvs(args, dir);
    expect(chunked.code).toBe(1);
    expect(chunked.stderr).toContain('error AQM_ERR_QUEUE_CONNECT: ');
    expect(chunked.stderr).not.toContain('temporal_prior');
    const single = aquamvs([...args, '--chunk', '1'], dir);
    expect(single.code).toBe(1);
    expect(single.stderr).toContain('error AQM_ERR_QUEUE_CONNECT: ');
    expect(single.stderr).toMatch(
      /reconstruction\.temporal_prior with --queue --chunk 1: every job is one frame, so every frame is swept from scratch/,
    );
  });

  it("warns of the queue's flags a run without --queue would drop", async () => {
    const dir = join(base, 'queue-flags');
    await cp(join(base, 'data'), dir, { recursive: true });
    // A frame range past the input's end stops the run at its input checks, after the flags were read.
    const result = aquamvs(['run', 'config.yaml', '-q', '--frames', '9:12', '--chunk', '2', '--queue-name', 'frames'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--chunk has no effect without --queue');
    expect(result.stderr).toContain('--queue-name has no effect without --queue');
    expect(result.stderr).not.toContain('--attempts');
    expect(result.stderr).toContain('error AQM_ERR_INPUT_INVALID: frames 9:12');
  });

  it('runs videos of equal length, and a short video when --frames stops before its end', async () => {
    const dir = join(base, 'videos');
    await cp(join(base, 'data'), dir, { recursive: true });
    await toVideos(dir, { short: 'ring01' });
    const cut = aquamvs(['run', 'config.yaml', '-q', '--frames', ':1'], dir);
    expect(cut.code, cut.stderr).toBe(0);
    expect((JSON.parse(await readFile(join(dir, 'output', 'run.json'), 'utf8')) as { frames: Record<string, unknown> }).frames).toHaveProperty('0');
  });

  it('runs videos of two frame rates while their frames are within half a frame of each other (frame 0 alone)', async () => {
    const dir = join(base, 'rates');
    await cp(join(base, 'data'), dir, { recursive: true });
    await toVideos(dir, { rate: { camera: 'ring02', fps: 20 } });
    const first = aquamvs(['run', 'config.yaml', '-q', '--frames', ':1'], dir);
    expect(first.code, first.stderr).toBe(0);
  });

  it('runs a video that dropped a frame once re-encoded at a constant rate as the error says (frame 3, reached by a seek)', async () => {
    const dir = join(base, 'dropped');
    await cp(join(base, 'data'), dir, { recursive: true });
    await toVideos(dir, { drop: { camera: 'ring02', frame: 3 } });
    const refused = aquamvs(['run', 'config.yaml', '-q', '--frames', '3:4'], dir);
    expect(refused.stderr).toContain('AQM_ERR_INPUT_VIDEO_SYNC');
    const video = join(dir, 'videos', 'ring02.mp4');
    const cfr = join(dir, 'videos', 'ring02-cfr.mp4');
    execFileSync(ffmpegPath(), [
      '-hide_banner',
      '-loglevel',
      'error',
      '-i',
      video,
      '-vsync',
      'cfr',
      '-r',
      '10',
      '-c:v',
      'libx264',
      '-crf',
      '12',
      cfr,
    ]);
    await setConfigLine(dir, '  ring02: videos/ring02.mp4', '  ring02: videos/ring02-cfr.mp4');
    const fixed = aquamvs(['run', 'config.yaml', '-q', '--frames', '3:4'], dir);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect((JSON.parse(await readFile(join(dir, 'output', 'run.json'), 'utf8')) as { frames: Record<string, unknown> }).frames).toHaveProperty('3');
  });

  it('has at least 45 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(45);
  });
});
