import 'reflect-metadata';
import semver from 'semver';
import type { DependencyContainer, InjectionToken } from 'tsyringe';
import { pluginDuplicate, pluginInvalid, pluginMissingDependency, pluginVersion } from '../errors.js';
import { HOOK_NAMES, type HookSubscriber } from '../hooks.js';
import type { AquamvsPlugin } from '../plugin.js';
import { HOOKS, STAGE, type Token } from '../tokens.js';
import { CORE_VERSION } from '../version.js';
import { checkStageShape } from './check-stage-shape.js';
import type { RegisteredStage } from './validate-stages.js';

/** What the plugins registered. */
export interface PluginRegistrations {
  readonly stages: RegisteredStage[];
  readonly hooks: HookSubscriber[];
}

/** Resolves every value under `token`; `[]` when nothing is registered (tsyringe's resolveAll throws then). */
export function resolveAllOf<T>(container: DependencyContainer, token: Token<T>, recursive = true): T[] {
  const key = token as InjectionToken<T>;
  if (!container.isRegistered(key, recursive)) return [];
  return container.resolveAll<T>(key);
}

/** Checks names, core version ranges and declared dependencies before anything registers. */
export function checkPlugins(plugins: readonly AquamvsPlugin[]): void {
  const names = new Set<string>();
  for (const plugin of plugins) {
    if (names.has(plugin.name)) throw pluginDuplicate(plugin.name);
    names.add(plugin.name);
    if (plugin.aquamvs !== undefined) {
      if (semver.validRange(plugin.aquamvs) === null) {
        throw pluginInvalid(plugin.name, `\`aquamvs: '${plugin.aquamvs}'\` is not a semver range`);
      }
      if (!semver.satisfies(CORE_VERSION, plugin.aquamvs, { includePrerelease: true })) {
        throw pluginVersion(plugin.name, plugin.aquamvs, CORE_VERSION);
      }
    }
  }
  for (const plugin of plugins) {
    for (const dependency of plugin.dependencies ?? []) {
      if (!names.has(dependency)) throw pluginMissingDependency(plugin.name, dependency);
    }
  }
}

/**
 * Lets each plugin register into its own child of the run container, so the engine knows which plugin owns each
 * stage and subscriber; the results are then registered in the run container itself, in plugin order.
 */
export function registerPlugins(container: DependencyContainer, plugins: readonly AquamvsPlugin[]): PluginRegistrations {
  checkPlugins(plugins);
  const stages: RegisteredStage[] = [];
  const hooks: HookSubscriber[] = [];
  for (const plugin of plugins) {
    const scope = container.createChildContainer();
    plugin.register(scope);
    for (const stage of resolveAllOf(scope, STAGE, false)) {
      checkStageShape(plugin.name, stage);
      stages.push({ stage, plugin: plugin.name });
      container.register(STAGE, { useValue: stage });
    }
    for (const subscriber of resolveAllOf(scope, HOOKS, false)) {
      const named = typeof subscriber.name === 'string' && subscriber.name ? subscriber : withName(subscriber, plugin.name);
      hooks.push(named);
      container.register(HOOKS, { useValue: named });
    }
  }
  return { stages, hooks };
}

/** Gives an unnamed subscriber its plugin's name, keeping methods bound to the original object. */
function withName(subscriber: HookSubscriber, name: string): HookSubscriber {
  const named: Record<string, unknown> = { name, enforce: subscriber.enforce };
  for (const hook of HOOK_NAMES) {
    const fn = (subscriber as unknown as Record<string, unknown>)[hook];
    if (typeof fn === 'function') named[hook] = (event: unknown): unknown => (fn as (e: unknown) => unknown).call(subscriber, event);
  }
  return named as unknown as HookSubscriber;
}
