import { describe, expect, it } from 'vitest';
import { renderScene } from './software-renderer.js';
import { cameraBasis, robustBounds, sceneViewCamera } from './view-camera.js';

const countNonWhite = (data: Uint8Array | Uint16Array | Float32Array): number => {
  let n = 0;
  for (let i = 0; i < data.length; i += 3) if (data[i] !== 255 || data[i + 1] !== 255 || data[i + 2] !== 255) n++;
  return n;
};

// Camera 1 m above the origin looking down +Z; FOV 90° on a 100×100 image gives f = 50 px per unit at depth 1.
const down = {
  eye: [0, 0, -1] as [number, number, number],
  target: [0, 0, 0] as [number, number, number],
  up: [0, -1, 0] as [number, number, number],
  fovYDeg: 90,
};

describe('renderScene', () => {
  it('fills a triangle covering half of a square with the expected pixel area', () => {
    const positions = Float64Array.from([-0.5, -0.5, 0, 0.5, -0.5, 0, 0.5, 0.5, 0]);
    const image = renderScene({ positions, faces: Uint32Array.from([0, 1, 2]) }, down, { width: 100, height: 100 });
    expect([image.width, image.height, image.data.length]).toEqual([100, 100, 30000]);
    // The square spans 50×50 px; half of it is 1250 px (± the diagonal's pixels).
    expect(countNonWhite(image.data)).toBeGreaterThan(1250 - 60);
    expect(countNonWhite(image.data)).toBeLessThan(1250 + 60);
  });

  it('keeps the nearer of two overlapping triangles (z-buffer), whatever the drawing order', () => {
    const positions = Float64Array.from([
      -1,
      -1,
      0.5,
      1,
      -1,
      0.5,
      0,
      1,
      0.5, // far, red
      -1,
      -1,
      0.2,
      1,
      -1,
      0.2,
      0,
      1,
      0.2, // near, blue
    ]);
    const colors = Uint8Array.from([255, 0, 0, 255, 0, 0, 255, 0, 0, 0, 0, 255, 0, 0, 255, 0, 0, 255]);
    for (const faces of [
      [0, 1, 2, 3, 4, 5],
      [3, 4, 5, 0, 1, 2],
    ]) {
      const image = renderScene({ positions, colors, faces: Uint32Array.from(faces) }, down, { width: 64, height: 64, light: [0, 0, 1] });
      const centre = 3 * (32 * 64 + 32);
      expect(image.data[centre]).toBe(0);
      expect(image.data[centre + 2]).toBe(255);
    }
  });

  it('draws points as (2r+1)² splats and skips points behind the camera or not finite', () => {
    const positions = Float64Array.from([0, 0, 0, 0, 0, -2, NaN, 0, 0]);
    const image = renderScene({ positions }, down, { width: 41, height: 41, pointRadius: 2 });
    expect(countNonWhite(image.data)).toBe(25);
  });
});

describe('scene views', () => {
  const bounds = { min: [-0.3, -0.2, 1.0] as [number, number, number], max: [0.3, 0.2, 1.1] as [number, number, number] };

  it('puts the top eye above the centre (smaller Z) and keeps world up (−Z) up in the oblique and side views', () => {
    const top = sceneViewCamera('top', bounds, 1280, 960);
    expect(top.eye[2]).toBeLessThan(1.05);
    expect(top.fovYDeg).toBe(60);
    for (const view of ['oblique', 'side'] as const) {
      const cam = sceneViewCamera(view, bounds, 1280, 960);
      expect(cam.up).toEqual([0, 0, -1]);
      expect(cameraBasis(cam).down[2]).toBeGreaterThan(0.7);
    }
  });

  it('frames every corner of the box inside the image', () => {
    for (const view of ['top', 'oblique', 'side'] as const) {
      const cam = sceneViewCamera(view, bounds, 200, 100);
      const corners: number[] = [];
      for (let i = 0; i < 8; i++) corners.push(i & 1 ? 0.3 : -0.3, i & 2 ? 0.2 : -0.2, i & 4 ? 1.1 : 1.0);
      const image = renderScene({ positions: Float64Array.from(corners) }, cam, { width: 200, height: 100, pointRadius: 0 });
      expect(countNonWhite(image.data)).toBe(8);
    }
  });

  it('robust bounds ignore a stray point', () => {
    const pts: number[] = [];
    for (let i = 0; i < 1000; i++) pts.push(i / 1000, 0, 1);
    pts.push(50, 50, 50);
    const b = robustBounds(pts);
    expect(b?.max[0]).toBeLessThan(1.01);
    expect(robustBounds([NaN, 0, 0])).toBeUndefined();
  });
});
