import type { Command } from 'commander';
import { runDemo, type DemoOptions } from '../demo.js';
import { SCENE_NAMES } from '@aquamvs/benchmark';
import { cliLogger, logFormatOption } from '../cli-logger.js';
import { executeRun } from '../execute-run.js';
import { findSyntheticDataset, reportSyntheticAccuracy } from '../synthetic-accuracy.js';
import { submitAndFollow } from '../queue-run.js';
import type { CommandContext } from './command-context.js';

interface RunFlags extends DemoOptions {
  queue?: string;
  queueName?: string;
  attempts?: string;
  chunk?: string;
  detach?: boolean;
}

export function registerRunCommand(program: Command, context: CommandContext): void {
  program
    .command('run')
    .description('run the reconstruction pipeline on the frames a config describes (no config: a synthetic demo)')
    .argument('[config]', 'pipeline config.yaml (AquaMVS format); without it, render and reconstruct ./aquamvs-demo')
    .option('-v, --verbose', 'debug logging')
    .option('-q, --quiet', 'no progress bar, warnings and errors only')
    .addOption(logFormatOption())
    .option('--device <device>', 'override runtime.device (cpu or cuda)')
    .option('--force', 'redo frames that an earlier run already finished')
    .option('--frames <a:b>', 'process frames a to b (b exclusive), overriding preprocessing.frame_start/stop')
    .option('--profile', 'profile the run: print the stage table, write profile.json and trace.json')
    .option('--schedule <spec>', 'with --profile: wait,warmup,active[,repeat] frames (torch.profiler schedule)')
    .option('--rig <name>', 'without a config: synthetic rig of the demo (standard or ci)', 'standard')
    .option('--scene <name>', `without a config: synthetic scene of the demo (${SCENE_NAMES.join(', ')})`, 'flat')
    .option(
      '--queue <url>',
      'enqueue one job per frame (per --chunk frames) on a Redis job queue (redis://HOST:PORT) for `aquamvs worker` processes and follow the run',
    )
    .option('--queue-name <name>', 'with --queue: BullMQ queue name (default aquamvs-frames)')
    .option('--attempts <n>', 'with --queue: attempts per job before its frames are marked failed (default 3)')
    .option(
      '--chunk <n>',
      'with --queue: consecutive frames per job, processed in order by one worker (default 1; 10 with reconstruction.temporal_prior, whose prior reaches a frame only from the frame before it in its job)',
    )
    .option('--detach', 'with --queue: enqueue, print the run key and return without following')
    .action(async (configPath: string | undefined, options: RunFlags) => {
      warnUnusedQueueFlags(configPath, options);
      if (configPath === undefined) await runDemo(options, context);
      else if (options.queue !== undefined) await submitAndFollow(configPath, { ...options, queue: options.queue }, context);
      else {
        const summary = await executeRun(configPath, options, context);
        // A dataset from `aquamvs synth` carries its ground truth: show how close the run came.
        const dataset = await findSyntheticDataset(configPath);
        if (dataset !== undefined) await reportSyntheticAccuracy(dataset, summary, cliLogger(options), context);
      }
    });
}

/** Flags that only a queued run reads. */
const QUEUE_FLAGS = ['queueName', 'attempts', 'chunk', 'detach'] as const;

/** Warns of the queue's flags a run would otherwise drop without a word: without `--queue`, or on the demo (no config). */
function warnUnusedQueueFlags(configPath: string | undefined, options: RunFlags): void {
  const demo = configPath === undefined;
  const unused = demo ? (['queue', ...QUEUE_FLAGS] as const) : options.queue === undefined ? QUEUE_FLAGS : [];
  for (const flag of unused.filter((f) => options[f] !== undefined)) {
    const name = `--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    cliLogger(options).warn(`${name} has no effect ${demo ? 'on the demo (no config: it runs in this process)' : 'without --queue'}`);
  }
}
