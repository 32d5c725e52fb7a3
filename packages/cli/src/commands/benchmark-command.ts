import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { parse as parseYamlScalar } from 'yaml';
import {
  applyPreset,
  aquamvsConfigSchema,
  createLogger,
  defaultConfig,
  isPresetName,
  isSafeFileName,
  loadConfigOrThrow,
  resolveConfigPaths,
  type AquamvsConfig,
  type AquamvsPlugin,
  type Logger,
} from '@aquamvs/core';
import {
  checkFloors,
  compareMetrics,
  createBenchmarkRecord,
  formatComparison,
  formatFloorReport,
  formatReliefTable,
  formatResultsTable,
  formatStageCpuTable,
  loadBaseline,
  loadThresholds,
  parseCompareRules,
  recordResultIds,
  runBenchmark,
  saveBenchmarkRecord,
  syntheticBenchmarkScene,
  timestampName,
  writeBenchmarkReport,
  type BenchmarkScene,
} from '@aquamvs/benchmark/runner';
import { isSceneName, SCENE_NAMES } from '@aquamvs/benchmark';
import { builtinPlugins } from '../builtin-plugins.js';
import { openConfiguredFrameSource } from '../frame-source-for-config.js';
import { syntheticSetup, type SyntheticSetup } from '../synthetic-rig.js';
import type { CommandContext } from './command-context.js';

/** Flags of `aquamvs benchmark`. */
interface BenchmarkFlags {
  frame: string;
  scenes: string;
  rig: string;
  waterDepth?: string;
  seed: string;
  pathways?: string;
  preset?: string;
  set?: string[];
  repeat: string;
  save?: string;
  compare?: string;
  failOn?: string;
  thresholds?: string;
  benchmarksDir: string;
  outputDir?: string;
  keepOutputs?: boolean;
  verbose?: boolean;
  quiet?: boolean;
}

/** Injected for tests: the stage plugins. @default builtinPlugins */
export interface BenchmarkCommandDeps {
  readonly plugins?: () => AquamvsPlugin[];
}

const DEFAULT_THRESHOLDS = join('benchmarks', 'thresholds.json');
const list = (text: string | undefined): string[] | undefined =>
  text
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

export function registerBenchmarkCommand(program: Command, context: CommandContext, deps: BenchmarkCommandDeps = {}): void {
  program
    .command('benchmark')
    .description('compare pathways: stage times, points, density and (synthetic scenes) accuracy; reports, regression checks')
    .argument('[config]', 'pipeline config.yaml of your own data (timing, points, density); without it: synthetic scenes with ground truth')
    .option('--frame <n>', 'frame to process', '0')
    .option('--scenes <list>', `synthetic scenes (${SCENE_NAMES.join(', ')})`, SCENE_NAMES.join(','))
    .option(
      '--rig <name|file>',
      'synthetic rig: ci (4+1 cameras 320×240), standard (12+1 cameras 1600×1200), or your own AquaCal calibration.json (rendered as given)',
      'ci',
    )
    .option('--water-depth <m>', "depth of the synthetic bed below the water, metres (default: the scene's, 0.2; bower 0.3)")
    .option('--seed <n>', 'synthetic texture seed', '0')
    .option('--pathways <list>', 'pathways, e.g. full,sparse or classic:full,lightglue:sparse (default: all configured)')
    .option('--preset <name>', 'apply a quality preset (fast, balanced, quality) to the config before benchmarking')
    .option(
      '--set <key=value>',
      'override a config key for every run, e.g. reconstruction.refine_passes=4 (repeatable)',
      (v: string, all?: string[]) => [...(all ?? []), v],
    )
    .option('--repeat <k>', 'runs per pathway; times are the median', '1')
    .option('--save <name>', 'also save the JSON record as <benchmarks-dir>/saved/<name>.json')
    .option('--compare <baseline>', "compare with a saved run: a name from --save, a record file, or 'latest'")
    .option('--fail-on <rules>', 'regression rules METRIC:N% or METRIC:N, comma separated (default: errors/completeness 5%, times 10%)')
    .option('--thresholds <path>', `absolute floors for synthetic scenes (default ${DEFAULT_THRESHOLDS} when present)`)
    .option('--benchmarks-dir <dir>', 'where JSON records are kept', '.benchmarks')
    .option(
      '--output-dir <dir>',
      'where the Markdown report and SVG charts go (default <benchmarks-dir>/reports, or <output_dir>/benchmark with a config)',
    )
    .option('--keep-outputs', 'keep the pipeline outputs of synthetic runs (default: a temporary directory, removed)')
    .option('-v, --verbose', 'debug logging')
    .option('-q, --quiet', 'warnings and errors only')
    .action(async (configPath: string | undefined, flags: BenchmarkFlags) => {
      const fail = (message: string): never => program.error(`error: ${message}`);
      const frame = Number(flags.frame);
      const repeat = Number(flags.repeat);
      const seed = Number(flags.seed);
      if (!Number.isInteger(frame) || frame < 0) fail(`--frame must be an integer ≥ 0 (got '${flags.frame}')`);
      if (!Number.isInteger(repeat) || repeat < 1) fail(`--repeat must be an integer ≥ 1 (got '${flags.repeat}')`);
      if (!Number.isSafeInteger(seed)) fail(`--seed must be an integer (got '${flags.seed}')`);
      try {
        withOverrides(defaultConfig(), flags.set ?? []);
      } catch (error) {
        fail((error as Error).message);
      }
      const scenes = list(flags.scenes) ?? [];
      const unknown = scenes.filter((s) => !isSceneName(s));
      if (scenes.length === 0 || unknown.length > 0) fail(`--scenes must list some of ${SCENE_NAMES.join(', ')} (got '${flags.scenes}')`);
      if (flags.preset !== undefined && !isPresetName(flags.preset)) fail(`--preset must be one of fast, balanced, quality (got '${flags.preset}')`);
      if (flags.save !== undefined && !isSafeFileName(flags.save)) fail(`--save must be a plain file name (got '${flags.save}')`);
      const rules = flags.failOn === undefined ? undefined : parseCompareRules(flags.failOn);
      if (rules !== undefined && flags.compare === undefined) fail('--fail-on needs --compare BASELINE');
      if (configPath !== undefined && (flags.rig !== 'ci' || flags.waterDepth !== undefined))
        fail('--rig and --water-depth set up the synthetic scenes; with a config the benchmark runs your own data');
      const setup = await syntheticSetup(flags.rig, flags.waterDepth, fail);
      await runBenchmarkCommand(
        configPath,
        { ...flags, frame, repeat, seed, sceneNames: scenes, rules, setup },
        context,
        (deps.plugins ?? builtinPlugins)(),
      );
    });
}

