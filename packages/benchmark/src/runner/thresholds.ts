import { readFile } from 'node:fs/promises';
import { benchmarkThresholds } from '../errors.js';
import { formatFigure, textTable } from './format-number.js';

/** Bounds of one result id (`rig/scene/pathway`): `min` for completeness-like figures, `max` for errors. */
export interface FloorSet {
  readonly min?: Readonly<Record<string, number>>;
  readonly max?: Readonly<Record<string, number>>;
}

/** `benchmarks/thresholds.json`: absolute floors per `rig/scene/pathway`. */
export interface Thresholds {
  readonly version: 1;
  readonly floors: Readonly<Record<string, FloorSet>>;
}

/** One checked bound. */
export interface FloorCheck {
  readonly metric: string;
  readonly bound: 'min' | 'max';
  readonly limit: number;
  /** NaN when the run did not produce the figure. */
  readonly value: number;
  readonly pass: boolean;
}

/** Result of {@link checkFloors}. */
export interface FloorReport {
  readonly checks: readonly FloorCheck[];
  readonly failures: readonly FloorCheck[];
  /** Result ids of this run that have no floors. */
  readonly unchecked: readonly string[];
}

/** Reads and validates a thresholds file; throws `AQM_ERR_BENCHMARK_THRESHOLDS`. */
export async function loadThresholds(path: string): Promise<Thresholds> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw benchmarkThresholds(path, `cannot read it as JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return validateThresholds(raw, path);
}

/** Checks the shape `{ version: 1, floors: { id: { min?: {metric: n}, max?: {metric: n} } } }`. */
export function validateThresholds(raw: unknown, path = 'thresholds'): Thresholds {
  const fail = (why: string): never => {
    throw benchmarkThresholds(path, why);
  };
  if (typeof raw !== 'object' || raw === null) return fail('expected a JSON object');
  const { version, floors } = raw as { version?: unknown; floors?: unknown };
  if (version !== 1) fail(`version: expected 1, got ${JSON.stringify(version)}`);
  if (typeof floors !== 'object' || floors === null) return fail('floors: expected an object keyed by rig/scene/pathway');
  for (const [id, set] of Object.entries(floors)) {
    if (typeof set !== 'object' || set === null) fail(`floors.${id}: expected { min?, max? }`);
    for (const [bound, values] of Object.entries(set as object)) {
      if (bound !== 'min' && bound !== 'max') fail(`floors.${id}.${bound}: expected min or max`);
      for (const [metric, value] of Object.entries(values as object)) {
        if (typeof value !== 'number' || !Number.isFinite(value))
          fail(`floors.${id}.${bound}.${metric}: expected a number, got ${JSON.stringify(value)}`);
      }
    }
  }
  return raw as Thresholds;
}

/**
 * Checks a run's flattened metrics against the floors of the result ids it produced; a missing or NaN figure fails.
 * @example
 * const { failures } = checkFloors(record.metrics, ['ci/flat/classic:full'], thresholds);
 */
export function checkFloors(metrics: Readonly<Record<string, number | null>>, resultIds: readonly string[], thresholds: Thresholds): FloorReport {
  const checks: FloorCheck[] = [];
  const unchecked: string[] = [];
  for (const id of resultIds) {
    const set = thresholds.floors[id];
    if (set === undefined) {
      unchecked.push(id);
      continue;
    }
    for (const bound of ['min', 'max'] as const) {
      for (const [metric, limit] of Object.entries(set[bound] ?? {})) {
        const value = metrics[`${id}/${metric}`] ?? Number.NaN;
        const pass = bound === 'min' ? value >= limit : value <= limit;
        checks.push({ metric: `${id}/${metric}`, bound, limit, value, pass });
      }
    }
  }
  return { checks, failures: checks.filter((c) => !c.pass), unchecked };
}

/** The floor checks as a table `Metric | Bound | Limit | Value | Status`. */
export function formatFloorReport(report: FloorReport): string {
  const rows = report.checks.map((c) => [
    c.metric,
    c.bound === 'min' ? '≥' : '≤',
    formatFigure(c.limit),
    formatFigure(c.value),
    c.pass ? 'OK' : 'BELOW FLOOR',
  ]);
  const lines = rows.length === 0 ? [] : [textTable(['Metric', 'Bound', 'Limit', 'Value', 'Status'], rows), ''];
  if (report.unchecked.length > 0) lines.push(`No floors for: ${report.unchecked.join(', ')}`, '');
  // With no floor for any run (a lab's own rig, another water depth) nothing was checked: say so, not "all met".
  lines.push(
    report.checks.length === 0 ? 'No floors checked.' : report.failures.length === 0 ? 'All floors met.' : `Floors failed: ${report.failures.length}`,
  );
  return lines.join('\n');
}
