import { createSyntheticScene } from '@aquamvs/benchmark';
import { describe, expect, it } from 'vitest';
import { decimateMesh, decimatePoints } from './decimate.js';
import { renderMatches } from './match-viz.js';
import { pointConfidence } from './point-confidence.js';
import { renderRig } from './rig-viz.js';
import { timelineEvents, timelineSvg } from './timeline-svg.js';

function gridMesh(n: number): { positions: Float32Array; faces: Uint32Array; colors: Uint8Array } {
  const positions = new Float32Array(3 * n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) positions.set([i / (n - 1), j / (n - 1), 0.01 * Math.sin(i)], 3 * (j * n + i));
  const faces: number[] = [];
  for (let j = 0; j + 1 < n; j++)
    for (let i = 0; i + 1 < n; i++) faces.push(j * n + i, j * n + i + 1, (j + 1) * n + i, j * n + i + 1, (j + 1) * n + i + 1, (j + 1) * n + i);
  return { positions, faces: Uint32Array.from(faces), colors: new Uint8Array(3 * n * n).fill(100) };
}

describe('decimation for the browser', () => {
  it('keeps at most maxFaces triangles, all indexing existing vertices, and keeps small meshes whole', () => {
    const mesh = gridMesh(101); // 20000 triangles
    const out = decimateMesh(mesh, 2000);
    expect(out.faces.length / 3).toBeLessThanOrEqual(2000);
    expect(out.faces.length / 3).toBeGreaterThan(400);
    expect(Math.max(...out.faces)).toBeLessThan(out.positions.length / 3);
    expect(out.colors?.length).toBe(out.positions.length);
    expect(decimateMesh(mesh, 50_000).faces).toBe(mesh.faces);
  });

  it('strides points evenly down to the limit', () => {
    const cloud = { positions: new Float32Array(3000).map((_, i) => i) };
    const out = decimatePoints(cloud, 100);
    expect(out.positions.length).toBe(300);
    expect(out.indices[1] - out.indices[0]).toBe(10);
    expect(decimatePoints(cloud, 5000).positions.length).toBe(3000);
  });
});

describe('timeline', () => {
  it('draws one bar per complete event, nested spans one row below their stage', () => {
    const trace = {
      traceEvents: [
        { name: 'process_name', ph: 'M', pid: 1, tid: 0 },
        { name: 'plane-sweep', ph: 'X', pid: 1, tid: 1, ts: 0, dur: 2_000_000 },
        { name: 'sweep', ph: 'X', pid: 1, tid: 1, ts: 100_000, dur: 1_000_000 },
        { name: 'fusion', ph: 'X', pid: 1, tid: 1, ts: 2_000_000, dur: 500_000 },
        { name: 'memory', ph: 'C', pid: 1, tid: 1, ts: 0 },
      ],
    };
    const events = timelineEvents(trace);
    expect(events.map((e) => e.name)).toEqual(['plane-sweep', 'sweep', 'fusion']);
    const svg = timelineSvg(events, 1000);
    const rects = [...svg.matchAll(/<rect x="([\d.]+)" y="(\d+)" width="([\d.]+)"/g)].map((m) => m.slice(1).map(Number));
    expect(rects).toHaveLength(3);
    // 2.5 s over 920 px of plot: plane-sweep is 736 px wide at x = 70, the nested sweep one 16-px row lower.
    expect(rects[0][0]).toBeCloseTo(70, 1);
    expect(rects[0][2]).toBeCloseTo(736, 0);
    expect(rects[1][1] - rects[0][1]).toBe(16);
    expect(rects[2][1]).toBe(rects[0][1]);
    expect(timelineSvg([])).toBe('');
  });
});

describe('match and rig images', () => {
  it('puts both images side by side under a title bar', () => {
    const a = { width: 40, height: 30, channels: 3 as const, data: new Uint8Array(3600).fill(50) };
    const b = { width: 20, height: 15, channels: 3 as const, data: new Uint8Array(900).fill(150) };
    const image = renderMatches({ name: 'a', image: a }, { name: 'b', image: b }, { ref: [5, 5], src: [10, 10], scores: [1] });
    // b is scaled to a's height: 40 + 40 px wide, 30 + 18 px tall.
    expect([image.width, image.height]).toEqual([80, 48]);
    expect(image.data[3 * (47 * 80 + 79)]).toBe(150);
  });

  it('draws every camera of the ci rig and the water line', () => {
    const calibration = createSyntheticScene({ rig: 'ci' }).calibration;
    const image = renderRig(calibration, { panelWidth: 300, panelHeight: 260 });
    expect([image.width, image.height]).toEqual([600, 260]);
    let red = 0;
    let water = 0;
    for (let i = 0; i < image.data.length; i += 3) {
      const [r, g, b] = [image.data[i], image.data[i + 1], image.data[i + 2]];
      if (r === 200 && g === 40 && b === 40) red++;
      if (r === 40 && g === 110 && b === 220) water++;
    }
    // 4 ring cameras × 2 panels as 7-px discs (plus their labels in the top view).
    expect(red).toBeGreaterThan(4 * 2 * 20);
    expect(water).toBeGreaterThan(290);
  });
});

describe('pointConfidence', () => {
  it('recovers the depth map confidence of points on the surface and NaN for points off it', () => {
    const scene = createSyntheticScene({ rig: 'ci', scene: 'flat' });
    const gt = scene.groundTruth('ring00');
    const confidence = new Float32Array(gt.width * gt.height).fill(0.7);
    const map = { camera: 'ring00', width: gt.width, height: gt.height, depth: Float32Array.from(gt.depth), confidence };
    const picks = [gt.width * 120 + 160, gt.width * 60 + 80, gt.width * 200 + 250];
    const points = new Float32Array(3 * 2 * picks.length);
    picks.forEach((p, i) => {
      points.set([gt.points[3 * p], gt.points[3 * p + 1], gt.points[3 * p + 2]], 3 * i);
      points.set([gt.points[3 * p], gt.points[3 * p + 1], gt.points[3 * p + 2] + 0.05], 3 * (i + picks.length));
    });
    const out = pointConfidence(points, scene.calibration, [map]);
    expect(Array.from(out.subarray(0, 3)).map((v) => +v.toFixed(3))).toEqual([0.7, 0.7, 0.7]);
    expect(Array.from(out.subarray(3)).every(Number.isNaN)).toBe(true);
  });
});
