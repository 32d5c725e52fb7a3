import { pipelineInvalid } from '../errors.js';
import type { Stage } from '../stage.js';

/** A stage together with the plugin that registered it. */
export interface RegisteredStage {
  readonly stage: Stage;
  readonly plugin: string;
}

/**
 * Resolves `ids` against the registered stages and checks that every consumed artifact has an earlier
 * producer (or is provided by core, like `rawImages`). Throws `AQM_ERR_PIPELINE_INVALID` naming both sides.
 */
export function resolveStageList(
  ids: readonly string[],
  registered: readonly RegisteredStage[],
  provided: readonly string[] = ['rawImages'],
): RegisteredStage[] {
  const byId = new Map<string, RegisteredStage>();
  for (const entry of registered) {
    const previous = byId.get(entry.stage.id);
    if (previous !== undefined) {
      throw pipelineInvalid(`stage id '${entry.stage.id}' is registered twice (by ${previous.plugin} and ${entry.plugin})`);
    }
    byId.set(entry.stage.id, entry);
  }
  if (ids.length === 0) throw pipelineInvalid('the stage list is empty');
  const resolved: RegisteredStage[] = [];
  const available = new Map<string, string>(provided.map((key) => [key, 'the frame source']));
  for (const id of ids) {
    const entry = byId.get(id);
    if (entry === undefined) {
      const known = [...byId.keys()].sort();
      throw pipelineInvalid(`unknown stage '${id}' in the stage list; registered stages: ${known.length ? known.join(', ') : '(none)'}`);
    }
    for (const key of entry.stage.consumes) {
      if (!available.has(key)) {
        const producer = registered.find((r) => r.stage.produces.includes(key));
        const hint = producer ? `; it is produced by stage '${producer.stage.id}', which must come earlier` : '; no registered stage produces it';
        throw pipelineInvalid(`stage '${id}' consumes artifact '${key}' before any stage produces it${hint}`);
      }
    }
    for (const key of entry.stage.produces) available.set(key, id);
    resolved.push(entry);
  }
  return resolved;
}
