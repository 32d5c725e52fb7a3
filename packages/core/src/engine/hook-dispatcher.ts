import type { HookEvent, HookName, HookSubscriber } from '../hooks.js';
import { HOOK_NAMES } from '../hooks.js';
import { messageOf } from '../errors.js';
import type { Logger } from '../logger.js';

/** Dispatches hook events to subscribers: sequential, awaited, observe-only, isolated from failures. */
export interface HookDispatcher {
  /** True when at least one subscriber implements `name` (build the event only then). */
  has(name: HookName): boolean;
  emit<K extends HookName>(name: K, event: HookEvent<K>): Promise<void>;
}

const TIER = { pre: 0, normal: 1, post: 2 } as const;

/** Stable partition pre → normal → post; registration order inside a tier. */
function sortSubscribers(subscribers: readonly HookSubscriber[]): HookSubscriber[] {
  return subscribers
    .map((subscriber, index) => ({ subscriber, index, tier: TIER[subscriber.enforce ?? 'normal'] }))
    .sort((a, b) => a.tier - b.tier || a.index - b.index)
    .map((entry) => entry.subscriber);
}

type Listener = (event: unknown) => unknown;

/** Builds the per-hook subscriber lists once per run. */
export function createHookDispatcher(subscribers: readonly HookSubscriber[], log: Logger): HookDispatcher {
  const sorted = sortSubscribers(subscribers);
  const lists = new Map<HookName, { plugin: string; call: Listener }[]>();
  for (const name of HOOK_NAMES) {
    const list = [];
    for (const subscriber of sorted) {
      const fn = (subscriber as unknown as Record<HookName, Listener | undefined>)[name];
      if (typeof fn === 'function') list.push({ plugin: subscriber.name, call: (event: unknown) => fn.call(subscriber, event) });
    }
    if (list.length > 0) lists.set(name, list);
  }
  return {
    has: (name) => lists.has(name),
    async emit(name, event) {
      const list = lists.get(name);
      if (list === undefined) return;
      for (const { plugin, call } of list) {
        try {
          await call(event);
        } catch (error) {
          log.warn(`[plugin ${plugin}] hook ${name} failed: ${messageOf(error)}`);
        }
      }
    },
  };
}
