import { resolve } from 'node:path';
import { RIG_NAMES, SCENE_NAMES, writeSyntheticDataset, type SynthProgress } from '@aquamvs/benchmark';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { CommandContext } from './command-context.js';
import { syntheticSetup } from '../synthetic-rig.js';

interface SynthFlags {
  rig: string;
  waterDepth?: string;
  scene: string;
  frames: string;
  seed: string;
  out: string;
  workers?: string;
  format?: string;
  crf?: string;
  quiet?: boolean;
}

/** One progress bar per phase (render, ground truth) over cameras, drawn on a TTY only. */
function createSynthProgress(enabled: boolean, stream: NodeJS.WritableStream): { update(e: SynthProgress): void; stop(): void } {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  let bar: cliProgress.SingleBar | undefined;
  let phase = '';
  return {
    update(e) {
      if (e.phase !== phase) {
        bar?.stop();
        phase = e.phase;
        bar = new cliProgress.SingleBar(
          { stream, format: `${e.phase.padEnd(12)} {bar} {value}/{total} cameras | {camera}`, hideCursor: true, clearOnComplete: false },
          cliProgress.Presets.shades_classic,
        );
        bar.start(e.total, 0, { camera: '' });
      }
      bar?.update(e.done, { camera: e.camera });
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}

function integerFlag(program: Command, name: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) program.error(`error: --${name} must be an integer ≥ ${min} (got '${value}')`);
  return n;
}

/**
 * `aquamvs synth --rig standard|ci --scene flat|undulating|nest|rock|slope|bower [--frames N] [--seed S]
 * [--format png|mp4] [--crf N] --out DIR`: renders a synthetic refractive dataset with exact ground truth
 * (calibration.json, images or H.264 videos, config.yaml, ground_truth/*.npz, scene.json).
 */
export function registerSynthCommand(program: Command, context: CommandContext): void {
  program
    .command('synth')
    .description('render a synthetic refractive dataset with exact ground truth, ready for `aquamvs run`')
    .requiredOption('--rig <name|file>', `camera rig (${RIG_NAMES.join(', ')}), or your own AquaCal calibration.json (rendered as given)`)
    .requiredOption('--scene <name>', `scene (${SCENE_NAMES.join(', ')})`)
    .requiredOption('--out <dir>', 'dataset directory to write')
    .option('--water-depth <m>', "depth of the bed below the water, metres (default: the scene's, 0.2; bower 0.3)")
    .option('--frames <n>', 'frames to write (the scene is static)', '1')
    .option('--seed <n>', 'texture seed', '0')
    .option('--workers <n>', 'render threads (default: one per core)')
    .option('--format <kind>', 'png (image directories) or mp4 (one H.264 video per camera); default: mp4 for H.264 scenes (bower), else png')
    .option('--crf <n>', "H.264 quality the frames go through (libx264 crf 0-51; default: the scene's, 23 for bower, none for others)")
    .option('-q, --quiet', 'no progress bars')
    .action(async (flags: SynthFlags) => {
      if (!(SCENE_NAMES as readonly string[]).includes(flags.scene)) {
        program.error(`error: --scene must be one of ${SCENE_NAMES.join(', ')} (got '${flags.scene}')`);
      }
      const frames = integerFlag(program, 'frames', flags.frames, 1);
      const seed = integerFlag(program, 'seed', flags.seed, 0);
      const workers = flags.workers === undefined ? undefined : integerFlag(program, 'workers', flags.workers, 0);
      if (flags.format !== undefined && flags.format !== 'png' && flags.format !== 'mp4')
        program.error(`error: --format must be png or mp4 (got '${flags.format}')`);
      const crf = flags.crf === undefined ? undefined : integerFlag(program, 'crf', flags.crf, 0);
      if (crf !== undefined && crf > 51) program.error(`error: --crf must be an integer in [0, 51] (got '${flags.crf}')`);
      const setup = await syntheticSetup(flags.rig, flags.waterDepth, (message) => program.error(`error: ${message}`));
      const { streams } = context;
      const progress = createSynthProgress(!flags.quiet && streams.stderr.isTTY === true, streams.stderr);
      try {
        const summary = await writeSyntheticDataset({
          rig: setup.rig,
          rigName: setup.rigName,
          scene: flags.scene,
          frames,
          seed,
          out: flags.out,
          ...(workers === undefined ? {} : { workers }),
          ...(flags.format === 'png' || flags.format === 'mp4' ? { format: flags.format } : {}),
          sceneOptions: { ...setup.sceneOptions, ...(crf === undefined ? {} : { crf }) },
          onProgress: (e) => progress.update(e),
        });
        progress.stop();
        const t = summary.timings;
        streams.stdout.write(
          `wrote ${summary.cameras.length} cameras × ${summary.frames} frame(s) to ${summary.out} ` +
            `(${summary.format}, render ${t.renderS.toFixed(1)} s, ground truth ${t.groundTruthS.toFixed(1)} s, total ${t.totalS.toFixed(1)} s)\n` +
            `next: aquamvs run ${resolve(summary.out, 'config.yaml')}\n`,
        );
      } finally {
        progress.stop();
      }
    });
}
