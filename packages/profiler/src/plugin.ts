import type { AquamvsPlugin } from '@aquamvs/core';
import type { Profiler } from './profiler.js';
import { createRunProfiler, type RunProfilerOptions } from './run-profiler.js';

/** The plugin, with its profiler for programmatic access to reports. */
export interface ProfilerPlugin extends AquamvsPlugin {
  readonly profiler: Profiler;
}

/**
 * The profiler plugin: registers a hook subscriber that records every stage, span and frame of a run (no stage
 * contains profiling code) and, when a cycle is saved, writes `trace.json` and `profile.json` to
 * `options.outputDir` (default `<output_dir>/profile`).
 * @example
 * // config.yaml
 * plugins:
 *   - ['@aquamvs/profiler', { schedule: '1,1,3', logTable: true }]
 */
export function profilerPlugin(options: RunProfilerOptions = {}): ProfilerPlugin {
  const { plugin, profiler } = createRunProfiler(options);
  return { name: plugin.name, register: (container) => plugin.register(container), profiler };
}
