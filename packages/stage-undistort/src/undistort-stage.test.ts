import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  aquamvsConfigSchema,
  createMemoryFrameSource,
  HOOKS,
  runPipeline,
  silentLogger,
  STAGE,
  type AquamvsPlugin,
  type FrameImage,
  type SpanEndEvent,
  type Stage,
} from '@aquamvs/core';
import { undistortionModel, createCalibration, undistortPoints, type CameraCalibration } from '@aquamvs/geometry';
import { describe, expect, it } from 'vitest';
import { undistortPlugin } from './plugin.js';

const W = 160;
const H = 120;

function camera(name: string, dist: number[], x = 0): CameraCalibration {
  return {
    name,
    K: [150, 0, 80, 0, 150, 60, 0, 0, 1],
    distCoeffs: dist,
    R: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    t: [-x, 0, 0],
    imageSize: [W, H],
    isFisheye: false,
    isAuxiliary: false,
  };
}

const pattern = (u: number, v: number): number => 128 + 100 * Math.sin(u / 7) * Math.cos(v / 9);

/** Renders the raw (distorted) image whose undistortion is `pattern` on the K_new grid. */
function renderRaw(cam: CameraCalibration): FrameImage {
  const kNew = undistortionModel(cam).K;
  const px = new Float64Array(W * H * 2);
  for (let v = 0; v < H; v++) for (let u = 0; u < W; u++) px.set([u, v], (v * W + u) * 2);
  const norm = undistortPoints(cam, px);
  const data = new Uint8Array(W * H * 3);
  for (let i = 0; i < W * H; i++) {
    const g = Math.round(pattern(kNew[0] * norm[i * 2] + kNew[2], kNew[4] * norm[i * 2 + 1] + kNew[5]));
    data.set([g, g, g], i * 3);
  }
  return { width: W, height: H, channels: 3, data };
}

async function runWith(
  cameras: CameraCalibration[],
  images: Map<string, FrameImage>,
  extra: Record<string, unknown> = {},
  saveImages?: boolean,
  frames = 1,
): Promise<{
  out: ReadonlyMap<string, FrameImage> | undefined;
  dir: string;
  warnings: string[];
  failed: number;
  errors: Error[];
  spans: SpanEndEvent[];
}> {
  const dir = await mkdtemp(join(tmpdir(), 'aqm-undistort-'));
  const calibration = createCalibration({ cameras, waterZ: 0.978 });
  const config = aquamvsConfigSchema.parse({ ...extra, output_dir: dir, pipeline: { stages: ['undistort', 'capture'] } });
  let out: ReadonlyMap<string, FrameImage> | undefined;
  const capture: Stage = {
    id: 'capture',
    consumes: ['undistortedImages'],
    produces: [],
    run: (ctx) => Promise.resolve(void (out = ctx.artifacts.get('undistortedImages'))),
  };
  const spans: SpanEndEvent[] = [];
  const capturePlugin: AquamvsPlugin = {
    name: 'capture',
    register: (c) => {
      c.register(STAGE, { useValue: capture });
      c.register(HOOKS, { useValue: { spanEnd: (e: SpanEndEvent) => void spans.push(e) } });
    },
  };
  const warnings: string[] = [];
  const log = { ...silentLogger, warn: (m: string) => void warnings.push(m), child: () => log };
  const summary = await runPipeline({
    config,
    frameSource: createMemoryFrameSource([...images.keys()], frames, () => images),
    plugins: [undistortPlugin(saveImages === undefined ? {} : { saveImages }), capturePlugin],
    resources: { calibration },
    log,
  });
  return { out, dir, warnings, failed: summary.failed.length, errors: summary.failed.map((f) => f.error), spans };
}

