import type { HookSubscriber, RunStartEvent, SpanStartEvent } from '@aquamvs/core';
import type { Profiler, RecordHandle } from './profiler.js';

/** Hook events may say which worker thread ran the work (not yet part of core's event types). */
type MaybeThreaded = { readonly threadId?: number };

/** Options of {@link createProfilerSubscriber}. */
export interface ProfilerSubscriberOptions {
  /** Plugin name shown in hook failure messages. */
  readonly name: string;
  /** Start the profiler at `runStart` and stop it at `runEnd`. @default true */
  readonly manageLifecycle?: boolean;
  /** Called at `runStart`, before the profiler starts (e.g. to place output beside the run's). */
  readonly onRunStart?: (event: RunStartEvent) => void;
}

/**
 * The hook subscriber that feeds a {@link Profiler}: frames become steps (`frameEnd` calls `step()`), stages and
 * spans become nested records. Stages need no profiling code.
 */
export function createProfilerSubscriber(profiler: Profiler, options: ProfilerSubscriberOptions): HookSubscriber {
  const manage = options.manageLifecycle ?? true;
  const frames = new Map<string, RecordHandle>();
  const stages = new Map<string, RecordHandle>();
  const spans = new Map<string, RecordHandle>();
  const failed = new Set<string>();
  const stageKey = (e: { runId: string; stage: string; phase: string; frame: number | undefined }): string =>
    `${e.runId}|${e.stage}|${e.phase}|${e.frame ?? ''}`;
  const spanKey = (runId: string, spanId: number): string => `${runId}|${spanId}`;
  const take = (map: Map<string, RecordHandle>, key: string): RecordHandle | undefined => {
    const handle = map.get(key);
    map.delete(key);
    return handle;
  };

  return {
    name: options.name,
    async runStart(e) {
      options.onRunStart?.(e);
      if (manage) await profiler.start();
    },
    frameStart(e) {
      const handle = profiler.open({ name: `frame ${e.frame}`, kind: 'frame', parent: undefined, frame: e.frame });
      if (handle !== undefined) frames.set(`${e.runId}|${e.frame}`, handle);
    },
    beforeStage(e) {
      const parent = e.frame === undefined ? undefined : frames.get(`${e.runId}|${e.frame}`)?.record;
      const name = e.phase === 'run' ? e.stage : `${e.stage} (${e.phase})`;
      const handle = profiler.open({ name, kind: 'stage', parent, frame: e.frame, category: e.plugin });
      if (handle !== undefined) stages.set(stageKey(e), handle);
    },
    spanStart(e: SpanStartEvent & MaybeThreaded) {
      const parent = (e.parentSpanId === undefined ? undefined : spans.get(spanKey(e.runId, e.parentSpanId))) ?? stages.get(stageKey(e));
      const handle = profiler.open({
        name: e.span,
        kind: 'span',
        parent: parent?.record,
        frame: e.frame,
        category: e.plugin,
        thread: e.threadId,
      });
      if (handle !== undefined) spans.set(spanKey(e.runId, e.spanId), handle);
    },
    spanEnd(e) {
      const handle = take(spans, spanKey(e.runId, e.spanId));
      if (handle !== undefined) profiler.close(handle, e.startedAt, e.at, e.error !== undefined);
    },
    stageError(e) {
      failed.add(stageKey(e));
    },
    afterStage(e) {
      const key = stageKey(e);
      const wasFailed = failed.delete(key) || e.error !== undefined;
      const handle = take(stages, key);
      if (handle !== undefined) profiler.close(handle, e.startedAt, e.at, wasFailed);
    },
    async frameEnd(e) {
      const handle = take(frames, `${e.runId}|${e.frame}`);
      if (handle !== undefined) profiler.close(handle, e.startedAt, e.at, e.status === 'failed');
      await profiler.step();
    },
    async runEnd(e) {
      const prefix = `${e.runId}|`;
      for (const map of [spans, stages, frames]) {
        for (const [key, handle] of map) {
          if (!key.startsWith(prefix)) continue;
          map.delete(key);
          profiler.close(handle, handle.record.openedMs, e.at, true);
        }
      }
      if (manage) await profiler.stop();
    },
  };
}
