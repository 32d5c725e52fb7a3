import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectReport } from './report-model.js';

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
});
