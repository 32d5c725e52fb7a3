import { metricKind } from './flatten-metrics.js';
import { ruleMatches, type CompareRule } from './compare-rules.js';

/** Status of one compared metric. */
export type CompareStatus = 'OK' | 'REGRESSION' | 'IMPROVED' | 'NEW' | 'MISSING' | 'INFO';

/** One row of the comparison table. */
export interface CompareRow {
  readonly metric: string;
  readonly baseline: number | undefined;
  readonly current: number | undefined;
  /** current − baseline. */
  readonly delta: number;
  /** (current − baseline) / baseline · 100; 0 when the baseline is 0. */
  readonly percent: number;
  /** The tolerance that applied, e.g. `5%`, `0.2`, or `—` for a metric no rule gates. */
  readonly limit: string;
  readonly status: CompareStatus;
}

/** Result of {@link compareMetrics}. */
export interface Comparison {
  readonly rows: readonly CompareRow[];
  /** Metric ids that regressed. */
  readonly regressions: readonly string[];
}

/** Options of {@link compareMetrics}. */
export interface CompareOptions {
  /**
   * Rules that gate (`--fail-on`). When given, only metrics some rule matches can regress (the last matching rule
   * wins); the others are shown as INFO. @default every metric, with the defaults of `metricKind`
   */
  readonly rules?: readonly CompareRule[];
  /** A time metric must also grow by more than this many seconds to regress (timer noise on short stages). @default 0.05 */
  readonly minTimeDeltaS?: number;
  /**
   * Per-run values of time metrics (a record's `samples`, from `--repeat` ≥ 2). When both sides have them, a time
   * regresses only if also every current run is slower than every baseline run (the ranges do not overlap).
   */
  readonly samples?: {
    readonly baseline?: Readonly<Record<string, readonly number[]>>;
    readonly current?: Readonly<Record<string, readonly number[]>>;
  };
}

/**
 * Compares two flattened metric maps (spec §5.4): errors and times regress when
 * `(c − b)/b > tolerance`, completeness, F-score, points and density when `(b − c)/b > tolerance`; a zero (or NaN)
 * baseline never flags; a figure that became NaN (e.g. no cloud any more) regresses.
 * @example
 * const { regressions } = compareMetrics(baseline.metrics, current.metrics, { rules: parseCompareRules('total_s:10%') });
 */
export function compareMetrics(
  baseline: Readonly<Record<string, number | null>>,
  current: Readonly<Record<string, number | null>>,
  options: CompareOptions = {},
): Comparison {
  const minTimeDelta = options.minTimeDeltaS ?? 0.05;
  const ids = [...new Set([...Object.keys(baseline), ...Object.keys(current)])].sort();
  const rows: CompareRow[] = [];
  for (const id of ids) {
    const b = numberOrUndefined(baseline[id]);
    const c = numberOrUndefined(current[id]);
    const name = id.slice(id.lastIndexOf('/') + 1);
    const kind = metricKind(name);
    const rule = options.rules === undefined ? undefined : options.rules.filter((r) => ruleMatches(r, id)).at(-1);
    const gated = options.rules === undefined || rule !== undefined;
    const limitKind = rule?.kind ?? 'relative';
    const limit = rule?.limit ?? kind.tolerance;
    const limitText = !gated ? '—' : limitKind === 'relative' ? `${+(limit * 100).toFixed(4)}%` : String(limit);
    const delta = b !== undefined && c !== undefined ? c - b : Number.NaN;
    const percent = b !== undefined && c !== undefined && b !== 0 && Number.isFinite(delta) ? (delta / Math.abs(b)) * 100 : 0;
    let status: CompareStatus;
    if (b === undefined) status = 'NEW';
    else if (c === undefined) status = 'MISSING';
    else if (!gated) status = 'INFO';
    else status = judge(b, c, kind.worse, limitKind, limit, kind.isTime ? minTimeDelta : 0);
    if (status === 'REGRESSION' && kind.isTime && rangesOverlap(options.samples?.baseline?.[id], options.samples?.current?.[id])) status = 'OK';
    rows.push({ metric: id, baseline: b, current: c, delta, percent, limit: limitText, status });
  }
  return { rows, regressions: rows.filter((r) => r.status === 'REGRESSION').map((r) => r.metric) };
}

/** True when both sides ran at least twice and the slowest baseline run is as slow as the fastest current run. */
function rangesOverlap(baseline: readonly number[] | undefined, current: readonly number[] | undefined): boolean {
  if (baseline === undefined || current === undefined || baseline.length < 2 || current.length < 2) return false;
  return Math.min(...current) <= Math.max(...baseline);
}

/** A key that is absent is missing; `null` is how JSON stores NaN (a figure the run could not produce). */
function numberOrUndefined(value: number | null | undefined): number | undefined {
  return value === null ? Number.NaN : value;
}

function judge(b: number, c: number, worse: 'higher' | 'lower', kind: 'relative' | 'absolute', limit: number, minDelta: number): CompareStatus {
  if (Number.isNaN(b) || b === 0) return 'OK';
  if (Number.isNaN(c)) return 'REGRESSION';
  const worsening = worse === 'higher' ? c - b : b - c;
  const exceeds = kind === 'relative' ? worsening / Math.abs(b) > limit : worsening > limit;
  if (exceeds && worsening > minDelta) return 'REGRESSION';
  const improving = -worsening;
  if (kind === 'relative' ? improving / Math.abs(b) > limit : improving > limit) return 'IMPROVED';
  return 'OK';
}