interface ParsedFlags extends Omit<BenchmarkFlags, 'frame' | 'repeat' | 'seed'> {
  frame: number;
  repeat: number;
  seed: number;
  sceneNames: string[];
  rules: ReturnType<typeof parseCompareRules> | undefined;
  setup: SyntheticSetup;
}

/** Applies `--set a.b=value` overrides (values parsed as YAML scalars) and validates the result. */
function withOverrides(config: AquamvsConfig, overrides: readonly string[]): AquamvsConfig {
  if (overrides.length === 0) return config;
  const next = structuredClone(config) as unknown as Record<string, unknown>;
  for (const item of overrides) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new Error(`--set expects key=value (got '${item}')`);
    const path = item.slice(0, eq).split('.');
    let node = next;
    for (const key of path.slice(0, -1)) {
      const child = node[key];
      if (typeof child !== 'object' || child === null) throw new Error(`--set ${item}: '${key}' is not a config section`);
      node = child as Record<string, unknown>;
    }
    node[path[path.length - 1]] = parseYamlScalar(item.slice(eq + 1)) as unknown;
  }
  const parsed = aquamvsConfigSchema.safeParse(next);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`--set: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

async function userDataScene(configPath: string, frame: number, log: Logger): Promise<BenchmarkScene> {
  const loaded = await loadConfigOrThrow(configPath, (kind, line) => (kind === 'warn' ? log.warn(line) : log.debug(line)));
  const { config } = resolveConfigPaths(loaded, dirname(resolve(configPath)));
  return { name: 'config', config, frame, openFrameSource: () => openConfiguredFrameSource(config, log) };
}

async function runBenchmarkCommand(
  configPath: string | undefined,
  flags: ParsedFlags,
  context: CommandContext,
  plugins: AquamvsPlugin[],
): Promise<void> {
  const out = (text: string): void => void context.streams.stdout.write(`${text}\n`);
  const log = createLogger({ name: 'aquamvs', level: flags.verbose ? 'debug' : flags.quiet ? 'warn' : 'info' });
  const preset = flags.preset !== undefined && isPresetName(flags.preset) ? flags.preset : undefined;
  const base =
    configPath === undefined
      ? flags.sceneNames.map((scene) =>
          syntheticBenchmarkScene({
            rig: flags.setup.rig,
            rigName: flags.setup.rigName,
            scene,
            name: flags.setup.sceneLabel(scene),
            seed: flags.seed,
            sceneOptions: flags.setup.sceneOptions,
          }),
        )
      : [await userDataScene(configPath, flags.frame, log)];
  const scenes = (preset === undefined ? base : base.map((s) => ({ ...s, config: applyPreset(s.config, preset) }))).map((s) => ({
    ...s,
    config: withOverrides(s.config, flags.set ?? []),
  }));
  const baseline = flags.compare === undefined ? undefined : await loadBaseline(flags.compare, flags.benchmarksDir);
  const thresholdsPath = flags.thresholds ?? (existsSync(DEFAULT_THRESHOLDS) ? DEFAULT_THRESHOLDS : undefined);
  const thresholds = configPath === undefined && thresholdsPath !== undefined ? await loadThresholds(thresholdsPath) : undefined;
  const reportDir = resolve(
    flags.outputDir ?? (configPath === undefined ? join(flags.benchmarksDir, 'reports') : join(scenes[0].config.output_dir, 'benchmark')),
  );
  const temporary = configPath === undefined && !flags.keepOutputs;
  const workDir =
    configPath !== undefined
      ? reportDir
      : temporary
        ? await mkdtemp(join(tmpdir(), 'aquamvs-benchmark-'))
        : join(reportDir, `runs_${timestampName(new Date().toISOString())}`);
  let result;
  try {
    result = await runBenchmark({
      scenes,
      plugins,
      ...(flags.pathways === undefined ? {} : { pathways: list(flags.pathways) }),
      repeat: flags.repeat,
      workDir,
      log,
      onRun: (e) =>
        log.info(
          `${e.scene} · ${e.pathway.label} run ${e.run}/${e.of}: ${e.seconds.toFixed(1)} s${e.error === undefined ? '' : ` (failed: ${e.error})`}`,
        ),
    });
  } finally {
    if (temporary) await rm(workDir, { recursive: true, force: true });
  }
  const record = createBenchmarkRecord(result, scenes, {
    ...(flags.save === undefined ? {} : { name: flags.save }),
    ...(configPath === undefined ? {} : { configPath: resolve(configPath) }),
  });
  out(formatResultsTable(record.results));
  out(`\nStage CPU time (all threads; CPU/wall ≈ cores kept busy):\n${formatStageCpuTable(record.results)}`);
  const relief = formatReliefTable(record.results);
  if (relief !== undefined) out(`\nRelief (surface > 3 mm off the bed; hole: widest empty ball on it):\n${relief}`);
  let failed = false;
  const failures = record.results.filter((r) => r.error !== undefined);
  for (const r of failures) context.streams.stderr.write(`error AQM_ERR_FRAMES_FAILED: ${r.scene} · ${r.label}: ${r.error}\n`);
  if (failures.length > 0) failed = true;
  let floorsText: string | undefined;
  if (thresholds !== undefined) {
    const floors = checkFloors(record.metrics, recordResultIds(record), thresholds);
    floorsText = formatFloorReport(floors);
    out(`\nFloors (${thresholdsPath}):\n${floorsText}`);
    if (floors.failures.length > 0) failed = true;
  }
  let comparisonText: string | undefined;
  if (baseline !== undefined) {
    const comparison = compareMetrics(baseline.record.metrics, record.metrics, {
      ...(flags.rules === undefined ? {} : { rules: flags.rules }),
      samples: {
        ...(baseline.record.samples === undefined ? {} : { baseline: baseline.record.samples }),
        ...(record.samples === undefined ? {} : { current: record.samples }),
      },
    });
    comparisonText = formatComparison(comparison, baseline.record.name ?? baseline.record.runId, flags.save ?? record.runId);
    out(`\n${comparisonText}`);
    if (comparison.regressions.length > 0) failed = true;
  }
  const saved = await saveBenchmarkRecord(record, flags.benchmarksDir);
  const report = await writeBenchmarkReport(record, reportDir, {
    ...(floorsText === undefined ? {} : { floors: floorsText }),
    ...(comparisonText === undefined ? {} : { comparison: comparisonText }),
  });
  out(`\nReport saved to: ${report.reportPath}`);
  out(`Charts: ${report.charts.join(', ')}`);
  out(`Record: ${saved.runPath}${saved.savedPath === undefined ? '' : ` (saved as ${saved.savedPath})`}`);
  if (failed) context.setExitCode(1);
}
