import { profilerPlugin } from './plugin.js';

export default profilerPlugin;
export { profilerPlugin } from './plugin.js';
export type { ProfilerPlugin } from './plugin.js';
export { createRunProfiler, PROFILER_PLUGIN_NAME } from './run-profiler.js';
export type { RunProfiler, RunProfilerOptions, SavedProfile } from './run-profiler.js';
export { Profiler } from './profiler.js';
export type { ProfilerOptions, RecordHandle } from './profiler.js';
export { createProfilerSubscriber } from './profiler-subscriber.js';
export type { ProfilerSubscriberOptions } from './profiler-subscriber.js';
export { getActiveProfiler, runWithProfiler, setActiveProfiler, timedStage } from './registry.js';
export type { StageProfiler } from './registry.js';
export { ProfilerAction, parseScheduleSpec, recordEveryStep, schedule } from './schedule.js';
export type { ProfilerSchedule, ScheduleOptions } from './schedule.js';
export { ScheduleDriver, TRANSITIONS } from './schedule-driver.js';
export type { TransitionEffect } from './schedule-driver.js';
export { buildReport } from './report.js';
export type { Bottleneck, ProfileReport, StageReport } from './report.js';
export { formatTable } from './format-table.js';
export { TraceWriter } from './trace-writer.js';
export type { TraceEvent } from './trace-writer.js';
export type { MemoryFigures } from './memory.js';
export type { OpenRecord, RecordSpec } from './recorder.js';
export type { RecordKind } from './stage-aggregate.js';
export {
  PROFILER_ERROR_CODES,
  profilerOptionInvalid,
  profilerScheduleInvalid,
  profilerStepInvalid,
  profilerTraceWrite,
} from './errors.js';
export type { ProfilerErrorCode } from './errors.js';
