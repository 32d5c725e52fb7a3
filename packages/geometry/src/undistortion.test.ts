import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { distortPoints, undistortPoints } from './distortion.js';
import { remap, remapInto, undistortInto } from './remap.js';
import { loadOpenCv, type OpenCv } from './test-support/opencv.js';
import { computeUndistortion, undistortionModel } from './undistortion.js';

interface OracleCamera {
  id: string;
  K: number[][];
  dist: number[];
  size: [number, number];
  fisheye: boolean;
  border?: Array<[number, number, number, number]>;
  midpoints?: Array<[number, number]>;
  Knew: number[][];
  Knew46?: number[][];
  mapSamples: Array<[number, number, number, number]>;
}

const oracle = JSON.parse(readFileSync(new URL('../test/fixtures/opencv-oracle.json', import.meta.url), 'utf8')) as {
  opencv: string;
  cameras: OracleCamera[];
};

/** Current OpenCV's getOptimalNewCameraMatrix(alpha=0) applied to OpenCV's own undistorted border points. */
function kNewFromBorder(cam: OracleCamera): number[] {
  const border = cam.border ?? [];
  const [w, h] = cam.size;
  const ix0 = Math.max(...border.filter((b) => b[0] === 0).map((b) => b[2]));
  const ix1 = Math.min(...border.filter((b) => b[0] === 8).map((b) => b[2]));
  const iy0 = Math.max(...border.filter((b) => b[1] === 0).map((b) => b[3]));
  const iy1 = Math.min(...border.filter((b) => b[1] === 8).map((b) => b[3]));
  const fx = (w - 1) / (ix1 - ix0);
  const fy = (h - 1) / (iy1 - iy0);
  const K = cam.K.flat();
  return [fx, K[1], -fx * ix0, K[3], fy, -fy * iy0, K[6], K[7], K[8]];
}

const input = (cam: OracleCamera) => ({ K: cam.K.flat(), distCoeffs: cam.dist, imageSize: cam.size, isFisheye: cam.fisheye });

function expectRelative(actual: readonly number[], expected: readonly number[], tol: number): void {
  expected.forEach((e, i) => {
    const scale = Math.max(Math.abs(e), 1);
    expect(Math.abs(actual[i] - e) / scale, `entry ${i}: ${actual[i]} vs ${e}`).toBeLessThan(tol);
  });
}

describe('computeUndistortion K_new against OpenCV', () => {
  it.each(oracle.cameras.filter((c) => !c.fisheye).map((c) => [c.id, c] as const))(
    'pinhole %s: undistortPoints on the 28 border points matches cv2.undistortPoints within 1e-12',
    (_id, cam) => {
      const [w, h] = cam.size;
      const border = cam.border ?? [];
      const pixels = Float64Array.from(border.flatMap((b) => [(b[0] * (w - 1)) / 8, (b[1] * (h - 1)) / 8]));
      const ours = undistortPoints({ K: cam.K.flat(), distCoeffs: cam.dist, isFisheye: false }, pixels);
      border.forEach((b, i) => {
        expect(Math.abs(ours[i * 2] - b[2])).toBeLessThan(1e-12);
        expect(Math.abs(ours[i * 2 + 1] - b[3])).toBeLessThan(1e-12);
      });
    },
  );

  it.each(oracle.cameras.filter((c) => c.fisheye).map((c) => [c.id, c] as const))(
    'fisheye %s: undistortPoints of the 4 edge midpoints matches cv2.fisheye.undistortPoints within 1e-12',
    (_id, cam) => {
      const [w, h] = cam.size;
      const hw = Math.trunc(w / 2);
      const hh = Math.trunc(h / 2);
      const ours = undistortPoints({ K: cam.K.flat(), distCoeffs: cam.dist, isFisheye: true }, new Float64Array([hw, 0, w, hh, hw, h, 0, hh]));
      (cam.midpoints ?? []).forEach((m, i) => {
        expect(Math.abs(ours[i * 2] - m[0])).toBeLessThan(1e-12);
        expect(Math.abs(ours[i * 2 + 1] - m[1])).toBeLessThan(1e-12);
      });
    },
  );

  it.each(oracle.cameras.map((c) => [c.id, c] as const))('%s: K_new equals OpenCV within 1e-6 relative', (_id, cam) => {
    const expected = cam.fisheye ? cam.Knew.flat() : kNewFromBorder(cam);
    expectRelative(computeUndistortion(input(cam)).K, expected, 1e-6);
    if (!cam.fisheye) expectRelative(cam.Knew.flat(), expected, 1e-12);
  });

  it('fisheye with fx = fy: K_new equals native cv2.fisheye.estimateNewCameraMatrixForUndistortRectify 4.6 directly', () => {
    const cam = oracle.cameras.find((c) => c.id === 'fisheye') as OracleCamera;
    expectRelative(computeUndistortion(input(cam)).K, (cam.Knew46 ?? []).flat(), 1e-9);
  });

  it('zero distortion gives K_new = K (current OpenCV rule)', () => {
    const K = [500, 0, 320, 0, 500, 240, 0, 0, 1];
    const und = computeUndistortion({ K, distCoeffs: [0, 0, 0, 0, 0], imageSize: [640, 480] });
    expectRelative(und.K, K, 1e-12);
    expect(Math.abs(und.mapX[5 * 640 + 7] - 7)).toBeLessThan(1e-4);
    expect(Math.abs(und.mapY[5 * 640 + 7] - 5)).toBeLessThan(1e-4);
  });
});

