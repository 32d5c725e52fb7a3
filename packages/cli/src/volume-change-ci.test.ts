import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ciRig, createSceneSpec, writeSyntheticDataset, type SceneSpec } from '@aquamvs/benchmark';
import { describe, expect, it } from 'vitest';

// Change over time end to end on the ci rig: a flat sand bed on which a cosine-bell mound grows (0, 12, 25 mm high,
// radius 10 cm). Rendered, reconstructed by `aquamvs run`, then `aquamvs compare OUTPUT --frames 0:3`; the volume
// gained must match the mound's analytic volume h·r²·(π/2 − 2/π) within 2 %.

const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/bin.js');
const cli = (args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } =>
  spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: '1' } });

const RADIUS = 0.1;
const HEIGHTS = [0, 0.012, 0.025];
const moundVolume = (h: number): number => h * RADIUS ** 2 * (Math.PI / 2 - 2 / Math.PI);

function moundScene(height: number): SceneSpec {
  const flat = createSceneSpec('flat', ciRig());
  const [x0, x1, y0, y1] = flat.bounds;
  const centre: [number, number] = [(x0 + x1) / 2, (y0 + y1) / 2];
  return height === 0 ? flat : { ...flat, centre, relief: [{ kind: 'mound', x: centre[0], y: centre[1], radius: RADIUS, height }] };
}

describe('change over time on the ci rig', () => {
  it('measures a growing mound within 2 % of its analytic volume, and the report shows the map and the plot', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aqm-mound-'));
    const data = join(dir, 'data');
    await writeSyntheticDataset({ rig: 'ci', scene: moundScene(0), out: data });
    for (const [frame, height] of HEIGHTS.entries()) {
      if (frame === 0) continue;
      const other = join(dir, `h${frame}`);
      const written = await writeSyntheticDataset({ rig: 'ci', scene: moundScene(height), out: other });
      for (const camera of written.cameras) {
        await mkdir(join(data, 'images', camera), { recursive: true });
        await copyFile(join(other, 'images', camera, 'frame_000000.png'), join(data, 'images', camera, `frame_00000${frame}.png`));
      }
      await rm(other, { recursive: true });
    }
    // scene.json describes the flat frame only: this run is not a static synthetic scene to score against.
    await rm(join(data, 'scene.json'));
    const run = cli(['run', join(data, 'config.yaml'), '-q'], dir);
    expect(run.status, run.stderr).toBe(0);

    const compare = cli(['compare', join(data, 'output'), '--frames', '0:3'], dir);
    expect(compare.status, compare.stderr).toBe(0);
    const rows = (await readFile(join(data, 'output', 'compare', 'volume_change.csv'), 'utf8'))
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',').map(Number));
    expect(rows.map((r) => r[0])).toEqual([1, 2]);
    const measured = rows.map(([frame, gained, lost, net, meanChange, changedArea]) => ({
      frame,
      gained,
      lost,
      net,
      meanChange,
      changedArea,
      truth: moundVolume(HEIGHTS[frame]),
    }));
    console.log(
      measured
        .map(
          (m) =>
            `frame ${m.frame}: gained ${m.gained.toExponential(4)} m³ (truth ${m.truth.toExponential(4)}, ${((100 * (m.gained - m.truth)) / m.truth).toFixed(2)} %), lost ${m.lost.toExponential(3)}, net ${m.net.toExponential(4)}, changed ${m.changedArea.toFixed(4)} m²`,
        )
        .join('\n'),
    );
    for (const m of measured) {
      expect(Math.abs(m.gained - m.truth) / m.truth, `frame ${m.frame}`).toBeLessThan(0.02);
      expect(m.lost, `frame ${m.frame}`).toBeLessThan(0.02 * m.truth);
      // The mound covers π·0.1² = 0.0314 m²; the changed area is that disc less its flattest rim.
      expect(m.changedArea).toBeGreaterThan(0.8 * Math.PI * RADIUS ** 2);
      expect(m.changedArea).toBeLessThan(1.1 * Math.PI * RADIUS ** 2);
    }

    const report = cli(['report', join(data, 'output')], dir);
    expect(report.status, report.stderr).toBe(0);
    const html = await readFile(join(data, 'output', 'report.html'), 'utf8');
    expect(html).toContain('<section id="compare">');
    expect(html).toContain('alt="volume_change"');
    expect(html).toContain('alt="height_difference_000002"');
  });
});
