export {
  QUEUE_ERROR_CODES,
  queueConnect,
  queueEnvironment,
  queueFrameMissing,
  queueOptionInvalid,
  queueRedisStart,
  queueRunUnknown,
  queueUrlInvalid,
} from './errors.js';
export type { QueueErrorCode } from './errors.js';
export { DEFAULT_QUEUE_NAME, queueTarget } from './queue-connection.js';
export type { QueueTarget } from './queue-connection.js';
export { connectQueue } from './open-queue.js';
export { frameJobId, listRunSpecs, loadRunSpec, parseFrameJobId, runKeyFor } from './run-spec.js';
export type { FrameJobData, FrameJobResult, RunSpec } from './run-spec.js';
export { submitRun } from './submit-run.js';
export type { SubmitRunOptions, SubmitRunResult } from './submit-run.js';
export { isSettled, readRunStatuses } from './run-status.js';
export type { FrameFailure, RunStatus } from './run-status.js';
export { followRun } from './follow-run.js';
export type { FollowRunOptions } from './follow-run.js';
export { ManifestSync } from './manifest-sync.js';
export { forgetRun } from './forget-run.js';
export { openFrameSession } from './frame-session.js';
export type { FrameOutcome, FrameSession, FrameSessionOptions, OpenRunEnvironment, RunEnvironment } from './frame-session.js';
export { startQueueWorker } from './queue-worker.js';
export type { EnvironmentModule } from './slot-protocol.js';
export type { QueueWorker, QueueWorkerOptions, WorkerFrameEvent } from './queue-worker.js';
export { publishFrameDir, STAGING_DIR, sweepStaleStaging } from './staging.js';
export { mergeProfileReports } from './merge-profile-reports.js';
export { mergeWorkerProfiles } from './merge-worker-profiles.js';
export type { MergedProfiles } from './merge-worker-profiles.js';
export { redisServerAvailable, startRedisServer } from './redis-server.js';
export type { LocalRedis } from './redis-server.js';