describe('computeUndistortion maps against OpenCV', () => {
  let cv: OpenCv;
  beforeAll(async () => {
    ({ cv } = await loadOpenCv());
  });

  function openCvMaps(cam: OracleCamera, kNew: number[]): { mx: Float32Array; my: Float32Array } {
    const [w, h] = cam.size;
    const K = cv.matFromArray(3, 3, cv.CV_64F, cam.K.flat());
    const D = cv.matFromArray(cam.dist.length, 1, cv.CV_64F, cam.dist);
    const R = cv.matFromArray(3, 3, cv.CV_64F, [1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const P = cv.matFromArray(3, 3, cv.CV_64F, kNew);
    const m1 = new cv.Mat(h, w, cv.CV_32FC1);
    const m2 = new cv.Mat(h, w, cv.CV_32FC1);
    if (cam.fisheye) cv.fisheye_initUndistortRectifyMap(K, D, R, P, new cv.Size(w, h), cv.CV_32FC1, m1, m2);
    else cv.initUndistortRectifyMap(K, D, R, P, new cv.Size(w, h), cv.CV_32FC1, m1, m2);
    const out = { mx: Float32Array.from(m1.data32F), my: Float32Array.from(m2.data32F) };
    for (const m of [K, D, R, P, m1, m2]) m.delete();
    return out;
  }

  it.each(oracle.cameras.map((c) => [c.id, c] as const))(
    '%s: every map entry within 0.01 px of opencv-js 4.12 initUndistortRectifyMap (CV_32FC1)',
    (_id, cam) => {
      const und = computeUndistortion(input(cam));
      expect(und.mapX).toBeInstanceOf(Float32Array);
      expect(und.mapX).toHaveLength(cam.size[0] * cam.size[1]);
      const { mx, my } = openCvMaps(cam, und.K);
      let worst = 0;
      for (let i = 0; i < mx.length; i++) worst = Math.max(worst, Math.abs(und.mapX[i] - mx[i]), Math.abs(und.mapY[i] - my[i]));
      expect(worst).toBeLessThan(0.01);
    },
  );

  it.each(oracle.cameras.map((c) => [c.id, c] as const))('%s: sampled map entries within 0.01 px of native OpenCV 4.6', (_id, cam) => {
    const und = computeUndistortion(input(cam));
    for (const [x, y, mx, my] of cam.mapSamples) {
      const i = y * cam.size[0] + x;
      expect(Math.abs(und.mapX[i] - mx)).toBeLessThan(0.01);
      expect(Math.abs(und.mapY[i] - my)).toBeLessThan(0.01);
    }
  });

  it('remap of an 8-bit colour image stays within 2 grey levels of opencv-js remap (which quantises to 1/32 px)', () => {
    const cam = oracle.cameras.find((c) => c.id === 'pinhole8-rational') as OracleCamera;
    const [w, h] = cam.size;
    const und = computeUndistortion(input(cam));
    const data = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) data[(y * w + x) * 3 + c] = Math.round(127.5 + 127.5 * Math.sin(x / (9 + c) + y / 13));
    const ours = remap({ data, width: w, height: h, channels: 3 }, und);
    const src = new cv.Mat(h, w, cv.CV_8UC3);
    src.data.set(data);
    const dst = new cv.Mat(h, w, cv.CV_8UC3);
    const m1 = cv.matFromArray(h, w, cv.CV_32FC1, Array.from(und.mapX));
    const m2 = cv.matFromArray(h, w, cv.CV_32FC1, Array.from(und.mapY));
    cv.remap(src, dst, m1, m2, cv.INTER_LINEAR, cv.BORDER_CONSTANT, new cv.Scalar(0, 0, 0, 0));
    let worst = 0;
    let sum = 0;
    for (let i = 0; i < ours.data.length; i++) {
      const d = Math.abs(ours.data[i] - dst.data[i]);
      worst = Math.max(worst, d);
      sum += d;
    }
    for (const m of [src, dst, m1, m2]) m.delete();
    expect(worst).toBeLessThanOrEqual(2);
    expect(sum / ours.data.length).toBeLessThan(0.5);
  });
});

describe('distortion models', () => {
  it.each(oracle.cameras.map((c) => [c.id, c] as const))('%s: undistortPoints inverts distortPoints near the centre', (_id, cam) => {
    const lens = { K: cam.K.flat(), distCoeffs: cam.dist, isFisheye: cam.fisheye };
    const xy = new Float64Array([0, 0, 0.05, -0.03, -0.1, 0.08, 0.2, 0.1]);
    const back = undistortPoints(lens, distortPoints(lens, xy));
    xy.forEach((v, i) => expect(Math.abs(back[i] - v)).toBeLessThan(1e-6));
  });
});

describe('remap (test_calibration undistortion properties)', () => {
  function randomImage(w: number, h: number, seed: number): Uint8Array {
    let s = seed;
    return new Uint8Array(w * h * 3).map(() => (s = (s * 1664525 + 1013904223) >>> 0) >>> 24);
  }

  it('zero distortion reproduces the image: mean |undistorted − original| < 5 grey levels', () => {
    const [w, h] = [640, 480];
    const und = computeUndistortion({ K: [500, 0, 320, 0, 500, 240, 0, 0, 1], distCoeffs: [0, 0, 0, 0, 0], imageSize: [w, h] });
    const data = randomImage(w, h, 3);
    const out = remap({ data, width: w, height: h, channels: 3 }, und);
    let sum = 0;
    for (let i = 0; i < data.length; i++) sum += Math.abs(out.data[i] - data[i]);
    expect(sum / data.length).toBeLessThan(5);
  });

  it('non-zero distortion changes the image', () => {
    const [w, h] = [640, 480];
    const und = computeUndistortion({ K: [500, 0, 320, 0, 500, 240, 0, 0, 1], distCoeffs: [-0.3, 0.1, 0, 0, 0], imageSize: [w, h] });
    const data = randomImage(w, h, 5);
    const out = remap({ data, width: w, height: h, channels: 3 }, und);
    let sum = 0;
    for (let i = 0; i < data.length; i++) sum += Math.abs(out.data[i] - data[i]);
    expect(sum / data.length).toBeGreaterThan(20);
  });

  it('keeps shape and dtype for 8-bit colour and float grey images, with a constant border', () => {
    const maps = { width: 3, height: 2, mapX: new Float32Array([0, 0.5, 5, 1, -0.5, 0.25]), mapY: new Float32Array([0, 0, 0, 1, 0, 0.75]) };
    const grey = new Float32Array([0, 10, 20, 30]);
    const out = remap({ data: grey, width: 2, height: 2, channels: 1 }, maps, { borderValue: -1 });
    expect(out.data).toBeInstanceOf(Float32Array);
    expect([out.width, out.height, out.channels]).toEqual([3, 2, 1]);
    const expected = [0, 5, -1, 30, 0.5 * -1 + 0.5 * 0, 0.75 * 0.75 * 20 + 0.25 * 0.75 * 30 + 0.75 * 0.25 * 0 + 0.25 * 0.25 * 10];
    expected.forEach((e, i) => expect(out.data[i]).toBeCloseTo(e, 5));
    const colour = remap({ data: new Uint8Array([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120]), width: 2, height: 2, channels: 3 }, maps);
    expect(colour.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(colour.data.subarray(3, 6))).toEqual([25, 35, 45]);
    expect(Array.from(colour.data.subarray(6, 9))).toEqual([0, 0, 0]);
  });
});

describe('undistortInto (maps made a row at a time)', () => {
  it('gives exactly the samples of remapInto with the full maps, pinhole and fisheye, 8-bit and float', () => {
    for (const cam of oracle.cameras) {
      const model = undistortionModel(input(cam));
      const full = computeUndistortion(input(cam));
      const [w, h] = cam.size;
      const u8 = Uint8Array.from({ length: w * h * 3 }, (_, i) => (i * 2654435761) >>> 24);
      const f32 = Float32Array.from({ length: w * h }, (_, i) => ((i * 40503) % 977) / 7);
      for (const src of [
        { data: u8, width: w, height: h, channels: 3 },
        { data: f32, width: w, height: h, channels: 1 },
      ]) {
        const a = src.data instanceof Uint8Array ? new Uint8Array(src.data.length) : new Float32Array(src.data.length);
        const b = a.slice();
        remapInto(src, full, { data: a, width: w, height: h, channels: src.channels });
        undistortInto(src, model, { data: b, width: w, height: h, channels: src.channels });
        expect(b).toEqual(a);
      }
      expect(model.K).toEqual(full.K);
    }
  });
});
