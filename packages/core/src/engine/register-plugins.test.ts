import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { container as globalContainer, inject, injectable } from 'tsyringe';
import type { AquamvsPlugin } from '../plugin.js';
import type { Stage, StageContext } from '../stage.js';
import { STAGE, type Token } from '../tokens.js';
import { registerPlugins } from './register-plugins.js';

/** A service a stage depends on: how a depth is scaled. */
type Scale = (depth: number) => number;
const SCALE = Symbol.for('test:scale') as Token<Scale>;
const FACTOR = Symbol.for('test:factor') as Token<number>;

@injectable()
class ScaledStage implements Stage {
  readonly id = 'scaled';
  readonly consumes = [] as const;
  readonly produces = [] as const;
  constructor(
    @inject(SCALE) readonly scale: Scale,
    @inject(FACTOR) readonly factor: number,
  ) {}
  run(_ctx: StageContext): Promise<void> {
    return Promise.resolve();
  }
}

const builtin: AquamvsPlugin = {
  name: 'builtin',
  register(c) {
    c.register(FACTOR, { useValue: 2 });
    c.register(SCALE, { useValue: (d: number) => d });
    c.register(STAGE, { useClass: ScaledStage });
  },
};
const lab: AquamvsPlugin = { name: 'lab', register: (c) => void c.register(SCALE, { useValue: (d: number) => d * 1000 }) };

const scaledStage = (plugins: AquamvsPlugin[]): ScaledStage => {
  const { stages } = registerPlugins(globalContainer.createChildContainer(), plugins);
  return stages[0].stage as ScaledStage;
};

describe('registerPlugins', () => {
  it('constructs stages through the container with their services injected', () => {
    const stage = scaledStage([builtin]);
    expect(stage.factor).toBe(2);
    expect(stage.scale(1.5)).toBe(1.5);
  });

  it('gives stages the service of the plugin registered last, even when the stage belongs to an earlier plugin', () => {
    const { stages } = registerPlugins(globalContainer.createChildContainer(), [builtin, lab]);
    expect(stages.map((s) => [s.stage.id, s.plugin])).toEqual([['scaled', 'builtin']]);
    expect((stages[0].stage as ScaledStage).scale(1.5)).toBe(1500);
  });

  it('lets the order decide: a service registered before the built-in is replaced by it', () => {
    expect(scaledStage([lab, builtin]).scale(1.5)).toBe(1.5);
  });

  it('constructs factory stages with the container and keeps plugin services out of the parent container', () => {
    const parent = globalContainer.createChildContainer();
    const factory: AquamvsPlugin = {
      name: 'factory',
      register(c) {
        c.register(FACTOR, { useValue: 3 });
        c.register(STAGE, { useFactory: (r) => ({ id: `x${String(r.resolve(FACTOR))}`, consumes: [], produces: [], run: () => Promise.resolve() }) });
      },
    };
    const run = parent.createChildContainer();
    expect(registerPlugins(run, [factory]).stages.map((s) => s.stage.id)).toEqual(['x3']);
    expect(parent.isRegistered(FACTOR)).toBe(false);
  });

  it('names the plugin when its stage cannot be constructed', () => {
    const broken: AquamvsPlugin = { name: 'broken', register: (c) => void c.register(STAGE, { useClass: ScaledStage }) };
    expect(() => registerPlugins(globalContainer.createChildContainer(), [broken])).toThrow(/^plugin 'broken': could not construct a stage: /);
  });

  it('refuses registerSingleton for a stage, which would bypass the plugin attribution', () => {
    const singleton: AquamvsPlugin = { name: 'single', register: (c) => void c.registerSingleton(STAGE, ScaledStage) };
    expect(() => registerPlugins(globalContainer.createChildContainer(), [singleton])).toThrow(
      expect.objectContaining({ code: 'AQM_ERR_PLUGIN_INVALID' }),
    );
  });
});