describe('undistort stage', () => {
  it('recovers the undistorted pattern from a distorted image within 2 grey levels on average', async () => {
    const cam = camera('cam0', [-0.12, 0.05, 0.0004, -0.0002, -0.01]);
    const { out } = await runWith([cam], new Map([['cam0', renderRaw(cam)]]));
    const img = out?.get('cam0');
    expect(img?.width).toBe(W);
    let err = 0;
    let n = 0;
    for (let v = 5; v < H - 5; v++) {
      for (let u = 5; u < W - 5; u++) {
        err += Math.abs((img?.data[(v * W + u) * 3] ?? 0) - pattern(u, v));
        n++;
      }
    }
    expect(err / n).toBeLessThan(2);
  });

  it('leaves an image without distortion unchanged (K_new = K)', async () => {
    const cam = camera('cam0', [0, 0, 0, 0, 0]);
    const raw = renderRaw(cam);
    const { out } = await runWith([cam], new Map([['cam0', raw]]));
    const data = out?.get('cam0')?.data ?? new Uint8Array();
    let maxDiff = 0;
    for (let i = 0; i < raw.data.length; i++) maxDiff = Math.max(maxDiff, Math.abs(data[i] - raw.data[i]));
    expect(maxDiff).toBeLessThanOrEqual(0);
  });

  it('fails the frame with AQM_ERR_UNDISTORT_IMAGE_SIZE when the image size of a camera differs from the calibration', async () => {
    const a = camera('cam0', [0, 0, 0, 0, 0]);
    const b = camera('cam1', [0, 0, 0, 0, 0], 0.3);
    const small: FrameImage = { width: 10, height: 10, channels: 3, data: new Uint8Array(300) };
    const { out, errors } = await runWith(
      [a, b],
      new Map([
        ['cam0', renderRaw(a)],
        ['cam1', small],
      ]),
    );
    expect(out).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'AQM_ERR_STAGE_FAILED', cause: { code: 'AQM_ERR_UNDISTORT_IMAGE_SIZE' } });
    expect(errors[0].message).toContain("camera 'cam1': image is 10×10, but the calibration's image_size is 160×120");
  });

  it('fails the frame with AQM_ERR_UNDISTORT_NO_IMAGES when no camera has a usable image', async () => {
    const a = camera('cam0', [0, 0, 0, 0, 0]);
    const { failed } = await runWith([a], new Map([['other', renderRaw(a)]]));
    expect(failed).toBe(1);
  });

  it('equalises channel means across cameras with gain normalisation', async () => {
    const a = camera('cam0', [0, 0, 0, 0, 0]);
    const b = camera('cam1', [0, 0, 0, 0, 0], 0.3);
    const dark = renderRaw(a);
    const bright = { ...dark, data: dark.data.map((v) => Math.min(255, Math.round(v * 0.6))) };
    const { out } = await runWith(
      [a, b],
      new Map([
        ['cam0', dark],
        ['cam1', bright],
      ]),
      {
        preprocessing: { color_norm_enabled: true, color_norm_method: 'gain' },
      },
    );
    const mean = (img: FrameImage | undefined): number => (img ? Array.from(img.data).reduce((s, v) => s + v, 0) / img.data.length : 0);
    const m0 = mean(out?.get('cam0'));
    const m1 = mean(out?.get('cam1'));
    expect(Math.abs(m0 - m1)).toBeLessThan(1.5);
  });

  it('writes undistorted/{cam}.png when asked', async () => {
    const a = camera('cam0', [0, 0, 0, 0, 0]);
    const { dir } = await runWith([a], new Map([['cam0', renderRaw(a)]]), {}, true);
    const png = await readFile(join(dir, 'frame_000000', 'undistorted', 'cam0.png'));
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
  });

  it('gives the same images on 1 and 3 worker threads (used from the second frame), and fails a wrong-sized camera there too', async () => {
    const cams = [
      camera('cam0', [-0.12, 0.05, 0.0004, -0.0002, -0.01]),
      camera('cam1', [0.05, 0, 0, 0, 0], 0.3),
      camera('cam2', [0, 0, 0, 0, 0], 0.6),
    ];
    const small: FrameImage = { width: 10, height: 10, channels: 3, data: new Uint8Array(300) };
    const images = new Map([
      ['cam0', renderRaw(cams[0])],
      ['cam1', renderRaw(cams[1])],
    ]);
    const one = await runWith(cams.slice(0, 2), images, { runtime: { workers: 1 } });
    const three = await runWith(cams.slice(0, 2), images, { runtime: { workers: 3 } }, undefined, 2);
    expect(three.failed).toBe(0);
    expect([...(three.out?.keys() ?? [])]).toEqual(['cam0', 'cam1']);
    const wrong = await runWith(cams, new Map([...images, ['cam2', small]]), { runtime: { workers: 3 } }, undefined, 2);
    expect(wrong.failed).toBe(2);
    expect(three.out?.get('cam0')?.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    // The remapping shows on the worker threads' own tracks, one span a thread and frame; none without workers.
    expect(one.spans.filter((e) => e.span === 'remap (worker)')).toEqual([]);
    for (const frame of [0, 1]) {
      const onWorkers = three.spans.filter((e) => e.span === 'remap (worker)' && e.frame === frame);
      expect(onWorkers.length).toBeGreaterThanOrEqual(1);
      expect(onWorkers.length).toBeLessThanOrEqual(2); // two cameras
      expect(new Set(onWorkers.map((e) => e.threadId)).size).toBe(onWorkers.length);
      for (const e of onWorkers) expect(e.threadId).toBeGreaterThan(0);
    }
    for (const name of ['cam0', 'cam1']) {
      const a = one.out?.get(name)?.data ?? new Uint8Array();
      const b = three.out?.get(name)?.data ?? new Uint8Array(1);
      expect(b.length).toBe(W * H * 3);
      expect(Array.from(b)).toEqual(Array.from(a));
    }
  });
});
