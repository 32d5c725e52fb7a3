import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectReport } from './report-model.js';
import { buildReportHtml } from './write-report.js';

describe('report model', () => {
  it("notes in each frame's row how run.json says it was made: fallbacks, cameras gone without, stages' provenance", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aqm-report-model-'));
    try {
      const frames = {
        '0': { status: 'done', provenance: { 'plane-sweep': { summary: 'every reference swept from scratch', temporalPrior: { frame: null } } } },
        '1': {
          status: 'done',
          fallbacks: [{ key: 'matcher_type', requested: 'lightglue', used: 'classic', reason: 'no model' }],
          droppedCameras: { cam3: 'cannot read image cam3/1.png: empty file' },
          provenance: { 'lab-stage': { gain: 2 } },
        },
        '2': { status: 'done' },
      };
      await writeFile(join(dir, 'run.json'), JSON.stringify({ version: 1, updatedAt: '', frames }));
      const model = await collectReport(dir);
      expect(model.frames.map((f) => f.notes)).toEqual([
        ['plane-sweep: every reference swept from scratch'],
        [
          'made with matcher_type: lightglue → classic (no model)',
          'without camera cam3 (cannot read image cam3/1.png: empty file)',
          'lab-stage: {"gain":2}',
        ],
        [],
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names the version that made each frame when the frames come from several', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aqm-report-model-'));
    try {
      const frames = {
        '0': { status: 'done', madeBy: 'aquamvs 1.0.0' },
        '1': { status: 'done', madeBy: 'aquamvs 1.1.0' },
        '2': { status: 'failed' },
      };
      await writeFile(join(dir, 'run.json'), JSON.stringify({ version: 1, updatedAt: '', frames }));
      expect((await collectReport(dir)).frames.map((f) => f.notes)).toEqual([['made by aquamvs 1.0.0'], ['made by aquamvs 1.1.0'], []]);
      frames['1'].madeBy = 'aquamvs 1.0.0';
      await writeFile(join(dir, 'run.json'), JSON.stringify({ version: 1, updatedAt: '', frames }));
      expect((await collectReport(dir)).frames.map((f) => f.notes)).toEqual([[], [], []]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("charts each camera's calibration fit over the frames and tabulates its median, first → last, worst and frames left out", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aqm-report-model-'));
    try {
      // ring01 drifts off its calibration over frames 0, 1, 3 and is left out in frame 3; frame 2 has no file.
      const fits = [
        { frame: 0, ring00: 0.012, ring01: 0.013, center: 0.15 },
        { frame: 1, ring00: 0.011, ring01: 0.21, center: 0.14 },
        { frame: 3, ring00: 0.012, ring01: 0.49, center: null },
      ];
      for (const f of fits) {
        const sparse = join(dir, `frame_${String(f.frame).padStart(6, '0')}`, 'sparse');
        await mkdir(sparse, { recursive: true });
        const cameras = Object.fromEntries(
          (['center', 'ring00', 'ring01'] as const).map((c) => [c, { pairs: f[c] === null ? 0 : 3, medianReprojectionPx: f[c] }]),
        );
        const leftOut = f.frame === 3 ? { ring01: 'its image does not fit calibration.json' } : {};
        const thresholds = { ratio: 4, floorPx: 0.1, minPoints: 20, starvingShare: 0.05 };
        await writeFile(join(sparse, 'calibration_fit.json'), JSON.stringify({ pairs: [], cameras, leftOut, thresholds }));
      }
      await mkdir(join(dir, 'frame_000002'));
      // run.json: frame 3 went on without ring01 (as its file says), frame 4 failed without it (no folder), and frame 1
      // went on without ring00, whose image repeated frame 0's.
      const misfit = (px: string): string => `its image does not fit calibration.json: its sparse matches reproject ${px} px off`;
      const frames = {
        '0': { status: 'done' },
        '1': { status: 'done', droppedCameras: { ring00: "its image repeats frame 0's byte for byte" } },
        '3': { status: 'done', droppedCameras: { ring01: misfit('0.49') } },
        '4': { status: 'failed', droppedCameras: { ring01: misfit('0.61') } },
      };
      await writeFile(join(dir, 'run.json'), JSON.stringify({ version: 1, updatedAt: '', frames }));
      const model = await collectReport(dir);
      expect(model.calibrationFit?.frames).toEqual([0, 1, 3]);
      expect(model.calibrationFit?.cameras.get('ring01')).toEqual([0.013, 0.21, 0.49]);
      expect(model.calibrationFit?.cameras.get('center')).toEqual([0.15, 0.14, null]);
      expect(model.calibrationFit?.leftOut).toEqual([
        { frame: 1, camera: 'ring00', reason: "its image repeats frame 0's byte for byte" },
        { frame: 3, camera: 'ring01', reason: misfit('0.49') },
        { frame: 4, camera: 'ring01', reason: misfit('0.61') },
      ]);
      const html = await buildReportHtml(dir, { noViewer: true });
      const section = html.slice(
        html.indexOf('<section id="calibration-fit">'),
        html.indexOf('</section>', html.indexOf('<section id="calibration-fit">')),
      );
      expect(section.match(/<polyline/g)).toHaveLength(3);
      // center's line has two points, the others three; the 0.1 px floor is drawn.
      expect(section.match(/<circle/g)).toHaveLength(8);
      expect(section).toContain('0.1 px: a camera can be left out above');
      expect(section).toContain('(its second-worst pair 4× a typical pair of the rig and at least 0.1 px off)');
      expect(section).toContain(
        '<tr><td class="l">ring01</td><td>3</td><td>0.210</td><td>0.013 → 0.490</td><td>0.490 (frame 3)</td><td class="l">3, 4</td></tr>',
      );
      expect(section).toContain(
        '<tr><td class="l">ring00</td><td>3</td><td>0.012</td><td>0.012 → 0.012</td><td>0.012 (frame 0)</td><td class="l">1</td></tr>',
      );
      expect(section).toContain(
        '<tr><td class="l">center</td><td>2</td><td>0.140</td><td>0.150 → 0.140</td><td>0.150 (frame 0)</td><td class="l">–</td></tr>',
      );
      expect(section).toContain(`<li>ring01, frames 3, 4 (as in frame 3): ${misfit('0.49')}</li>`);
      expect(section).toContain('<li>ring00, frame 1: its image repeats frame 0&#39;s byte for byte</li>');
      // The fisheye is judged by how its image moved against the ring rays: that is its line, once the files say so.
      for (const [frame, displacementPx] of [
        [0, 0.03],
        [1, 0.45],
      ] as const) {
        const file = join(dir, `frame_00000${frame}`, 'sparse', 'calibration_fit.json');
        const fit = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
        const still = { shiftPx: [0, 0], rollDeg: 0, displacementPx: 0.002, noisePx: 0.01 };
        const motion = { ring01: still, center: { shiftPx: [0, 0], rollDeg: 0, displacementPx, noisePx: 0.15 } };
        await writeFile(file, JSON.stringify({ ...fit, motion, auxiliaryCameras: ['center'] }));
      }
      const moved = await collectReport(dir);
      expect(moved.calibrationFit?.cameras.get('center')).toEqual([0.03, 0.45, null]);
      expect([...(moved.calibrationFit?.motion ?? [])]).toEqual(['center']);
      expect(moved.calibrationFit?.cameras.get('ring01')).toEqual([0.013, 0.21, 0.49]);
      const movedHtml = await buildReportHtml(dir, { noViewer: true });
      expect(movedHtml).toContain(
        '<tr><td class="l">center (image motion)</td><td>2</td><td>0.030</td><td>0.030 → 0.450</td><td>0.450 (frame 1)</td>',
      );
      expect(movedHtml).toContain('center (image motion)</text>');
      await rm(join(dir, 'frame_000000'), { recursive: true });
      await rm(join(dir, 'frame_000001'), { recursive: true });
      await rm(join(dir, 'frame_000003'), { recursive: true });
      expect((await collectReport(dir)).calibrationFit).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
