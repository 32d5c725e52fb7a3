import { profilerPlugin } from './plugin.js';

export default profilerPlugin;
export { profilerPlugin } from './plugin.js';
export { createRunProfiler, PROFILER_PLUGIN_NAME } from './run-profiler.js';
export type { RunProfiler, RunProfilerOptions } from './run-profiler.js';
export { Profiler } from './profiler.js';
export type { ProfilerOptions } from './profiler.js';
export { createProfilerSubscriber } from './profiler-subscriber.js';
export { getActiveProfiler, runWithProfiler, setActiveProfiler, timedStage } from './registry.js';
export { ProfilerAction, parseScheduleSpec, recordEveryStep, schedule } from './schedule.js';
export { ScheduleDriver, TRANSITIONS } from './schedule-driver.js';
export { buildReport } from './report.js';
export type { ProfileReport, StageReport } from './report.js';
export { formatTable } from './format-table.js';
export { TraceWriter } from './trace-writer.js';
export { PROFILER_ERROR_CODES } from './errors.js';
export type { ProfilerErrorCode } from './errors.js';
