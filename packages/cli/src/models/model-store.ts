import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { inputInvalid } from '@aquamvs/core';
import { modelNotInstalled } from '../errors.js';
import type { OnnxContract } from './onnx-contract.js';

/** What `models list` shows of an installed model (`<dir>/<name>/model.json`). */
export interface InstalledModel {
  readonly name: string;
  /** The URL or file it was installed from. */
  readonly source: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly contract: OnnxContract;
  readonly installedAt: string;
}

const MODEL_FILE = 'model.onnx';
const INFO_FILE = 'model.json';
/** Downloads in progress (kept for resuming) and installs being assembled: never listed as models. */
export const PARTIAL_DIR = '.partial';

/** The per-user model cache: `$AQUAMVS_MODELS_DIR`, else `$XDG_CACHE_HOME/aquamvs/models`, else `~/.cache/aquamvs/models`. */
export function modelsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.AQUAMVS_MODELS_DIR) return env.AQUAMVS_MODELS_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'aquamvs', 'models');
}

/** A model name is a file name of its own: letters, digits, `.`, `_`, `-`, not starting with `.`. */
export function isModelName(text: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(text) && !text.toLowerCase().endsWith('.onnx');
}

/** Throws `AQM_ERR_INPUT_INVALID` for a name that {@link isModelName} rejects. */
export function assertModelName(name: string): void {
  if (!isModelName(name))
    throw inputInvalid(`model name '${name}' must be letters, digits, '.', '_' or '-' (not starting with '.', no .onnx ending)`);
}

/** The model file of an installed model, or undefined. */
export function installedModelFile(dir: string, name: string): string | undefined {
  const file = join(dir, name, MODEL_FILE);
  return isModelName(name) && existsSync(file) ? file : undefined;
}

/** Installed models, by name. */
export async function listModels(dir: string): Promise<InstalledModel[]> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory() && isModelName(e.name)).map((e) => e.name);
  } catch {
    return [];
  }
  const models: InstalledModel[] = [];
  for (const name of names.sort()) {
    try {
      models.push(JSON.parse(await readFile(join(dir, name, INFO_FILE), 'utf8')) as InstalledModel);
    } catch {
      // a folder that is not an installed model (no readable model.json): not listed
    }
  }
  return models;
}

/**
 * Installs `file` (checked already) as `name`, atomically: the model folder is assembled under `.partial/` and
 * renamed into place, replacing an earlier install of the same name only once the new one is complete.
 */
export async function installModel(dir: string, file: string, info: InstalledModel): Promise<string> {
  const staging = join(dir, PARTIAL_DIR, `${info.name}.install-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    await rename(file, join(staging, MODEL_FILE));
    await writeFile(join(staging, INFO_FILE), `${JSON.stringify(info, null, 2)}\n`);
    const target = join(dir, info.name);
    const old = join(dir, PARTIAL_DIR, `${info.name}.old-${process.pid}`);
    if (existsSync(target)) await rename(target, old);
    await rename(staging, target);
    await rm(old, { recursive: true, force: true });
    return join(target, MODEL_FILE);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Removes an installed model; `AQM_ERR_MODEL_NOT_INSTALLED` when there is none of that name. */
export async function removeModel(dir: string, name: string): Promise<void> {
  if (installedModelFile(dir, name) === undefined) throw modelNotInstalled(name, dir);
  await rm(join(dir, name), { recursive: true, force: true });
}
