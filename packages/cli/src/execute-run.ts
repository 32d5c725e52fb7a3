import { dirname, resolve } from 'node:path';
import {
  loadConfigOrThrow,
  resolveConfigPaths,
  runPipeline,
  type AquamvsConfig,
  type AquamvsPlugin,
  type FrameSource,
  type LogSink,
  type PipelineProgress,
  type Logger,
  type RunSummary,
} from '@aquamvs/core';
import { createRunProfiler, formatTable, type RunProfiler } from '@aquamvs/profiler';
import { builtinPlugins, CLI_INSTALL_DIR } from './builtin-plugins.js';
import { MADE_BY } from './cli-version.js';
import { withCalibratedSizes } from './calibrated-frame-source.js';
import { framesByCause } from './frames-by-cause.js';
import { checkSourceInputs, loadRunCalibration } from './check-run-inputs.js';
import type { CommandContext } from './commands/command-context.js';
import { parseFramesFlag } from './frames-flag.js';
import { modelsDir } from './models/model-store.js';
import { resolveModelNames } from './models/resolve-model-names.js';
import { interruptOnSignals } from './interrupt-on-signals.js';
import { cliLogger, type LogFlags } from './cli-logger.js';
import { escapeControl } from './report-error.js';
import { reportDegradedFrames } from './frames-degraded.js';
import { runInputsFingerprint } from './run-inputs-fingerprint.js';
import { createTerminal, shouldShowBar } from './terminal.js';

/** Flags shared by `run` and `profile`. */
export interface ExecuteRunOptions extends LogFlags {
  device?: string;
  force?: boolean;
  /** Frame range `a:b` (b exclusive, either side optional) overriding the config's. */
  frames?: string;
  /** Profile the run. */
  profile?: boolean;
  /** Profiler schedule `wait,warmup,active[,repeat[,skipFirst[,skipFirstWait]]]`. */
  schedule?: string;
  /** Where the profiler writes `trace.json` and `profile.json`. @default <output_dir>/profile */
  profileDir?: string;
}

/** Applies CLI overrides to a loaded config (the `--device` override bypasses validation, as in the reference). */
function applyOverrides(config: AquamvsConfig, options: ExecuteRunOptions): AquamvsConfig {
  const runtime = { ...config.runtime };
  if (options.device !== undefined) (runtime as { device: string }).device = options.device;
  if (options.quiet) runtime.quiet = true;
  let preprocessing = config.preprocessing;
  if (options.frames !== undefined) preprocessing = { ...preprocessing, ...parseFramesFlag(options.frames) };
  return { ...config, runtime, preprocessing };
}

/** A config loaded for a run: validated, CLI overrides applied, paths absolute. */
export interface LoadedRunConfig {
  readonly config: AquamvsConfig;
  readonly configDir: string;
  readonly log: Logger;
}

/** Loads `configPath` as `run` does: validation messages logged (to `sink` when given), overrides applied, paths resolved. */
export async function loadRunConfig(configPath: string, options: ExecuteRunOptions, sink?: LogSink): Promise<LoadedRunConfig> {
  const log = cliLogger(options, sink);
  const loaded = await loadConfigOrThrow(configPath, (kind, line) => (kind === 'warn' ? log.warn(line) : log.debug(line)));
  const configDir = dirname(resolve(configPath));
  const { config, notes } = resolveConfigPaths(resolveModelNames(applyOverrides(loaded, options), modelsDir()), configDir);
  for (const note of notes) log.info(`${note.key}: '${note.path}' not found next to the config; using ${note.resolved}`);
  return { config, configDir, log };
}

