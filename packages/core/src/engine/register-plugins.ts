import 'reflect-metadata';
import semver from 'semver';
import type { ClassProvider, DependencyContainer, FactoryProvider, InjectionToken, TokenProvider, ValueProvider } from 'tsyringe';
import { isAquamvsError, messageOf, pluginDuplicate, pluginInvalid, pluginMissingDependency, pluginVersion } from '../errors.js';
import { HOOK_NAMES, type HookSubscriber } from '../hooks.js';
import type { AquamvsPlugin } from '../plugin.js';
import { HOOKS, STAGE, type Token } from '../tokens.js';
import { CORE_VERSION } from '../version.js';
import { checkStageShape } from './check-stage-shape.js';
import type { RegisteredStage } from './validate-stages.js';

/** What the plugins registered, constructed by the run container. */
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
function checkPlugins(plugins: readonly AquamvsPlugin[]): void {
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

/** A tsyringe provider as `register()` accepts it. */
type Provider = ValueProvider<unknown> | FactoryProvider<unknown> | ClassProvider<unknown> | TokenProvider<unknown>;

/** A stage or subscriber registration, kept with the plugin that made it until everything is registered. */
interface Contribution {
  readonly plugin: string;
  readonly provider: Provider;
}

/**
 * Lets every plugin register into the run container, in plugin order, then constructs the stages and hook
 * subscribers through it. Services (any token other than `STAGE`/`HOOKS`) go straight into the run container, so a
 * later registration of a token replaces an earlier one for `resolve()`: built-ins register first, config `plugins:`
 * after them in file order, and a config plugin overrides a built-in service without touching the stage that uses it.
 * Stages are constructed only after the last plugin registered, so each gets the final service.
 */
export function registerPlugins(container: DependencyContainer, plugins: readonly AquamvsPlugin[]): PluginRegistrations {
  checkPlugins(plugins);
  const stages: Contribution[] = [];
  const hooks: Contribution[] = [];
  for (const plugin of plugins) plugin.register(pluginScope(container, plugin.name, stages, hooks));
  return {
    stages: stages.map(({ plugin, provider }) => {
      const stage = construct(container, plugin, provider, 'stage');
      checkStageShape(plugin, stage);
      return { stage, plugin } as RegisteredStage;
    }),
    hooks: hooks.map(({ plugin, provider }) => {
      const subscriber = construct(container, plugin, provider, 'hook subscriber') as HookSubscriber;
      return typeof subscriber.name === 'string' && subscriber.name ? subscriber : withName(subscriber, plugin);
    }),
  };
}

/**
 * The run container as one plugin sees it: `register(STAGE | HOOKS, …)` is recorded with the plugin's name (so
 * errors and hook events name the plugin), every other registration goes to the run container itself.
 */
function pluginScope(container: DependencyContainer, plugin: string, stages: Contribution[], hooks: Contribution[]): DependencyContainer {
  const listFor = (token: unknown): Contribution[] | undefined => (token === STAGE ? stages : token === HOOKS ? hooks : undefined);
  const scope: DependencyContainer = new Proxy(container, {
    get(target, property) {
      if (property === 'register') {
        return (token: InjectionToken<unknown>, provider: Provider, options?: unknown): DependencyContainer => {
          const list = listFor(token);
          if (list !== undefined) list.push({ plugin, provider });
          else (target.register as (t: unknown, p: unknown, o?: unknown) => unknown)(token, provider, options);
          return scope;
        };
      }
      if (property === 'registerInstance') {
        return (token: InjectionToken<unknown>, instance: unknown): DependencyContainer => {
          const list = listFor(token);
          if (list !== undefined) list.push({ plugin, provider: { useValue: instance } });
          else target.registerInstance(token, instance);
          return scope;
        };
      }
      if (property === 'registerSingleton' || property === 'registerType') {
        return (token: unknown, ...rest: unknown[]): DependencyContainer => {
          if (listFor(token) !== undefined) {
            throw pluginInvalid(plugin, `${property}() cannot register a stage or hook; use container.register(token, { useClass })`);
          }
          (target[property] as (...args: unknown[]) => unknown)(token, ...rest);
          return scope;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return scope;
}

/** Builds what a provider describes through the container; a failure names the plugin. */
function construct(container: DependencyContainer, plugin: string, provider: Provider, what: string): unknown {
  try {
    if ('useValue' in provider) return provider.useValue;
    if ('useFactory' in provider) return provider.useFactory(container);
    if ('useClass' in provider) return container.resolve(provider.useClass);
    if ('useToken' in provider) return container.resolve(provider.useToken);
  } catch (error) {
    if (isAquamvsError(error)) throw error;
    throw pluginInvalid(plugin, `could not construct a ${what}: ${messageOf(error)}`);
  }
  throw pluginInvalid(plugin, `registered a ${what} with an unknown provider (use useClass, useFactory or useValue)`);
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
