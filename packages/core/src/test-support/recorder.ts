import { HOOK_NAMES, type HookSubscriber, type PipelineHooks } from '../hooks.js';
import type { AquamvsPlugin } from '../plugin.js';
import type { Stage, StageContext } from '../stage.js';
import { aquamvsConfigSchema, type AquamvsConfig, type AquamvsConfigInput } from '../config/schema.js';
import { HOOKS, STAGE } from '../tokens.js';
import { createMemoryFrameSource } from '../memory-frame-source.js';
import type { FrameSource } from '../frame-source.js';

/** A recorder subscriber that pushes `[hook, stage?, frame?]` rows. */
export function recorderPlugin(rows: string[], name = 'recorder'): AquamvsPlugin {
  const subscriber: Record<string, unknown> = { name };
  for (const hook of HOOK_NAMES) {
    subscriber[hook] = (event: { stage?: string; frame?: number; span?: string; phase?: string }) => {
      const parts: string[] = [hook];
      if (event.stage !== undefined) parts.push(event.phase === 'run' ? event.stage : `${event.stage}(${event.phase})`);
      if (event.span !== undefined) parts.push(`span:${event.span}`);
      if (event.frame !== undefined) parts.push(`#${event.frame}`);
      rows.push(parts.join(' '));
    };
  }
  return { name, register: (c) => c.register(HOOKS, { useValue: subscriber as unknown as HookSubscriber }) };
}

/** A plugin whose only content is one hook subscriber named after it. */
export function hooksPlugin(name: string, hooks: Partial<PipelineHooks>): AquamvsPlugin {
  return { name, register: (c) => c.register(HOOKS, { useValue: { name, ...hooks } }) };
}

/** A tiny real stage driven by a function. */
export function fnStage(
  id: string,
  run: (ctx: StageContext) => Promise<void> | void,
  io: {
    consumes?: string[];
    produces?: string[];
    intermediates?: string[];
    prepare?: () => Promise<void> | void;
    finish?: () => Promise<void> | void;
  } = {},
): Stage {
  return {
    id,
    consumes: (io.consumes ?? []) as Stage['consumes'],
    produces: (io.produces ?? []) as Stage['produces'],
    ...(io.intermediates ? { intermediates: io.intermediates } : {}),
    ...(io.prepare ? { prepare: async () => io.prepare?.() } : {}),
    ...(io.finish ? { finish: async () => io.finish?.() } : {}),
    run: async (ctx) => run(ctx),
  };
}

/** A plugin registering the given stages. */
export function stagesPlugin(name: string, stages: Stage[]): AquamvsPlugin {
  return { name, register: (c) => stages.forEach((s) => c.register(STAGE, { useValue: s })) };
}

/** A config with `pipeline.stages` set. */
export function testConfig(outputDir: string, stages: string[], extra: AquamvsConfigInput = {}): AquamvsConfig {
  return aquamvsConfigSchema.parse({ ...extra, output_dir: outputDir, pipeline: { stages } });
}

/** A frame source of `count` frames with one 2×2 grey image per camera. */
export function tinySource(count: number, cameras = ['cam0']): FrameSource {
  return createMemoryFrameSource(
    cameras,
    count,
    () => new Map(cameras.map((c) => [c, { width: 2, height: 2, channels: 1 as const, data: new Uint8Array(4) }])),
  );
}
