import { describe, expect, it } from 'vitest';
import { compareMetrics } from './compare-records.js';
import { parseCompareRules, ruleMatches } from './compare-rules.js';
import { formatComparison } from './format-comparison.js';

const id = (metric: string): string => `ci/flat/classic:full/${metric}`;

describe('parseCompareRules', () => {
  it('reads relative and absolute limits', () => {
    expect(parseCompareRules('median_error_mm:5%, total_s:0.5,ci/*/points:12.5%')).toEqual([
      { pattern: 'median_error_mm', kind: 'relative', limit: 0.05 },
      { pattern: 'total_s', kind: 'absolute', limit: 0.5 },
      { pattern: 'ci/*/points', kind: 'relative', limit: 0.125 },
    ]);
  });

  it.each(['median_error_mm', 'median_error_mm:', 'median_error_mm:5%%', ':5%', 'a b:5%', ''])('rejects %j', (text) => {
    expect(() => parseCompareRules(text)).toThrow(expect.objectContaining({ code: 'AQM_ERR_BENCHMARK_RULE' }));
  });

  it('matches a bare name against the last segment and a pattern against the whole id', () => {
    const [bare, glob] = parseCompareRules('total_s:1%,*/undulating/*/total_s:1%');
    expect(ruleMatches(bare, id('total_s'))).toBe(true);
    expect(ruleMatches(bare, id('match_s'))).toBe(false);
    expect(ruleMatches(glob, id('total_s'))).toBe(false);
    expect(ruleMatches(glob, 'ci/undulating/classic:sparse/total_s')).toBe(true);
  });
});

describe('compareMetrics', () => {
  it('applies the reference defaults: errors and completeness 5 %, times 10 %, one-sided', () => {
    const baseline = { [id('median_error_mm')]: 1, [id('completeness_2mm')]: 0.8, [id('total_s')]: 10, [id('points')]: 1000 };
    const current = { [id('median_error_mm')]: 1.06, [id('completeness_2mm')]: 0.77, [id('total_s')]: 10.9, [id('points')]: 1500 };
    const { rows, regressions } = compareMetrics(baseline, current);
    expect(regressions).toEqual([id('median_error_mm')]);
    const byId = Object.fromEntries(rows.map((r) => [r.metric, r]));
    expect(byId[id('median_error_mm')].percent).toBeCloseTo(6, 10);
    expect(byId[id('completeness_2mm')].status).toBe('OK'); // −3.75 % within 5 %
    expect(byId[id('total_s')].status).toBe('OK'); // +9 % within 10 %
    expect(byId[id('points')].status).toBe('IMPROVED');
    expect(byId[id('points')].limit).toBe('10%');
  });

  it('flags completeness that drops by more than 5 % and time that grows by more than 10 %', () => {
    const { regressions } = compareMetrics(
      { [id('completeness_2mm')]: 0.8, [id('total_s')]: 10 },
      { [id('completeness_2mm')]: 0.75, [id('total_s')]: 11.5 },
    );
    expect(regressions).toEqual([id('completeness_2mm'), id('total_s')]);
  });

  it('never flags a zero baseline, and ignores time growth below the noise floor', () => {
    const { regressions, rows } = compareMetrics(
      { [id('median_error_mm')]: 0, [id('surface_s')]: 0.01 },
      { [id('median_error_mm')]: 3, [id('surface_s')]: 0.04 },
    );
    expect(regressions).toEqual([]);
    expect(rows[0].percent).toBe(0);
    expect(compareMetrics({ [id('surface_s')]: 0.01 }, { [id('surface_s')]: 0.04 }, { minTimeDeltaS: 0 }).regressions).toEqual([id('surface_s')]);
  });

  it('flags a figure that became NaN (stored as null) and lists new and missing metrics without failing', () => {
    const { rows, regressions } = compareMetrics(
      { [id('median_error_mm')]: 0.2, [id('old_s')]: 1 },
      { [id('median_error_mm')]: null, [id('new_s')]: 1 },
    );
    expect(regressions).toEqual([id('median_error_mm')]);
    expect(rows.map((r) => r.status)).toEqual(['REGRESSION', 'NEW', 'MISSING']);
  });

  it('with --fail-on rules gates only the matching metrics, the last matching rule winning', () => {
    const rules = parseCompareRules('median_error_mm:50%,ci/flat/*/median_error_mm:1%,total_s:0.5');
    const { rows, regressions } = compareMetrics(
      { [id('median_error_mm')]: 1, ['ci/undulating/classic:full/median_error_mm']: 1, [id('total_s')]: 10, [id('fscore_1mm')]: 0.9 },
      { [id('median_error_mm')]: 1.02, ['ci/undulating/classic:full/median_error_mm']: 1.4, [id('total_s')]: 10.6, [id('fscore_1mm')]: 0.1 },
      { rules },
    );
    expect(regressions).toEqual([id('median_error_mm'), id('total_s')]);
    const byId = Object.fromEntries(rows.map((r) => [r.metric, r]));
    expect(byId[id('fscore_1mm')].status).toBe('INFO');
    expect(byId[id('total_s')].limit).toBe('0.5');
    expect(byId['ci/undulating/classic:full/median_error_mm'].status).toBe('OK');
  });

  it('formats the table and the regression list', () => {
    const comparison = compareMetrics({ [id('median_error_mm')]: 0.1 }, { [id('median_error_mm')]: 0.2 });
    const text = formatComparison(comparison, 'base', 'now').split('\n');
    expect(text[0]).toBe('Benchmark Comparison: base → now');
    expect(text[2]).toMatch(/^\| Metric +\| Baseline \| Current \| +Delta \| +% \| Limit \| +Status \|$/);
    expect(text[4]).toMatch(/\| +0\.1000 \| +0\.2000 \| +\+0\.1000 \| \+100\.0% \| +5% \| REGRESSION \|$/);
    expect(text.slice(-2)).toEqual(['Regressions detected: 1', `  - ${id('median_error_mm')}`]);
    expect(formatComparison(compareMetrics({}, {}), 'a', 'b').endsWith('No regressions detected.')).toBe(true);
  });
});

describe('compareMetrics with per-run samples (--repeat)', () => {
  const base = { [id('match_s')]: 1, [id('total_s')]: 10 };
  const slower = { [id('match_s')]: 1.2, [id('total_s')]: 12 };

  it('treats a time past the limit as noise while the run ranges overlap', () => {
    const samples = {
      baseline: { [id('match_s')]: [0.9, 1, 1.25], [id('total_s')]: [9.8, 10, 10.1] },
      current: { [id('match_s')]: [1.1, 1.2, 1.3], [id('total_s')]: [11.5, 12, 12.4] },
    };
    expect(compareMetrics(base, slower, { samples }).regressions).toEqual([id('total_s')]);
  });

  it('falls back to the plain rule when a side ran once', () => {
    const samples = { baseline: { [id('match_s')]: [0.9, 1, 1.25] } };
    expect(compareMetrics(base, slower, { samples }).regressions).toEqual([id('match_s'), id('total_s')]);
  });
});
