import { benchmarkRule } from '../errors.js';

/** A regression rule: metrics matching `pattern` regress past `limit` (relative or absolute). */
export interface CompareRule {
  /** As written: `median_error_mm`, `ci/flat/*\/total_s`, … */
  readonly pattern: string;
  /** `relative`: a fraction of the baseline (0.05 for `5%`); `absolute`: in the metric's unit. */
  readonly kind: 'relative' | 'absolute';
  readonly limit: number;
}

const RULE = /^([A-Za-z0-9_:/*.-]+):(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(%?)$/;

/**
 * Parses `--fail-on` rules: comma-separated `METRIC:N%` (relative to the baseline) or `METRIC:N` (absolute, in
 * the metric's unit). METRIC is a metric name (`median_error_mm`, matching that name in every scene and pathway)
 * or a full id with `*` wildcards (`ci/flat/classic:full/total_s`, `*\/sparse*\/points`).
 * Throws `AQM_ERR_BENCHMARK_RULE` for a malformed rule.
 * @example
 * parseCompareRules('median_error_mm:5%,total_s:10%');
 */
export function parseCompareRules(text: string): CompareRule[] {
  const rules: CompareRule[] = [];
  for (const raw of text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    const match = RULE.exec(raw);
    if (match === null) throw benchmarkRule(raw, 'malformed');
    const value = Number(match[2]);
    if (!Number.isFinite(value)) throw benchmarkRule(raw, 'the limit is not a number');
    rules.push({ pattern: match[1], kind: match[3] === '%' ? 'relative' : 'absolute', limit: match[3] === '%' ? value / 100 : value });
  }
  if (rules.length === 0) throw benchmarkRule(text, 'no rule given');
  return rules;
}

/** True when `rule` applies to the metric `id` (`…/name`): a bare name matches the last segment, a pattern the whole id. */
export function ruleMatches(rule: CompareRule, id: string): boolean {
  if (!rule.pattern.includes('/') && !rule.pattern.includes('*')) return id.slice(id.lastIndexOf('/') + 1) === rule.pattern;
  const regex = new RegExp(
    `^${rule.pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return regex.test(id);
}
