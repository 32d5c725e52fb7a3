import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { createOutputWriter, HOOKS, LOGGER, silentLogger, type AquamvsPlugin, type Logger } from '@aquamvs/core';
import { profilerTraceWrite } from './errors.js';
import { formatTable } from './format-table.js';
import { Profiler } from './profiler.js';
import { createProfilerSubscriber } from './profiler-subscriber.js';
import { runWithProfiler } from './registry.js';
import type { ProfileReport } from './report.js';
import { parseScheduleSpec, type ProfilerSchedule, type ScheduleOptions } from './schedule.js';

/** The npm name, used as the plugin name. */
export const PROFILER_PLUGIN_NAME = '@aquamvs/profiler';

/** Options of {@link createRunProfiler} (and of the plugin in config `plugins:`). */
export interface RunProfilerOptions {
  /** Directory for `trace.json` and `profile.json`; relative paths resolve against the run's output directory. @default '<output_dir>/profile' */
  readonly outputDir?: string;
  /** A schedule, its options, or the CLI text `wait,warmup,active[,repeat[,skipFirst[,skipFirstWait]]]`. @default every frame, one trace at the end */
  readonly schedule?: ProfilerSchedule | ScheduleOptions | string;
  /** Memory sampling period in ms; 0 = only before/after each record. @default 20 */
  readonly sampleIntervalMs?: number;
  /** Log the table (info) each time a cycle is saved. @default false */
  readonly logTable?: boolean;
  /** Logger for warnings and the table. @default the run's logger */
  readonly log?: Logger;
}

/** One saved cycle: its report and the files written for it. */
interface SavedProfile {
  readonly report: ProfileReport;
  readonly tracePath: string;
  readonly reportPath: string;
}

/** A profiler set up for `runPipeline`: add `plugin` to the run's plugins, run inside `run()`, then `finish()`. */
export interface RunProfiler {
  readonly profiler: Profiler;
  readonly plugin: AquamvsPlugin;
  /** Cycles saved so far. */
  readonly saved: readonly SavedProfile[];
  /** Runs `fn` with this profiler active (so `timedStage` inside delegates to it). */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Stops the profiler if the run did not (e.g. it threw before `runEnd`) and returns every saved cycle. */
  finish(): Promise<readonly SavedProfile[]>;
}

/**
 * The function behind `aquamvs profile` and `aquamvs run --profile`. Cycle 0 writes `trace.json` (streamed while
 * the run goes) and `profile.json`; later cycles write `trace.cycle-N.json` and `profile.cycle-N.json`.
 * @example
 * const rp = createRunProfiler({ outputDir: 'out/profile', schedule: '1,1,3,1' });
 * await rp.run(() => runPipeline({ config, frameSource, plugins: [stages, rp.plugin] }));
 * for (const { report } of await rp.finish()) process.stdout.write(formatTable(report) + '\n');
 */
export function createRunProfiler(options: RunProfilerOptions = {}): RunProfiler {
  let baseDir = resolve(options.outputDir ?? 'profile');
  let log: Logger = options.log ?? silentLogger;
  const saved: SavedProfile[] = [];
  const fileName = (stem: string, cycle: number): string => join(baseDir, cycle === 0 ? `${stem}.json` : `${stem}.cycle-${cycle}.json`);
  const schedule = typeof options.schedule === 'string' ? parseScheduleSpec(options.schedule) : options.schedule;
  const profiler = new Profiler({
    schedule,
    sampleIntervalMs: options.sampleIntervalMs,
    tracePath: (cycle) => fileName('trace', cycle),
    log: {
      debug: (m) => log.debug(m),
      info: (m) => log.info(m),
      warn: (m) => log.warn(m),
      error: (m) => log.error(m),
      child: (name) => log.child(name),
    },
    onTraceReady: async (p) => {
      const report = p.report();
      const reportPath = fileName('profile', p.cycle);
      await writeAtomically(reportPath, `${JSON.stringify(report, null, 2)}\n`);
      saved.push({ report, tracePath: fileName('trace', p.cycle), reportPath });
      if (options.logTable === true) log.info(`\n${formatTable(report)}`);
    },
  });
  const subscriber = createProfilerSubscriber(profiler, {
    name: PROFILER_PLUGIN_NAME,
    onRunStart: (event) => {
      if (options.outputDir === undefined || !isAbsolute(options.outputDir)) {
        baseDir = resolve(event.outputDir, options.outputDir ?? 'profile');
      }
    },
  });
  const plugin: AquamvsPlugin = {
    name: PROFILER_PLUGIN_NAME,
    register(container) {
      if (options.log === undefined && container.isRegistered(LOGGER, true)) log = container.resolve(LOGGER);
      container.register(HOOKS, { useValue: subscriber });
    },
  };
  return {
    profiler,
    plugin,
    saved,
    run: (fn) => runWithProfiler(profiler, fn),
    async finish() {
      await profiler.stop();
      return saved;
    },
  };
}

/** Core's atomic writer; a failure is the profiler's own `AQM_ERR_PROFILER_TRACE_WRITE`, with the write error as cause. */
async function writeAtomically(path: string, text: string): Promise<void> {
  try {
    await createOutputWriter(dirname(path)).writeFile(basename(path), text);
  } catch (error) {
    throw profilerTraceWrite(path, error);
  }
}
