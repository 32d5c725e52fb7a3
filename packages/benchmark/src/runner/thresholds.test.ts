import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SCENE_NAMES } from '../scenes/scene-spec.js';
import { checkFloors, formatFloorReport, loadThresholds, validateThresholds } from './thresholds.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const thresholds = validateThresholds({
  version: 1,
  floors: { 'ci/flat/classic:full': { max: { median_error_mm: 0.5 }, min: { completeness_2mm: 0.6 } } },
});

describe('floors', () => {
  it('passes figures inside their bounds and fails those outside, missing and NaN ones', () => {
    const ok = checkFloors(
      { 'ci/flat/classic:full/median_error_mm': 0.5, 'ci/flat/classic:full/completeness_2mm': 0.61 },
      ['ci/flat/classic:full'],
      thresholds,
    );
    expect(ok.failures).toEqual([]);
    expect(ok.checks).toHaveLength(2);
    const bad = checkFloors(
      { 'ci/flat/classic:full/median_error_mm': 0.51, 'ci/flat/classic:full/completeness_2mm': null },
      ['ci/flat/classic:full', 'ci/flat/classic:sparse'],
      thresholds,
    );
    expect(bad.failures.map((f) => f.metric)).toEqual(['ci/flat/classic:full/completeness_2mm', 'ci/flat/classic:full/median_error_mm']);
    expect(bad.unchecked).toEqual(['ci/flat/classic:sparse']);
    const text = formatFloorReport(bad);
    expect(text).toContain('BELOW FLOOR');
    expect(text).toContain('No floors for: ci/flat/classic:sparse');
    expect(text.endsWith('Floors failed: 2')).toBe(true);
  });

  it('rejects malformed files with AQM_ERR_BENCHMARK_THRESHOLDS naming the key', async () => {
    expect(() => validateThresholds({ version: 2, floors: {} })).toThrow(/version: expected 1/);
    expect(() => validateThresholds({ version: 1, floors: { a: { least: {} } } })).toThrow(/floors\.a\.least: expected min or max/);
    expect(() => validateThresholds({ version: 1, floors: { a: { min: { x: 'high' } } } })).toThrow(/floors\.a\.min\.x: expected a number/);
    const dir = mkdtempSync(join(tmpdir(), 'thresholds-'));
    writeFileSync(join(dir, 't.json'), '{ nope');
    await expect(loadThresholds(join(dir, 't.json'))).rejects.toMatchObject({ code: 'AQM_ERR_BENCHMARK_THRESHOLDS' });
  });

  it('the committed benchmarks/thresholds.json is valid and bounds both CI pathways of every built-in scene', async () => {
    const committed = await loadThresholds(join(repo, 'benchmarks', 'thresholds.json'));
    const ids = Object.keys(committed.floors);
    for (const scene of SCENE_NAMES) for (const pathway of ['classic:full', 'classic:sparse']) expect(ids).toContain(`ci/${scene}/${pathway}`);
  });
});

describe('formatFloorReport', () => {
  it('prints no empty table when no result has floors', () => {
    const report = checkFloors({}, ['standard/flat/classic:full'], thresholds);
    expect(formatFloorReport(report)).toBe('No floors for: standard/flat/classic:full\n\nNo floors checked.');
  });
});
