import type { Command } from 'commander';
import type { Logger } from '@aquamvs/core';
import { queueTarget, startQueueWorker } from '@aquamvs/queue';
import { cliLogger, logFormatOption, type LogFlags } from '../cli-logger.js';
import { CLI_RUN_ENVIRONMENT } from '../queue-environment.js';
import type { CommandContext } from './command-context.js';

interface WorkerFlags extends LogFlags {
  queue: string;
  queueName?: string;
  concurrency: string;
  lockMs: string;
  stalledMs: string;
  idleCloseMs: string;
  profile?: boolean;
  schedule?: string;
}

function positiveInt(program: Command, flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) program.error(`error: ${flag} must be an integer >= 1 (got '${text}')`);
  return value;
}

/** Resolves when the process is asked to stop (SIGINT or SIGTERM). */
function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: string): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

export function registerWorkerCommand(program: Command, context: CommandContext): void {
  program
    .command('worker')
    .description('process frame jobs of queued runs (aquamvs run CONFIG --queue URL) until stopped with Ctrl-C/SIGTERM')
    .requiredOption('--queue <url>', 'job queue: redis://HOST:PORT[/DB]')
    .option('--queue-name <name>', 'BullMQ queue name (default aquamvs-frames)')
    .option('--concurrency <n>', 'frames processed at the same time, each with its own prepared run', '1')
    .option('--lock-ms <ms>', 'job lock; a frame whose worker died is retried after it expires', '30000')
    .option('--stalled-ms <ms>', 'how often to look for frames whose worker died', '30000')
    .option('--idle-close-ms <ms>', "release a run's prepared stages after this long without its frames", '30000')
    .option('--profile', 'profile each prepared run into <output_dir>/profile/<worker>/ (merge: aquamvs status --merge-profiles)')
    .option('--schedule <spec>', 'with --profile: wait,warmup,active[,repeat] frames')
    .option('-v, --verbose', 'debug logging')
    .option('-q, --quiet', 'warnings and errors only')
    .addOption(logFormatOption())
    .action(async (flags: WorkerFlags) => {
      const log: Logger = cliLogger(flags);
      const worker = await startQueueWorker({
        target: queueTarget(flags.queue, flags.queueName),
        environment: CLI_RUN_ENVIRONMENT,
        concurrency: positiveInt(program, '--concurrency', flags.concurrency),
        lockDurationMs: positiveInt(program, '--lock-ms', flags.lockMs),
        stalledIntervalMs: positiveInt(program, '--stalled-ms', flags.stalledMs),
        idleCloseMs: positiveInt(program, '--idle-close-ms', flags.idleCloseMs),
        log,
        ...(flags.profile ? { profile: flags.schedule === undefined ? {} : { schedule: flags.schedule } } : {}),
        onFrameStart: (e) => log.info(`frame ${e.frame} of run ${e.runKey} started (attempt ${e.attempt})`),
        onFrame: (e) => {
          const seconds = (e.durationMs / 1000).toFixed(2);
          if (e.status === 'done') log.info(`frame ${e.frame} of run ${e.runKey} done in ${seconds} s`);
          else if (e.status === 'duplicate')
            log.warn(`frame ${e.frame} of run ${e.runKey} computed in ${seconds} s, but another attempt had published it: discarded`);
          else log.warn(`frame ${e.frame} of run ${e.runKey} failed: ${e.error?.message ?? 'unknown error'}`);
        },
      });
      const signal = await stopSignal();
      log.info(`${signal}: finishing the frames in progress, then stopping`);
      await worker.close();
      context.setExitCode(0);
    });
}