/** Loads a config and runs it with the built-in stages (and the profiler when asked); sets the exit code. */
export async function executeRun(configPath: string, options: ExecuteRunOptions, context: CommandContext): Promise<RunSummary> {
  const { streams } = context;
  const format = options.logFormat ?? 'text';
  const terminal = createTerminal(streams.stderr, { format, showBar: shouldShowBar(streams.stderr, { quiet: options.quiet ?? false, format }) });
  const { config, configDir, log } = await loadRunConfig(configPath, options, terminal.log);
  const outputDir = config.output_dir;
  const profiler: RunProfiler | undefined = options.profile
    ? createRunProfiler({
        outputDir: resolve(options.profileDir ?? resolve(outputDir, 'profile')),
        ...(options.schedule === undefined ? {} : { schedule: options.schedule }),
        log,
      })
    : undefined;
  const plugins: AquamvsPlugin[] = [...builtinPlugins(), ...(profiler ? [profiler.plugin] : [])];
  const calibration = await loadRunCalibration(config);
  const inputsFingerprint = await runInputsFingerprint(config, configDir);
  // The frames come from the opener registered under FRAME_SOURCE (the CLI's built-in, or a config plugin's).
  const checkFrameSource = async (source: FrameSource): Promise<FrameSource> => {
    if (calibration === undefined) return source;
    await checkSourceInputs(config, configPath, calibration, source, (line) => log.warn(line));
    return withCalibratedSizes(source, calibration);
  };
  const interrupt = interruptOnSignals(log);
  const run = (): Promise<RunSummary> =>
    runPipeline({
      config,
      checkFrameSource,
      configDir,
      pluginFallbackDirs: [CLI_INSTALL_DIR],
      madeBy: MADE_BY,
      outputDir,
      plugins,
      log,
      force: options.force ?? false,
      signal: interrupt.signal,
      inputsFingerprint,
      ...(config.runtime.quiet ? {} : { onProgress: (p: PipelineProgress) => terminal.progress(p) }),
      ...(calibration === undefined ? {} : { resources: { calibration } }),
    });
  let summary: RunSummary;
  try {
    summary = profiler ? await profiler.run(run) : await run();
  } finally {
    interrupt.dispose();
    terminal.stop();
    if (profiler) {
      for (const saved of await profiler.finish()) {
        streams.stdout.write(`${formatTable(saved.report)}\n`);
        log.info(`profile written: ${saved.reportPath}, trace: ${saved.tracePath} (open in https://ui.perfetto.dev)`);
      }
    }
  }
  reportSummary(summary, log, context);
  return summary;
}

function reportSummary(summary: RunSummary, log: Logger, context: CommandContext): void {
  const parts = [`${summary.done.length} frame(s) done`];
  if (summary.skipped.length) parts.push(`${summary.skipped.length} skipped (already finished)`);
  if (summary.failed.length) parts.push(`${summary.failed.length} failed`);
  // The fallbacks were warned about at the start; the summary repeats what the results were made with.
  const madeWith = summary.fallbacks.map((f) => `${f.key} ${f.used} instead of ${f.requested}`).join(', ');
  log.info(
    `${parts.join(', ')} in ${(summary.durationMs / 1000).toFixed(1)} s → ${summary.outputDir}${madeWith === '' ? '' : ` (with ${madeWith})`}`,
  );
  const manifest = resolve(summary.outputDir, 'run.json');
  if (summary.aborted) {
    const abandoned = summary.failed.filter((f) => f.error.message.startsWith('run interrupted')).map((f) => f.frame);
    context.streams.stderr.write(
      `error AQM_ERR_RUN_INTERRUPTED: interrupted after ${summary.done.length} frame(s) done${abandoned.length === 0 ? '' : `; frame ${abandoned.join(', ')} abandoned`}; see ${manifest}, and run again to go on\n`,
    );
    context.setExitCode(130);
    return;
  }
  reportDegradedFrames(summary.degraded, manifest, context);
  if (summary.failed.length > 0) {
    const frames = framesByCause(summary.failed.map((f) => ({ frame: f.frame, text: escapeControl(firstLine(f.error.message)) })));
    context.streams.stderr.write(`error AQM_ERR_FRAMES_FAILED: ${summary.failed.length} frame(s) failed (${frames}); see ${manifest}\n`);
    context.setExitCode(1);
  }
  // An instrument never lies: a run whose run-wide pass (e.g. the viz report) failed did not do what it was asked.
  if (summary.finishFailed.length > 0) {
    const stages = summary.finishFailed.map((f) => `${f.stage}: ${escapeControl(firstLine(f.error.message))}`).join('; ');
    context.streams.stderr.write(
      `error AQM_ERR_FINISH_FAILED: ${summary.finishFailed.length} stage(s) failed to finish (${stages}); see ${manifest}\n`,
    );
    context.setExitCode(1);
  }
}

function firstLine(text: string): string {
  const nl = text.indexOf('\n');
  return nl < 0 ? text : text.slice(0, nl);
}
