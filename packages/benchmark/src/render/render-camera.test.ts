import { distortPoints } from '@aquamvs/geometry';
import { describe, expect, it } from 'vitest';
import { ciRig } from '../rigs/rigs.js';
import { createSceneSpec } from '../scenes/scene-spec.js';
import { cameraJob } from './camera-job.js';
import { createLensInverter } from './lens-inverter.js';
import { renderCameraImage } from './render-camera.js';

const rig = ciRig();
const flat = createSceneSpec('flat', rig);

function greyStats(data: Uint8Array): { mean: number; std: number } {
  let s = 0;
  let s2 = 0;
  const n = data.length / 3;
  for (let i = 0; i < data.length; i += 3) {
    const g = (data[i] + data[i + 1] + data[i + 2]) / 3;
    s += g;
    s2 += g * g;
  }
  const mean = s / n;
  return { mean, std: Math.sqrt(s2 / n - mean * mean) };
}

describe('lens inversion', () => {
  it.each(['ring01', 'center'])('distorting the inverted pixels of %s gives them back within 1e-9 px', (name) => {
    const camera = rig.cameras[name];
    const [w, h] = camera.imageSize;
    const pixels = new Float64Array([0, 0, w - 1, 0, 0, h - 1, w - 1, h - 1, w / 2 + 0.3, h / 2 - 0.7, 13.25, 200.5]);
    const normalised = new Float64Array(pixels.length);
    const residual = createLensInverter(camera).invert(pixels, normalised);
    const back = distortPoints({ K: camera.K, distCoeffs: camera.distCoeffs, isFisheye: camera.isFisheye }, normalised);
    for (let i = 0; i < pixels.length; i++) expect(Math.abs(back[i] - pixels[i])).toBeLessThan(1e-9);
    expect(residual).toBeLessThan(1e-9);
  });
});

describe('renderCameraImage', () => {
  it('is deterministic for a seed and changes with the seed', () => {
    const a = renderCameraImage(cameraJob(rig, 'ring00', flat, 3));
    const b = renderCameraImage(cameraJob(rig, 'ring00', flat, 3));
    const c = renderCameraImage(cameraJob(rig, 'ring00', flat, 4));
    expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(true);
    let differing = 0;
    for (let i = 0; i < a.data.length; i++) if (Math.abs(a.data[i] - c.data[i]) > 8) differing++;
    expect(differing / a.data.length).toBeGreaterThan(0.5);
  });

  it('renders a textured, unclipped colour image on the distorted sensor grid', () => {
    const image = renderCameraImage(cameraJob(rig, 'ring03', flat, 1));
    expect([image.width, image.height, image.data.length]).toEqual([320, 240, 320 * 240 * 3]);
    const { mean, std } = greyStats(image.data);
    expect(mean).toBeGreaterThan(70);
    expect(mean).toBeLessThan(180);
    expect(std).toBeGreaterThan(18);
    let clipped = 0;
    for (const v of image.data) if (v === 0 || v === 255) clipped++;
    expect(clipped / image.data.length).toBeLessThan(0.001);
    // colour: red above blue on sand
    let r = 0;
    let b = 0;
    for (let i = 0; i < image.data.length; i += 3) {
      r += image.data[i];
      b += image.data[i + 2];
    }
    expect(r / b).toBeGreaterThan(1.2);
    expect(image.maxInversionResidualPx).toBeLessThan(1e-9);
  });

  it('paints rays that miss the textured region with the background colour (fisheye corners)', () => {
    const image = renderCameraImage(cameraJob(rig, 'center', flat, 1));
    const corner = [image.data[0], image.data[1], image.data[2]];
    expect(corner).toEqual([15, 36, 51]);
    const mid = (120 * 320 + 160) * 3;
    expect(image.data[mid]).toBeGreaterThan(image.data[mid + 2]);
  });
});
