import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configToYaml, defaultConfig } from '@aquamvs/core';
import { encodePly, writeNpz } from '@aquamvs/io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerReportCommand, type ReportCommandOptions } from './report-command.js';
import { runRegisteredCommand, type CommandRun } from '../test-support/run-registered-command.js';

let dir: string;

function reportCli(args: string[], options: ReportCommandOptions = {}): Promise<CommandRun> {
  return runRegisteredCommand((program, context) => registerReportCommand(program, context, options), ['report', ...args]);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aqm-report-cli-'));
  const out = join(dir, 'output');
  const frame = join(out, 'frame_000000');
  await mkdir(join(frame, 'point_cloud'), { recursive: true });
  const base = defaultConfig();
  await writeFile(join(out, 'config.yaml'), configToYaml({ ...base, calibration_path: join(dir, 'missing-calibration.json'), output_dir: out }));
  await writeFile(
    join(out, 'run.json'),
    JSON.stringify({ version: 1, updatedAt: '', frames: { '0': { status: 'done', configHash: 'x', startedAt: '', durationMs: 1234 } } }),
  );
  const n = 20;
  const positions = new Float32Array(3 * n * n).map((_, i) =>
    i % 3 === 2 ? 1 + 0.001 * (i % 7) : ((Math.floor(i / 3) % n) + (i % 3) * Math.floor(i / (3 * n))) * 0.01,
  );
  await writeFile(join(frame, 'point_cloud', 'fused.ply'), encodePly({ positions }));
  const depth = new Float32Array(6 * 4).fill(1.1);
  depth[0] = NaN;
  await writeNpz(join(frame, 'depth_maps', 'ring00.npz'), {
    depth: { data: depth, shape: [4, 6] },
    confidence: { data: new Float32Array(24).fill(0.9), shape: [4, 6] },
  });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('aquamvs report', () => {
  it('writes a self-contained report.html with the frame table and the viewer data', async () => {
    const result = await reportCli([join(dir, 'output')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^wrote .*report\.html\n$/);
    const html = await readFile(join(dir, 'output', 'report.html'), 'utf8');
    expect(html).toContain('id="frame-table"');
    expect(html).toContain('id="scene-data"');
    expect(html).toContain(`${20 * 20} of ${20 * 20} points`);
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it('renders the viz images first with --viz and embeds them', async () => {
    const result = await reportCli([join(dir, 'output'), '--viz', '--out', join(dir, 'r.html'), '--max-points', '100']);
    expect(result.code).toBe(0);
    // The rig step fails (no calibration file) and is reported; the other images are written.
    expect(result.stderr).toContain('warning: viz rig');
    const viz = (await readdir(join(dir, 'output', 'frame_000000', 'viz'))).sort();
    expect(viz).toEqual(['confidence_ring00.png', 'depth_ring00.png', 'fused_oblique.png', 'fused_side.png', 'fused_top.png']);
    const html = await readFile(join(dir, 'r.html'), 'utf8');
    expect(html.match(/src="data:image\/png;base64,/g)?.length).toBe(viz.length + 1);
    expect(html).toContain('100 of 400 points');
  });

  it('serves the report on localhost until stopped', async () => {
    let body = '';
    const result = await reportCli([join(dir, 'output'), '--serve', '--port', '0'], {
      untilStopped: async (server) => {
        body = await (await fetch(server.url)).text();
        const png = await fetch(`${server.url}frame_000000/viz/depth_ring00.png`);
        expect(png.status).toBe(200);
        expect(png.headers.get('content-type')).toBe('image/png');
      },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/serving .* on http:\/\/127\.0\.0\.1:\d+\//);
    expect(body).toContain('src="frame_000000/viz/depth_ring00.png"');
  });

  it('fails with AQM_ERR_VIZ_SERVE when the port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((ok) => taken.listen(0, '127.0.0.1', ok));
    const port = (taken.address() as AddressInfo).port;
    try {
      await expect(
        reportCli([join(dir, 'output'), '--serve', '--port', String(port)], { untilStopped: () => Promise.resolve() }),
      ).rejects.toMatchObject({
        code: 'AQM_ERR_VIZ_SERVE',
        message: expect.stringMatching(new RegExp(`^cannot serve the report on http://127\\.0\\.0\\.1:${port}: .*EADDRINUSE`)) as unknown,
      });
    } finally {
      await new Promise((ok) => taken.close(ok));
    }
  });

  it('fails with AQM_ERR_VIZ_NO_RUN on a directory that is not a run', async () => {
    await expect(reportCli([join(dir, 'nothing-here')])).rejects.toMatchObject({ code: 'AQM_ERR_VIZ_NO_RUN' });
  });
});
