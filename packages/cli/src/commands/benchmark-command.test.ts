import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STAGE, type AquamvsPlugin, type ArtifactKey, type DepthMap, type Stage, type StageContext } from '@aquamvs/core';
import { ciRig, createSyntheticScene, writeSyntheticDataset } from '@aquamvs/benchmark';
import { prepareRig, serializeCalibration } from '@aquamvs/geometry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBenchmarkCommand } from './benchmark-command.js';
import { runRegisteredCommand, type CommandRun } from '../test-support/run-registered-command.js';

const truth = createSyntheticScene({ rig: 'ci', scene: 'flat', seed: 0 });

/** Oracle stages for the ci flat scene: exact depth snapped to `num_depths` planes, back-projected every 4th pixel. */
function oracle(): AquamvsPlugin {
  const stage = (id: string, consumes: ArtifactKey[], produces: ArtifactKey[], run: (ctx: StageContext) => Promise<void> | void): Stage => ({
    id,
    consumes,
    produces,
    run: async (ctx) => run(ctx),
  });
  const stages = [
    stage('undistort', ['rawImages'], ['undistortedImages'], (ctx) => ctx.artifacts.set('undistortedImages', ctx.artifacts.get('rawImages'))),
    stage('sparse-matching', [], [], () => undefined),
    stage('triangulation', [], [], () => undefined),
    stage('plane-sweep', [], ['depthMaps'], async (ctx) => {
      const rig = await prepareRig(ctx.run);
      const planes = ctx.run.config.reconstruction.num_depths;
      const maps = new Map<string, DepthMap>();
      for (const camera of rig.ringCameras) {
        const gt = truth.groundTruth(camera);
        const finite = [...gt.depth].filter(Number.isFinite);
        const lo = Math.min(...finite);
        const step = (Math.max(...finite) - lo) / (planes - 1);
        const depth = Float32Array.from(gt.depth, (d) => lo + Math.round((d - lo) / step) * step);
        maps.set(camera, { width: gt.width, height: gt.height, depth, confidence: new Float32Array(depth.length) });
      }
      ctx.artifacts.set('depthMaps', maps);
    }),
    stage('fusion', ['depthMaps'], ['pointCloud'], async (ctx) => {
      const rig = await prepareRig(ctx.run);
      const points: number[] = [];
      for (const [camera, map] of ctx.artifacts.get('depthMaps')) {
        const pixels: number[] = [];
        const depths: number[] = [];
        for (let v = 0; v < map.height; v += 4) {
          for (let u = 0; u < map.width; u += 4) {
            const d = map.depth[v * map.width + u];
            if (!Number.isFinite(d)) continue;
            pixels.push(u, v);
            depths.push(d);
          }
        }
        const { origins: o, directions: r } = rig.models.get(camera)!.projection.castRay(Float64Array.from(pixels));
        depths.forEach((d, k) => points.push(o[3 * k] + d * r[3 * k], o[3 * k + 1] + d * r[3 * k + 1], o[3 * k + 2] + d * r[3 * k + 2]));
      }
      ctx.artifacts.set('pointCloud', { positions: Float64Array.from(points) });
    }),
    stage('surface', [], [], () => undefined),
  ];
  return { name: 'oracle', register: (c) => stages.forEach((s) => c.register(STAGE, { useValue: s })) };
}

let dir: string;

