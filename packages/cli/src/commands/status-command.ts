import { resolve } from 'node:path';
import type { Command } from 'commander';
import { formatTable } from '@aquamvs/profiler';
import {
  connectQueue,
  degradedFrames,
  forgetRun,
  mergeWorkerProfiles,
  queueTarget,
  readRunStatuses,
  type DegradedFrame,
  type RunStatus,
} from '@aquamvs/queue';
import type { CommandContext } from './command-context.js';

interface StatusFlags {
  queue?: string;
  queueName?: string;
  run?: string;
  json?: boolean;
  forget?: string;
  mergeProfiles?: string;
}

const ranges = (frames: readonly number[]): string => {
  const parts: string[] = [];
  for (let i = 0; i < frames.length;) {
    let j = i;
    while (j + 1 < frames.length && frames[j + 1] === frames[j] + 1) j += 1;
    parts.push(i === j ? `${frames[i]}` : `${frames[i]}-${frames[j]}`);
    i = j + 1;
  }
  return parts.join(',');
};

/** A run's status and the frames its workers finished without some cameras. */
type ShownStatus = RunStatus & { readonly degraded?: readonly DegradedFrame[] };

/** The status table: one row per run, then its failed frames with their errors and its frames done without cameras. */
export function formatRunStatuses(statuses: readonly ShownStatus[]): string {
  if (statuses.length === 0) return 'no runs in this queue\n';
  const header = ['run', 'submitted', 'frames', 'done', 'running', 'waiting', 'failed', 'output'];
  const rows = statuses.map((s) => [
    s.runKey,
    s.submittedAt.replace('T', ' ').slice(0, 19),
    String(s.total),
    String(s.done.length),
    String(s.running.length),
    String(s.waiting.length),
    String(s.failed.length),
    s.outputDir,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]))
      .join('  ')
      .trimEnd();
  const out = [line(header), ...rows.map(line)];
  for (const s of statuses) {
    if (s.running.length > 0) out.push(`  ${s.runKey} running: ${ranges(s.running)}`);
    for (const f of s.failed) out.push(`  ${s.runKey} frame ${f.frame} failed after ${f.attempts} attempt(s): ${f.error}`);
    for (const d of s.degraded ?? []) {
      const cameras = Object.entries(d.cameras).map(([camera, reason]) => `${camera} (${reason})`);
      out.push(`  ${s.runKey} frame ${d.frame} done without camera(s) ${cameras.join(', ')}`);
    }
    if (s.missing.length > 0) out.push(`  ${s.runKey} no job for frame(s) ${ranges(s.missing)}: submit the run again`);
    for (const d of s.duplicates) {
      out.push(
        `  ${s.runKey} frame ${d.frame} computed again after its worker lost the job's lock: ${d.discarded} duplicate(s) discarded, published once`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}

export function registerStatusCommand(program: Command, context: CommandContext): void {
  program
    .command('status')
    .description('show done/running/waiting/failed frames of every run in a job queue; merge worker profiles')
    .option('--queue <url>', 'job queue: redis://HOST:PORT[/DB]')
    .option('--queue-name <name>', 'BullMQ queue name (default aquamvs-frames)')
    .option('--run <key>', 'only this run')
    .option('--json', 'print the status as JSON')
    .option('--forget <key>', "remove a run's jobs and spec from the queue (output files stay)")
    .option('--merge-profiles <dir>', 'merge <dir>/*/profile.json written by `aquamvs worker --profile` into <dir>/profile.json')
    .action(async (flags: StatusFlags) => {
      const { stdout } = context.streams;
      if (flags.mergeProfiles !== undefined) {
        const merged = await mergeWorkerProfiles(resolve(flags.mergeProfiles));
        if (merged === undefined) {
          context.streams.stderr.write(
            `error AQM_ERR_QUEUE_OPTION_INVALID: --merge-profiles ${flags.mergeProfiles}: expected worker profile directories with profile.json, found none\n`,
          );
          context.setExitCode(1);
        } else {
          stdout.write(`${formatTable(merged.report)}\nmerged ${merged.sources.length} worker profile(s) into ${merged.path}\n`);
        }
        if (flags.queue === undefined) return;
      }
      if (flags.queue === undefined) program.error('error: --queue <url> is required (or --merge-profiles <dir> alone)');
      const queue = await connectQueue(queueTarget(flags.queue, flags.queueName));
      try {
        if (flags.forget !== undefined) {
          const removed = await forgetRun(queue, flags.forget);
          stdout.write(`forgot run ${flags.forget}: ${removed} job(s) removed\n`);
          return;
        }
        const statuses: ShownStatus[] = [];
        for (const s of await readRunStatuses(queue, flags.run)) statuses.push({ ...s, degraded: await degradedFrames(queue, s) });
        stdout.write(flags.json ? `${JSON.stringify(statuses, null, 2)}\n` : formatRunStatuses(statuses));
      } finally {
        await queue.close();
      }
    });
}
