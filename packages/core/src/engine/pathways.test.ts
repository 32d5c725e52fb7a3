import { describe, expect, it } from 'vitest';
import { aquamvsConfigSchema } from '../config/schema.js';
import { PATHWAYS, stageIdsFor } from './pathways.js';

describe('stageIdsFor', () => {
  it('picks the pathway of matcher_type × pipeline_mode', () => {
    expect(stageIdsFor(aquamvsConfigSchema.parse({}))).toEqual(PATHWAYS['classic:full']);
    expect(stageIdsFor(aquamvsConfigSchema.parse({ matcher_type: 'roma', pipeline_mode: 'sparse' }))).toEqual(PATHWAYS['roma:sparse']);
  });

  it('appends the viz pass when viz is enabled', () => {
    const ids = stageIdsFor(aquamvsConfigSchema.parse({ pipeline_mode: 'sparse', runtime: { viz_enabled: true } }));
    expect(ids).toEqual([...PATHWAYS['classic:sparse'], 'viz']);
  });

  it('uses pipeline.stages verbatim when set', () => {
    const config = aquamvsConfigSchema.parse({ pipeline: { stages: ['undistort'] }, runtime: { viz_enabled: true } });
    expect(stageIdsFor(config)).toEqual(['undistort']);
  });
});