function bench(args: string[]): Promise<CommandRun> {
  return runRegisteredCommand(
    (program, context) => registerBenchmarkCommand(program, context, { plugins: () => [oracle()] }),
    ['benchmark', '--scenes', 'flat', '--pathways', 'full', '--benchmarks-dir', join(dir, '.benchmarks'), '-q', ...args],
  );
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aqm-benchmark-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('aquamvs benchmark', () => {
  it('prints the table, writes report, charts and the JSON record, and saves a named baseline', async () => {
    const r = await bench(['--save', 'base']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\| ci\/flat \| Classic full \| +[\d.]+ \|/);
    expect(r.stdout).toContain('Median (mm)');
    const report = /Report saved to: (\S+)/.exec(r.stdout)![1];
    expect(report).toMatch(/benchmark_\d{8}_\d{6}\.md$/);
    expect(readFileSync(report, 'utf8')).toContain('## System Info');
    expect((await readdir(join(dir, '.benchmarks', 'reports'))).filter((f) => f.endsWith('.svg'))).toHaveLength(2);
    const record = JSON.parse(readFileSync(join(dir, '.benchmarks', 'saved', 'base.json'), 'utf8')) as {
      runId: string;
      commit: unknown;
      machine: { cores: number };
      configHash: string;
      metrics: Record<string, number>;
    };
    expect(record.runId).toMatch(/^[0-9a-f-]{36}$/);
    expect(record.configHash).toMatch(/^[0-9a-f]{16}$/);
    expect(record.metrics['ci/flat/classic:full/points']).toBe(4 * 80 * 60);
    expect(record.metrics['ci/flat/classic:full/median_error_mm']).toBeLessThan(0.2);
  });

  it('--compare flags an injected regression (the fast preset: 64 instead of 128 depths) and passes an identical rerun', async () => {
    const rules = ['--fail-on', 'median_error_mm:5%,p90_error_mm:5%,completeness_1mm:5%'];
    const same = await bench(['--compare', 'base', ...rules]);
    expect(same.stdout).toContain('No regressions detected.');
    expect(same.code).toBe(0);
    const worse = await bench(['--compare', 'base', '--preset', 'fast', ...rules]);
    expect(worse.code).toBe(1);
    expect(worse.stdout).toMatch(
      /\| ci\/flat\/classic:full\/median_error_mm +\| +[\d.]+ \| +[\d.]+ \| +\+[\d.]+ \| +\+\d+\.\d% \| +5% \| REGRESSION \|/,
    );
    expect(worse.stdout).toContain('Regressions detected:');
    expect(worse.stdout).toContain('  - ci/flat/classic:full/median_error_mm');
  });

  it('fails a run below an absolute floor', async () => {
    const { writeFile } = await import('node:fs/promises');
    const path = join(dir, 'floors.json');
    await writeFile(
      path,
      JSON.stringify({ version: 1, floors: { 'ci/flat/classic:full': { max: { median_error_mm: 0.001 }, min: { fscore_5mm: 0.5 } } } }),
    );
    const r = await bench(['--thresholds', path]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ci\/flat\/classic:full\/median_error_mm +\| +≤ \| +0\.001000 \| +[\d.]+ \| BELOW FLOOR/);
    expect(r.stdout).toContain('Floors failed: 1');
  });

  it('with a config benchmarks the user data: timing, points and density, report under <output_dir>/benchmark', async () => {
    const data = join(dir, 'data');
    await writeSyntheticDataset({ rig: 'ci', scene: 'flat', seed: 0, out: data, workers: 1 });
    const r = await bench([join(data, 'config.yaml')]);
    expect(r.code).toBe(0);
    const header = r.stdout.split('\n')[0];
    expect(header).toContain('Density (pts/m²)');
    expect(header).not.toContain('Median');
    expect(r.stdout).toMatch(/\| config +\| Classic full \| .* \| +19,200 \|/);
    expect(/Report saved to: (\S+)/.exec(r.stdout)![1]).toContain(join(data, 'output', 'benchmark', 'benchmark_'));
    expect(existsSync(join(data, 'output', 'benchmark', 'config', 'classic-full', 'profile', 'profile.json'))).toBe(true);
  });

  it("benchmarks a lab's own calibration.json under its file name, and another water depth under its own scene name", async () => {
    const { writeFile } = await import('node:fs/promises');
    const own = join(dir, 'lab-rig.json');
    await writeFile(own, JSON.stringify(serializeCalibration(ciRig())));
    const floors = join(dir, 'ci-floors.json');
    await writeFile(floors, JSON.stringify({ version: 1, floors: { 'ci/flat/classic:full': { min: { fscore_5mm: 0.5 } } } }));
    const r = await bench(['--rig', own, '--save', 'own', '--thresholds', floors]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\| lab-rig\.json\/flat \| Classic full \|/);
    // No floor applies to a lab's rig: nothing was checked, and the report says so rather than "all met".
    expect(r.stdout).toContain('No floors for: lab-rig.json/flat/classic:full');
    expect(r.stdout).toContain('No floors checked.');
    const record = (name: string): Record<string, number> =>
      (JSON.parse(readFileSync(join(dir, '.benchmarks', 'saved', `${name}.json`), 'utf8')) as { metrics: Record<string, number> }).metrics;
    // The built-in ci rig read back from a file is the same rig: the same figures.
    expect(record('own')['lab-rig.json/flat/classic:full/median_error_mm']).toBe(record('base')['ci/flat/classic:full/median_error_mm']);
    const deeper = await bench(['--water-depth', '0.35', '--save', 'deeper', '--thresholds', floors]);
    expect(deeper.code).toBe(0);
    expect(deeper.stdout).toMatch(/\| ci\/flat@0\.35m \| Classic full \|/);
    expect(deeper.stdout).toContain('No floors checked.');
    // The oracle's depths are the 0.2 m bed's, so the 0.35 m bed they are scored against lies 15 cm beyond them.
    expect(record('deeper')['ci/flat@0.35m/classic:full/median_error_mm']).toBeGreaterThan(100);
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{ "version": "1.0" }');
    await expect(bench(['--rig', broken])).rejects.toMatchObject({ code: expect.stringMatching(/^AQM_ERR_CALIBRATION_/) as unknown });
    const data = join(dir, 'data');
    expect((await bench([join(data, 'config.yaml'), '--water-depth', '0.3'])).stderr).toContain(
      '--rig and --water-depth set up the synthetic scenes; with a config the benchmark runs your own data',
    );
  });

  it('rejects bad flags with one line each', async () => {
    expect((await bench(['--rig', 'huge'])).stderr).toContain(
      "--rig must be one of standard, ci or an AquaCal calibration.json file (got 'huge': no such file)",
    );
    expect((await bench(['--water-depth', 'deep'])).stderr).toContain(
      "--water-depth must be the bed's depth below the water in metres, > 0 (got 'deep')",
    );
    expect((await bench(['--repeat', '0'])).stderr).toContain("--repeat must be an integer ≥ 1 (got '0')");
    expect((await bench(['--scenes', 'flat,hilly'])).stderr).toContain(
      "--scenes must list some of flat, undulating, nest, rock, slope, bower (got 'flat,hilly')",
    );
    expect((await bench(['--fail-on', 'total_s:10%'])).stderr).toContain('--fail-on needs --compare BASELINE');
    expect((await bench(['--set', 'reconstruction.refine_passes=-1'])).stderr).toContain('--set: reconstruction.refine_passes:');
    expect((await bench(['--set', 'refine_passes'])).stderr).toContain("--set expects key=value (got 'refine_passes')");
    await expect(bench(['--compare', 'missing'])).rejects.toMatchObject({ code: 'AQM_ERR_BENCHMARK_BASELINE' });
    expect(existsSync(join(dir, '.benchmarks', 'saved', 'missing.json'))).toBe(false);
  });
});
