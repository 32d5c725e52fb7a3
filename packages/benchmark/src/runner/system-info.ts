import { execFileSync } from 'node:child_process';
import { arch, availableParallelism, cpus, hostname, loadavg, platform, release, totalmem } from 'node:os';

/** The machine a run was measured on. */
export interface MachineInfo {
  readonly hostname: string;
  readonly platform: string;
  readonly release: string;
  readonly arch: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryBytes: number;
  readonly node: string;
  /** 1, 5 and 15 minute load averages when the run ended. */
  readonly loadAverage: readonly number[];
}

/** The commit a run was measured at (`null` outside a git checkout). */
export interface CommitInfo {
  readonly sha: string | null;
  /** Tracked files differ from the commit. */
  readonly dirty: boolean | null;
}

/** Describes this machine. */
export function machineInfo(): MachineInfo {
  return {
    hostname: hostname(),
    platform: platform(),
    release: release(),
    arch: arch(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryBytes: totalmem(),
    node: process.version,
    loadAverage: loadavg().map((v) => Number(v.toFixed(2))),
  };
}

/** The git commit of `cwd` and whether tracked files changed; nulls when git or the checkout is missing. */
export function commitInfo(cwd = process.cwd()): CommitInfo {
  const git = (args: string[]): string =>
    execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
  try {
    const sha = git(['rev-parse', 'HEAD']);
    let dirty: boolean | null = null;
    try {
      dirty = git(['status', '--porcelain', '--untracked-files=no']) !== '';
    } catch {
      dirty = null;
    }
    return { sha, dirty };
  } catch {
    return { sha: null, dirty: null };
  }
}
