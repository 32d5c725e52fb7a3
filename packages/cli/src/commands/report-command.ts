import { resolve } from 'node:path';
import { loadConfigOrThrow } from '@aquamvs/core';
import { runVizPass, serveReport, writeReport, type ReportServer, type WriteReportOptions } from '@aquamvs/viz';
import type { Command } from 'commander';
import type { CommandContext } from './command-context.js';

interface ReportFlags {
  out?: string;
  frame?: string;
  maxPoints?: string;
  maxFaces?: string;
  linkImages?: boolean;
  viz?: boolean;
  serve?: boolean;
  port: string;
  host: string;
}

/** How `--serve` waits before closing the server (tests pass their own). */
export interface ReportCommandOptions {
  /** Resolves when the server should stop. @default on SIGINT or SIGTERM */
  untilStopped?: (server: ReportServer) => Promise<void>;
}

function untilSignal(): Promise<void> {
  return new Promise((resolveStop) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveStop();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/**
 * `aquamvs report OUTPUT_DIR [--out FILE] [--frame N] [--max-points N] [--max-faces N] [--link-images] [--viz]
 * [--serve [--port N] [--host H]]`: writes `report.html` (self-contained, opens from file://) for a run directory,
 * or serves it on localhost with a denser level of detail. `--viz` first renders the viz images (all steps).
 */
export function registerReportCommand(program: Command, context: CommandContext, options: ReportCommandOptions = {}): void {
  const positiveInt = (flag: string, value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 0) program.error(`error: ${flag} must be an integer ≥ 0 (got '${value}')`);
    return n;
  };
  program
    .command('report')
    .description('write an HTML report (images, profile, 3-D viewer) of a run output directory, or serve it on localhost')
    .argument('<output_dir>', 'the run output directory (holding config.yaml, run.json, frame_NNNNNN/)')
    .option('--out <file>', 'report file (default: OUTPUT_DIR/report.html)')
    .option('--frame <n>', 'frame shown in the 3-D viewer (default: the last frame with a cloud)')
    .option('--max-points <n>', 'most cloud points in the viewer (default 150000; 1000000 with --serve)')
    .option('--max-faces <n>', 'most mesh triangles in the viewer (default 150000; 1000000 with --serve)')
    .option('--link-images', 'link images by relative path instead of embedding them')
    .option('--viz', 'render the viz images first (every viz step, whatever the config says)')
    .option('--serve', 'serve the report on localhost until interrupted')
    .option('--port <n>', 'port for --serve (0 = any free port)', '8080')
    .option('--host <host>', 'host for --serve', '127.0.0.1')
    .action(async (outputDir: string, flags: ReportFlags) => {
      const { stdout } = context.streams;
      const dir = resolve(outputDir);
      const frame = positiveInt('--frame', flags.frame);
      const maxPoints = positiveInt('--max-points', flags.maxPoints);
      const maxFaces = positiveInt('--max-faces', flags.maxFaces);
      const port = positiveInt('--port', flags.port) as number;
      if (flags.viz) {
        const config = await loadConfigOrThrow(resolve(dir, 'config.yaml'));
        const result = await runVizPass({ outputDir: dir, config, stages: ['depth', 'features', 'scene', 'rig', 'summary'] });
        stdout.write(`viz: ${result.written.length} image(s) written${result.failed.length ? `, ${result.failed.length} step(s) failed` : ''}\n`);
        for (const f of result.failed)
          context.streams.stderr.write(`warning: viz ${f.stage}${f.frame === undefined ? '' : ` frame ${f.frame}`}: ${f.error}\n`);
      }
      const common: WriteReportOptions = {
        ...(frame === undefined ? {} : { frame }),
        ...(maxPoints === undefined ? {} : { maxPoints }),
        ...(maxFaces === undefined ? {} : { maxFaces }),
      };
      if (flags.serve) {
        const server = await serveReport(dir, { ...common, port, host: flags.host });
        stdout.write(`serving ${dir} on ${server.url} (Ctrl-C to stop)\n`);
        try {
          await (options.untilStopped ?? untilSignal)(server);
        } finally {
          await server.close();
        }
        return;
      }
      const file = await writeReport(dir, { ...common, inlineImages: !flags.linkImages, ...(flags.out === undefined ? {} : { file: flags.out }) });
      stdout.write(`wrote ${file}\n`);
    });
}
