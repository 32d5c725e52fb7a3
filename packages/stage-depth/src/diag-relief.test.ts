import { it } from 'vitest';
import { createSyntheticScene } from '@aquamvs/benchmark';
import type { DepthMap } from '@aquamvs/core';
import { appendFileSync } from 'node:fs';
import { runSweepScene } from './test-support/run-sweep-scene.js';

const SCENE = process.env.DIAG_SCENE ?? 'nest';
const scene = createSyntheticScene({ rig: 'ci', scene: SCENE, seed: 1 });
const spots: Record<string, [number, number][]> = { nest: [[0.625, -0.09], [0.575, 0.03], [0.695, -0.02]], rock: [[0.65, 0.02]], slope: [[0.585, 0.04], [0.705, -0.04]], bower: [[0.585, 0.03], [0.705, -0.03]] };
function report(name: string, maps: ReadonlyMap<string, DepthMap>): void {
  const relief: number[] = [];
  const bed: number[] = [];
  let reliefPixels = 0;
  const lines: string[] = [];
  const prof = spots[SCENE].map(() => Array.from({ length: 6 }, () => [] as number[]));
  for (const [camera, map] of maps) {
    const gt = scene.groundTruth(camera);
    for (let i = 0; i < gt.depth.length; i++) {
      if (!Number.isFinite(gt.depth[i])) continue;
      const x = gt.points[i * 3], y = gt.points[i * 3 + 1];
      const onRelief = Math.abs(scene.surface.reliefHeight(x, y)) > 0.003;
      if (onRelief) reliefPixels++;
      const d = map.depth[i];
      const ok = Number.isFinite(d) && d > 0;
      spots[SCENE].forEach(([sx, sy], k) => { const b = Math.floor(Math.hypot(x - sx, y - sy) * 200); if (b < 6) prof[k][b].push(ok ? (d - gt.depth[i]) * 1000 : NaN); });
      if (!ok) continue;
      (onRelief ? relief : bed).push(Math.abs(d - gt.depth[i]) * 1000);
    }
  }
  const median = (v: number[]): number => v.sort((a, b) => a - b)[v.length >> 1];
  lines.push(`${name}: relief med ${median(relief).toFixed(3)} w2 ${(relief.filter((e) => e <= 2).length / reliefPixels).toFixed(3)} bed ${median(bed).toFixed(3)}`);
  prof.forEach((bins, k) => lines.push(`  spot${k} ` + bins.map((b) => { const v = b.filter((e) => e === e); return `${v.length ? median(v).toFixed(1) : '-'}(${b.length - v.length})`; }).join(' ')));
  appendFileSync('/work/diag13/relief.txt', lines.join('\n') + '\n');
}
const variants: Record<string, object> = JSON.parse(process.env.DIAG_VARIANTS ?? '{"default":{}}');
for (const [name, opts] of Object.entries(variants)) {
  it(name, async () => { try { report(`${SCENE} ${name}`, (await runSweepScene("ci", SCENE, { workers: 2, ...opts })).maps); } catch (e) { let x: any = e; while (x) { console.log("STACK", x.stack, JSON.stringify(x)); x = x.cause; } throw e; } }, 1e7);
}
