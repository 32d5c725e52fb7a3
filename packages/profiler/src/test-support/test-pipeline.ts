import {
  aquamvsConfigSchema,
  createMemoryFrameSource,
  STAGE,
  type AquamvsConfig,
  type AquamvsPlugin,
  type FrameSource,
  type Stage,
  type StageContext,
} from '@aquamvs/core';

/** A tiny real stage driven by a function; it contains no profiling code. */
export function fnStage(id: string, run: (ctx: StageContext) => Promise<void> | void, prepare?: () => void): Stage {
  return {
    id,
    consumes: [],
    produces: [],
    ...(prepare
      ? {
          prepare: () => {
            prepare();
            return Promise.resolve();
          },
        }
      : {}),
    run: async (ctx) => {
      await run(ctx);
    },
  };
}

export function stagesPlugin(stages: Stage[]): AquamvsPlugin {
  return { name: 'test-stages', register: (c) => stages.forEach((s) => c.register(STAGE, { useValue: s })) };
}

export function testConfig(outputDir: string, stages: string[]): AquamvsConfig {
  return aquamvsConfigSchema.parse({ output_dir: outputDir, pipeline: { stages } });
}

export function tinySource(count: number): FrameSource {
  return createMemoryFrameSource(['cam0'], count, () => new Map([['cam0', { width: 2, height: 2, channels: 1 as const, data: new Uint8Array(4) }]]));
}
